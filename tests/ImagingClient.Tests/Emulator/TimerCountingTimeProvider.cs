using Microsoft.Extensions.Time.Testing;

namespace ImagingClient.Tests.Emulator;

/// <summary>
/// A <see cref="FakeTimeProvider"/> that also counts the timers still scheduled to fire. It exists only because
/// <see cref="FakeTimeProvider"/> keeps its timers private and offers no such count, while the emulator's callback
/// tests must prove that no timer is left behind (a task without a callback URL, a delivered or refused callback,
/// retries turned off, a stopped emulator). Everything else is <see cref="FakeTimeProvider"/>'s own behaviour.
/// </summary>
internal sealed class TimerCountingTimeProvider : FakeTimeProvider
{
    private readonly Lock _gate = new();
    private readonly HashSet<CountedTimer> _scheduled = [];

    /// <summary>Gets how many timers are scheduled to fire: created or changed with a finite due time, and since then neither fired (one-shot), stopped nor disposed.</summary>
    public int PendingTimers
    {
        get
        {
            lock (_gate)
            {
                return _scheduled.Count;
            }
        }
    }

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        ArgumentNullException.ThrowIfNull(callback);
        var timer = new CountedTimer(this, callback);

        // Counted before the fake timer exists: a zero due time fires inside base.CreateTimer.
        timer.Arm(dueTime, period);
        timer.Inner = base.CreateTimer(timer.Fire, state, dueTime, period);
        return timer;
    }

    private void Track(CountedTimer timer, bool scheduled)
    {
        lock (_gate)
        {
            if (scheduled)
            {
                _scheduled.Add(timer);
            }
            else
            {
                _scheduled.Remove(timer);
            }
        }
    }

    /// <summary>Wraps the fake timer to keep <see cref="PendingTimers"/> up to date. Compared by reference.</summary>
    private sealed class CountedTimer(TimerCountingTimeProvider owner, TimerCallback callback) : ITimer
    {
        private volatile bool _disposed;
        private volatile bool _periodic;

        public ITimer? Inner { get; set; }

        public void Arm(TimeSpan dueTime, TimeSpan period)
        {
            _periodic = period != Timeout.InfiniteTimeSpan && period != TimeSpan.Zero;
            owner.Track(this, !_disposed && dueTime != Timeout.InfiniteTimeSpan);
        }

        public void Fire(object? state)
        {
            if (!_periodic)
            {
                owner.Track(this, scheduled: false);
            }

            callback(state);
        }

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            if (!_disposed)
            {
                Arm(dueTime, period);
            }

            return Inner!.Change(dueTime, period);
        }

        public void Dispose()
        {
            _disposed = true;
            owner.Track(this, scheduled: false);
            Inner?.Dispose();
        }

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
