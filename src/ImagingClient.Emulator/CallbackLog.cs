namespace ImagingClient.Emulator;

/// <summary>
/// The callbacks an <see cref="ImagingEmulator"/> attempted, most recent <see cref="Capacity"/> kept,
/// with a way to await the one for a given task. Thread-safe.
/// </summary>
internal sealed class CallbackLog
{
    /// <summary>How many callbacks are kept.</summary>
    public const int Capacity = 10_000;

    private readonly Lock _gate = new();
    private readonly Queue<EmulatorCallback> _callbacks = new();
    private readonly List<(string TaskId, TaskCompletionSource<EmulatorCallback> Waiter)> _waiters = [];

    public void Add(EmulatorCallback callback)
    {
        List<TaskCompletionSource<EmulatorCallback>> ready = [];
        lock (_gate)
        {
            if (_callbacks.Count == Capacity)
            {
                _callbacks.Dequeue();
            }

            _callbacks.Enqueue(callback);
            for (var i = _waiters.Count - 1; i >= 0; i--)
            {
                if (string.Equals(_waiters[i].TaskId, callback.TaskId, StringComparison.Ordinal))
                {
                    ready.Add(_waiters[i].Waiter);
                    _waiters.RemoveAt(i);
                }
            }
        }

        foreach (var waiter in ready)
        {
            waiter.TrySetResult(callback);
        }
    }

    public IReadOnlyList<EmulatorCallback> Snapshot()
    {
        lock (_gate)
        {
            return _callbacks.ToArray();
        }
    }

    /// <summary>Completes with the callback for <paramref name="taskId"/>, at once when it was already attempted.</summary>
    public Task<EmulatorCallback> WaitForAsync(string taskId, CancellationToken cancellationToken)
    {
        var waiter = new TaskCompletionSource<EmulatorCallback>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_gate)
        {
            foreach (var callback in _callbacks)
            {
                if (string.Equals(callback.TaskId, taskId, StringComparison.Ordinal))
                {
                    return Task.FromResult(callback);
                }
            }

            _waiters.Add((taskId, waiter));
        }

        if (cancellationToken.CanBeCanceled)
        {
            // A cancelled wait leaves no waiter behind.
            var registration = cancellationToken.Register(() =>
            {
                lock (_gate)
                {
                    _waiters.RemoveAll(entry => ReferenceEquals(entry.Waiter, waiter));
                }

                waiter.TrySetCanceled(cancellationToken);
            });
            _ = waiter.Task.ContinueWith(_ => registration.Dispose(), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        }

        return waiter.Task;
    }
}
