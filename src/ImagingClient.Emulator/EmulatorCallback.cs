namespace ImagingClient.Emulator;

/// <summary>
/// One attempt at a callback (webhook) the emulator sent, or refused to send, to a client's callback URL.
/// A provider that retries failed deliveries records each attempt separately, numbered by <see cref="Attempt"/>.
/// </summary>
public sealed class EmulatorCallback
{
    internal EmulatorCallback(
        string taskId,
        Uri url,
        string body,
        IReadOnlyDictionary<string, string> headers,
        DateTimeOffset attemptedAt,
        int? statusCode,
        string? error,
        bool refused,
        int attempt)
    {
        TaskId = taskId;
        Url = url;
        Body = body;
        Headers = headers;
        AttemptedAt = attemptedAt;
        StatusCode = statusCode;
        Error = error;
        Refused = refused;
        Attempt = attempt;
    }

    /// <summary>Gets the id of the task the callback reports on.</summary>
    public string TaskId { get; }

    /// <summary>Gets the callback URL the client submitted.</summary>
    public Uri Url { get; }

    /// <summary>Gets the JSON body that was sent (or would have been sent, when <see cref="Refused"/>).</summary>
    public string Body { get; }

    /// <summary>
    /// Gets the headers that were sent (or would have been sent) besides the transport ones, looked up
    /// case-insensitively: <c>Content-Type</c>, and whatever the provider adds, such as signature headers.
    /// </summary>
    public IReadOnlyDictionary<string, string> Headers { get; }

    /// <summary>
    /// Gets when the delivery was attempted, per the emulator's <see cref="TimeProvider"/>; a provider that signs
    /// its callbacks signs each attempt as of this instant.
    /// </summary>
    public DateTimeOffset AttemptedAt { get; }

    /// <summary>Gets the HTTP status the receiver answered, or <see langword="null"/> when no response arrived.</summary>
    public int? StatusCode { get; }

    /// <summary>
    /// Gets why no response arrived (refused, connection error, timeout), or <see langword="null"/> when one did.
    /// </summary>
    public string? Error { get; }

    /// <summary>
    /// Gets a value indicating whether the emulator refused to send the callback because its URL is not a
    /// loopback address (the emulator never makes a request off the machine).
    /// </summary>
    public bool Refused { get; }

    /// <summary>
    /// Gets which attempt this was for its task: 1 for the first delivery, 2 and up for the retries that follow a
    /// failed attempt (a non-2xx answer, a connection error or a timeout), as many as the provider makes.
    /// </summary>
    public int Attempt { get; }

    /// <summary>Gets a value indicating whether the receiver answered (with any status).</summary>
    public bool Delivered => StatusCode is not null;

    /// <inheritdoc />
    public override string ToString() => $"{TaskId} #{Attempt.ToString(System.Globalization.CultureInfo.InvariantCulture)} -> {Url}: {(StatusCode is { } status ? status.ToString(System.Globalization.CultureInfo.InvariantCulture) : Error)}";
}
