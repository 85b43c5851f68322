using System.Net;
using ImagingClient.Http;
using ImagingClient.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using RichardSzalay.MockHttp;

namespace ImagingClient.Tests.Http;

/// <summary>
/// <see cref="ImagingClientOptions.BlockPrivateNetworkDownloads"/> (on by default): result downloads never reach this
/// machine or a private network, by a literal address, a <c>localhost</c> name, a name that resolves inside, or a
/// redirect — unless the host is the provider's own endpoint or listed exactly in AllowedDownloadHosts. Every
/// refusal is an <see cref="ImagingApiException"/> (InvalidResponse) that names the host, never the URL's query, and
/// comes before anything is sent. Servers here are loopback servers; nothing needs the internet.
/// </summary>
public sealed class ImageDownloaderPrivateNetworkTests
{
    private const string SignedQuery = "?X-Amz-Signature=topsecret-signature";

    [Theory]
    [InlineData("http://127.0.0.1:8080/a.png")]
    [InlineData("http://[::1]/a.png")]
    [InlineData("http://[::ffff:127.0.0.1]/a.png")]
    [InlineData("http://169.254.169.254/latest/meta-data/iam/security-credentials/")]
    [InlineData("http://10.0.0.5/a.png")]
    [InlineData("http://192.168.0.10/a.png")]
    [InlineData("http://[fd00::1]/a.png")]
    [InlineData("http://100.64.1.1/a.png")]
    [InlineData("http://0.0.0.0:8080/a.png")]
    [InlineData("http://localhost:8080/a.png")]
    public async Task DownloadAsync_LiteralPrivateHost_IsRefusedBeforeAnythingIsSent(string url)
    {
        // Arrange: any handler (here a mock, which never resolves a name) gets the literal check.
        using var mock = new MockHttpMessageHandler();
        var any = mock.When("*").Respond("image/png", "png");
        var downloader = new ImageDownloader(() => new HttpClient(mock, disposeHandler: false), new FakeTimeProvider(), new ImagingClientOptions());
        var target = new Uri(url + SignedQuery);

        // Act
        var act = () => downloader.DownloadAsync(target, null, "test", CancellationToken.None);

        // Assert
        var ex = (await act.Should().ThrowExactlyAsync<ImagingApiException>()).Which;
        ex.ErrorCode.Should().Be(ImagingErrorCode.InvalidResponse);
        ex.Provider.Should().Be("test");
        ex.Message.Should().Contain(ImageDownloader.HostOf(target)).And.Contain("BlockPrivateNetworkDownloads").And.NotContain("topsecret");
        mock.GetMatchCount(any).Should().Be(0);
    }

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("localhost")]
    public async Task DownloadAsync_LoopbackServerThroughTheRegisteredClient_IsRefusedAndTheServerSeesNothing(string host)
    {
        // Arrange
        await using var server = new LoopbackHttpServer(_ => LoopbackHttpServer.Png());
        using var services = Services();

        // Act
        var act = () => Downloader(services).DownloadAsync(new Uri($"http://{host}:{server.Port}/a.png"), null, "test", CancellationToken.None);

        // Assert
        var ex = (await act.Should().ThrowExactlyAsync<ImagingApiException>()).Which;
        ex.ErrorCode.Should().Be(ImagingErrorCode.InvalidResponse);
        ex.Message.Should().Contain(host).And.Contain("loopback");
        server.Requests.Should().BeEmpty();
    }

    [Fact]
    public async Task OpenReadAsync_LiteralPrivateHost_IsRefusedToo()
    {
        // Arrange
        await using var server = new LoopbackHttpServer(_ => LoopbackHttpServer.Png());
        using var services = Services();

        // Act
        var act = () => Downloader(services).OpenReadAsync(new Uri(server.BaseAddress, "a.png"), null, "test", CancellationToken.None);

        // Assert
        (await act.Should().ThrowExactlyAsync<ImagingApiException>()).Which.ErrorCode.Should().Be(ImagingErrorCode.InvalidResponse);
        server.Requests.Should().BeEmpty();
    }

    [Fact]
    public async Task DownloadAsync_NameResolvingToLoopback_IsRefusedAtConnectOnceWithoutRetries()
    {
        // Arrange: a DNS name the literal check lets through; the registered client's handler resolves it at connect.
        await using var server = new LoopbackHttpServer(_ => LoopbackHttpServer.Png());
        var lookups = 0;
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(new InstantTimeProvider());
        services.AddSingleton(new PrivateNetworkGuard(new ImagingClientOptions(), resolve: (_, _) =>
        {
            Interlocked.Increment(ref lookups);
            return Task.FromResult(new[] { IPAddress.Loopback });
        }));
        services.AddImagingClient();
        using var provider = services.BuildServiceProvider();

        // Act
        var act = () => Downloader(provider).DownloadAsync(new Uri($"http://images.example.test:{server.Port}/a.png{SignedQuery}"), null, "test", CancellationToken.None);

        // Assert
        var ex = (await act.Should().ThrowExactlyAsync<ImagingApiException>()).Which;
        ex.ErrorCode.Should().Be(ImagingErrorCode.InvalidResponse);
        ex.Message.Should().Contain("images.example.test").And.Contain("127.0.0.1").And.Contain("loopback").And.NotContain("topsecret");
        lookups.Should().Be(1, "a refused address is refused again: the download is not retried");
        server.Requests.Should().BeEmpty();
    }

    [Theory]
    [InlineData("http://169.254.169.254/latest/meta-data/", "169.254.169.254")]
    [InlineData("http://[::1]:8080/admin", "[::1]")]
    [InlineData("http://[::ffff:10.0.0.1]/", "[::ffff:10.0.0.1]")]
    [InlineData("http://localhost/", "localhost")]
    public async Task DownloadAsync_RedirectFromAPublicHostToAPrivateAddress_IsRefusedBeforeFollowing(string location, string host)
    {
        // Arrange: http to http, so that only the address can be the reason for a refusal.
        using var mock = new MockHttpMessageHandler();
        mock.When("http://cdn.example.com/a.png").Respond(_ =>
        {
            var redirect = new HttpResponseMessage(HttpStatusCode.Found);
            redirect.Headers.Location = new Uri(location);
            return redirect;
        });
        var inside = mock.When(location).Respond("image/png", "png");
        var downloader = new ImageDownloader(() => new HttpClient(mock, disposeHandler: false), new FakeTimeProvider(), new ImagingClientOptions());

        // Act
        var act = () => downloader.DownloadAsync(new Uri("http://cdn.example.com/a.png" + SignedQuery), null, "test", CancellationToken.None);

        // Assert
        var ex = (await act.Should().ThrowExactlyAsync<ImagingApiException>()).Which;
        ex.ErrorCode.Should().Be(ImagingErrorCode.InvalidResponse);
        ex.Message.Should().Contain($"redirected to {host}").And.Contain("BlockPrivateNetworkDownloads").And.NotContain("topsecret");
        mock.GetMatchCount(inside).Should().Be(0);
    }

    [Fact]
    public async Task DownloadAsync_RedirectFromTheProviderEndpointToAnotherLoopbackPort_IsRefused()
    {
        // Arrange: the provider's own origin is exempt, but only its own port.
        await using var inside = new LoopbackHttpServer(_ => LoopbackHttpServer.Png());
        await using var endpoint = new LoopbackHttpServer(_ => LoopbackHttpServer.Redirect($"http://127.0.0.1:{inside.Port}/secret"));
        using var services = Services(providerEndpoint: endpoint.BaseAddress);

        // Act
        var act = () => Downloader(services).DownloadAsync(new Uri(endpoint.BaseAddress, "files/a.png"), null, "test", CancellationToken.None);

        // Assert
        var ex = (await act.Should().ThrowExactlyAsync<ImagingApiException>()).Which;
        ex.ErrorCode.Should().Be(ImagingErrorCode.InvalidResponse);
        ex.Message.Should().Contain("redirected to 127.0.0.1").And.Contain("loopback");
        endpoint.Requests.Should().ContainSingle();
        inside.Requests.Should().BeEmpty();
    }

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("localhost")]
    public async Task DownloadAsync_FromTheProviderEndpointOrigin_IsAllowed(string host)
    {
        // Arrange: the emulator's case: a provider on loopback serves its results from its own endpoint.
        await using var endpoint = new LoopbackHttpServer(_ => LoopbackHttpServer.Png());
        using var services = Services(providerEndpoint: endpoint.BaseAddress);

        // Act
        var image = await Downloader(services).DownloadAsync(new Uri($"http://{host}:{endpoint.Port}/files/a.png"), null, "test", CancellationToken.None).WithinLimitAsync("the download");

        // Assert
        image.MediaType.Should().Be("image/png");
        endpoint.Requests.Should().ContainSingle();
    }

    [Fact]
    public async Task DownloadAsync_HostListedExactlyInAllowedDownloadHosts_IsAllowed()
    {
        // Arrange
        await using var server = new LoopbackHttpServer(_ => LoopbackHttpServer.Png());
        using var services = Services(o => o.AllowedDownloadHosts.Add("127.0.0.1"));

        // Act
        var image = await Downloader(services).DownloadAsync(new Uri(server.BaseAddress, "a.png"), null, "test", CancellationToken.None).WithinLimitAsync("the download");

        // Assert
        image.MediaType.Should().Be("image/png");
        server.Requests.Should().ContainSingle();
    }

    [Fact]
    public async Task DownloadAsync_HostAllowedOnlyByAWildcard_IsStillRefused()
    {
        // Arrange
        await using var server = new LoopbackHttpServer(_ => LoopbackHttpServer.Png());
        using var services = Services(o => o.AllowedDownloadHosts.Add("*.localhost"));

        // Act
        var act = () => Downloader(services).DownloadAsync(new Uri($"http://images.localhost:{server.Port}/a.png"), null, "test", CancellationToken.None);

        // Assert
        var ex = (await act.Should().ThrowExactlyAsync<ImagingApiException>()).Which;
        ex.Message.Should().Contain("images.localhost").And.Contain("loopback");
        server.Requests.Should().BeEmpty();
    }

    [Fact]
    public async Task DownloadAsync_BlockingOff_DownloadsFromLoopback()
    {
        // Arrange
        await using var server = new LoopbackHttpServer(_ => LoopbackHttpServer.Png());
        using var services = Services(o => o.BlockPrivateNetworkDownloads = false);

        // Act
        var image = await Downloader(services).DownloadAsync(new Uri($"http://localhost:{server.Port}/a.png"), null, "test", CancellationToken.None).WithinLimitAsync("the download");

        // Assert
        image.MediaType.Should().Be("image/png");
        server.Requests.Should().ContainSingle();
    }

    [Fact]
    public async Task DownloadAsync_ClientThatFollowsRedirectsItselfToAPrivateAddress_AnswerIsNotUsed()
    {
        // Arrange: a caller's client that follows redirects by itself; the first host is exempt, the second is not.
        await using var inside = new LoopbackHttpServer(_ => LoopbackHttpServer.Png());
        await using var first = new LoopbackHttpServer(_ => LoopbackHttpServer.Redirect($"http://127.0.0.1:{inside.Port}/secret"));
        var options = new ImagingClientOptions();
        using var client = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = true });
        var downloader = new ImageDownloader(() => client, new InstantTimeProvider(), options, new PrivateNetworkGuard(options, () => [first.BaseAddress]));

        // Act
        var act = () => downloader.DownloadAsync(new Uri(first.BaseAddress, "a.png"), null, "test", CancellationToken.None);

        // Assert
        var ex = (await act.Should().ThrowExactlyAsync<ImagingApiException>()).Which;
        ex.ErrorCode.Should().Be(ImagingErrorCode.InvalidResponse);
        ex.Message.Should().Contain("answered from 127.0.0.1").And.Contain("AllowAutoRedirect = false");
    }

    private static ServiceProvider Services(Action<ImagingClientOptions>? configure = null, Uri? providerEndpoint = null)
    {
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(new InstantTimeProvider());
        var imaging = services.AddImagingClient(configure);
        if (providerEndpoint is not null)
        {
            imaging.AddConcurred(o =>
            {
                o.ApiKey = TestClients.ConcurredKey;
                o.BaseAddress = providerEndpoint;
            });
        }

        return services.BuildServiceProvider();
    }

    private static ImageDownloader Downloader(ServiceProvider services) => services.GetRequiredService<ImageDownloader>();
}
