using System.Globalization;
using System.Net;
using System.Text.Json;
using ImagingClient.Http;
using ImagingClient.Providers.Kie.Wire;
using ImagingClient.Serialization;

namespace ImagingClient.Providers.Kie;

/// <summary>
/// Kie reports errors as <c>{code, msg, data}</c>, either with the matching HTTP status or inside an HTTP 200; both
/// forms map the same way.
/// </summary>
internal static class KieErrors
{
    /// <summary>How the shared error builder reads Kie's errors: <c>{code, msg, data}</c>, with the HTTP status or inside an HTTP 200.</summary>
    public static readonly ProviderErrorFormat Format = new(
        "{code, msg, data}",
        static body => ToErrorBody(TryParse(body)),
        static (code, _) => int.TryParse(code, NumberStyles.Integer, CultureInfo.InvariantCulture, out var number)
            ? number == 200 ? ImagingErrorCode.InvalidResponse : Map(number)
            : null);

    /// <summary>The provider-neutral code for each code Kie documents.</summary>
    public static ImagingErrorCode Map(int code) => code switch
    {
        401 => ImagingErrorCode.Unauthorized,
        402 => ImagingErrorCode.InsufficientCredits,
        404 => ImagingErrorCode.NotFound,
        // 408: "upstream issues, no result for more than 10 minutes" — the generation, not the call, ran out of time.
        408 => ImagingErrorCode.GenerationFailed,
        422 => ImagingErrorCode.InvalidRequest,
        429 => ImagingErrorCode.RateLimited,
        455 => ImagingErrorCode.Unavailable,
        500 => ImagingErrorCode.ServerError,
        501 => ImagingErrorCode.GenerationFailed,
        // 505: "the requested feature is currently disabled".
        505 => ImagingErrorCode.Unavailable,
        _ => HttpErrorCodes.FromStatus(code),
    };

    /// <summary>The provider-neutral code of a task's <c>errorCode</c> (400 content policy, 500 internal, 501 generation failed).</summary>
    public static ImagingErrorCode MapTaskError(int? errorCode) => errorCode switch
    {
        400 => ImagingErrorCode.ContentPolicy,
        500 => ImagingErrorCode.ServerError,
        _ => ImagingErrorCode.GenerationFailed,
    };

    public static KieEnvelope? TryParse(ReadOnlySpan<byte> body)
    {
        if (body.IsEmpty)
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize(body, KieJsonContext.Default.KieEnvelope);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>The error an envelope carries, in the shared builder's terms.</summary>
    public static ProviderErrorBody? ToErrorBody(KieEnvelope? envelope) =>
        envelope?.Code is { } code
            ? new ProviderErrorBody { Code = code.ToString(CultureInfo.InvariantCulture), Message = envelope.Message }
            : null;

    /// <summary>Kie documents no rate-limit body; a Retry-After header is honoured if one is sent.</summary>
    public static ValueTask<TimeSpan?> ReadRetryAfterAsync(HttpResponseMessage response, DateTimeOffset now, CancellationToken cancellationToken) =>
        ValueTask.FromResult(response.StatusCode == HttpStatusCode.TooManyRequests || (int)response.StatusCode >= 500
            ? ResponseHeaders.ReadRetryAfter(response.Headers, now)
            : null);
}
