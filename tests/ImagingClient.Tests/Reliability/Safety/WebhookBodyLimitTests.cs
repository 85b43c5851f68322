using System.Text;
using ImagingClient.Providers.Apiframe;
using ImagingClient.Providers.Kie;
using ImagingClient.Providers.RelayGpu;
using ImagingClient.Webhooks;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace ImagingClient.Tests.Reliability.Safety;

/// <summary>
/// <see cref="ImageWebhookOptions.MaxBodyBytes"/> (default 2 MiB) on every provider's verifier: a larger body is
/// refused as <see cref="WebhookFailureReason.TooLarge"/> before it is parsed or any signature is computed, with a
/// message that holds no secret; a body at the limit is read; the limit is set per provider, in code or through DI.
/// </summary>
public sealed class WebhookBodyLimitTests
{
    private static readonly DateTimeOffset SentAt = new(2026, 11, 21, 12, 0, 0, TimeSpan.Zero);

    public static TheoryData<string> Providers => WebhookDeliveries.Providers;

    [Theory]
    [MemberData(nameof(Providers))]
    public void Verify_BodyOverMaxBodyBytes_IsRefusedAsTooLargeBeforeParsingOrSigning(string provider)
    {
        // Arrange: a body that is neither JSON nor signed: were it parsed or its signature checked first, the reason
        // would be UnreadableBody or SignatureMismatch.
        var verifier = WebhookDeliveries.Verifier(provider, new FakeTimeProvider(SentAt), o => o.MaxBodyBytes = 1024);
        var genuine = WebhookDeliveries.Signed(provider, SentAt);
        var body = Encoding.UTF8.GetBytes(new string('x', 1025));

        // Act
        var act = () => verifier.Verify(genuine.Header, body);

        // Assert
        var ex = act.Should().Throw<WebhookVerificationException>().Which;
        ex.Reason.Should().Be(WebhookFailureReason.TooLarge);
        ex.Provider.Should().Be(provider);
        ex.Message.Should().Contain("1025").And.Contain("MaxBodyBytes (1024)").And.NotContain(WebhookDeliveries.SecretOf(provider));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public void Verify_SignedBodyExactlyAtMaxBodyBytes_IsAccepted(string provider)
    {
        // Arrange
        var verifier = WebhookDeliveries.Verifier(provider, new FakeTimeProvider(SentAt), o => o.MaxBodyBytes = 1024);
        var delivery = WebhookDeliveries.Signed(provider, SentAt, size: 1024);

        // Act
        var accepted = verifier.TryVerify(delivery.Header, delivery.Body, out var webhookEvent, out var failure);

        // Assert
        failure.Should().BeNull();
        accepted.Should().BeTrue();
        webhookEvent!.JobId.Should().EndWith("job_1");
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public void Verify_DefaultLimit_RefusesOneByteOverTwoMebibytes(string provider)
    {
        // Arrange
        var verifier = WebhookDeliveries.Verifier(provider, new FakeTimeProvider(SentAt));
        var atLimit = WebhookDeliveries.Signed(provider, SentAt, size: ImageWebhookOptions.DefaultMaxBodyBytes);
        var over = WebhookDeliveries.Signed(provider, SentAt, id: "job_2", size: ImageWebhookOptions.DefaultMaxBodyBytes + 1);

        // Act
        var acceptedAtLimit = verifier.TryVerify(atLimit.Header, atLimit.Body, out _, out var failure);
        var act = () => verifier.Verify(over.Header, over.Body);

        // Assert
        ImageWebhookOptions.DefaultMaxBodyBytes.Should().Be(2 * 1024 * 1024);
        failure.Should().BeNull();
        acceptedAtLimit.Should().BeTrue();
        act.Should().Throw<WebhookVerificationException>().Which.Reason.Should().Be(WebhookFailureReason.TooLarge);
    }

    [Fact]
    public void Verify_RelayGpuDeliveryOfOneMebibyte_TheLargestItSends_IsAcceptedByDefault()
    {
        // Arrange: RelayGPU leaves a result out (result_omitted) rather than send a body over 1 MiB.
        var verifier = new RelayGpuWebhookVerifier(new RelayGpuWebhookOptions { Secret = WebhookDeliveries.RelayGpuSecret }, new FakeTimeProvider(SentAt));
        var delivery = WebhookDeliveries.Signed("relaygpu", SentAt, size: 1024 * 1024);

        // Act
        var webhookEvent = verifier.Verify(delivery.Header, delivery.Body);

        // Assert
        webhookEvent.Kind.Should().Be(ImageWebhookEventKind.Completed);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public void Constructor_MaxBodyBytesNotPositive_ThrowsNamingTheSetting(int maxBodyBytes)
    {
        // Act
        var kie = () => new KieCallbackVerifier(new KieCallbackOptions { WebhookHmacKey = WebhookDeliveries.KieKey, MaxBodyBytes = maxBodyBytes });
        var apiframe = () => new ApiframeWebhookVerifier(WebhookDeliveries.ApiframeKey, new ApiframeWebhookOptions { MaxBodyBytes = maxBodyBytes });
        var relayGpu = () => new RelayGpuWebhookVerifier(new RelayGpuWebhookOptions { Secret = WebhookDeliveries.RelayGpuSecret, MaxBodyBytes = maxBodyBytes });

        // Assert
        kie.Should().Throw<ArgumentException>().Which.Message.Should().Contain("Callbacks.MaxBodyBytes must be positive");
        apiframe.Should().Throw<ArgumentException>().Which.Message.Should().Contain("Webhooks.MaxBodyBytes must be positive");
        relayGpu.Should().Throw<ArgumentException>().Which.Message.Should().Contain("Webhooks.MaxBodyBytes must be positive");
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public void Create_MaxBodyBytesNotPositive_FailsAtStart(string provider)
    {
        // Act
        var act = () => ImageClient.Create(imaging => WebhookDeliveries.Add(imaging, provider, o => o.MaxBodyBytes = 0));

        // Assert
        act.Should().Throw<OptionsValidationException>().Which.Message.Should().Contain("MaxBodyBytes must be positive");
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public void RegisteredVerifier_MaxBodyBytesFromTheProvidersOptions_IsApplied(string provider)
    {
        // Arrange
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(new FakeTimeProvider(SentAt));
        WebhookDeliveries.Add(services.AddImagingClient(), provider, o => o.MaxBodyBytes = 300);
        using var container = services.BuildServiceProvider();
        var verifier = container.GetRequiredKeyedService<IImageWebhookVerifier>(provider);
        var small = WebhookDeliveries.Signed(provider, SentAt, size: 300);
        var large = WebhookDeliveries.Signed(provider, SentAt, id: "job_2", size: 301);

        // Act
        var acceptedSmall = verifier.TryVerify(small.Header, small.Body, out _, out var failure);
        var act = () => verifier.Verify(large.Header, large.Body);

        // Assert
        failure.Should().BeNull();
        acceptedSmall.Should().BeTrue();
        act.Should().Throw<WebhookVerificationException>().Which.Reason.Should().Be(WebhookFailureReason.TooLarge);
    }

    [Fact]
    public void AddRelayGpu_MaxBodyBytesFromConfiguration_IsApplied()
    {
        // Arrange: bound like any other setting.
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ApiKey"] = "relay_sk_test_0123456789",
            ["Webhooks:Secret"] = WebhookDeliveries.RelayGpuSecret,
            ["Webhooks:MaxBodyBytes"] = "300",
        }).Build();
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(new FakeTimeProvider(SentAt));
        services.AddImagingClient().AddRelayGpu(configuration);
        using var container = services.BuildServiceProvider();
        var delivery = WebhookDeliveries.Signed("relaygpu", SentAt, size: 301);

        // Act
        var act = () => container.GetRequiredService<RelayGpuWebhookVerifier>().Verify(delivery.Header, delivery.Body);

        // Assert
        act.Should().Throw<RelayGpuWebhookException>().Which.Reason.Should().Be(WebhookFailureReason.TooLarge);
    }

    [Fact]
    public void ToString_OfEachProvidersWebhookOptions_ShowsTheLimits()
    {
        // Act
        var texts = new[]
        {
            new KieCallbackOptions { WebhookHmacKey = WebhookDeliveries.KieKey, ReplayCache = new WebhookReplayCache() }.ToString(),
            new ApiframeWebhookOptions().ToString(),
            new RelayGpuWebhookOptions { Secret = WebhookDeliveries.RelayGpuSecret }.ToString(),
        };

        // Assert
        texts[0].Should().Contain("MaxBodyBytes = 2097152").And.Contain("ReplayCache = on").And.NotContain(WebhookDeliveries.KieKey);
        texts[1].Should().Contain("MaxBodyBytes = 2097152").And.Contain("ReplayCache = off");
        texts[2].Should().Contain("MaxBodyBytes = 2097152").And.NotContain(WebhookDeliveries.RelayGpuSecret);
    }
}
