using System.Net;
using System.Net.Http.Headers;
using ImagingClient.Http;
using ImagingClient.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using RichardSzalay.MockHttp;

namespace ImagingClient.Tests.Http;

public sealed class RetryStrategyTests
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
        request.Headers.Add(RetryStrategy.IdempotencyKeyHeader, "key-1");

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

    [Theory]
    [InlineData(HttpStatusCode.RequestTimeout)]
    [InlineData(HttpStatusCode.InternalServerError)]
    [InlineData(HttpStatusCode.BadGateway)]
    [InlineData(HttpStatusCode.ServiceUnavailable)]
    [InlineData(HttpStatusCode.GatewayTimeout)]
    public async Task SendAsync_GetAfterTransientStatus_IsRetried(HttpStatusCode status)
    {
        // Arrange
        var (invoker, mock, time) = Create(new ImagingRetryOptions());
        var calls = 0;
        mock.When("*").Respond(_ => ++calls < 2 ? new HttpResponseMessage(status) : new HttpResponseMessage(HttpStatusCode.OK));

        // Act
        using var response = await invoker.SendAsync(new HttpRequestMessage(HttpMethod.Get, "https://x.example/a"), CancellationToken.None);

        // Assert
        response.StatusCode.Should().Be(HttpStatusCode.OK);
        calls.Should().Be(2);
        time.Delays.Should().ContainSingle();
    }

    [Theory]
    [InlineData(HttpStatusCode.RequestTimeout)]
    [InlineData(HttpStatusCode.InternalServerError)]
    [InlineData(HttpStatusCode.BadGateway)]
    [InlineData(HttpStatusCode.GatewayTimeout)]
    [InlineData(HttpStatusCode.Conflict)]
    public async Task SendAsync_PostAfterServerErrorWithoutIdempotencyKey_IsNotRetried(HttpStatusCode status)
    {
        // Arrange
        var (invoker, mock, time) = Create(new ImagingRetryOptions());
        var calls = 0;
        mock.When("*").Respond(_ =>
        {
            calls++;
            return new HttpResponseMessage(status);
        });

        // Act
        using var response = await invoker.SendAsync(new HttpRequestMessage(HttpMethod.Post, "https://x.example/a"), CancellationToken.None);

        // Assert
        response.StatusCode.Should().Be(status);
        calls.Should().Be(1, "a POST that may have created paid work is not repeated");
        time.Delays.Should().BeEmpty();
    }

    [Fact]
    public async Task SendAsync_PostAfterAStatusTheProviderMarksAsWaiting_IsRetriedAfterTheWaitAsked()
    {
        // Arrange: as a provider whose 409 means "a request with this key is still in progress, ask again later".
        var (invoker, mock, time) = Create(new ImagingRetryOptions(), waitingStatuses: new HashSet<int> { 409 });
        var calls = 0;
        mock.When("*").Respond(_ =>
        {
            if (++calls > 1)
            {
                return new HttpResponseMessage(HttpStatusCode.Created);
            }

            var busy = new HttpResponseMessage(HttpStatusCode.Conflict);
            busy.Headers.RetryAfter = new RetryConditionHeaderValue(TimeSpan.FromSeconds(4));
            return busy;
        });

        // Act
        using var response = await invoker.SendAsync(new HttpRequestMessage(HttpMethod.Post, "https://x.example/a"), CancellationToken.None);

        // Assert
        response.StatusCode.Should().Be(HttpStatusCode.Created);
        calls.Should().Be(2);
        time.Delays.Should().Equal(TimeSpan.FromSeconds(4));
    }

    [Fact]
    public async Task SendAsync_GetWhenConnectionDropped_IsRetried()
    {
        // Arrange
        var (invoker, mock, _) = Create(new ImagingRetryOptions());
        var calls = 0;
        mock.When("*").Respond(_ => ++calls < 2
            ? throw new HttpRequestException(HttpRequestError.ResponseEnded, "The response ended prematurely")
            : new HttpResponseMessage(HttpStatusCode.OK));

        // Act
        using var response = await invoker.SendAsync(new HttpRequestMessage(HttpMethod.Get, "https://x.example/a"), CancellationToken.None);

        // Assert
        response.StatusCode.Should().Be(HttpStatusCode.OK);
        calls.Should().Be(2);
    }

    [Fact]
    public async Task SendAsync_PostWhenConnectionDropped_IsNotRetried()
    {
        // Arrange
        var (invoker, mock, _) = Create(new ImagingRetryOptions());
        var calls = 0;
        mock.When("*").Respond(_ =>
        {
            calls++;
            throw new HttpRequestException(HttpRequestError.ResponseEnded, "The response ended prematurely");
        });

        // Act
        var act = () => invoker.SendAsync(new HttpRequestMessage(HttpMethod.Post, "https://x.example/a"), CancellationToken.None);

        // Assert
        await act.Should().ThrowAsync<HttpRequestException>();
        calls.Should().Be(1, "the request may have reached the provider before the connection broke");
    }

    [Fact]
    public async Task SendAsync_PostWithIdempotencyKeyWhenConnectionDropped_IsRetried()
    {
        // Arrange
        var (invoker, mock, _) = Create(new ImagingRetryOptions());
        var calls = 0;
        mock.When("*").Respond(_ => ++calls < 2
            ? throw new IOException("Connection reset by peer")
            : new HttpResponseMessage(HttpStatusCode.Accepted));
        var request = new HttpRequestMessage(HttpMethod.Post, "https://x.example/a");
        request.Headers.Add(RetryStrategy.IdempotencyKeyHeader, "key-1");

        // Act
        using var response = await invoker.SendAsync(request, CancellationToken.None);

        // Assert
        response.StatusCode.Should().Be(HttpStatusCode.Accepted);
        calls.Should().Be(2);
    }

    [Fact]
    public async Task SendAsync_RetryAfterAsHttpDate_IsMeasuredOnTheInjectedClock()
    {
        // Arrange: the injected clock is far from the system clock, so only it gives 9 seconds.
        var (invoker, mock, time) = Create(new ImagingRetryOptions());
        var calls = 0;
        mock.When("*").Respond(_ =>
        {
            if (++calls > 1)
            {
                return new HttpResponseMessage(HttpStatusCode.OK);
            }

            var limited = new HttpResponseMessage(HttpStatusCode.TooManyRequests);
            limited.Headers.RetryAfter = new RetryConditionHeaderValue(time.GetUtcNow() + TimeSpan.FromSeconds(9));
            return limited;
        });

        // Act
        using var response = await invoker.SendAsync(new HttpRequestMessage(HttpMethod.Post, "https://x.example/a"), CancellationToken.None);

        // Assert
        response.StatusCode.Should().Be(HttpStatusCode.OK);
        time.Delays.Should().Equal(TimeSpan.FromSeconds(9));
    }

    [Fact]
    public async Task SendAsync_RetryAfterDateFarAhead_ReturnsTheResponseWithoutWaiting()
    {
        // Arrange
        var (invoker, mock, time) = Create(new ImagingRetryOptions());
        var calls = 0;
        mock.When("*").Respond(_ =>
        {
            calls++;
            var limited = new HttpResponseMessage(HttpStatusCode.TooManyRequests);
            limited.Headers.TryAddWithoutValidation("Retry-After", "Fri, 31 Dec 9999 23:59:59 GMT");
            return limited;
        });

        // Act
        using var response = await invoker.SendAsync(new HttpRequestMessage(HttpMethod.Get, "https://x.example/a"), CancellationToken.None);

        // Assert
        response.StatusCode.Should().Be(HttpStatusCode.TooManyRequests);
        calls.Should().Be(1);
        time.Delays.Should().BeEmpty();
    }

    [Theory]
    [InlineData(3, 2)]
    [InlineData(10, 1)]
    public async Task SendAsync_RetryAfterAgainstTheCallDeadline_IsWaitedOnlyWhenItEndsBeforeTheDeadline(int retryAfterSeconds, int expectedCalls)
    {
        // Arrange: the call has 5 seconds left.
        var (invoker, mock, time) = Create(new ImagingRetryOptions());
        var calls = 0;
        mock.When("*").Respond(_ =>
        {
            if (++calls > 1)
            {
                return new HttpResponseMessage(HttpStatusCode.OK);
            }

            var limited = new HttpResponseMessage(HttpStatusCode.TooManyRequests);
            limited.Headers.RetryAfter = new RetryConditionHeaderValue(TimeSpan.FromSeconds(retryAfterSeconds));
            return limited;
        });
        var request = new HttpRequestMessage(HttpMethod.Post, "https://x.example/a");
        request.Options.Set(CallDeadline.RequestOptionKey, time.GetUtcNow() + TimeSpan.FromSeconds(5));

        // Act
        using var response = await invoker.SendAsync(request, CancellationToken.None);

        // Assert
        calls.Should().Be(expectedCalls);
        time.Delays.Should().Equal(expectedCalls == 2 ? [TimeSpan.FromSeconds(retryAfterSeconds)] : Array.Empty<TimeSpan>());
    }

    [Fact]
    public async Task SendAsync_RetryAfterAboveMaxDelayButWithinMaxRetryAfter_IsWaitedInFull()
    {
        // Arrange
        var (invoker, mock, time) = Create(new ImagingRetryOptions { MaxDelay = TimeSpan.FromSeconds(30), MaxRetryAfter = TimeSpan.FromSeconds(60) });
        var calls = 0;
        mock.When("*").Respond(_ =>
        {
            if (++calls > 1)
            {
                return new HttpResponseMessage(HttpStatusCode.OK);
            }

            var limited = new HttpResponseMessage(HttpStatusCode.TooManyRequests);
            limited.Headers.RetryAfter = new RetryConditionHeaderValue(TimeSpan.FromSeconds(45));
            return limited;
        });

        // Act
        using var response = await invoker.SendAsync(new HttpRequestMessage(HttpMethod.Get, "https://x.example/a"), CancellationToken.None);

        // Assert
        response.StatusCode.Should().Be(HttpStatusCode.OK);
        time.Delays.Should().Equal(TimeSpan.FromSeconds(45));
    }

    [Fact]
    public async Task SendAsync_BackOff_GrowsAndStaysWithinMaxDelayOnTheInjectedClock()
    {
        // Arrange
        var (invoker, mock, time) = Create(new ImagingRetryOptions { MaxRetries = 6, BaseDelay = TimeSpan.FromSeconds(1), MaxDelay = TimeSpan.FromSeconds(5) });
        var calls = 0;
        mock.When("*").Respond(_ =>
        {
            calls++;
            return new HttpResponseMessage(HttpStatusCode.ServiceUnavailable);
        });

        // Act
        using var response = await invoker.SendAsync(new HttpRequestMessage(HttpMethod.Get, "https://x.example/a"), CancellationToken.None);

        // Assert
        response.StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable);
        calls.Should().Be(7, "one attempt and MaxRetries = 6 retries");
        time.Delays.Should().HaveCount(6).And.OnlyContain(d => d > TimeSpan.Zero && d <= TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task SendAsync_MaxRetriesZero_SendsOnce()
    {
        // Arrange
        var (invoker, mock, time) = Create(new ImagingRetryOptions { MaxRetries = 0 });
        var calls = 0;
        mock.When("*").Respond(_ =>
        {
            calls++;
            return new HttpResponseMessage(HttpStatusCode.ServiceUnavailable);
        });

        // Act
        using var response = await invoker.SendAsync(new HttpRequestMessage(HttpMethod.Get, "https://x.example/a"), CancellationToken.None);

        // Assert
        calls.Should().Be(1);
        time.Delays.Should().BeEmpty();
    }

    /// <summary>
    /// The retry handler as the library registers it (AddResilienceHandler on a named client), over a mock primary
    /// handler, on an <see cref="InstantTimeProvider"/> registered in the container.
    /// </summary>
    private static (HttpMessageInvoker Invoker, MockHttpMessageHandler Mock, InstantTimeProvider Time) Create(ImagingRetryOptions options, IReadOnlySet<int>? waitingStatuses = null)
    {
        var mock = new MockHttpMessageHandler();
        var time = new InstantTimeProvider();
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(time);
        services.Configure<ImagingClientOptions>(o => o.DownloadRetry = options);
        services.AddHttpClient("test")
            .ConfigurePrimaryHttpMessageHandler(() => mock)
            .AddImagingRetry<ImagingClientOptions>(o => o.DownloadRetry, ResponseHeaders.ReadRetryAfterAsync, provider: null, waitingStatuses);
        var handler = services.BuildServiceProvider().GetRequiredService<IHttpMessageHandlerFactory>().CreateHandler("test");
        return (new HttpMessageInvoker(handler), mock, time);
    }
}
