namespace ImagingClient.Emulator;

/// <summary>
/// Fault injection for an <see cref="ImagingEmulator"/>. Faults apply to the API routes of every
/// provider (Concurred and Kie share one queue) but never to the <c>/files/...</c> downloads, are
/// consumed in the order they were queued (first in, first out) by whichever provider route is called
/// next, and keep the provider's usual rate-limit headers. All members are thread-safe.
/// </summary>
public sealed class EmulatorFaults
{
    private readonly Lock _gate = new();
    private readonly Queue<QueuedFault> _queue = new();

    /// <summary>
    /// Makes the next <paramref name="count"/> provider API requests fail with
    /// <paramref name="statusCode"/> and the provider's own error envelope.
    /// </summary>
    /// <remarks>
    /// <para>
    /// Concurred: the error code follows the status: 400 <c>BAD_REQUEST</c>, 401 <c>UNAUTHORIZED</c>,
    /// 403 <c>FORBIDDEN</c>, 429 <c>RATE_LIMIT_EXCEEDED</c>, 500 <c>INTERNAL_ERROR</c>, 503 <c>MODEL_UNAVAILABLE</c>,
    /// anything else <c>INTERNAL_ERROR</c>. A 429 says how long to wait the way Concurred does, in
    /// <c>details.retryAfter</c> (whole seconds, rounded up; 1 when <paramref name="retryAfter"/> is not given) and with
    /// no header. Any other status given a <paramref name="retryAfter"/> carries a <c>Retry-After</c> header instead,
    /// as a gateway in front of the API would send.
    /// </para>
    /// <para>
    /// Kie: Kie's envelope <c>{"code":&lt;status&gt;,"msg":"...","data":null}</c> with that HTTP status, and a
    /// <c>Retry-After</c> header (whole seconds, rounded up) for any status when <paramref name="retryAfter"/> is given.
    /// For Kie's other error form, a business error inside an HTTP 200, use <see cref="FailNextInBody"/>.
    /// </para>
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

        Enqueue(new QueuedFault(new InjectedFault(statusCode, retryAfter, RawBody: null, RawContentType: null), count));
    }

    /// <summary>
    /// Makes the next <paramref name="count"/> provider API requests fail the way Kie reports
    /// business errors: HTTP 200 with <c>{"code":&lt;code&gt;,"msg":"...","data":null}</c>.
    /// </summary>
    /// <remarks>
    /// Concurred has no such form (its errors always carry the HTTP status), so a Concurred route that takes
    /// this fault answers exactly as <see cref="FailNext"/> with <paramref name="code"/> as the HTTP status.
    /// </remarks>
    /// <param name="count">How many consecutive requests fail; at least 1.</param>
    /// <param name="code">The <c>code</c> to put in the body, 400–599 (Kie uses 401, 402, 404, 422, 429, 455, 500, 501, 505).</param>
    /// <exception cref="ArgumentOutOfRangeException">An argument is out of range.</exception>
    public void FailNextInBody(int count, int code)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(code, 400);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(code, 599);
        Enqueue(new QueuedFault(new InjectedFault(code, RetryAfter: null, RawBody: null, RawContentType: null, InBody: true), count));
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
        Enqueue(new QueuedFault(new InjectedFault(statusCode, RetryAfter: null, body, contentType), count));
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

    private void Enqueue(QueuedFault fault)
    {
        lock (_gate)
        {
            _queue.Enqueue(fault);
        }
    }

    private sealed class QueuedFault(InjectedFault fault, int remaining)
    {
        public InjectedFault Fault { get; } = fault;

        public int Remaining { get; set; } = remaining;
    }
}

/// <summary>
/// One injected response. Either a provider-shaped error (<see cref="RawBody"/> is null)
/// or a raw body sent as-is. <see cref="InBody"/> asks providers that report business errors inside an
/// HTTP 200 (Kie) to do so, with <see cref="StatusCode"/> as the body's code.
/// </summary>
internal sealed record InjectedFault(int StatusCode, TimeSpan? RetryAfter, string? RawBody, string? RawContentType, bool InBody = false)
{
    public bool IsRaw => RawBody is not null;

    /// <summary>The Retry-After value in whole seconds, rounded up, when one was given.</summary>
    public long? RetryAfterSeconds => RetryAfter is { } delay ? (long)Math.Ceiling(delay.TotalSeconds) : null;
}
