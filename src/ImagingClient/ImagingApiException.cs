using System.Net;

namespace ImagingClient;

/// <summary>
/// A provider refused a request, failed, or answered in a way this library could not read.
/// </summary>
/// <remarks>
/// The message, and every property, are built from what the provider sent and never contain the API key.
/// </remarks>
public class ImagingApiException : Exception
{
    /// <summary>Creates an exception with a message.</summary>
    public ImagingApiException()
        : this("The image provider reported an error.")
    {
    }

    /// <summary>Creates an exception with a message.</summary>
    /// <param name="message">What went wrong.</param>
    public ImagingApiException(string message)
        : this(message, innerException: null)
    {
    }

    /// <summary>Creates an exception with a message and its cause.</summary>
    /// <param name="message">What went wrong.</param>
    /// <param name="innerException">The cause.</param>
    public ImagingApiException(string message, Exception? innerException)
        : base(message, innerException)
    {
        Provider = string.Empty;
        ErrorCode = ImagingErrorCode.Unknown;
    }

    /// <summary>The provider that answered, as in model ids.</summary>
    public string Provider { get; init; }

    /// <summary>The provider-neutral code.</summary>
    public ImagingErrorCode ErrorCode
    {
        get => _errorCode;
        init => _errorCode = value;
    }

    /// <summary>The HTTP status, when an HTTP response was received.</summary>
    public HttpStatusCode? StatusCode { get; init; }

    /// <summary>The provider's own error code, such as <c>"GUARDRAIL_BLOCKED"</c>.</summary>
    public string? ProviderErrorCode { get; init; }

    /// <summary>The provider's request id, to quote when contacting its support.</summary>
    public string? RequestId { get; init; }

    /// <summary>The id of the job this error belongs to, when there is one.</summary>
    public string? JobId { get; init; }

    /// <summary>
    /// The token to re-attach to the job this error belongs to (<see cref="IImageClient.ResumeJobAsync"/>), when the job
    /// may still be running or its result may still be fetched.
    /// </summary>
    public ImageJobToken? ResumeToken { get; init; }

    /// <summary>
    /// How long the provider asked the caller to wait before trying again. A wait too long for a <see cref="TimeSpan"/>
    /// (such as <c>1e308</c> seconds) is given as <see cref="TimeSpan.MaxValue"/>; this library never waits longer than
    /// its <see cref="ImagingRetryOptions.MaxRetryAfter"/> by itself.
    /// </summary>
    public TimeSpan? RetryAfter { get; init; }

    /// <summary>The rate-limit state reported with the response.</summary>
    public RateLimitInfo? RateLimit { get; init; }

    /// <summary>The provider's error details as raw JSON, when it sent any.</summary>
    public string? Details { get; init; }

    /// <summary>
    /// The start of a response body this library could not read (an HTML page from a proxy, a truncated body), to help
    /// diagnose it.
    /// </summary>
    public string? ResponseExcerpt { get; init; }

    /// <summary>
    /// Whether making the same call again is safe and may succeed: rate limits, unavailable models, server errors,
    /// time-outs and network errors — except where the provider may already have accepted (and charged for) the work,
    /// or a job is still running (then <see cref="MayHaveCreatedWork"/> or <see cref="ResumeToken"/> says so, and
    /// this is <see langword="false"/>: resume the job rather than submit it again). When work may exist but the
    /// request carried an <see cref="IdempotencyKey"/>, whatever went wrong, sending it again with that key returns
    /// the same work instead of paying twice, so this is <see langword="true"/>.
    /// </summary>
    public bool IsRetryable
    {
        get => _isRetryable ?? ((MayHaveCreatedWork && IdempotencyKey is not null && ResumeToken is null)
            || (!MayHaveCreatedWork
            && (ErrorCode == ImagingErrorCode.RateLimited
                || ErrorCode == ImagingErrorCode.Unavailable
                || ErrorCode == ImagingErrorCode.ServerError
                || ErrorCode == ImagingErrorCode.Timeout
                || ErrorCode == ImagingErrorCode.NetworkError)));
        init => _isRetryable = value;
    }

    /// <summary>
    /// Whether the provider may have accepted (and charged for) the work although no answer says so: the request was
    /// sent, and the connection broke or the time ran out before the answer arrived, or a gateway answered 502 or 504,
    /// or the provider reported a server error inside a success answer. Submitting again may pay twice (unless the
    /// request carried an <c>Idempotency-Key</c>; then <see cref="IsRetryable"/> says so).
    /// </summary>
    public bool MayHaveCreatedWork
    {
        get => _mayHaveCreatedWork;
        init => _mayHaveCreatedWork = value;
    }

    /// <summary>
    /// The <c>Idempotency-Key</c> the failed request carried (the caller's <see cref="ImageRequest.IdempotencyKey"/>, or
    /// the one this library made for the operation), where the provider supports idempotency. When
    /// <see cref="MayHaveCreatedWork"/> is set, submitting again with this key is answered with the first submission's
    /// job instead of a second paid one.
    /// </summary>
    public string? IdempotencyKey
    {
        get => _idempotencyKey;
        init => _idempotencyKey = value;
    }

    private ImagingErrorCode _errorCode;
    private string? _idempotencyKey;
    private bool? _isRetryable;
    private bool _mayHaveCreatedWork;
    private string? _message;

    /// <inheritdoc />
    public override string Message => _message ?? base.Message;

    /// <summary>
    /// A copy to throw again (each waiter on a job gets its own, so stack traces do not mix), optionally with another
    /// message and another verdict on the work it may have created. A memberwise copy, so a property added later is
    /// copied too; throwing the copy gives it its own stack trace.
    /// </summary>
    internal ImagingApiException Copy(string? message = null, bool? mayHaveCreatedWork = null, bool? isRetryable = null, string? idempotencyKey = null, ImagingErrorCode? errorCode = null)
    {
        var copy = (ImagingApiException)MemberwiseClone();
        copy._errorCode = errorCode ?? _errorCode;
        copy._idempotencyKey = idempotencyKey ?? _idempotencyKey;
        copy._message = message ?? _message;
        copy._mayHaveCreatedWork = mayHaveCreatedWork ?? _mayHaveCreatedWork;
        copy._isRetryable = isRetryable ?? _isRetryable;
        return copy;
    }
}
