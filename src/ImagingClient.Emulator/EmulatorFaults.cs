namespace ImagingClient.Emulator;

/// <summary>
/// Fault injection for an <see cref="ImagingEmulator"/>. Faults apply to the API routes of every emulated
/// provider (they all share one queue) but never to the <c>/files/...</c> downloads, are consumed in the order they
/// were queued (first in, first out) by whichever provider route is called next, and keep the provider's usual
/// rate-limit headers. All members are thread-safe.
/// </summary>
/// <remarks>
/// A provider with an error form of its own adds a method for it here, as an extension member declared with
/// that provider; any other provider's route that takes such a fault answers it as <see cref="FailNext"/> with
/// the fault's code as the HTTP status.
/// </remarks>
public sealed class EmulatorFaults
{
    private readonly Lock _gate = new();
    private readonly Queue<QueuedFault> _queue = new();

    /// <summary>
    /// Makes the next <paramref name="count"/> provider API requests fail with
    /// <paramref name="statusCode"/> and the provider's own error envelope.
    /// </summary>
    /// <remarks>
    /// Each provider renders the fault as its real API would (its error body, its way of saying how long to
    /// wait); the project's <c>README.md</c> says how, per provider. A <paramref name="retryAfter"/> that a
    /// provider has no field for is sent as a <c>Retry-After</c> header (whole seconds, rounded up), as a
    /// gateway in front of the API would send.
    /// </remarks>
    /// <param name="count">How many consecutive requests fail; at least 1.</param>
    /// <param name="statusCode">The HTTP status code to answer, 400–599.</param>
    /// <param name="retryAfter">Optional delay to advertise; must not be negative.</param>
    /// <exception cref="ArgumentOutOfRangeException">An argument is out of range.</exception>
    public void FailNext(int count, int statusCode, TimeSpan? retryAfter = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(statusCode, 400);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(statusCode, 599);
        if (retryAfter is { } delay)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(delay, TimeSpan.Zero, nameof(retryAfter));
        }

        Enqueue(new InjectedFault(statusCode, retryAfter, RawBody: null, RawContentType: null), count);
    }

    /// <summary>
    /// Makes the next <paramref name="count"/> provider API requests answer
    /// <paramref name="statusCode"/> with exactly <paramref name="body"/> — for example an HTML page
    /// from a proxy, an empty body or truncated JSON.
    /// </summary>
    /// <param name="count">How many consecutive requests get this response; at least 1.</param>
    /// <param name="statusCode">The HTTP status code to answer, 200–599 (a 200 with a broken body is allowed).</param>
    /// <param name="body">The raw response body, sent as UTF-8.</param>
    /// <param name="contentType">The <c>Content-Type</c> header value; an empty string sends no <c>Content-Type</c>.</param>
    /// <exception cref="ArgumentOutOfRangeException">An argument is out of range.</exception>
    /// <exception cref="ArgumentNullException"><paramref name="body"/> or <paramref name="contentType"/> is <see langword="null"/>.</exception>
    public void RespondNext(int count, int statusCode, string body, string contentType = "text/html")
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(statusCode, 200);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(statusCode, 599);
        ArgumentNullException.ThrowIfNull(body);
        ArgumentNullException.ThrowIfNull(contentType);
        Enqueue(new InjectedFault(statusCode, RetryAfter: null, body, contentType), count);
    }

    /// <summary>Removes every queued fault.</summary>
    public void Reset()
    {
        lock (_gate)
        {
            _queue.Clear();
        }
    }

    /// <summary>Takes the next queued fault, if any, consuming one use of it.</summary>
    internal bool TryTake([System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out InjectedFault? fault)
    {
        lock (_gate)
        {
            if (_queue.TryPeek(out var head))
            {
                fault = head.Fault;
                head.Remaining--;
                if (head.Remaining == 0)
                {
                    _queue.Dequeue();
                }

                return true;
            }
        }

        fault = null;
        return false;
    }

    /// <summary>Queues <paramref name="fault"/> for the next <paramref name="count"/> API requests (for a provider's own fault forms).</summary>
    internal void Enqueue(InjectedFault fault, int count)
    {
        ArgumentNullException.ThrowIfNull(fault);
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        lock (_gate)
        {
            _queue.Enqueue(new QueuedFault(fault, count));
        }
    }

    private sealed class QueuedFault(InjectedFault fault, int remaining)
    {
        public InjectedFault Fault { get; } = fault;

        public int Remaining { get; set; } = remaining;
    }
}

/// <summary>
/// One injected response: a provider-shaped error (<see cref="RawBody"/> is null) or a raw body sent as-is.
/// <see cref="Form"/>, when set, asks for an error form only one provider has (the provider that queued it
/// recognises its own marker object); every other route answers such a fault as a plain provider-shaped error
/// with <see cref="StatusCode"/> as the HTTP status.
/// </summary>
internal sealed record InjectedFault(int StatusCode, TimeSpan? RetryAfter, string? RawBody, string? RawContentType, object? Form = null)
{
    public bool IsRaw => RawBody is not null;

    /// <summary>The Retry-After value in whole seconds, rounded up, when one was given.</summary>
    public long? RetryAfterSeconds => RetryAfter is { } delay ? (long)Math.Ceiling(delay.TotalSeconds) : null;
}
