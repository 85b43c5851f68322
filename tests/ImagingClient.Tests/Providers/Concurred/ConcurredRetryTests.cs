using System.Net;

namespace ImagingClient.Tests.Providers.Concurred;

/// <summary>
/// When a generate or edit call is tried again: only after a 429 (Concurred did not act), never after a server error
/// (the image may have been made, and paid for). Runs on <see cref="TestSupport.InstantTimeProvider"/>.
/// </summary>
public sealed class ConcurredRetryTests
{
    private static readonly ImageGenerationRequest Request = new() { Prompt = "p" };

    private static HttpResponseMessage RateLimited(string retryAfter) => ConcurredApi.Json(
        ConcurredApi.ErrorResponse("RATE_LIMIT_EXCEEDED", "Rate limit exceeded", $$"""{"retryAfter":{{retryAfter}}}"""),
        HttpStatusCode.TooManyRequests);

    [Fact]
    public async Task GenerateAsync_429WithRetryAfterThen200_SucceedsAfterWaitingRetryAfter()
    {
        // Arrange
        using var api = new ConcurredApi();
        api.ExpectPost(ConcurredApi.GenerateUrl, () => RateLimited("3"));
        api.ExpectPost(ConcurredApi.GenerateUrl, () => ConcurredApi.Json(ConcurredApi.UrlResponse()));
        using var client = api.CreateClient();

        // Act
        var result = await client.GenerateAsync(Request);

        // Assert
        result.Images.Should().ContainSingle();
        result.RequestId.Should().Be(ConcurredApi.RequestId);
        api.Requests.Should().HaveCount(2);
        api.Time.Delays.Should().Equal(TimeSpan.FromSeconds(3));
        api.Unexpected.Should().BeEmpty();
        api.Mock.VerifyNoOutstandingExpectation();
    }

    [Fact]
    public async Task EditAsync_429WithRetryAfterThen200_SucceedsAfterWaitingRetryAfter()
    {
        // Arrange
        using var api = new ConcurredApi();
        api.ExpectPost(ConcurredApi.EditUrl, () => RateLimited("2"));
        api.ExpectPost(ConcurredApi.EditUrl, () => ConcurredApi.Json(ConcurredApi.UrlResponse("qwen-image-edit", "fal")));
        using var client = api.CreateClient();

        // Act
        var result = await client.EditAsync(new ImageEditRequest { Prompt = "p", Image = ImageInput.FromUri("https://example.com/a.png") });

        // Assert
        result.Images.Should().ContainSingle();
        api.Requests.Should().HaveCount(2);
        api.Time.Delays.Should().Equal(TimeSpan.FromSeconds(2));
    }

    [Fact]
    public async Task GenerateAsync_429WithoutRetryAfter_RetriesWithBackOff()
    {
        // Arrange
        using var api = new ConcurredApi();
        api.ExpectPost(ConcurredApi.GenerateUrl, () => ConcurredApi.Json(ConcurredApi.ErrorResponse("RATE_LIMIT_EXCEEDED", "Rate limit exceeded"), HttpStatusCode.TooManyRequests));
        api.ExpectPost(ConcurredApi.GenerateUrl, () => ConcurredApi.Json(ConcurredApi.UrlResponse()));
        using var client = api.CreateClient();

        // Act
        var result = await client.GenerateAsync(Request);

        // Assert
        result.Images.Should().ContainSingle();
        api.Requests.Should().HaveCount(2);
        api.Time.Delays.Should().ContainSingle().Which.Should().BePositive().And.BeLessThanOrEqualTo(TimeSpan.FromSeconds(30));
    }

    [Fact]
    public async Task GenerateAsync_429Always_GivesUpAfterMaxRetries()
    {
        // Arrange
        using var api = new ConcurredApi();
        api.OnPost(ConcurredApi.GenerateUrl, () => RateLimited("1"));
        using var client = api.CreateClient(o => o.Retry.MaxRetries = 2);

        // Act
        var act = () => client.GenerateAsync(Request);

        // Assert
        var ex = (await act.Should().ThrowAsync<ImagingApiException>()).Which;
        ex.ErrorCode.Should().Be(ImagingErrorCode.RateLimited);
        ex.RetryAfter.Should().Be(TimeSpan.FromSeconds(1));
        api.Requests.Should().HaveCount(3, "one attempt and two retries");
        api.Time.Delays.Should().Equal(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1));
    }

    [Fact]
    public async Task GenerateAsync_RetryAfterAboveMaxRetryAfter_FailsAtOnceWithRetryAfter()
    {
        // Arrange
        using var api = new ConcurredApi();
        api.OnPost(ConcurredApi.GenerateUrl, () => RateLimited("120"));
        using var client = api.CreateClient(o => o.Retry.MaxRetryAfter = TimeSpan.FromSeconds(60));

        // Act
        var act = () => client.GenerateAsync(Request);

        // Assert
        var ex = (await act.Should().ThrowAsync<ImagingApiException>()).Which;
        ex.ErrorCode.Should().Be(ImagingErrorCode.RateLimited);
        ex.RetryAfter.Should().Be(TimeSpan.FromSeconds(120));
        api.Requests.Should().ContainSingle();
        api.Time.Delays.Should().BeEmpty();
    }

    [Fact]
    public async Task GenerateAsync_RetryAfterEqualToMaxRetryAfter_IsWaitedFor()
    {
        // Arrange
        using var api = new ConcurredApi();
        api.ExpectPost(ConcurredApi.GenerateUrl, () => RateLimited("10"));
        api.ExpectPost(ConcurredApi.GenerateUrl, () => ConcurredApi.Json(ConcurredApi.UrlResponse()));
        using var client = api.CreateClient(o => o.Retry.MaxRetryAfter = TimeSpan.FromSeconds(10));

        // Act
        await client.GenerateAsync(Request);

        // Assert
        api.Requests.Should().HaveCount(2);
        api.Time.Delays.Should().Equal(TimeSpan.FromSeconds(10));
    }

    [Theory]
    [InlineData(HttpStatusCode.InternalServerError, "INTERNAL_ERROR")]
    [InlineData(HttpStatusCode.ServiceUnavailable, "MODEL_UNAVAILABLE")]
    [InlineData(HttpStatusCode.ServiceUnavailable, null)]

    // 502 and 504 (a gateway's answer: the work may exist) are in ProviderHttpTests.
    public async Task GenerateAsync_ServerErrorOnPost_IsNotRetried(HttpStatusCode status, string? code)
    {
        // Arrange
        using var api = new ConcurredApi();
        api.OnPost(ConcurredApi.GenerateUrl, () => code is null
            ? ConcurredApi.Text("upstream failed", "text/plain", status)
            : ConcurredApi.Json(ConcurredApi.ErrorResponse(code, "Something broke"), status));
        using var client = api.CreateClient();

        // Act
        var act = () => client.GenerateAsync(Request);

        // Assert
        var ex = (await act.Should().ThrowAsync<ImagingApiException>()).Which;
        ex.StatusCode.Should().Be(status);
        ex.IsRetryable.Should().BeTrue("the caller may decide to pay for another attempt");
        api.Requests.Should().ContainSingle("paid work is not repeated by the library");
        api.Time.Delays.Should().BeEmpty();
    }

    [Fact]
    public async Task EditAsync_ServerErrorOnPost_IsNotRetried()
    {
        // Arrange
        using var api = new ConcurredApi();
        api.OnPost(ConcurredApi.EditUrl, () => ConcurredApi.Json(ConcurredApi.ErrorResponse("INTERNAL_ERROR", "Something broke"), HttpStatusCode.InternalServerError));
        using var client = api.CreateClient();

        // Act
        var act = () => client.EditAsync(new ImageEditRequest { Prompt = "p", Image = ImageInput.FromUri("https://example.com/a.png") });

        // Assert
        await act.Should().ThrowAsync<ImagingApiException>();
        api.Requests.Should().ContainSingle();
    }

    [Fact]
    public async Task GenerateAsync_MaxRetriesZero_DoesNotRetry429()
    {
        // Arrange
        using var api = new ConcurredApi();
        api.OnPost(ConcurredApi.GenerateUrl, () => RateLimited("1"));
        using var client = api.CreateClient(o => o.Retry.MaxRetries = 0);

        // Act
        var act = () => client.GenerateAsync(Request);

        // Assert
        var ex = (await act.Should().ThrowAsync<ImagingApiException>()).Which;
        ex.ErrorCode.Should().Be(ImagingErrorCode.RateLimited);
        ex.RetryAfter.Should().Be(TimeSpan.FromSeconds(1));
        api.Requests.Should().ContainSingle();
        api.Time.Delays.Should().BeEmpty();
    }

    [Fact]
    public async Task GenerateAsync_ClientErrorOnPost_IsNotRetried()
    {
        // Arrange
        using var api = new ConcurredApi();
        api.OnPost(ConcurredApi.GenerateUrl, () => ConcurredApi.Json(ConcurredApi.ErrorResponse("BAD_REQUEST", "Bad"), HttpStatusCode.BadRequest));
        using var client = api.CreateClient();

        // Act
        var act = () => client.GenerateAsync(Request);

        // Assert
        await act.Should().ThrowAsync<ImagingApiException>();
        api.Requests.Should().ContainSingle();
        api.Time.Delays.Should().BeEmpty();
    }
}
