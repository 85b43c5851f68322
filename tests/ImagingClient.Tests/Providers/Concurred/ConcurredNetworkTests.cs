using RichardSzalay.MockHttp;

namespace ImagingClient.Tests.Providers.Concurred;

/// <summary>Transport failures: which are retried (nothing reached Concurred) and how they are reported.</summary>
public sealed class ConcurredNetworkTests
{
    private static readonly ImageGenerationRequest Request = new() { Prompt = "p" };

    private static MockedRequest ExpectFailure(ConcurredApi api, Exception failure)
    {
        // Thrown synchronously: MockHttp 6 never completes a request whose handler returns a faulted task.
        var attempt = api.Mock.Expect(HttpMethod.Post, ConcurredApi.GenerateUrl);
        attempt.Throw(failure);
        return attempt;
    }

    [Fact]
    public async Task GenerateAsync_ConnectionRefusedThen200_RetriesBecauseNothingWasSent()
    {
        // Arrange
        using var api = new ConcurredApi();
        var refused = ExpectFailure(api, new HttpRequestException(HttpRequestError.ConnectionError, "Connection refused"));
        api.ExpectPost(ConcurredApi.GenerateUrl, () => ConcurredApi.Json(ConcurredApi.UrlResponse()));
        using var client = api.CreateClient();

        // Act
        var result = await client.GenerateAsync(Request);

        // Assert
        result.Images.Should().ContainSingle();
        api.Mock.GetMatchCount(refused).Should().Be(1);
        api.Requests.Should().ContainSingle("the second attempt answered");
        api.Time.Delays.Should().ContainSingle();
        api.Unexpected.Should().BeEmpty();
    }

    [Fact]
    public async Task GenerateAsync_ConnectionDroppedAfterSending_IsNotRetriedAndReportsNetworkError()
    {
        // Arrange
        using var api = new ConcurredApi();
        var dropped = ExpectFailure(api, new HttpRequestException(HttpRequestError.ResponseEnded, "The response ended prematurely"));
        using var client = api.CreateClient();

        // Act
        var act = () => client.GenerateAsync(Request);

        // Assert
        var ex = (await act.Should().ThrowExactlyAsync<ImagingApiException>()).Which;
        ex.ErrorCode.Should().Be(ImagingErrorCode.NetworkError);
        ex.MayHaveCreatedWork.Should().BeTrue("the request went out before the connection broke");
        ex.IsRetryable.Should().BeFalse("submitting again may pay twice");
        ex.Provider.Should().Be("concurred");
        ex.StatusCode.Should().BeNull();
        ex.InnerException.Should().BeOfType<HttpRequestException>();
        api.Mock.GetMatchCount(dropped).Should().Be(1, "the request may have reached Concurred, so it is not sent again");
        api.Requests.Should().BeEmpty("no other request was made");
    }

    [Fact]
    public async Task GenerateAsync_CallerCancels_ThrowsOperationCanceledWithoutSending()
    {
        // Arrange
        using var api = new ConcurredApi();
        api.OnPost(ConcurredApi.GenerateUrl, () => ConcurredApi.Json(ConcurredApi.UrlResponse()));
        using var client = api.CreateClient();
        using var cancellation = new CancellationTokenSource();
        await cancellation.CancelAsync();

        // Act
        var act = () => client.GenerateAsync(Request, cancellation.Token);

        // Assert
        await act.Should().ThrowAsync<OperationCanceledException>();
        api.Requests.Should().BeEmpty();
    }
}
