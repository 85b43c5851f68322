namespace ImagingClient;

/// <summary>
/// A provider-neutral error code. String-backed so that codes added later never break callers; compare against the
/// static properties.
/// </summary>
public readonly struct ImagingErrorCode : IEquatable<ImagingErrorCode>
{
    private readonly string? _value;

    /// <summary>Creates a code from its text.</summary>
    /// <param name="value">The code, such as <c>"rate_limited"</c>.</param>
    public ImagingErrorCode(string value)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(value);
        _value = value;
    }

    /// <summary>The API key is missing, malformed or not valid.</summary>
    public static ImagingErrorCode Unauthorized { get; } = new("unauthorized");

    /// <summary>The key is valid but may not use this resource.</summary>
    public static ImagingErrorCode Forbidden { get; } = new("forbidden");

    /// <summary>
    /// The request conflicts with earlier ones: an idempotency key was reused with a different body, or a follow-up
    /// is not available for the job it names. Sending the same request again will not help.
    /// </summary>
    public static ImagingErrorCode Conflict { get; } = new("conflict");

    /// <summary>The account has no credits or balance left.</summary>
    public static ImagingErrorCode InsufficientCredits { get; } = new("insufficient_credits");

    /// <summary>Too many requests; see <see cref="ImagingApiException.RetryAfter"/>.</summary>
    public static ImagingErrorCode RateLimited { get; } = new("rate_limited");

    /// <summary>The prompt or image was refused by the provider's content policy.</summary>
    public static ImagingErrorCode ContentPolicy { get; } = new("content_policy");

    /// <summary>The provider rejected the request as malformed or invalid.</summary>
    public static ImagingErrorCode InvalidRequest { get; } = new("invalid_request");

    /// <summary>The provider does not know the model.</summary>
    public static ImagingErrorCode ModelNotFound { get; } = new("model_not_found");

    /// <summary>The resource (job, file) does not exist.</summary>
    public static ImagingErrorCode NotFound { get; } = new("not_found");

    /// <summary>The model or service is temporarily unavailable.</summary>
    public static ImagingErrorCode Unavailable { get; } = new("unavailable");

    /// <summary>The provider failed while generating.</summary>
    public static ImagingErrorCode GenerationFailed { get; } = new("generation_failed");

    /// <summary>The provider had an internal error.</summary>
    public static ImagingErrorCode ServerError { get; } = new("server_error");

    /// <summary>
    /// A job was still running when the wait for it ran out of time. It was not cancelled: resume it with
    /// <see cref="ImagingApiException.ResumeToken"/>.
    /// </summary>
    public static ImagingErrorCode StillRunning { get; } = new("still_running");

    /// <summary>The call did not complete in the time allowed.</summary>
    public static ImagingErrorCode Timeout { get; } = new("timeout");

    /// <summary>The provider could not be reached (DNS, connection refused, connection dropped).</summary>
    public static ImagingErrorCode NetworkError { get; } = new("network_error");

    /// <summary>The provider answered with a body this library could not read.</summary>
    public static ImagingErrorCode InvalidResponse { get; } = new("invalid_response");

    /// <summary>A result URL has expired and can no longer be downloaded.</summary>
    public static ImagingErrorCode ResultExpired { get; } = new("result_expired");

    /// <summary>An error that fits no other code.</summary>
    public static ImagingErrorCode Unknown { get; } = new("unknown");

    /// <summary>Equality by text.</summary>
    public static bool operator ==(ImagingErrorCode left, ImagingErrorCode right) => left.Equals(right);

    /// <summary>Inequality by text.</summary>
    public static bool operator !=(ImagingErrorCode left, ImagingErrorCode right) => !left.Equals(right);

    /// <inheritdoc />
    public bool Equals(ImagingErrorCode other) => string.Equals(_value ?? "unknown", other._value ?? "unknown", StringComparison.Ordinal);

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is ImagingErrorCode other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(_value ?? "unknown");

    /// <summary>The code's text.</summary>
    /// <returns>The code, such as <c>"rate_limited"</c>.</returns>
    public override string ToString() => _value ?? "unknown";
}
