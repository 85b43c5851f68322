using System.Globalization;
using System.Net;
using System.Text.Json;
using ImagingClient.Http;
using ImagingClient.Providers.Concurred.Wire;
using ImagingClient.Serialization;

namespace ImagingClient.Providers.Concurred;

/// <summary>Concurred's error envelope <c>{"error":{"code","message","details"}}</c> and its code table.</summary>
internal static class ConcurredErrors
{
    /// <summary>How the shared error builder reads Concurred's errors.</summary>
    public static readonly ProviderErrorFormat Format = new("{\"error\":{code, message, details}}", ParseError, static (code, _) => Map(code));

    /// <summary>The provider-neutral code for each code Concurred documents.</summary>
    public static ImagingErrorCode? Map(string? providerCode) => providerCode switch
    {
        "UNAUTHORIZED" or "INVALID_API_KEY" => ImagingErrorCode.Unauthorized,
        "FORBIDDEN" => ImagingErrorCode.Forbidden,
        "BAD_REQUEST" or "MISSING_REQUIRED_FIELD" => ImagingErrorCode.InvalidRequest,
        "INVALID_MODEL" => ImagingErrorCode.ModelNotFound,
        "GUARDRAIL_BLOCKED" => ImagingErrorCode.ContentPolicy,
        "RATE_LIMIT_EXCEEDED" => ImagingErrorCode.RateLimited,
        "MODEL_UNAVAILABLE" => ImagingErrorCode.Unavailable,
        "INTERNAL_ERROR" => ImagingErrorCode.ServerError,
        _ => null,
    };

    /// <summary>The error an envelope carries, in the shared builder's terms.</summary>
    public static ProviderErrorBody? ToErrorBody(ConcurredEnvelope? envelope) =>
        envelope?.Error is { } error
            ? new ProviderErrorBody
            {
                Code = error.Code,
                Message = error.Message,
                Details = error.Details is { ValueKind: not JsonValueKind.Undefined and not JsonValueKind.Null } details ? JsonFields.RawText(details) : null,
                RequestId = envelope.Meta?.RequestId,
                RetryAfter = ReadRetryAfterDetail(error.Details),
            }
            : null;

    /// <summary>
    /// Reads how long Concurred asked the caller to wait: a <c>Retry-After</c> header if one is sent, otherwise the
    /// 429 body's <c>error.details.retryAfter</c> (seconds). Keeps the body's first 64 KiB readable afterwards.
    /// </summary>
    public static async ValueTask<TimeSpan?> ReadRetryAfterAsync(HttpResponseMessage response, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (ResponseHeaders.ReadRetryAfter(response.Headers, now) is { } header)
        {
            return header;
        }

        if (response.StatusCode != HttpStatusCode.TooManyRequests)
        {
            return null;
        }

        // Keep (at most a capped prefix of) the body readable for the exception built later, however large it was.
        var body = await ResponseBody.ReadCappedAsync(response.Content, cancellationToken).ConfigureAwait(false);
        ResponseBody.ReplaceContent(response, body);
        return ReadRetryAfterDetail(TryParse(body)?.Error?.Details);
    }

    public static ConcurredEnvelope? TryParse(ReadOnlySpan<byte> body)
    {
        if (body.IsEmpty)
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize(body, ConcurredJsonContext.Default.ConcurredEnvelope);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static ProviderErrorBody? ParseError(ReadOnlySpan<byte> body) => ToErrorBody(TryParse(body));

    private static TimeSpan? ReadRetryAfterDetail(JsonElement? details)
    {
        if (details is not { ValueKind: JsonValueKind.Object } d || !d.TryGetProperty("retryAfter", out var value))
        {
            return null;
        }

        double seconds = 0;
        var ok = value.ValueKind == JsonValueKind.Number
            ? value.TryGetDouble(out seconds)
            : value.ValueKind == JsonValueKind.String
                && double.TryParse(JsonFields.Text(value), NumberStyles.Float, CultureInfo.InvariantCulture, out seconds);
        return ok ? ResponseHeaders.RetryAfterFromSeconds(seconds) : null;
    }
}
