namespace ImagingClient.Tests.Reliability.Load;

/// <summary>
/// Samples <see cref="ThreadPool.ThreadCount"/> every few milliseconds of wall-clock time while a load runs, and
/// whenever a test calls <see cref="Sample"/> (from inside each job, say), keeping the highest count seen; and every
/// tenth timed sample the process's own threads, dedicated ones included, which the pool's count leaves out. It stops
/// when disposed or after <see cref="MaxSamples"/> timed samples, whichever comes first.
/// </summary>
internal sealed class ThreadPoolSampler : IAsyncDisposable
{
    /// <summary>The most timed samples taken (at the interval, over a minute's worth).</summary>
    public const int MaxSamples = 20_000;

    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(5);

    private readonly Lock _gate = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private int _peak;
    private int _processPeak;
    private int _samples;

    private ThreadPoolSampler()
    {
        Sample();
        SampleProcess();
        _loop = Task.Run(RunAsync);
    }

    /// <summary>The highest thread-pool thread count sampled so far.</summary>
    public int Peak
    {
        get
        {
            lock (_gate)
            {
                return _peak;
            }
        }
    }

    /// <summary>The highest number of threads the process had in a sample, thread-pool threads and dedicated ones alike.</summary>
    public int ProcessPeak
    {
        get
        {
            lock (_gate)
            {
                return _processPeak;
            }
        }
    }

    /// <summary>How many samples were taken, timed and called for.</summary>
    public int Samples
    {
        get
        {
            lock (_gate)
            {
                return _samples;
            }
        }
    }

    public static ThreadPoolSampler Start() => new();

    /// <summary>Samples the thread count now.</summary>
    public void Sample()
    {
        var count = ThreadPool.ThreadCount;
        lock (_gate)
        {
            _samples++;
            if (count > _peak)
            {
                _peak = count;
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _loop;
        _stop.Dispose();
    }

    private void SampleProcess()
    {
        using var process = System.Diagnostics.Process.GetCurrentProcess();
        var count = process.Threads.Count;
        lock (_gate)
        {
            if (count > _processPeak)
            {
                _processPeak = count;
            }
        }
    }

    private async Task RunAsync()
    {
        for (var i = 0; i < MaxSamples && !_stop.IsCancellationRequested; i++)
        {
            Sample();
            if (i % 10 == 0)
            {
                SampleProcess();
            }

            try
            {
                await Task.Delay(Interval, TimeProvider.System, _stop.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
