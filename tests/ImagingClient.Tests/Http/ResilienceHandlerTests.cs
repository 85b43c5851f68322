using System.Net;
using ImagingClient.Http;
using ImagingClient.Tests.TestSupport;
using RichardSzalay.MockHttp;

namespace ImagingClient.Tests.Http;

public sealed class ResilienceHandlerTests
{
    [Fact]
    public async Task SendAsync_GetAfter503_RetriesWithBackoff()
    {
        // Arrange
        var (invoker, mock, time) = Create(new ImagingRetryOptions { MaxRetries = 2, BaseDelay = TimeSpan.FromSeconds(1) });
        var calls = 0;
        mock.When("*").Respond(_ => ++calls < 3 ? new HttpResponseMessage(HttpStatusCode.ServiceUnavailable) : new HttpResponseMessage(HttpStatusCode.OK));

        // Act
        using var response = await invoker.SendAsync(new HttpRequestMessage(HttpMethod.Get, "https://x.example/a"), CancellationToken.None);

        // Assert
        response.StatusCode.Should().Be(HttpStatusCode.OK);
        calls.Should().Be(3);
        time.Delays.Should().HaveCount(2).And.OnlyContain(d => d > TimeSpan.Zero && d <= TimeSpan.FromSeconds(30));
    }

    [Fact]
    public async Task SendAsync_PostAfter503WithoutIdempotencyKey_IsNotRetried()
    {
        // Arrange
        var (invoker, mock, _) = Create(new ImagingRetryOptions());
        var calls = 0;
        mock.When("*").Respond(_ =>
        {
            calls++;
            return new HttpResponseMessage(HttpStatusCode.ServiceUnavailable);
        });

        // Act
        using var response = await invoker.SendAsync(new HttpRequestMessage(HttpMethod.Post, "https://x.example/a"), CancellationToken.None);

        // Assert
        response.StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable);
        calls.Should().Be(1, "a POST that may have created paid work is not repeated");
    }

    [Fact]
    public async Task SendAsync_PostAfter503WithIdempotencyKey_IsRetried()
    {
        // Arrange
        var (invoker, mock, _) = Create(new ImagingRetryOptions());
        var calls = 0;
        mock.When("*").Respond(_ => ++calls < 2 ? new HttpResponseMessage(HttpStatusCode.ServiceUnavailable) : new HttpResponseMessage(HttpStatusCode.Accepted));
        var request = new HttpRequestMessage(HttpMethod.Post, "https://x.example/a");
        request.Headers.Add(ResilienceHandler.IdempotencyKeyHeader, "key-1");

        // Act
        using var response = await invoker.SendAsync(request, CancellationToken.None);

        // Assert
        response.StatusCode.Should().Be(HttpStatusCode.Accepted);
        calls.Should().Be(2);
    }

    [Fact]
    public async Task SendAsync_PostWhenConnectionRefused_IsRetriedBecauseNothingWasSent()
    {
        // Arrange
        var (invoker, mock, _) = Create(new ImagingRetryOptions());
        var calls = 0;
        mock.When("*").Respond(_ => ++calls < 2
            ? throw new HttpRequestException(HttpRequestError.ConnectionError, "refused")
            : new HttpResponseMessage(HttpStatusCode.OK));

        // Act
        using var response = await invoker.SendAsync(new HttpRequestMessage(HttpMethod.Post, "https://x.example/a"), CancellationToken.None);

        // Assert
        response.StatusCode.Should().Be(HttpStatusCode.OK);
        calls.Should().Be(2);
    }

    [Fact]
    public async Task SendAsync_429WithRetryAfterHeader_WaitsExactlyThatLong()
    {
        // Arrange
        var (invoker, mock, time) = Create(new ImagingRetryOptions());
        var calls = 0;
        mock.When("*").Respond(_ =>
        {
            if (++calls > 1)
            {
                return new HttpResponseMessage(HttpStatusCode.OK);
            }

            var limited = new HttpResponseMessage(HttpStatusCode.TooManyRequests);
            limited.Headers.RetryAfter = new System.Net.Http.Headers.RetryConditionHeaderValue(TimeSpan.FromSeconds(7));
            return limited;
        });

        // Act
        using var response = await invoker.SendAsync(new HttpRequestMessage(HttpMethod.Post, "https://x.example/a"), CancellationToken.None);

        // Assert
        response.StatusCode.Should().Be(HttpStatusCode.OK);
        time.Delays.Should().Equal(TimeSpan.FromSeconds(7));
    }

    [Fact]
    public async Task SendAsync_429WithRetryAfterBeyondCap_ReturnsTheResponseWithoutWaiting()
    {
        // Arrange
        var (invoker, mock, time) = Create(new ImagingRetryOptions { MaxRetryAfter = TimeSpan.FromSeconds(5) });
        mock.When("*").Respond(_ =>
        {
            var limited = new HttpResponseMessage(HttpStatusCode.TooManyRequests);
            limited.Headers.RetryAfter = new System.Net.Http.Headers.RetryConditionHeaderValue(TimeSpan.FromMinutes(5));
            return limited;
        });

        // Act
        using var response = await invoker.SendAsync(new HttpRequestMessage(HttpMethod.Get, "https://x.example/a"), CancellationToken.None);

        // Assert
        response.StatusCode.Should().Be(HttpStatusCode.TooManyRequests);
        time.Delays.Should().BeEmpty();
    }

    [Fact]
    public async Task SendAsync_WhenCallerCancels_DoesNotRetry()
    {
        // Arrange
        var (invoker, mock, _) = Create(new ImagingRetryOptions());
        using var cts = new CancellationTokenSource();
        var calls = 0;
        mock.When("*").Respond(_ =>
        {
            calls++;
            cts.Cancel();
            return new HttpResponseMessage(HttpStatusCode.ServiceUnavailable);
        });

        // Act
        var act = () => invoker.SendAsync(new HttpRequestMessage(HttpMethod.Get, "https://x.example/a"), cts.Token);

        // Assert
        await act.Should().ThrowAsync<OperationCanceledException>();
        calls.Should().Be(1);
    }

    private static (HttpMessageInvoker Invoker, MockHttpMessageHandler Mock, InstantTimeProvider Time) Create(ImagingRetryOptions options)
    {
        var mock = new MockHttpMessageHandler();
        var time = new InstantTimeProvider();
        var pipeline = ResilienceHandler.CreatePipeline(
            options,
            time,
            (response, now, _) => ValueTask.FromResult(ResponseHeaders.ReadRetryAfter(response.Headers, now)));
        var handler = new ResilienceHandler(pipeline) { InnerHandler = mock };
        return (new HttpMessageInvoker(handler), mock, time);
    }
}
