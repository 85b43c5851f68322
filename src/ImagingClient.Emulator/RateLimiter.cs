namespace ImagingClient.Emulator;

/// <summary>
/// A fixed-window request counter driven by a <see cref="TimeProvider"/>. A window opens at the
/// first request after the previous window ended and lasts <see cref="Window"/>; every request
/// in it counts, whether or not it is allowed.
/// </summary>
internal sealed class RateLimiter
{
    private readonly Lock _gate = new();
    private readonly TimeProvider _timeProvider;
    private DateTimeOffset _windowEnd = DateTimeOffset.MinValue;
    private int _count;

    public RateLimiter(int limit, TimeSpan window, TimeProvider timeProvider)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(window, TimeSpan.Zero);
        Limit = limit;
        Window = window;
        _timeProvider = timeProvider;
    }

    public int Limit { get; }

    public TimeSpan Window { get; }

    /// <summary>Counts one request and tells whether it fits in the current window.</summary>
    public RateLimitDecision Acquire()
    {
        var now = _timeProvider.GetUtcNow();
        lock (_gate)
        {
            if (now >= _windowEnd)
            {
                _windowEnd = now + Window;
                _count = 0;
            }

            _count++;
            var allowed = _count <= Limit;
            var remaining = Math.Max(0, Limit - _count);
            var resetUnixSeconds = CeilingUnixSeconds(_windowEnd);
            var retryAfterSeconds = Math.Max(1L, (long)Math.Ceiling((_windowEnd - now).TotalSeconds));
            return new RateLimitDecision(allowed, Limit, remaining, resetUnixSeconds, retryAfterSeconds);
        }
    }

    private static long CeilingUnixSeconds(DateTimeOffset instant)
    {
        var milliseconds = instant.ToUnixTimeMilliseconds();
        return (milliseconds + 999) / 1000;
    }
}

/// <summary>The outcome of counting one request against a <see cref="RateLimiter"/>.</summary>
/// <param name="Allowed">Whether the request fits in the window.</param>
/// <param name="Limit">Requests allowed per window.</param>
/// <param name="Remaining">Requests left in the window after this one.</param>
/// <param name="ResetUnixSeconds">When the window ends, in unix seconds (rounded up).</param>
/// <param name="RetryAfterSeconds">Whole seconds until the window ends, at least 1.</param>
internal readonly record struct RateLimitDecision(bool Allowed, int Limit, int Remaining, long ResetUnixSeconds, long RetryAfterSeconds);
