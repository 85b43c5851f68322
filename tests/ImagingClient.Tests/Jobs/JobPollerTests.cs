using ImagingClient.Jobs;
using ImagingClient.Tests.TestSupport;
using Microsoft.Extensions.Time.Testing;

namespace ImagingClient.Tests.Jobs;

public sealed class JobPollerTests
{
    [Fact]
    public async Task WaitAsync_AThousandJobsWaiting_CostTimersNotThreads()
    {
        // Arrange: a clock that never fires by itself, so every wait stays pending until it is advanced.
        var time = new InstantTimeProvider { AutoFireLimit = TimeSpan.Zero };
        var source = new CountingSource(checksUntilDone: 1);
        var polling = new ImagingPollingOptions { FirstDelay = TimeSpan.FromSeconds(5), Jitter = 0 };
        var jobs = Enumerable.Range(0, 1000)
            .Select(i => new ImageJob($"job-{i}", "test", "m", resumeToken: null, new JobSnapshot(ImageJobStatus.Queued, null, null), source, time, polling))
            .ToList();
        var threadsBefore = ThreadPool.ThreadCount;

        // Act
        var waits = jobs.Select(job => job.WaitForCompletionAsync()).ToList();
        await Task.Yield();

        // Assert
        time.PendingTimers.Should().Be(1000, "each waiting job holds exactly one timer");
        waits.Should().OnlyContain(w => !w.IsCompleted);
        ThreadPool.ThreadCount.Should().BeLessThan(threadsBefore + 50, "waiting jobs must not hold threads");

        time.Advance(TimeSpan.FromSeconds(5));
        var results = await Task.WhenAll(waits).WithinLimitAsync("the thousand waits, once their timers fired");
        results.Should().HaveCount(1000).And.OnlyContain(r => r.Images.Count == 1);
        time.PendingTimers.Should().Be(0);
    }

    [Fact]
    public async Task WaitAsync_Jitter_KeepsEachDelayWithinItsBand()
    {
        // Arrange
        var time = new InstantTimeProvider();
        var polling = new ImagingPollingOptions { FirstDelay = TimeSpan.FromSeconds(10), BackoffFactor = 1, MaxInterval = TimeSpan.FromSeconds(10), Jitter = 0.2 };
        var job = new ImageJob("job", "test", "m", null, new JobSnapshot(ImageJobStatus.Queued, null, null), new CountingSource(checksUntilDone: 50), time, polling);

        // Act
        await job.WaitForCompletionAsync();

        // Assert
        time.Delays.Should().HaveCount(50).And.OnlyContain(d => d >= TimeSpan.FromSeconds(8) && d <= TimeSpan.FromSeconds(12));
        time.Delays.Distinct().Should().HaveCountGreaterThan(1, "jitter spreads the polls of many jobs apart");
    }

    [Fact]
    public async Task WaitAsync_CompletedJob_ReturnsAtOnceWithoutPolling()
    {
        // Arrange
        var source = new CountingSource(checksUntilDone: 1);
        var result = ImagingModelFactory.ImageResult([ImagingModelFactory.InlineImage(new byte[] { 1 })]);
        var time = new InstantTimeProvider();
        var job = new ImageJob("job", "test", "m", null, new JobSnapshot(ImageJobStatus.Succeeded, "done", 1, result), source, time, new ImagingPollingOptions());

        // Act
        var waited = await job.WaitForCompletionAsync();

        // Assert
        waited.Should().BeSameAs(result);
        source.Checks.Should().Be(0);
        time.Delays.Should().BeEmpty();
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public async Task WaitForCompletionAsync_NonPositiveTimeout_IsRejected(int seconds)
    {
        // Arrange
        var job = new ImageJob("job", "test", "m", null, new JobSnapshot(ImageJobStatus.Queued, null, null), new CountingSource(1), new FakeTimeProvider(), new ImagingPollingOptions());

        // Act
        var act = () => job.WaitForCompletionAsync(TimeSpan.FromSeconds(seconds));

        // Assert
        await act.Should().ThrowAsync<ArgumentOutOfRangeException>();
    }

    /// <summary>Reports running until the given number of checks, then succeeded.</summary>
    private sealed class CountingSource(int checksUntilDone) : IImageJobSource
    {
        private int _checks;

        public int Checks => _checks;

        public TimeSpan CheckTimeout => TimeSpan.Zero;

        public Task<JobSnapshot> CheckAsync(ImageJob job, CancellationToken cancellationToken)
        {
            var n = Interlocked.Increment(ref _checks);
            var perJob = job.Id == "job" ? n : 1;
            return Task.FromResult(perJob >= checksUntilDone
                ? new JobSnapshot(ImageJobStatus.Succeeded, "done", 1, ImagingModelFactory.ImageResult([ImagingModelFactory.InlineImage(new byte[] { 1 })], jobId: job.Id))
                : new JobSnapshot(ImageJobStatus.Running, "running", null));
        }
    }
}
