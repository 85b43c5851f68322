using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace ImagingClient.Emulator.Concurred;

/// <summary>
/// A Concurred error, written as <c>{"error":{"code":...,"message":...,"details":{...}}}</c>.
/// Detail values are strings or integers.
/// </summary>
internal sealed class ConcurredError
{
    public const string Unauthorized = "UNAUTHORIZED";
    public const string InvalidApiKey = "INVALID_API_KEY";
    public const string Forbidden = "FORBIDDEN";
    public const string BadRequest = "BAD_REQUEST";
    public const string MissingRequiredField = "MISSING_REQUIRED_FIELD";
    public const string InvalidModel = "INVALID_MODEL";
    public const string GuardrailBlocked = "GUARDRAIL_BLOCKED";
    public const string RateLimitExceeded = "RATE_LIMIT_EXCEEDED";
    public const string ModelUnavailable = "MODEL_UNAVAILABLE";
    public const string InternalError = "INTERNAL_ERROR";

    private readonly List<KeyValuePair<string, object>> _details = [];

    public ConcurredError(string code, string message, int? statusCode = null)
    {
        Code = code;
        Message = message;
        StatusCode = statusCode ?? StatusOf(code);
    }

    public string Code { get; }

    public string Message { get; }

    public int StatusCode { get; }

    public IReadOnlyList<KeyValuePair<string, object>> Details => _details;

    /// <summary>Adds a string detail and returns this error.</summary>
    public ConcurredError With(string name, string value)
    {
        _details.Add(new(name, value));
        return this;
    }

    /// <summary>Adds an integer detail and returns this error.</summary>
    public ConcurredError With(string name, long value)
    {
        _details.Add(new(name, value));
        return this;
    }

    /// <summary>A 400 for a field that is present but wrong.</summary>
    public static ConcurredError InvalidField(string field, string message) =>
        new ConcurredError(BadRequest, message).With("field", field);

    /// <summary>A 400 for a field the chosen model does not take.</summary>
    public static ConcurredError UnsupportedField(string field, ConcurredModel model, string supportedBy) =>
        new ConcurredError(
            BadRequest,
            $"Parameter '{field}' is not supported by model '{model.Id}' ({model.FamilyName}); it applies to {supportedBy} only.")
            .With("field", field)
            .With("model", model.Id);

    /// <summary>A 400 MISSING_REQUIRED_FIELD.</summary>
    public static ConcurredError Missing(string field) =>
        new ConcurredError(MissingRequiredField, $"Missing required field: {field}").With("field", field);

    /// <summary>The HTTP status the Concurred errors page gives for a code.</summary>
    public static int StatusOf(string code) => code switch
    {
        Unauthorized or InvalidApiKey => StatusCodes.Status401Unauthorized,
        Forbidden => StatusCodes.Status403Forbidden,
        BadRequest or MissingRequiredField or InvalidModel or GuardrailBlocked => StatusCodes.Status400BadRequest,
        RateLimitExceeded => StatusCodes.Status429TooManyRequests,
        ModelUnavailable => StatusCodes.Status503ServiceUnavailable,
        _ => StatusCodes.Status500InternalServerError,
    };

    /// <summary>The code an injected fault with this status uses.</summary>
    public static string CodeForStatus(int statusCode) => statusCode switch
    {
        StatusCodes.Status400BadRequest => BadRequest,
        StatusCodes.Status401Unauthorized => Unauthorized,
        StatusCodes.Status403Forbidden => Forbidden,
        StatusCodes.Status429TooManyRequests => RateLimitExceeded,
        StatusCodes.Status503ServiceUnavailable => ModelUnavailable,
        _ => InternalError,
    };

    public void WriteTo(Utf8JsonWriter writer)
    {
        writer.WriteStartObject();
        writer.WriteStartObject("error");
        writer.WriteString("code", Code);
        writer.WriteString("message", Message);
        writer.WriteStartObject("details");
        foreach (var (name, value) in _details)
        {
            switch (value)
            {
                case long number:
                    writer.WriteNumber(name, number);
                    break;
                default:
                    writer.WriteString(name, value.ToString());
                    break;
            }
        }

        writer.WriteEndObject();
        writer.WriteEndObject();
        writer.WriteEndObject();
    }
}
