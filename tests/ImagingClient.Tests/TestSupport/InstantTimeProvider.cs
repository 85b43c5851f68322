namespace ImagingClient.Tests.TestSupport;

/// <summary>
/// A clock that never sleeps. A timer due within <see cref="AutoFireLimit"/> (a retry delay, a poll interval) fires at
/// once and moves the clock forward by its due time; its delay is recorded in <see cref="Delays"/>. A timer due later
/// (a call's deadline) waits until the clock passes its due time, moved by such delays or by <see cref="Advance"/>.
/// Code under test that waits therefore runs instantly, and deadlines still fall where they should.
/// </summary>
internal sealed class InstantTimeProvider : TimeProvider
{
    private readonly object _gate = new();
    private readonly List<TimeSpan> _delays = [];
    private readonly List<ManualTimer> _pending = [];
    private DateTimeOffset _now;

    public InstantTimeProvider(DateTimeOffset? start = null)
    {
        _now = start ?? new DateTimeOffset(2026, 11, 21, 12, 0, 0, TimeSpan.Zero);
    }

    /// <summary>
    /// Timers due within this fire at once; later ones wait for the clock. Default 90 seconds: above every retry and
    /// poll delay the library takes by default (at most 60 s), below every call deadline (2 minutes and more).
    /// </summary>
    public TimeSpan AutoFireLimit { get; init; } = TimeSpan.FromSeconds(90);

    /// <summary>How many timers are waiting for the clock.</summary>
    public int PendingTimers
    {
        get
        {
            lock (_gate)
            {
                return _pending.Count;
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

    public override DateTimeOffset GetUtcNow()
    {
        lock (_gate)
        {
            return _now;
        }
    }

    /// <summary>Moves the clock forward, firing every waiting timer that falls due.</summary>
    public void Advance(TimeSpan by)
    {
        List<ManualTimer> due;
        lock (_gate)
        {
            _now += by;
            due = _pending.Where(t => t.DueAt <= _now).ToList();
            _pending.RemoveAll(due.Contains);
        }

        foreach (var timer in due)
        {
            timer.Fire();
        }
    }

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new ManualTimer(this, callback, state);
        timer.Change(dueTime, period);
        return timer;
    }

    private void Schedule(ManualTimer timer, TimeSpan dueTime)
    {
        lock (_gate)
        {
            _pending.Remove(timer);
            if (dueTime == Timeout.InfiniteTimeSpan)
            {
                return;
            }

            if (dueTime > AutoFireLimit)
            {
                timer.DueAt = _now + dueTime;
                _pending.Add(timer);
                return;
            }

            _delays.Add(dueTime);
        }

        Advance(dueTime);
        timer.Fire();
    }

    private void Cancel(ManualTimer timer)
    {
        lock (_gate)
        {
            _pending.Remove(timer);
        }
    }

    private sealed class ManualTimer(InstantTimeProvider owner, TimerCallback callback, object? state) : ITimer
    {
        public DateTimeOffset DueAt { get; set; }

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            owner.Schedule(this, dueTime);
            return true;
        }

        public void Fire() => ThreadPool.QueueUserWorkItem(_ => callback(state));

        public void Dispose() => owner.Cancel(this);

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
