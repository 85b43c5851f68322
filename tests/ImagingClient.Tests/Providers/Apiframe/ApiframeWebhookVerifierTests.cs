using System.Security.Cryptography;
using System.Text;
using ImagingClient.Providers.Apiframe;
using ImagingClient.Webhooks;
using Microsoft.Extensions.DependencyInjection;

namespace ImagingClient.Tests.Providers.Apiframe;

public sealed class ApiframeWebhookVerifierTests
{
    private const string ApiKey = "afk_live_webhook_key_42";
    private const string JobId = "3f2a9c1e-8d4b-4e6f-a1b2-c3d4e5f60718";

    private static readonly byte[] Completed = Encoding.UTF8.GetBytes($$"""
        {"event":"completed","jobId":"{{JobId}}","status":"COMPLETED","progress":100,"result":"https://cdn.apiframe.ai/results/{{JobId}}.png","model":"flux-2-pro","creditCost":10,"completedAt":"2026-12-01T10:00:05Z"}
        """);

    [Fact]
    public void Verify_SignatureComputedIndependently_AcceptsPrefixedAndBareHex()
    {
        // Arrange: HMAC-SHA256 over the raw body, keyed with the raw SHA-256 digest of the API key.
        var hex = Convert.ToHexStringLower(HMACSHA256.HashData(SHA256.HashData(Encoding.UTF8.GetBytes(ApiKey)), Completed));
        var verifier = new ApiframeWebhookVerifier(ApiKey);

        // Act
        var prefixed = verifier.Verify(Headers("sha256=" + hex, "completed"), Completed);
        var bare = verifier.Verify(Headers(hex.ToUpperInvariant(), null), Completed);

        // Assert
        ApiframeWebhookVerifier.ComputeSignature(ApiKey, Completed).Should().Be("sha256=" + hex);
        prefixed.Kind.Should().Be(ImageWebhookEventKind.Completed);
        prefixed.Status.Should().Be(ImageJobStatus.Succeeded);
        prefixed.JobId.Should().Be(JobId);
        prefixed.CreditCost.Should().Be(10);
        prefixed.DeduplicationKey.Should().Be($"{JobId}:completed");
        bare.ImageUrls.Should().Equal(new Uri($"https://cdn.apiframe.ai/results/{JobId}.png"));
        var result = prefixed.GetResult();
        result.Images.Should().ContainSingle().Which.Should().BeOfType<RemoteGeneratedImage>().Which.ExpiresAt
            .Should().Be(new DateTimeOffset(2026, 12, 2, 10, 0, 5, TimeSpan.Zero));
        result.Model.Should().Be("flux-2-pro");
    }

    [Fact]
    public void Verify_FailedEvent_GetResultThrowsWhatPollingWould()
    {
        // Arrange
        var body = Encoding.UTF8.GetBytes($$"""{"event":"failed","jobId":"{{JobId}}","status":"FAILED","error":"Upstream provider error","model":"midjourney"}""");
        var verifier = new ApiframeWebhookVerifier(ApiKey);

        // Act
        var delivery = verifier.Verify(Headers(ApiframeWebhookVerifier.ComputeSignature(ApiKey, body), "failed"), body);
        var act = () => delivery.GetResult();

        // Assert
        delivery.Kind.Should().Be(ImageWebhookEventKind.Failed);
        var failure = act.Should().Throw<ImagingApiException>().Which;
        failure.ErrorCode.Should().Be(ImagingErrorCode.GenerationFailed);
        failure.JobId.Should().Be(JobId);
        failure.Message.Should().Contain("Upstream provider error");
    }

    [Theory]
    [InlineData(null, WebhookFailureReason.MissingHeader)]
    [InlineData("sha256=zz", WebhookFailureReason.MalformedHeader)]
    [InlineData("sha256=0000000000000000000000000000000000000000000000000000000000000000", WebhookFailureReason.SignatureMismatch)]
    public void Verify_BadSignature_IsRefusedWithTheReasonAndNoSecret(string? signature, WebhookFailureReason reason)
    {
        // Arrange
        var verifier = new ApiframeWebhookVerifier(ApiKey);

        // Act
        var act = () => verifier.Verify(Headers(signature, "completed"), Completed);

        // Assert
        var refused = act.Should().Throw<ApiframeWebhookException>().Which;
        refused.Reason.Should().Be(reason);
        refused.Provider.Should().Be("apiframe");
        refused.Message.Should().NotContain(ApiKey);
    }

    [Fact]
    public void Verify_SignedWithAnotherKey_IsASignatureMismatch()
    {
        // Arrange
        var verifier = new ApiframeWebhookVerifier(ApiKey);

        // Act
        var accepted = verifier.TryVerify(Headers(ApiframeWebhookVerifier.ComputeSignature("afk_rotated_key", Completed), "completed"), Completed, out ApiframeWebhookEvent? _, out var failure);

        // Assert
        accepted.Should().BeFalse();
        failure.Should().Contain("does not match");
    }

    [Fact]
    public void KeyedVerifier_FromAddApiframe_VerifiesWithTheConfiguredKey_AndWithoutAKeyRefusesAsNotConfigured()
    {
        // Arrange
        using var configured = new ServiceCollection().AddImagingClient().AddApiframe(o => o.ApiKey = ApiKey).Services.BuildServiceProvider();
        using var bare = new ServiceCollection().AddImagingClient().AddApiframe(_ => { }).Services.BuildServiceProvider();

        // Act
        var verifier = configured.GetRequiredKeyedService<IImageWebhookVerifier>("apiframe");
        var unconfigured = bare.GetRequiredKeyedService<IImageWebhookVerifier>("apiframe");
        var act = () => unconfigured.Verify(Headers(ApiframeWebhookVerifier.ComputeSignature(ApiKey, Completed), "completed"), Completed);

        // Assert
        verifier.Verify(Headers(ApiframeWebhookVerifier.ComputeSignature(ApiKey, Completed), "completed"), Completed).JobId.Should().Be(JobId);
        configured.GetServices<IImageWebhookVerifier>().Should().Contain(v => v.Provider == "apiframe");
        act.Should().Throw<WebhookVerificationException>().Which.Reason.Should().Be(WebhookFailureReason.NotConfigured);
    }

    private static Func<string, string?> Headers(string? signature, string? eventName) => name =>
        name.Equals(ApiframeWebhookVerifier.SignatureHeader, StringComparison.OrdinalIgnoreCase) ? signature
        : name.Equals(ApiframeWebhookVerifier.EventHeader, StringComparison.OrdinalIgnoreCase) ? eventName
        : null;
}
