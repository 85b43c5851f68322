using System.Globalization;
using System.Net;
using System.Text.Json;
using ImagingClient.Http;
using ImagingClient.Providers.Concurred.Wire;
using ImagingClient.Serialization;

namespace ImagingClient.Providers.Concurred;

/// <summary>Maps Concurred's error envelope <c>{"error":{"code","message","details"}}</c> to <see cref="ImagingApiException"/>.</summary>
internal static class ConcurredErrors
{
    private const string DisplayName = "Concurred";

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

    /// <summary>Builds the exception for a non-success response, reading at most a small part of its body.</summary>
    public static async Task<ImagingApiException> FromResponseAsync(
        HttpResponseMessage response,
        RateLimitInfo? rateLimit,
        string? apiKey,
        DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        var body = await ResponseBody.ReadCappedAsync(response.Content, cancellationToken).ConfigureAwait(false);
        var envelope = TryParse(body);
        return Create(response, envelope, body, rateLimit, apiKey, now);
    }

    /// <summary>Builds the exception for an envelope that carries an error, whatever the HTTP status.</summary>
    public static ImagingApiException Create(
        HttpResponseMessage response,
        ConcurredEnvelope? envelope,
        ReadOnlySpan<byte> body,
        RateLimitInfo? rateLimit,
        string? apiKey,
        DateTimeOffset now)
    {
        var status = (int)response.StatusCode;
        var error = envelope?.Error;
        var requestId = SecretRedactor.Redact(envelope?.Meta?.RequestId ?? ResponseHeaders.ReadRequestId(response.Headers), apiKey);
        var retryAfter = ResponseHeaders.ReadRetryAfter(response.Headers, now) ?? ReadRetryAfterDetail(error?.Details);
        var suffix = requestId is null ? string.Empty : $" (request id {requestId})";

        if (error?.Code is null && error?.Message is null)
        {
            var excerpt = ResponseBody.Excerpt(body, apiKey);
            return new ImagingApiException(SecretRedactor.Redact(
                $"{DisplayName} answered HTTP {status} {response.ReasonPhrase} with a body that is not its error format{suffix}: {excerpt}", apiKey)!)
            {
                Provider = ConcurredModels.ProviderName,
                ErrorCode = status is >= 200 and < 300 ? ImagingErrorCode.InvalidResponse : HttpErrorCodes.FromStatus(status),
                StatusCode = response.StatusCode,
                RequestId = requestId,
                RetryAfter = retryAfter,
                RateLimit = rateLimit,
                ResponseExcerpt = excerpt,
            };
        }

        var code = Map(error.Code) ?? (status is >= 400 ? HttpErrorCodes.FromStatus(status) : ImagingErrorCode.Unknown);
        var message = (SecretRedactor.Redact(error.Message, apiKey) ?? "no message").TrimEnd('.', ' ');
        var wait = retryAfter is { } delay ? $" Retry after {delay.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture)} s." : string.Empty;
        return new ImagingApiException(SecretRedactor.Redact($"{DisplayName} refused the request with {error.Code ?? "an error"} (HTTP {status}): {message}{suffix}.{wait}", apiKey)!)
        {
            Provider = ConcurredModels.ProviderName,
            ErrorCode = code,
            ProviderErrorCode = SecretRedactor.Redact(error.Code, apiKey),
            StatusCode = response.StatusCode,
            RequestId = requestId,
            RetryAfter = retryAfter,
            RateLimit = rateLimit,
            Details = error.Details is { ValueKind: not JsonValueKind.Undefined and not JsonValueKind.Null } details
                ? SecretRedactor.Redact(details.GetRawText(), apiKey)
                : null,
        };
    }

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

    private static ConcurredEnvelope? TryParse(ReadOnlySpan<byte> body)
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
                && double.TryParse(value.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out seconds);
        return ok ? ResponseHeaders.RetryAfterFromSeconds(seconds) : null;
    }
}
