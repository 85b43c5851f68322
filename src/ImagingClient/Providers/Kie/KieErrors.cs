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

    /// <summary>The exception for an answer that is not a success: an HTTP error, a body <c>code</c> other than 200, or an unreadable body.</summary>
    public static ImagingApiException Create(HttpResponseMessage response, KieEnvelope? envelope, ReadOnlySpan<byte> body, ProviderCall call, string what, DateTimeOffset now)
    {
        var status = (int)response.StatusCode;
        var retryAfter = ResponseHeaders.ReadRetryAfter(response.Headers, now);
        var job = call.JobId is null ? string.Empty : $" (task {call.JobId})";
        if (envelope?.Code is not { } code)
        {
            var excerpt = ResponseBody.Excerpt(body, call.ApiKey);
            return new ImagingApiException(SecretRedactor.Redact($"Kie answered {what}{job} with HTTP {status} and a body that is not its {{code, msg, data}} format: {excerpt}", call.ApiKey)!)
            {
                Provider = call.Provider,
                ErrorCode = response.IsSuccessStatusCode ? ImagingErrorCode.InvalidResponse : HttpErrorCodes.FromStatus(status),
                StatusCode = response.StatusCode,
                RetryAfter = retryAfter,
                ResponseExcerpt = excerpt,
                JobId = call.JobId,
                ResumeToken = call.ResumeToken,
            };
        }

        var message = (SecretRedactor.Redact(envelope.Message, call.ApiKey) ?? "no message").TrimEnd('.', ' ');
        var form = response.IsSuccessStatusCode ? $"code {code} in an HTTP {status} answer" : $"code {code} (HTTP {status})";
        return new ImagingApiException(SecretRedactor.Redact($"Kie refused {what}{job} with {form}: {message}.", call.ApiKey)!)
        {
            Provider = call.Provider,
            ErrorCode = code == 200 ? ImagingErrorCode.InvalidResponse : Map(code),
            ProviderErrorCode = code.ToString(CultureInfo.InvariantCulture),
            StatusCode = response.StatusCode,
            RetryAfter = retryAfter,
            JobId = call.JobId,
            ResumeToken = call.ResumeToken,
        };
    }

    /// <summary>Kie documents no rate-limit body; a Retry-After header is honoured if one is sent.</summary>
    public static ValueTask<TimeSpan?> ReadRetryAfterAsync(HttpResponseMessage response, DateTimeOffset now, CancellationToken cancellationToken) =>
        ValueTask.FromResult(response.StatusCode == HttpStatusCode.TooManyRequests || (int)response.StatusCode >= 500
            ? ResponseHeaders.ReadRetryAfter(response.Headers, now)
            : null);
}
