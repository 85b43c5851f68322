namespace ImagingClient.Tests.Emulator;

public sealed class TimerCountingTimeProviderTests
{
    [Fact]
    public void PendingTimers_OneShotTimer_CountsUntilItFires()
    {
        // Arrange
        var clock = new TimerCountingTimeProvider();
        var fired = 0;
        using var timer = clock.CreateTimer(_ => fired++, null, TimeSpan.FromSeconds(5), Timeout.InfiniteTimeSpan);

        // Act
        var beforeDue = clock.PendingTimers;
        clock.Advance(TimeSpan.FromSeconds(5));

        // Assert
        beforeDue.Should().Be(1);
        fired.Should().Be(1);
        clock.PendingTimers.Should().Be(0);
    }

    [Fact]
    public void PendingTimers_StoppedDisposedAndZeroDueTimers_AreNotCounted()
    {
        // Arrange
        var clock = new TimerCountingTimeProvider();
        var fired = 0;

        // Act
        using var stopped = clock.CreateTimer(_ => fired++, null, TimeSpan.FromSeconds(5), Timeout.InfiniteTimeSpan);
        stopped.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        var disposed = clock.CreateTimer(_ => fired++, null, TimeSpan.FromSeconds(5), Timeout.InfiniteTimeSpan);
        disposed.Dispose();
        disposed.Change(TimeSpan.FromSeconds(1), Timeout.InfiniteTimeSpan);
        using var immediate = clock.CreateTimer(_ => fired++, null, TimeSpan.Zero, Timeout.InfiniteTimeSpan);
        clock.Advance(TimeSpan.FromMinutes(1));

        // Assert
        clock.PendingTimers.Should().Be(0);
        fired.Should().Be(1, "only the zero-due timer fires, at once");
    }
}
