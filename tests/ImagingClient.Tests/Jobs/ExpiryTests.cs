using ImagingClient.Jobs;

namespace ImagingClient.Tests.Jobs;

/// <summary>Times a provider sent, counted on without running past the end of <see cref="DateTimeOffset"/>.</summary>
public sealed class ExpiryTests
{
    [Fact]
    public void At_AnOrdinaryTime_AddsTheLifetime()
    {
        // Arrange
        var from = new DateTimeOffset(2026, 12, 1, 10, 0, 0, TimeSpan.FromHours(2));

        // Act
        var expires = Expiry.At(from, TimeSpan.FromHours(24));

        // Assert
        expires.Should().Be(from.AddHours(24));
        expires.Offset.Should().Be(TimeSpan.FromHours(2));
    }

    [Theory]
    [InlineData("9999-12-31T23:59:59.9999999+00:00")]
    [InlineData("9999-12-31T20:00:00+14:00")]
    [InlineData("9999-12-31T00:00:00-10:00")]
    public void At_PastTheLastInstant_IsMaxValueInsteadOfThrowing(string from)
    {
        // Arrange
        var time = DateTimeOffset.Parse(from, System.Globalization.CultureInfo.InvariantCulture);

        // Act
        var expires = Expiry.At(time, TimeSpan.FromDays(14));

        // Assert
        expires.Should().Be(DateTimeOffset.MaxValue);
    }
}
