using System.Net;
using ImagingClient.Http;
using ImagingClient.Providers.Kie;
using ImagingClient.Tests.Providers.Concurred;
using ImagingClient.Tests.Providers.Kie;
using Microsoft.Extensions.DependencyInjection;

namespace ImagingClient.Tests.Http;

/// <summary>What a provider call's failure says about the work it may have created, whichever provider built it.</summary>
public sealed class ProviderHttpTests
{
    private static readonly ImageGenerationRequest ConcurredRequest = new() { Prompt = "a cat" };
    private static readonly ImageGenerationRequest KieRequest = new() { Prompt = "a cat", Model = KieModels.FluxKontextPro };

    [Theory]
    [InlineData(HttpStatusCode.BadGateway)]
    [InlineData(HttpStatusCode.GatewayTimeout)]
    public async Task SendAsync_GatewayErrorOnACreatingPost_SaysWorkMayExistAndIsNotRetryable(HttpStatusCode status)
    {
        // Arrange: a gateway answered; the provider behind it may have taken the request and lost the answer.
        using var api = new ConcurredApi();
        api.OnPost(ConcurredApi.GenerateUrl, () => ConcurredApi.Text("<html>gateway</html>", "text/html", status));
        using var client = api.CreateClient();

        // Act
        var act = () => client.GenerateAsync(ConcurredRequest);

        // Assert
        var ex = (await act.Should().ThrowAsync<ImagingApiException>()).Which;
        ex.StatusCode.Should().Be(status);
        ex.MayHaveCreatedWork.Should().BeTrue();
        ex.IsRetryable.Should().BeFalse("submitting again may pay twice");
        ex.Message.Should().Contain("may have created (and charged for)");
        ex.ResponseExcerpt.Should().Contain("gateway", "everything else the provider's exception said is kept");
        api.Requests.Should().ContainSingle();
    }

    [Fact]
    public async Task SendAsync_ServerErrorCodeInAnHttp200SubmitAnswer_SaysTheTaskMayExistAndIsNotRetryable()
    {
        // Arrange
        using var api = new KieApi();
        api.OnSubmit(() => KieApi.Error(500, "Server Error: an unexpected error occurred"));
        using var client = api.CreateClient();

        // Act
        var act = () => client.StartGenerateAsync(KieRequest);

        // Assert
        var ex = (await act.Should().ThrowAsync<ImagingApiException>()).Which;
        ex.ErrorCode.Should().Be(ImagingErrorCode.ServerError);
        ex.ProviderErrorCode.Should().Be("500");
        ex.StatusCode.Should().Be(HttpStatusCode.OK);
        ex.MayHaveCreatedWork.Should().BeTrue();
        ex.IsRetryable.Should().BeFalse();
        ex.Message.Should().Contain("unexpected error").And.Contain("may have created (and charged for)");
    }

    [Fact]
    public async Task SendAsync_GatewayErrorOnAStatusCheck_StaysRetryableWithoutClaimingWork()
    {
        // Arrange
        using var api = new KieApi();
        api.OnSubmit(() => KieApi.Created());
        api.OnPoll(() => new HttpResponseMessage(HttpStatusCode.BadGateway));
        using var client = api.CreateClient(o => o.Retry.MaxRetries = 0);
        var job = await client.StartGenerateAsync(KieRequest);

        // Act
        var act = async () => await job.UpdateStatusAsync();

        // Assert
        var ex = (await act.Should().ThrowAsync<ImagingApiException>()).Which;
        ex.MayHaveCreatedWork.Should().BeFalse("a status check creates nothing");
        ex.IsRetryable.Should().BeTrue();
    }

    [Fact]
    public async Task SendAsync_GatewayErrorOnAPostWithIdempotencyKey_SaysWorkMayExistButIsRetryable()
    {
        // Arrange: a handler of the caller's adds an Idempotency-Key, which makes sending again harmless.
        using var api = new ConcurredApi();
        api.OnPost(ConcurredApi.GenerateUrl, () => ConcurredApi.Text("<html>gateway</html>", "text/html", HttpStatusCode.BadGateway));
        using var client = ImageClient.Create(imaging =>
        {
            imaging.Services.AddSingleton<TimeProvider>(api.Time);
            imaging.AddConcurred(
                o =>
                {
                    o.ApiKey = TestSupport.TestClients.ConcurredKey;
                    o.Retry.MaxRetries = 0;
                },
                http => http.AddHttpMessageHandler(() => new IdempotencyKeyHandler()).ConfigurePrimaryHttpMessageHandler(() => api.Mock));
        });

        // Act
        var act = () => client.GenerateAsync(ConcurredRequest);

        // Assert
        var ex = (await act.Should().ThrowAsync<ImagingApiException>()).Which;
        ex.MayHaveCreatedWork.Should().BeTrue();
        ex.IsRetryable.Should().BeTrue("the same Idempotency-Key makes another attempt harmless");
        ex.Message.Should().Contain(RetryStrategy.IdempotencyKeyHeader);
        api.Requests.Single().Header(RetryStrategy.IdempotencyKeyHeader).Should().Be("key-1");
    }

    [Theory]
    [InlineData("concurred")]
    [InlineData("kie")]
    public async Task SendAsync_TokenCancelledBeforeTheCall_SaysNothingWasSent(string provider)
    {
        // Arrange
        using var concurred = new ConcurredApi();
        using var kie = new KieApi();
        concurred.OnPost(ConcurredApi.GenerateUrl, () => ConcurredApi.Json(ConcurredApi.UrlResponse()));
        kie.OnSubmit(() => KieApi.Created());
        using var client = provider == "kie" ? kie.CreateClient() : concurred.CreateClient();
        using var cancellation = new CancellationTokenSource();
        await cancellation.CancelAsync();

        // Act
        var act = () => client.StartGenerateAsync(provider == "kie" ? KieRequest : ConcurredRequest, cancellation.Token);

        // Assert
        var ex = (await act.Should().ThrowAsync<OperationCanceledException>()).Which;
        ex.CancellationToken.Should().Be(cancellation.Token);
        ex.Message.Should().Contain("before anything was sent").And.NotContain("may still have accepted");
        concurred.Requests.Should().BeEmpty();
        kie.Requests.Should().BeEmpty();
    }

    private sealed class IdempotencyKeyHandler : DelegatingHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            request.Headers.TryAddWithoutValidation(RetryStrategy.IdempotencyKeyHeader, "key-1");
            return base.SendAsync(request, cancellationToken);
        }
    }
}
