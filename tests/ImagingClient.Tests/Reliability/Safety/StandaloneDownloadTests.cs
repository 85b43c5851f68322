using System.Globalization;
using System.Text;
using ImagingClient.Http;
using ImagingClient.Providers.Kie;
using ImagingClient.Tests.TestSupport;
using Microsoft.Extensions.Time.Testing;

namespace ImagingClient.Tests.Reliability.Safety;

/// <summary>
/// Downloads made without dependency injection: the results of a verifier made with <c>new</c> (a webhook's URL, the
/// case private-network blocking exists for) are blocked from private networks by default, can be given download
/// settings, and follow redirects only through the downloader's checks; images made by
/// <see cref="ImagingModelFactory"/> (test doubles) may come from a test's own loopback server.
/// </summary>
public sealed class StandaloneDownloadTests
{
    private const string HmacKey = "kie-webhook-hmac-key-0123";
    private static readonly DateTimeOffset Now = new(2026, 11, 21, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task KieCallbackResult_FromAStandaloneVerifier_OnLoopbackIsRefusedByDefault()
    {
        // Arrange
        await using var server = new LoopbackHttpServer(_ => LoopbackHttpServer.Png());
        var verifier = new KieCallbackVerifier(new KieCallbackOptions { WebhookHmacKey = HmacKey }, new FakeTimeProvider(Now));
        var callback = Callback(verifier, new Uri(server.BaseAddress, "r.png?sig=topsecret"));

        // Act
        var act = async () => await callback.GetResult().Images[0].GetBytesAsync();

        // Assert
        var ex = (await act.Should().ThrowAsync<ImagingApiException>()).Which;
        ex.ErrorCode.Should().Be(ImagingErrorCode.InvalidResponse);
        ex.Message.Should().Contain("127.0.0.1").And.Contain("BlockPrivateNetworkDownloads").And.NotContain("topsecret");
        server.Requests.Should().BeEmpty();
    }

    [Fact]
    public async Task KieCallbackResult_FromAStandaloneVerifierWithBlockingOff_IsDownloaded()
    {
        // Arrange
        await using var server = new LoopbackHttpServer(_ => LoopbackHttpServer.Png());
        var verifier = new KieCallbackVerifier(new KieCallbackOptions { WebhookHmacKey = HmacKey }, new FakeTimeProvider(Now), downloadOptions: new ImagingClientOptions { BlockPrivateNetworkDownloads = false });
        var callback = Callback(verifier, new Uri(server.BaseAddress, "r.png"));

        // Act
        var bytes = await callback.GetResult().Images[0].GetBytesAsync().AsTask().WithinLimitAsync("the download");

        // Assert
        bytes.Length.Should().BeGreaterThan(0);
        server.Requests.Should().ContainSingle();
    }

    [Fact]
    public async Task KieCallbackResult_FromAStandaloneVerifierWithItsOwnClient_FollowsRedirectsFiveTimesAtMost()
    {
        // Arrange
        var hops = 0;
        await using var server = new LoopbackHttpServer(_ => LoopbackHttpServer.Redirect($"/hop{Interlocked.Increment(ref hops)}"));
        var verifier = new KieCallbackVerifier(new KieCallbackOptions { WebhookHmacKey = HmacKey }, new FakeTimeProvider(Now), downloadOptions: new ImagingClientOptions { BlockPrivateNetworkDownloads = false });
        var callback = Callback(verifier, new Uri(server.BaseAddress, "r.png"));

        // Act
        var act = async () => await callback.GetResult().Images[0].GetBytesAsync();

        // Assert
        (await act.Should().ThrowAsync<ImagingApiException>()).Which.Message.Should().Contain("redirected more than 5 times");
        server.Requests.Should().HaveCount(ImageDownloader.MaxRedirects + 1);
    }

    [Fact]
    public void Constructor_UnusableDownloadOptions_ThrowsNamingTheSetting()
    {
        // Act
        var act = () => new KieCallbackVerifier(new KieCallbackOptions { WebhookHmacKey = HmacKey }, downloadOptions: new ImagingClientOptions { MaxDownloadBytes = 0 });

        // Assert
        act.Should().Throw<ArgumentException>().Which.Message.Should().Contain("MaxDownloadBytes must be positive");
    }

    [Fact]
    public async Task RemoteImage_FromTheModelFactory_FollowsRedirectsThroughTheDownloaderFiveTimesAtMost()
    {
        // Arrange: the factory's shared client used to follow redirects itself (up to 50), past the downloader's checks.
        var hops = 0;
        await using var server = new LoopbackHttpServer(_ => LoopbackHttpServer.Redirect($"/hop{Interlocked.Increment(ref hops)}"));
        var image = ImagingModelFactory.RemoteImage(new Uri(server.BaseAddress, "a.png"));

        // Act
        var act = async () => await image.GetBytesAsync();

        // Assert
        (await act.Should().ThrowAsync<ImagingApiException>()).Which.Message.Should().Contain("redirected more than 5 times");
        server.Requests.Should().HaveCount(ImageDownloader.MaxRedirects + 1);
    }

    [Fact]
    public async Task RemoteImage_FromTheModelFactory_MayComeFromALoopbackServer()
    {
        // Arrange
        await using var server = new LoopbackHttpServer(_ => LoopbackHttpServer.Png());
        var image = ImagingModelFactory.RemoteImage(new Uri(server.BaseAddress, "a.png"));

        // Act
        var bytes = await image.GetBytesAsync().AsTask().WithinLimitAsync("the download");

        // Assert
        bytes.Length.Should().BeGreaterThan(0);
        server.Requests.Should().ContainSingle();
    }

    /// <summary>A verified, signed Kie callback whose result is at <paramref name="resultUrl"/>.</summary>
    private static KieCallback Callback(KieCallbackVerifier verifier, Uri resultUrl)
    {
        var timestamp = Now.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var body = Encoding.UTF8.GetBytes("""{"code":200,"msg":"done","data":{"taskId":"task_1","info":{"resultImageUrl":""" + $"\"{resultUrl.AbsoluteUri}\"" + "}}}");
        var signature = KieCallbackVerifier.ComputeSignature(HmacKey, "task_1", timestamp);
        return verifier.Verify(name => name == KieCallbackVerifier.TimestampHeader ? timestamp : name == KieCallbackVerifier.SignatureHeader ? signature : null, body);
    }
}
