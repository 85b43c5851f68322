using ImagingClient.Jobs;
using ImagingClient.Tests.TestSupport;

namespace ImagingClient.Tests.Reliability.Load;

public sealed class PollBoundTests
{
    [Theory]
    [InlineData(3, 1.5, 15, 0.1, 6, 2)]
    [InlineData(2, 1.5, 3, 0.1, 4, 2)]
    [InlineData(2, 1.0, 2, 0.5, 3, 3)]
    [InlineData(1, 2.0, 2, 0.0, 7, 4)]
    [InlineData(1, 1.5, 2, 0.0, 0, 1)]
    public void MaxChecks_Schedule_CountsTheShortestWaitsUntilTheJobHasEnded(double first, double factor, double max, double jitter, double seconds, int expected)
    {
        // Arrange
        var polling = new ImagingPollingOptions { FirstDelay = TimeSpan.FromSeconds(first), BackoffFactor = factor, MaxInterval = TimeSpan.FromSeconds(max), Jitter = jitter };

        // Act
        var bound = PollBound.MaxChecks(polling, TimeSpan.FromSeconds(seconds));

        // Assert
        bound.Should().Be(expected);
    }

    [Theory]
    [InlineData(6)]
    [InlineData(4)]
    [InlineData(30)]
    public async Task MaxChecks_WithoutJitter_IsExactlyHowOftenThePollerChecks(double seconds)
    {
        // Arrange: a job that ends a set time after it was created, polled on an instant clock.
        var time = new InstantTimeProvider();
        var polling = new ImagingPollingOptions { FirstDelay = TimeSpan.FromSeconds(3), BackoffFactor = 1.5, MaxInterval = TimeSpan.FromSeconds(15), Jitter = 0 };
        var duration = TimeSpan.FromSeconds(seconds);
        var source = new TimedSource(time, time.GetUtcNow() + duration);
        var job = new ImageJob("job", "test", "m", resumeToken: null, new JobSnapshot(ImageJobStatus.Queued, null, null), source, time, polling);

        // Act
        await job.WaitForCompletionAsync().WithinLimitAsync("the wait");

        // Assert
        source.Checks.Should().Be(PollBound.MaxChecks(polling, duration));
    }

    /// <summary>Reports the job running until the clock reaches its end, then done.</summary>
    private sealed class TimedSource(TimeProvider time, DateTimeOffset end) : IImageJobSource
    {
        private int _checks;

        public int Checks => Volatile.Read(ref _checks);

        public TimeSpan CheckTimeout => TimeSpan.Zero;

        public Task<JobSnapshot> CheckAsync(ImageJob job, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _checks);
            return Task.FromResult(time.GetUtcNow() >= end
                ? new JobSnapshot(ImageJobStatus.Succeeded, "done", 1, ImagingModelFactory.ImageResult([ImagingModelFactory.InlineImage(new byte[] { 1 })], jobId: job.Id))
                : new JobSnapshot(ImageJobStatus.Running, "running", null));
        }
    }
}
