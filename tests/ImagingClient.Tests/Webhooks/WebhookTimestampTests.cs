using System.Globalization;
using ImagingClient.Tests.TestSupport;
using ImagingClient.Webhooks;

namespace ImagingClient.Tests.Webhooks;

public sealed class WebhookTimestampTests
{
    private const string Header = "X-Timestamp";
    private readonly InstantTimeProvider _time = new(new DateTimeOffset(2026, 11, 21, 12, 0, 0, TimeSpan.Zero));

    [Theory]
    [InlineData(0)]
    [InlineData(-300)]
    [InlineData(300)]
    public void Check_WithinTolerance_PassesAndReadsTheTime(int secondsOff)
    {
        // Arrange
        var sent = _time.GetUtcNow().AddSeconds(secondsOff);

        // Act
        var check = WebhookTimestamp.Check(Seconds(sent), Header, _time, TimeSpan.FromMinutes(5), out var sentAt);

        // Assert
        check.Succeeded.Should().BeTrue(check.Message);
        sentAt.Should().Be(sent);
    }

    [Fact]
    public void Check_OlderThanTolerance_IsStale()
    {
        // Act
        var check = WebhookTimestamp.Check(Seconds(_time.GetUtcNow().AddSeconds(-301)), Header, _time, TimeSpan.FromMinutes(5), out _);

        // Assert
        check.Reason.Should().Be(WebhookFailureReason.StaleTimestamp);
        check.Message.Should().Contain(Header).And.Contain("00:05:01").And.Contain("replay");
    }

    [Fact]
    public void Check_FurtherAheadThanTolerance_IsFuture()
    {
        // Act
        var check = WebhookTimestamp.Check(Seconds(_time.GetUtcNow().AddSeconds(301)), Header, _time, TimeSpan.FromMinutes(5), out _);

        // Assert
        check.Reason.Should().Be(WebhookFailureReason.FutureTimestamp);
        check.Message.Should().Contain("ahead").And.Contain("replay");
    }

    [Fact]
    public void Check_ClockMoves_UsesTheInjectedClock()
    {
        // Arrange
        var stamp = Seconds(_time.GetUtcNow());
        _time.Advance(TimeSpan.FromMinutes(2));

        // Act
        var narrow = WebhookTimestamp.Check(stamp, Header, _time, TimeSpan.FromMinutes(1), out _);
        var wide = WebhookTimestamp.Check(stamp, Header, _time, TimeSpan.FromMinutes(3), out _);

        // Assert
        narrow.Reason.Should().Be(WebhookFailureReason.StaleTimestamp);
        wide.Succeeded.Should().BeTrue();
    }

    [Theory]
    [InlineData(null, WebhookFailureReason.MissingHeader)]
    [InlineData("", WebhookFailureReason.MissingHeader)]
    [InlineData("2026-11-21T12:00:00Z", WebhookFailureReason.MalformedHeader)]
    [InlineData("0", WebhookFailureReason.MalformedHeader)]
    [InlineData("253402300800", WebhookFailureReason.MalformedHeader)]
    [InlineData("1.5", WebhookFailureReason.MalformedHeader)]
    public void Check_MissingOrNotUnixSeconds_SaysWhich(string? text, WebhookFailureReason reason)
    {
        // Act
        var check = WebhookTimestamp.Check(text, Header, _time, TimeSpan.FromMinutes(5), out _);

        // Assert
        check.Reason.Should().Be(reason);
        check.Message.Should().Contain(Header);
    }

    private static string Seconds(DateTimeOffset time) => time.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
}
