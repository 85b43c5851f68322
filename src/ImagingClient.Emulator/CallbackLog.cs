namespace ImagingClient.Emulator;

/// <summary>
/// The callback attempts an <see cref="ImagingEmulator"/> made, most recent <see cref="Capacity"/> kept,
/// with a way to await a given attempt for a given task. Thread-safe.
/// </summary>
internal sealed class CallbackLog
{
    /// <summary>How many callback attempts are kept.</summary>
    public const int Capacity = 10_000;

    private readonly Lock _gate = new();
    private readonly Queue<EmulatorCallback> _callbacks = new();
    private readonly List<(Func<EmulatorCallback, bool> Match, TaskCompletionSource<EmulatorCallback> Waiter)> _waiters = [];

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
                if (_waiters[i].Match(callback))
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

    /// <summary>
    /// Completes with attempt number <paramref name="attempt"/> of the callback for <paramref name="taskId"/>,
    /// at once when it was already made.
    /// </summary>
    public Task<EmulatorCallback> WaitForAsync(string taskId, int attempt, CancellationToken cancellationToken) =>
        WaitForAsync(callback => Matches(callback, taskId, attempt), cancellationToken);

    /// <summary>
    /// Completes with the first recorded attempt <paramref name="match"/> accepts, at once when one was already made.
    /// <paramref name="match"/> runs under the log's lock, so it must be quick and must not touch the log.
    /// </summary>
    public Task<EmulatorCallback> WaitForAsync(Func<EmulatorCallback, bool> match, CancellationToken cancellationToken)
    {
        var waiter = new TaskCompletionSource<EmulatorCallback>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_gate)
        {
            foreach (var callback in _callbacks)
            {
                if (match(callback))
                {
                    return Task.FromResult(callback);
                }
            }

            _waiters.Add((match, waiter));
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

    private static bool Matches(EmulatorCallback callback, string taskId, int attempt) =>
        callback.Attempt == attempt && string.Equals(callback.TaskId, taskId, StringComparison.Ordinal);
}
