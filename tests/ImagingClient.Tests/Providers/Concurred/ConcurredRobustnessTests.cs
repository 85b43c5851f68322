using System.Net;
using Microsoft.Extensions.DependencyInjection;
using ImagingClient.Tests.TestSupport;

namespace ImagingClient.Tests.Providers.Concurred;

/// <summary>What happens when the wire misbehaves: stalls, broken connections, odd entries, deadlines, redirects.</summary>
public sealed class ConcurredRobustnessTests
{
    private static readonly ImageGenerationRequest Request = new() { Prompt = "a cat" };

    [Fact]
    public async Task GenerateAsync_BodyStallsAfterHeaders_TimesOutAtTheDeadline()
    {
        // Arrange
        using var api = new ConcurredApi();
        var stalled = new StallingStream();
        api.OnPost(ConcurredApi.GenerateUrl, () => new HttpResponseMessage(HttpStatusCode.OK) { Content = new StreamContent(stalled) });
        using var client = api.CreateClient(o => o.Timeout = TimeSpan.FromMinutes(3));

        // Act
        var call = client.GenerateAsync(Request);
        await stalled.ReadStarted.WithinLimitAsync("the client to start reading the body");
        api.Time.Advance(TimeSpan.FromMinutes(4));
        var act = () => call.WithinLimitAsync("the stalled call to end at its deadline");

        // Assert
        var ex = (await act.Should().ThrowAsync<ImagingApiException>()).Which;
        ex.ErrorCode.Should().Be(ImagingErrorCode.Timeout);
        ex.StatusCode.Should().Be(HttpStatusCode.OK);
        ex.Message.Should().Contain("did not arrive completely").And.Contain("charged");
    }

    [Fact]
    public async Task GenerateAsync_ConnectionBreaksWhileReadingBody_ThrowsNetworkErrorWithStatusAndRateLimit()
    {
        // Arrange
        using var api = new ConcurredApi();
        api.OnPost(ConcurredApi.GenerateUrl, () =>
        {
            var response = new HttpResponseMessage(HttpStatusCode.OK) { Content = new StreamContent(new BreakingStream("{\"success\":true,"u8.ToArray())) };
            response.Headers.Add("X-RateLimit-Remaining", "7");
            return response;
        });
        using var client = api.CreateClient();

        // Act
        var act = () => client.GenerateAsync(Request);

        // Assert
        var ex = (await act.Should().ThrowExactlyAsync<ImagingApiException>()).Which;
        ex.ErrorCode.Should().Be(ImagingErrorCode.NetworkError);
        ex.StatusCode.Should().Be(HttpStatusCode.OK);
        ex.RateLimit!.Remaining.Should().Be(7);
        ex.InnerException.Should().BeAssignableTo<IOException>();
    }

    [Fact]
    public async Task GenerateAsync_OneBadEntryBesideAGoodOne_ReturnsTheGoodOneWithAWarning()
    {
        // Arrange
        using var api = new ConcurredApi();
        api.OnPost(ConcurredApi.GenerateUrl, () => ConcurredApi.Json(
            """{"success":true,"data":{"model":"flux-2-pro","provider":"flux","images":[{"url":"https://cdn.example.com/a.png"},{"url":null},null]},"meta":{"requestId":"req_2"}}"""));
        using var client = api.CreateClient();

        // Act
        var result = await client.GenerateAsync(Request);

        // Assert
        result.RequestId.Should().Be("req_2");
        result.Images.Should().ContainSingle().Which.Should().BeOfType<RemoteGeneratedImage>()
            .Which.Url.Should().Be(new Uri("https://cdn.example.com/a.png"));
        result.Warnings.Should().HaveCount(2).And.Contain(w => w.Contains("entry 2 of 3", StringComparison.Ordinal));
    }

    [Fact]
    public async Task GenerateAsync_OnlyUnusableEntries_ThrowsInvalidResponseKeepingTheRequestId()
    {
        // Arrange
        using var api = new ConcurredApi();
        api.OnPost(ConcurredApi.GenerateUrl, () => ConcurredApi.Json(
            """{"success":true,"data":{"images":[{"url":"ftp://x/a.png"}]},"meta":{"requestId":"req_3"}}"""));
        using var client = api.CreateClient();

        // Act
        var act = () => client.GenerateAsync(Request);

        // Assert
        var ex = (await act.Should().ThrowAsync<ImagingApiException>()).Which;
        ex.ErrorCode.Should().Be(ImagingErrorCode.InvalidResponse);
        ex.RequestId.Should().Be("req_3");
        ex.Message.Should().Contain("scheme 'ftp'");
    }

    [Fact]
    public async Task GenerateAsync_ImagesAndAnErrorIn2xx_ReturnsTheImagesWithTheErrorAsWarning()
    {
        // Arrange
        using var api = new ConcurredApi();
        api.OnPost(ConcurredApi.GenerateUrl, () => ConcurredApi.Json(
            """{"success":false,"data":{"images":[{"url":"https://cdn.example.com/a.png"}]},"error":{"code":"INTERNAL_ERROR","message":"partial failure"}}"""));
        using var client = api.CreateClient();

        // Act
        var result = await client.GenerateAsync(Request);

        // Assert
        result.Images.Should().ContainSingle();
        result.Warnings.Should().Contain(w => w.Contains("INTERNAL_ERROR: partial failure", StringComparison.Ordinal));
    }

    [Fact]
    public async Task GenerateAsync_PathOnProvidersHost_IsResolvedAgainstTheEndpoint()
    {
        // Arrange
        using var api = new ConcurredApi();
        api.OnPost(ConcurredApi.GenerateUrl, () => ConcurredApi.Json(
            """{"success":true,"data":{"provider":"fal","images":[{"url":"/files/a.png?sig=1"}]}}"""));
        using var client = api.CreateClient();

        // Act
        var result = await client.GenerateAsync(Request with { Model = "concurred:qwen-image" });

        // Assert
        result.Images.Should().ContainSingle().Which.Should().BeOfType<RemoteGeneratedImage>()
            .Which.Url.Should().Be(new Uri("https://concurred.ai/files/a.png?sig=1"));
    }

    [Theory]
    [InlineData(0, 2)]
    [InlineData(2, 1)]
    public async Task GenerateAsync_429WithRetryAfter_RetriesOnlyWhenItFitsTheDeadline(int minutesAsked, int expectedAttempts)
    {
        // Arrange: the deadline is 3 minutes; a 0-minute wait fits, a 2-minute one (asked at 2:00 in) does not.
        using var api = new ConcurredApi();
        var attempts = 0;
        api.OnPost(ConcurredApi.GenerateUrl, () =>
        {
            if (++attempts == 1)
            {
                api.Time.Advance(TimeSpan.FromMinutes(2));
                return ConcurredApi.Json(
                    """{"error":{"code":"RATE_LIMIT_EXCEEDED","message":"slow down","details":{"retryAfter":""" + (minutesAsked * 60) + "}}}",
                    HttpStatusCode.TooManyRequests);
            }

            return ConcurredApi.Json(ConcurredApi.UrlResponse());
        });
        using var client = api.CreateClient(o =>
        {
            o.Timeout = TimeSpan.FromMinutes(3);
            o.Retry.MaxRetryAfter = TimeSpan.FromMinutes(10);
        });

        // Act
        var act = () => client.GenerateAsync(Request);

        // Assert
        if (expectedAttempts == 1)
        {
            var ex = (await act.Should().ThrowAsync<ImagingApiException>()).Which;
            ex.ErrorCode.Should().Be(ImagingErrorCode.RateLimited, "a 429 means Concurred did nothing: it is not a time-out");
            ex.RetryAfter.Should().Be(TimeSpan.FromMinutes(minutesAsked));
        }
        else
        {
            await act.Should().NotThrowAsync();
        }

        attempts.Should().Be(expectedAttempts);
    }

    [Fact]
    public async Task GenerateAsync_PrimaryHandlerFollowsARedirectElsewhere_TheAnswerIsRefused()
    {
        // Arrange: a replaced primary handler that follows redirects, as SocketsHttpHandler does by default.
        using var client = ImageClient.Create(imaging => imaging.AddConcurred(
            o => o.ApiKey = TestClients.ConcurredKey,
            http => http.ConfigurePrimaryHttpMessageHandler(() => new RedirectFollowingHandler(new Uri("https://evil.example.com/collect")))));

        // Act
        var act = () => client.GenerateAsync(Request);

        // Assert
        var ex = (await act.Should().ThrowAsync<ImagingApiException>()).Which;
        ex.Message.Should().Contain("redirected to https://evil.example.com").And.Contain("AllowAutoRedirect");
    }

    [Fact]
    public async Task GenerateAsync_CaseOfModelIdDiffers_ValidatesAndSendsTheCatalogSpelling()
    {
        // Arrange
        using var api = new ConcurredApi();
        using var client = api.CreateClient();

        // Act
        var act = () => client.GenerateAsync(Request with { Model = "concurred:FLUX-2-PRO", Width = 10 });

        // Assert
        (await act.Should().ThrowAsync<ArgumentOutOfRangeException>()).Which.ParamName.Should().Be("Width");
        api.Requests.Should().BeEmpty();
    }

    [Fact]
    public async Task GenerateAsync_DefaultValuedAspectRatio_IsRejectedNotSentEmpty()
    {
        // Arrange
        using var api = new ConcurredApi();
        using var client = api.CreateClient();

        // Act
        var act = () => client.GenerateAsync(Request with { Model = "concurred:brand-new", AspectRatio = default(ImageAspectRatio) });

        // Assert
        (await act.Should().ThrowAsync<ArgumentException>()).Which.Message.Should().Contain("uninitialised");
        api.Requests.Should().BeEmpty();
    }

    [Fact]
    public async Task GenerateAsync_UncataloguedModelWithCountOne_SendsNoNumImages()
    {
        // Arrange
        using var api = new ConcurredApi();
        api.OnPost(ConcurredApi.GenerateUrl, () => ConcurredApi.Json(ConcurredApi.UrlResponse()));
        using var client = api.CreateClient();

        // Act
        await client.GenerateAsync(Request with { Model = "concurred:brand-new", Count = 1 });

        // Assert
        JsonAssert.Equivalent(api.To(ConcurredApi.GenerateUrl).Single().Body, """{"model":"brand-new","prompt":"a cat"}""");
    }

    [Fact]
    public void Create_BaseAddressWithUserInfo_IsRejected()
    {
        // Act
        var act = () => ImageClient.Create(imaging => imaging.AddConcurred(o =>
        {
            o.ApiKey = TestClients.ConcurredKey;
            o.BaseAddress = new Uri("https://user:pass@concurred.ai/");
        }));

        // Assert
        act.Should().Throw<Microsoft.Extensions.Options.OptionsValidationException>().WithMessage("*user information*");
    }

    /// <summary>Behaves as a handler that followed a redirect: the request ends up pointing elsewhere.</summary>
    private sealed class RedirectFollowingHandler(Uri finalUri) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            request.RequestUri = finalUri;
            return Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK)
            {
                RequestMessage = request,
                Content = new StringContent(ConcurredApi.UrlResponse(), System.Text.Encoding.UTF8, "application/json"),
            });
        }
    }
}
