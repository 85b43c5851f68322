using System.Text;
using ImagingClient.Providers.Apiframe;
using ImagingClient.Providers.Kie;
using ImagingClient.Providers.RelayGpu;
using ImagingClient.Tests.TestSupport;
using ImagingClient.Webhooks;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace ImagingClient.Tests.Reliability.Safety;

/// <summary>
/// <see cref="ImageWebhookOptions.ReplayCache"/> (off by default) on every provider's verifier: a delivery accepted
/// once is refused as <see cref="WebhookFailureReason.Replayed"/> when it comes again; one that failed verification
/// is never recorded; of identical deliveries at once exactly one is accepted; entries last as long as a replay could
/// pass the other checks, on the verifier's clock; the cache comes in through each provider's options, with DI too.
/// </summary>
public sealed class WebhookReplayTests
{
    private static readonly DateTimeOffset SentAt = new(2026, 11, 21, 12, 0, 0, TimeSpan.Zero);

    public static TheoryData<string> Providers => WebhookDeliveries.Providers;

    [Theory]
    [MemberData(nameof(Providers))]
    public void Verify_SameDeliveryTwiceWithoutReplayCache_IsAcceptedBothTimes(string provider)
    {
        // Arrange: the default, for comparison.
        var verifier = WebhookDeliveries.Verifier(provider, new FakeTimeProvider(SentAt.AddSeconds(10)));
        var delivery = WebhookDeliveries.Signed(provider, SentAt);

        // Act
        var first = verifier.TryVerify(delivery.Header, delivery.Body, out _, out _);
        var second = verifier.TryVerify(delivery.Header, delivery.Body, out _, out _);

        // Assert
        first.Should().BeTrue();
        second.Should().BeTrue();
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public void Verify_SameDeliveryTwiceWithReplayCache_SecondIsRefusedAsReplayed(string provider)
    {
        // Arrange
        var cache = new WebhookReplayCache();
        var time = new FakeTimeProvider(SentAt.AddSeconds(10));
        var verifier = WebhookDeliveries.Verifier(provider, time, o => o.ReplayCache = cache);
        var delivery = WebhookDeliveries.Signed(provider, SentAt);
        var first = verifier.Verify(delivery.Header, delivery.Body);
        time.Advance(TimeSpan.FromMinutes(1));

        // Act
        var act = () => verifier.Verify(delivery.Header, delivery.Body);
        var again = verifier.TryVerify(delivery.Header, delivery.Body, out _, out var failure);

        // Assert
        var ex = act.Should().Throw<WebhookVerificationException>().Which;
        ex.Reason.Should().Be(WebhookFailureReason.Replayed);
        ex.Provider.Should().Be(provider);
        ex.Message.Should().Contain("accepted before").And.NotContain(WebhookDeliveries.SecretOf(provider));
        again.Should().BeFalse();
        failure.Should().Contain("accepted before");
        first.JobId.Should().EndWith("job_1");
        cache.Count.Should().Be(1);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public void Verify_ForgeryOfAGenuineDelivery_IsNotRecorded(string provider)
    {
        // Arrange: a forgery sent first must not take the genuine delivery's place.
        var cache = new WebhookReplayCache();
        var verifier = WebhookDeliveries.Verifier(provider, new FakeTimeProvider(SentAt), o => o.ReplayCache = cache);
        var genuine = WebhookDeliveries.Signed(provider, SentAt);
        var forged = WebhookDeliveries.Forged(provider, genuine);

        // Act
        var forgery = () => verifier.Verify(forged.Header, forged.Body);
        var reasonOfForgery = forgery.Should().Throw<WebhookVerificationException>().Which.Reason;
        var accepted = verifier.TryVerify(genuine.Header, genuine.Body, out _, out var failure);

        // Assert
        reasonOfForgery.Should().Be(WebhookFailureReason.SignatureMismatch);
        failure.Should().BeNull();
        accepted.Should().BeTrue();
        cache.Count.Should().Be(1);
    }

    [Fact]
    public void Verify_SignedButUnreadableDelivery_IsNotRecorded()
    {
        // Arrange: Apiframe signs the body, so this one passes the signature and fails only on its event.
        var cache = new WebhookReplayCache();
        var verifier = new ApiframeWebhookVerifier(WebhookDeliveries.ApiframeKey, new ApiframeWebhookOptions { ReplayCache = cache }, new FakeTimeProvider(SentAt));
        var body = Encoding.UTF8.GetBytes("""{"event":"archived","jobId":"job_1"}""");
        var signature = ApiframeWebhookVerifier.ComputeSignature(WebhookDeliveries.ApiframeKey, body);

        // Act
        var act = () => verifier.Verify(name => name == ApiframeWebhookVerifier.SignatureHeader ? signature : null, body);

        // Assert
        act.Should().Throw<WebhookVerificationException>().Which.Reason.Should().Be(WebhookFailureReason.UnreadableBody);
        cache.Count.Should().Be(0);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Verify_IdenticalDeliveriesAtOnce_ExactlyOneIsAccepted(string provider)
    {
        // Arrange
        const int Racers = 16;
        var cache = new WebhookReplayCache();
        var verifier = WebhookDeliveries.Verifier(provider, new FakeTimeProvider(SentAt), o => o.ReplayCache = cache);
        var delivery = WebhookDeliveries.Signed(provider, SentAt);
        using var start = new Barrier(Racers);

        // Act
        var outcomes = await Task.WhenAll(Enumerable.Range(0, Racers).Select(_ => Task.Run(() =>
        {
            start.SignalAndWait(TimeSpan.FromSeconds(30));
            try
            {
                verifier.Verify(delivery.Header, delivery.Body);
                return WebhookFailureReason.Unspecified;
            }
            catch (WebhookVerificationException ex)
            {
                return ex.Reason;
            }
        }))).WithinLimitAsync("the racing deliveries");

        // Assert
        outcomes.Count(reason => reason == WebhookFailureReason.Unspecified).Should().Be(1, "exactly one of the identical deliveries is accepted");
        outcomes.Count(reason => reason == WebhookFailureReason.Replayed).Should().Be(Racers - 1);
    }

    [Fact]
    public void Verify_KieCallbackReplayedWithAnotherBody_IsRefusedAsReplayed()
    {
        // Arrange: Kie signs the task id and timestamp, not the body, so captured headers verify with any body
        // about that task within the tolerance; the cache stops the second one.
        var withoutCache = WebhookDeliveries.Verifier("kie", new FakeTimeProvider(SentAt));
        var withCache = WebhookDeliveries.Verifier("kie", new FakeTimeProvider(SentAt), o => o.ReplayCache = new WebhookReplayCache());
        var genuine = WebhookDeliveries.Signed("kie", SentAt);
        var altered = WebhookDeliveries.Signed("kie", SentAt, kieCode: "501") with { Headers = genuine.Headers };

        // Act
        withoutCache.Verify(genuine.Header, genuine.Body);
        var unprotected = withoutCache.Verify(altered.Header, altered.Body);
        withCache.Verify(genuine.Header, genuine.Body);
        var act = () => withCache.Verify(altered.Header, altered.Body);

        // Assert
        unprotected.Kind.Should().Be(ImageWebhookEventKind.Failed, "without a cache the altered body is taken at its word");
        act.Should().Throw<KieCallbackException>().Which.Reason.Should().Be(WebhookFailureReason.Replayed);
    }

    [Theory]
    [InlineData("kie")]
    [InlineData("relaygpu")]
    public void Verify_ReplayAfterTheTolerance_IsRefusedAsStaleAndItsEntryIsGone(string provider)
    {
        // Arrange: a timestamped scheme: the entry lasts until the timestamp leaves the tolerance, then the timestamp
        // check refuses the replay by itself.
        var cache = new WebhookReplayCache();
        var time = new FakeTimeProvider(SentAt);
        var verifier = WebhookDeliveries.Verifier(provider, time, o => o.ReplayCache = cache);
        var delivery = WebhookDeliveries.Signed(provider, SentAt);
        verifier.Verify(delivery.Header, delivery.Body);
        time.Advance(TimeSpan.FromMinutes(5));
        var atTheEdge = () => verifier.Verify(delivery.Header, delivery.Body);
        var reasonAtTheEdge = atTheEdge.Should().Throw<WebhookVerificationException>().Which.Reason;
        time.Advance(TimeSpan.FromSeconds(1));

        // Act
        var late = () => verifier.Verify(delivery.Header, delivery.Body);
        var reasonLate = late.Should().Throw<WebhookVerificationException>().Which.Reason;
        var next = WebhookDeliveries.Signed(provider, time.GetUtcNow(), id: "job_2");
        verifier.Verify(next.Header, next.Body);

        // Assert
        reasonAtTheEdge.Should().Be(WebhookFailureReason.Replayed, "at exactly the tolerance the timestamp still passes, so the cache must hold it");
        reasonLate.Should().Be(WebhookFailureReason.StaleTimestamp);
        cache.Count.Should().Be(1, "the first entry expired with its timestamp's tolerance");
    }

    [Fact]
    public void Verify_ApiframeDeliveryWithoutTimestamp_IsRefusedForUntimedRetentionThenAcceptedAgain()
    {
        // Arrange
        var cache = new WebhookReplayCache(maxEntries: 100, untimedRetention: TimeSpan.FromHours(1));
        var time = new FakeTimeProvider(SentAt);
        var verifier = WebhookDeliveries.Verifier("apiframe", time, o => o.ReplayCache = cache);
        var delivery = WebhookDeliveries.Signed("apiframe", SentAt);
        verifier.Verify(delivery.Header, delivery.Body);

        // Act
        time.Advance(TimeSpan.FromMinutes(59));
        var within = () => verifier.Verify(delivery.Header, delivery.Body);
        var reasonWithin = within.Should().Throw<WebhookVerificationException>().Which.Reason;
        time.Advance(TimeSpan.FromMinutes(1) + TimeSpan.FromSeconds(1));
        var after = verifier.TryVerify(delivery.Header, delivery.Body, out _, out var failure);

        // Assert
        reasonWithin.Should().Be(WebhookFailureReason.Replayed);
        failure.Should().BeNull();
        after.Should().BeTrue("UntimedRetention has passed");
    }

    [Fact]
    public void Verify_OneCacheForEveryProvider_KeepsEachProvidersDeliveriesApart()
    {
        // Arrange: the same job id at three providers is three deliveries.
        var cache = new WebhookReplayCache();
        var time = new FakeTimeProvider(SentAt);
        var verifiers = new[] { "kie", "apiframe", "relaygpu" }.Select(p => (Provider: p, Verifier: WebhookDeliveries.Verifier(p, time, o => o.ReplayCache = cache))).ToList();

        // Act
        var accepted = verifiers.Select(v =>
        {
            var delivery = WebhookDeliveries.Signed(v.Provider, SentAt, id: "shared_1");
            return v.Verifier.TryVerify(delivery.Header, delivery.Body, out _, out _);
        }).ToList();

        // Assert
        accepted.Should().Equal(true, true, true);
        cache.Count.Should().Be(3);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public void Forget_AfterHandlingFailed_LetsTheProvidersRetryThrough(string provider)
    {
        // Arrange
        var cache = new WebhookReplayCache();
        var verifier = WebhookDeliveries.Verifier(provider, new FakeTimeProvider(SentAt), o => o.ReplayCache = cache);
        var delivery = WebhookDeliveries.Signed(provider, SentAt);
        var first = verifier.Verify(delivery.Header, delivery.Body);

        // Act
        var forgotten = cache.Forget(first);
        var retried = verifier.TryVerify(delivery.Header, delivery.Body, out _, out var failure);

        // Assert
        forgotten.Should().BeTrue();
        failure.Should().BeNull();
        retried.Should().BeTrue();
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public void RegisteredVerifier_ReplayCacheFromTheProvidersOptions_RefusesTheSecondDelivery(string provider)
    {
        // Arrange: the container's clock is the one timestamps and entries are judged on.
        var cache = new WebhookReplayCache();
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(new FakeTimeProvider(SentAt.AddSeconds(30)));
        WebhookDeliveries.Add(services.AddImagingClient(), provider, o => o.ReplayCache = cache);
        using var container = services.BuildServiceProvider();
        var verifier = container.GetRequiredKeyedService<IImageWebhookVerifier>(provider);
        var delivery = WebhookDeliveries.Signed(provider, SentAt);

        // Act
        var first = verifier.TryVerify(delivery.Header, delivery.Body, out _, out var failure);
        var act = () => verifier.Verify(delivery.Header, delivery.Body);

        // Assert
        failure.Should().BeNull();
        first.Should().BeTrue();
        act.Should().Throw<WebhookVerificationException>().Which.Reason.Should().Be(WebhookFailureReason.Replayed);
    }

    [Fact]
    public void RegisteredVerifiers_WithoutReplayCache_HaveNone()
    {
        // Arrange
        var services = new ServiceCollection();
        services.AddImagingClient()
            .AddKie(o => o.ApiKey = "kie_test_key_4567")
            .AddApiframe(o => o.ApiKey = WebhookDeliveries.ApiframeKey)
            .AddRelayGpu(o => o.ApiKey = "relay_sk_test_0123456789");
        using var container = services.BuildServiceProvider();

        // Act
        var kie = container.GetRequiredService<Microsoft.Extensions.Options.IOptions<KieClientOptions>>().Value.Callbacks;
        var apiframe = container.GetRequiredService<Microsoft.Extensions.Options.IOptions<ApiframeClientOptions>>().Value.Webhooks;
        var relayGpu = container.GetRequiredService<Microsoft.Extensions.Options.IOptions<RelayGpuClientOptions>>().Value.Webhooks;

        // Assert
        new ImageWebhookOptions[] { kie, apiframe, relayGpu }.Should().OnlyContain(o => o.ReplayCache == null && o.MaxBodyBytes == ImageWebhookOptions.DefaultMaxBodyBytes);
    }
}
