using System.Net;

namespace ImagingClient.Tests.Providers.Concurred;

/// <summary>A Retry-After too long to represent is longer than the cap: the call fails at once and says so.</summary>
public sealed class ConcurredHugeRetryAfterTests
{
    private static readonly ImageGenerationRequest Request = new() { Prompt = "p" };

    [Theory]
    [InlineData("1e308")]
    [InlineData("\"1e308\"")]
    [InlineData("922337203686")]
    public async Task GenerateAsync_429WithOutOfRangeRetryAfterDetail_FailsAtOnceWithTheLongestRetryAfter(string retryAfter)
    {
        // Arrange
        using var api = new ConcurredApi();
        api.OnPost(ConcurredApi.GenerateUrl, () => ConcurredApi.Json(
            ConcurredApi.ErrorResponse("RATE_LIMIT_EXCEEDED", "Rate limit exceeded", $$"""{"retryAfter":{{retryAfter}}}"""),
            HttpStatusCode.TooManyRequests));
        using var client = api.CreateClient();

        // Act
        var act = () => client.GenerateAsync(Request);

        // Assert
        var ex = (await act.Should().ThrowAsync<ImagingApiException>()).Which;
        ex.ErrorCode.Should().Be(ImagingErrorCode.RateLimited);
        ex.RetryAfter.Should().Be(TimeSpan.MaxValue);
        api.Requests.Should().ContainSingle("a wait longer than MaxRetryAfter is not taken, and not replaced by a back-off");
        api.Time.Delays.Should().BeEmpty();
    }

    [Fact]
    public async Task GenerateAsync_429WithHugeRetryAfterHeader_FailsAtOnceWithTheLongestRetryAfter()
    {
        // Arrange
        using var api = new ConcurredApi();
        api.OnPost(ConcurredApi.GenerateUrl, () => ConcurredApi.Json(
            ConcurredApi.ErrorResponse("RATE_LIMIT_EXCEEDED", "Rate limit exceeded"),
            HttpStatusCode.TooManyRequests,
            ("Retry-After", "99999999999999999999")));
        using var client = api.CreateClient();

        // Act
        var act = () => client.GenerateAsync(Request);

        // Assert
        var ex = (await act.Should().ThrowAsync<ImagingApiException>()).Which;
        ex.RetryAfter.Should().Be(TimeSpan.MaxValue);
        api.Requests.Should().ContainSingle();
        api.Time.Delays.Should().BeEmpty();
    }

    [Fact]
    public async Task GenerateAsync_RetryAfterBeyondTheLongestTimerWithNoCapOrDeadline_IsNotWaited()
    {
        // Arrange: 100 years is a TimeSpan, but no timer takes it; with every limit lifted it must still not be waited for.
        using var api = new ConcurredApi();
        api.OnPost(ConcurredApi.GenerateUrl, () => ConcurredApi.Json(
            ConcurredApi.ErrorResponse("RATE_LIMIT_EXCEEDED", "Rate limit exceeded", """{"retryAfter":3155760000}"""),
            HttpStatusCode.TooManyRequests));
        using var client = api.CreateClient(o =>
        {
            o.Retry.MaxRetryAfter = TimeSpan.MaxValue;
            o.Timeout = Timeout.InfiniteTimeSpan;
        });

        // Act
        var act = () => client.GenerateAsync(Request);

        // Assert
        var ex = (await act.Should().ThrowAsync<ImagingApiException>()).Which;
        ex.ErrorCode.Should().Be(ImagingErrorCode.RateLimited);
        ex.RetryAfter.Should().Be(TimeSpan.FromSeconds(3155760000));
        api.Requests.Should().ContainSingle();
    }
}
