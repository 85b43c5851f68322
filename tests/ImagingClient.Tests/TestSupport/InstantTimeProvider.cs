using Microsoft.Extensions.Time.Testing;

namespace ImagingClient.Tests.TestSupport;

/// <summary>
/// A <see cref="FakeTimeProvider"/> whose short timers fire by themselves. A timer due within
/// <see cref="AutoFireLimit"/> (a retry delay, a poll interval) fires at once and moves the clock forward by its due
/// time; its delay is recorded in <see cref="Delays"/>. A timer due later (a call's deadline) is an ordinary
/// <see cref="FakeTimeProvider"/> timer: it waits until the clock passes its due time, moved by such delays or by
/// <see cref="FakeTimeProvider.Advance"/>. Code under test that waits therefore runs instantly, and deadlines still fall
/// where they should.
/// </summary>
/// <remarks>
/// <para>
/// Why <see cref="FakeTimeProvider"/> alone does not do this: its timers fire only when the test moves the clock
/// (<see cref="FakeTimeProvider.Advance"/>, <see cref="FakeTimeProvider.SetUtcNow"/>), and
/// <see cref="FakeTimeProvider.AutoAdvanceAmount"/> moves the clock on every read, not when a timer is created. A retry
/// delay or poll interval is created deep inside an awaited call, at a moment the test cannot observe, so with a bare
/// <see cref="FakeTimeProvider"/> a test would have to guess when to advance (a race, or a real sleep). Nor does it
/// count its pending timers or record the delays it was asked for, which the tests assert on.
/// </para>
/// <para>
/// Callbacks run on the thread pool, never on the thread that created or advanced the timer, so a timer that fires at
/// once cannot re-enter the code that is still creating it.
/// </para>
/// </remarks>
internal sealed class InstantTimeProvider : FakeTimeProvider
{
    private static readonly DateTimeOffset DefaultStart = new(2026, 11, 21, 12, 0, 0, TimeSpan.Zero);

    private readonly Lock _gate = new();
    private readonly List<TimeSpan> _delays = [];
    private int _pending;

    public InstantTimeProvider(DateTimeOffset? start = null)
        : base(start ?? DefaultStart)
    {
    }

    /// <summary>
    /// Timers due within this fire at once; later ones wait for the clock. Default 90 seconds: above every retry and
    /// poll delay the library takes by default (at most 60 s), below every call deadline (2 minutes and more).
    /// </summary>
    public TimeSpan AutoFireLimit { get; init; } = TimeSpan.FromSeconds(90);

    /// <summary>
    /// When set, every timer's due time is cut down to a whole multiple of this, as the system's timers take whole
    /// milliseconds while its clock reads in 100-nanosecond ticks: such a timer fires a little before the clock reaches
    /// the instant it was meant for.
    /// </summary>
    public TimeSpan? TimerResolution { get; init; }

    /// <summary>How many timers are waiting for the clock.</summary>
    public int PendingTimers
    {
        get
        {
            lock (_gate)
            {
                return _pending;
            }
        }
    }

    /// <summary>Every auto-fired timer's due time so far, in order.</summary>
    public IReadOnlyList<TimeSpan> Delays
    {
        get
        {
            lock (_gate)
            {
                return [.. _delays];
            }
        }
    }

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new AutoFiringTimer(this, callback, state);
        timer.Change(dueTime, period);
        return timer;
    }

    private ITimer CreateFakeTimer(TimerCallback callback) =>
        base.CreateTimer(callback, null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);

    private TimeSpan Resolve(TimeSpan dueTime) =>
        TimerResolution is { Ticks: > 0 } resolution && dueTime > TimeSpan.Zero
            ? TimeSpan.FromTicks(dueTime.Ticks - (dueTime.Ticks % resolution.Ticks))
            : dueTime;

    /// <summary>A timer that either fires at once (and moves the clock), or is left to a <see cref="FakeTimeProvider"/> timer.</summary>
    private sealed class AutoFiringTimer : ITimer
    {
        private readonly InstantTimeProvider _owner;
        private readonly TimerCallback _callback;
        private readonly object? _state;
        private readonly ITimer _fake;
        private bool _waiting;
        private bool _periodic;
        private bool _disposed;

        public AutoFiringTimer(InstantTimeProvider owner, TimerCallback callback, object? state)
        {
            _owner = owner;
            _callback = callback;
            _state = state;
            _fake = owner.CreateFakeTimer(_ => OnFakeTimerFired());
        }

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            dueTime = _owner.Resolve(dueTime);
            bool fireNow;
            lock (_owner._gate)
            {
                if (_disposed)
                {
                    return false;
                }

                StopWaiting();
                fireNow = dueTime != Timeout.InfiniteTimeSpan && dueTime <= _owner.AutoFireLimit;
                if (fireNow)
                {
                    _owner._delays.Add(dueTime);
                }
                else if (dueTime != Timeout.InfiniteTimeSpan)
                {
                    _waiting = true;
                    _periodic = period != Timeout.InfiniteTimeSpan;
                    _owner._pending++;
                }
            }

            if (!fireNow)
            {
                _fake.Change(dueTime, period);
                return true;
            }

            _fake.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
            _owner.Advance(dueTime);
            Fire();
            return true;
        }

        public void Dispose()
        {
            lock (_owner._gate)
            {
                StopWaiting();
                _disposed = true;
            }

            _fake.Dispose();
        }

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }

        private void OnFakeTimerFired()
        {
            lock (_owner._gate)
            {
                if (!_waiting || _disposed)
                {
                    return;
                }

                if (!_periodic)
                {
                    StopWaiting();
                }
            }

            Fire();
        }

        /// <summary>Must be called under the owner's lock.</summary>
        private void StopWaiting()
        {
            if (_waiting)
            {
                _waiting = false;
                _owner._pending--;
            }
        }

        private void Fire() => ThreadPool.QueueUserWorkItem(static self => self._callback(self._state), this, preferLocal: false);
    }
}
