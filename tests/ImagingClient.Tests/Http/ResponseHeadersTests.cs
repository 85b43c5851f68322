using System.Net;
using ImagingClient.Http;

namespace ImagingClient.Tests.Http;

public sealed class ResponseHeadersTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 21, 12, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("7", 7)]
    [InlineData("0", 0)]
    [InlineData("3000000000", 3_000_000_000)]
    public void ReadRetryAfter_Seconds_AreReadEvenBeyondTheHeaderParsersRange(string value, long expectedSeconds)
    {
        // Arrange
        using var response = new HttpResponseMessage(HttpStatusCode.TooManyRequests);
        response.Headers.TryAddWithoutValidation("Retry-After", value);

        // Act
        var wait = ResponseHeaders.ReadRetryAfter(response.Headers, Now);

        // Assert
        wait.Should().Be(TimeSpan.FromSeconds(expectedSeconds));
    }

    [Theory]
    [InlineData("99999999999999999999")]
    [InlineData("922337203686")]
    public void ReadRetryAfter_SecondsTooLargeForATimeSpan_AreTheLongestWait(string value)
    {
        // Arrange
        using var response = new HttpResponseMessage(HttpStatusCode.TooManyRequests);
        response.Headers.TryAddWithoutValidation("Retry-After", value);

        // Act
        var wait = ResponseHeaders.ReadRetryAfter(response.Headers, Now);

        // Assert
        wait.Should().Be(TimeSpan.MaxValue, "a wait too long to represent is longer than any cap, not \"no Retry-After\"");
    }

    [Theory]
    [InlineData("soon")]
    [InlineData("-5")]
    [InlineData("")]
    public void ReadRetryAfter_Unreadable_IsNoRetryAfter(string value)
    {
        // Arrange
        using var response = new HttpResponseMessage(HttpStatusCode.TooManyRequests);
        response.Headers.TryAddWithoutValidation("Retry-After", value);

        // Act
        var wait = ResponseHeaders.ReadRetryAfter(response.Headers, Now);

        // Assert
        wait.Should().BeNull();
    }

    [Theory]
    [InlineData(1e308)]
    [InlineData(double.PositiveInfinity)]
    [InlineData(922337203686d)]
    public void RetryAfterFromSeconds_OutOfRange_IsTheLongestWait(double seconds)
    {
        // Act
        var wait = ResponseHeaders.RetryAfterFromSeconds(seconds);

        // Assert
        wait.Should().Be(TimeSpan.MaxValue);
    }
}
