namespace ImagingClient.Tests.Emulator;

/// <summary>
/// A clock that only moves when told to. Timers created through it fire on the thread that calls
/// <see cref="Advance"/> once the clock reaches their due time (in due-time order, with the clock set to
/// each due time while its callback runs); a zero due time fires at once, as a real timer would.
/// </summary>
internal sealed class ManualTimeProvider(DateTimeOffset start) : TimeProvider
{
    private readonly Lock _gate = new();
    private readonly List<ManualTimer> _timers = [];
    private DateTimeOffset _now = start;

    public ManualTimeProvider()
        : this(new DateTimeOffset(2026, 3, 29, 0, 0, 0, TimeSpan.Zero))
    {
    }

    /// <summary>Gets how many timers are scheduled to fire.</summary>
    public int PendingTimers
    {
        get
        {
            lock (_gate)
            {
                return _timers.Count;
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

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        ArgumentNullException.ThrowIfNull(callback);
        var timer = new ManualTimer(this, callback, state);
        timer.Change(dueTime, period);
        return timer;
    }

    public void Advance(TimeSpan delta)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(delta, TimeSpan.Zero);
        DateTimeOffset target;
        lock (_gate)
        {
            target = _now + delta;
        }

        while (true)
        {
            ManualTimer? due = null;
            lock (_gate)
            {
                foreach (var timer in _timers)
                {
                    if (timer.DueAt <= target && (due is null || timer.DueAt < due.DueAt))
                    {
                        due = timer;
                    }
                }

                if (due is null)
                {
                    _now = target;
                    return;
                }

                if (due.DueAt > _now)
                {
                    _now = due.DueAt;
                }

                Reschedule(due);
            }

            due.Callback(due.State);
        }
    }

    /// <summary>After a timer fires: the next period, or off the schedule when it has none. Caller holds the lock.</summary>
    private void Reschedule(ManualTimer timer)
    {
        if (timer.Period > TimeSpan.Zero && timer.Period != Timeout.InfiniteTimeSpan)
        {
            timer.DueAt += timer.Period;
        }
        else
        {
            _timers.Remove(timer);
        }
    }

    private bool Schedule(ManualTimer timer, TimeSpan dueTime, TimeSpan period)
    {
        var fireNow = false;
        lock (_gate)
        {
            _timers.Remove(timer);
            if (timer.Disposed || dueTime == Timeout.InfiniteTimeSpan)
            {
                return !timer.Disposed;
            }

            ArgumentOutOfRangeException.ThrowIfLessThan(dueTime, TimeSpan.Zero);
            timer.DueAt = _now + dueTime;
            timer.Period = period;
            _timers.Add(timer);
            if (dueTime == TimeSpan.Zero)
            {
                fireNow = true;
                Reschedule(timer);
            }
        }

        if (fireNow)
        {
            timer.Callback(timer.State);
        }

        return true;
    }

    private void Unschedule(ManualTimer timer)
    {
        lock (_gate)
        {
            timer.Disposed = true;
            _timers.Remove(timer);
        }
    }

    private sealed class ManualTimer(ManualTimeProvider owner, TimerCallback callback, object? state) : ITimer
    {
        public TimerCallback Callback { get; } = callback;

        public object? State { get; } = state;

        public DateTimeOffset DueAt { get; set; }

        public TimeSpan Period { get; set; }

        public bool Disposed { get; set; }

        public bool Change(TimeSpan dueTime, TimeSpan period) => owner.Schedule(this, dueTime, period);

        public void Dispose() => owner.Unschedule(this);

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
