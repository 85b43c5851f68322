using ImagingClient.Emulator;

namespace ImagingClient.Tests.Emulator;

public sealed class RequestLogTests
{
    [Fact]
    public void Add_BeyondCapacity_KeepsTheMostRecentRequests()
    {
        // Arrange
        var log = new RequestLog();

        // Act
        for (var i = 0; i < RequestLog.Capacity + 5; i++)
        {
            log.Add(new EmulatorRequest("GET", $"/r/{i}", new Dictionary<string, string>(), string.Empty));
        }

        // Assert
        var snapshot = log.Snapshot();
        snapshot.Should().HaveCount(RequestLog.Capacity);
        snapshot[0].Path.Should().Be("/r/5");
        snapshot[^1].Path.Should().Be($"/r/{RequestLog.Capacity + 4}");
    }
}
