using System.Globalization;
using System.Net;

namespace ImagingClient.Http;

/// <summary>What a provider's error body says, as the provider's envelope parser read it.</summary>
internal sealed record ProviderErrorBody
{
    /// <summary>The provider's own code, as text (<c>"GUARDRAIL_BLOCKED"</c>, <c>"422"</c>).</summary>
    public string? Code { get; init; }

    public string? Message { get; init; }

    /// <summary>Details as raw JSON.</summary>
    public string? Details { get; init; }

    public string? RequestId { get; init; }

    /// <summary>A wait the body asks for (some providers put it there rather than in <c>Retry-After</c>).</summary>
    public TimeSpan? RetryAfter { get; init; }
}

/// <summary>A provider's error format: how to read its error body, and its code table.</summary>
/// <param name="Name">The format as a reader knows it, for messages (<c>{"error":{code, message}}</c>).</param>
/// <param name="Parse">Reads a body; <see langword="null"/> when it is not this format.</param>
/// <param name="Map">The provider-neutral code of a provider code at an HTTP status; <see langword="null"/> to fall back to the status.</param>
internal sealed record ProviderErrorFormat(
    string Name,
    ProviderErrorParser Parse,
    Func<string?, int, ImagingErrorCode?> Map);

/// <summary>Reads a provider's error body; <see langword="null"/> when it is not the provider's format.</summary>
internal delegate ProviderErrorBody? ProviderErrorParser(ReadOnlySpan<byte> body);

/// <summary>
/// Builds every <see cref="ImagingApiException"/> a provider call raises, in one place: status, provider code,
/// message, details, request id, Retry-After, rate limit, job id and resume token. The API key is redacted here, once,
/// from everything that came from outside. Providers supply only their error format.
/// </summary>
internal static class ProviderErrors
{
    /// <summary>The exception for a response that is not a success, reading at most a small part of its body.</summary>
    public static async Task<ImagingApiException> FromResponseAsync(
        ProviderCall call,
        HttpResponseMessage response,
        ProviderErrorFormat format,
        DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        var body = await ResponseBody.ReadCappedAsync(response.Content, cancellationToken).ConfigureAwait(false);
        return FromBody(call, response, format.Parse(body), body, format, now);
    }

    /// <summary>The exception for an answer that carries an error (whatever its status), or that could not be read.</summary>
    public static ImagingApiException FromBody(
        ProviderCall call,
        HttpResponseMessage response,
        ProviderErrorBody? error,
        ReadOnlySpan<byte> body,
        ProviderErrorFormat format,
        DateTimeOffset now)
    {
        var status = (int)response.StatusCode;
        var success = status is >= 200 and < 300;
        var requestId = error?.RequestId ?? ResponseHeaders.ReadRequestId(response.Headers);
        var retryAfter = ResponseHeaders.ReadRetryAfter(response.Headers, now) ?? error?.RetryAfter;
        var suffix = requestId is null ? string.Empty : $" (request id {requestId})";
        var job = call.JobId is null ? string.Empty : $" (job {call.JobId})";

        if (error?.Code is null && error?.Message is null)
        {
            var excerpt = ResponseBody.Excerpt(body, call.ApiKey);
            return Create(call, response, new Failure
            {
                Code = success ? ImagingErrorCode.InvalidResponse : HttpErrorCodes.FromStatus(status),
                Message = $"{call.DisplayName} answered {call.What}{job} with HTTP {status} {response.ReasonPhrase} and a body that is not its error format {format.Name}{suffix}: {excerpt}",
                RequestId = requestId,
                RetryAfter = retryAfter,
                Excerpt = excerpt,
            });
        }

        var code = format.Map(error.Code, status) ?? (status >= 400 ? HttpErrorCodes.FromStatus(status) : ImagingErrorCode.InvalidResponse);
        var message = (error.Message ?? "no message").TrimEnd('.', ' ');
        var form = success ? $"in an HTTP {status} answer" : $"(HTTP {status})";
        var wait = retryAfter is { } delay ? $" Retry after {delay.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture)} s." : string.Empty;
        return Create(call, response, new Failure
        {
            Code = code,
            Message = $"{call.DisplayName} refused {call.What}{job} with {error.Code ?? "an error"} {form}: {message}{suffix}.{wait}",
            ProviderCode = error.Code,
            RequestId = requestId,
            RetryAfter = retryAfter,
            Details = error.Details,
        });
    }

    /// <summary>
    /// The exception for a success answer larger than the cap on what is read, which was refused before it was read
    /// whole. For a call that creates paid work it says the work may have been done (and charged for).
    /// </summary>
    /// <param name="call">The call.</param>
    /// <param name="response">The answer.</param>
    /// <param name="cap">The cap, in bytes.</param>
    /// <param name="maxResponseBytes">The provider's <see cref="ImagingProviderOptions.MaxResponseBytes"/>: when it is the cap, the message says to raise it.</param>
    public static ImagingApiException TooLarge(ProviderCall call, HttpResponseMessage response, long cap, long maxResponseBytes)
    {
        var job = call.JobId is null ? string.Empty : $" (job {call.JobId})";
        var limit = cap >= maxResponseBytes
            ? string.Create(CultureInfo.InvariantCulture, $"MaxResponseBytes ({cap} bytes)")
            : string.Create(CultureInfo.InvariantCulture, $"{cap} bytes, more than any answer {call.DisplayName} documents for it");
        var advice = call.CreatesPaidWork
            ? $" {call.DisplayName} may have created (and charged for) the work: check before sending it again{(cap >= maxResponseBytes ? ", with a larger MaxResponseBytes" : string.Empty)}, or it may be paid for twice."
            : cap >= maxResponseBytes ? " Raise MaxResponseBytes to read it." : string.Empty;
        return Create(call, response, new Failure
        {
            Code = ImagingErrorCode.InvalidResponse,
            Message = $"{call.DisplayName}'s answer to {call.What}{job} (HTTP {(int)response.StatusCode}) is larger than {limit}, so it was not read.{advice}",
            MayHaveCreatedWork = call.CreatesPaidWork,
        });
    }

    /// <summary>Any other failure of a call (an unusable answer, a missing field), with what is known of the response.</summary>
    public static ImagingApiException Create(ProviderCall call, HttpResponseMessage? response, Failure failure) =>
        Create(call.Provider, call.ApiKey, call.JobId, call.ResumeToken, response, failure);

    /// <summary>A failure of a job (a failed task, an unusable record), for the job's provider.</summary>
    public static ImagingApiException ForJob(ImageJob job, string? apiKey, Failure failure) =>
        Create(job.Provider, apiKey, job.Id, job.ResumeToken, response: null, failure);

    private static ImagingApiException Create(string provider, string? apiKey, string? jobId, ImageJobToken? resumeToken, HttpResponseMessage? response, Failure failure)
    {
        var redact = (string? text) => SecretRedactor.Redact(text, apiKey);
        return new ImagingApiException(redact(failure.Message)!, failure.Inner)
        {
            Provider = provider,
            ErrorCode = failure.Code,
            ProviderErrorCode = redact(failure.ProviderCode),
            StatusCode = response?.StatusCode,
            RequestId = redact(failure.RequestId ?? (response is null ? null : ResponseHeaders.ReadRequestId(response.Headers))),
            RetryAfter = failure.RetryAfter,
            RateLimit = response is null ? null : ResponseHeaders.ReadRateLimit(response.Headers),
            Details = redact(failure.Details),
            ResponseExcerpt = redact(failure.Excerpt),
            JobId = jobId,
            ResumeToken = resumeToken,
            MayHaveCreatedWork = failure.MayHaveCreatedWork,
        };
    }

    /// <summary>What went wrong, before it is redacted and made an exception.</summary>
    internal sealed record Failure
    {
        public required ImagingErrorCode Code { get; init; }

        public required string Message { get; init; }

        public string? ProviderCode { get; init; }

        public string? RequestId { get; init; }

        public TimeSpan? RetryAfter { get; init; }

        public string? Details { get; init; }

        public string? Excerpt { get; init; }

        public bool MayHaveCreatedWork { get; init; }

        public Exception? Inner { get; init; }
    }

    /// <summary>An HTTP status as text, for messages.</summary>
    public static string Describe(HttpStatusCode status) => ((int)status).ToString(CultureInfo.InvariantCulture);
}
