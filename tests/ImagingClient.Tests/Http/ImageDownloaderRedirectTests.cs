using System.Net;
using ImagingClient.Http;
using ImagingClient.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using RichardSzalay.MockHttp;

namespace ImagingClient.Tests.Http;

/// <summary>
/// Redirects of result downloads, against hostile loopback servers through the downloads client as registered (its own
/// primary handler): followed by the library, a few at most, http(s) only, without a key, within the allowed hosts.
/// </summary>
public sealed class ImageDownloaderRedirectTests
{
    [Fact]
    public async Task DownloadAsync_RedirectsToAnotherHostAndARelativePath_AreFollowedWithoutCredentials()
    {
        // Arrange: 127.0.0.1 sends the download to "localhost", a different host, which sends it on by a relative path.
        await using var target = new LoopbackHttpServer(request => request.Target == "/b" ? LoopbackHttpServer.Redirect("/c") : LoopbackHttpServer.Png());
        await using var first = new LoopbackHttpServer(_ => LoopbackHttpServer.Redirect($"http://localhost:{target.Port}/b"));
        using var services = Services();

        // Act
        var image = await Downloader(services).DownloadAsync(new Uri(first.BaseAddress, "a"), null, "test", CancellationToken.None);

        // Assert
        image.MediaType.Should().Be("image/png");
        first.Requests.Should().ContainSingle();
        target.Requests.Select(r => r.Target).Should().Equal("/b", "/c");
        target.Requests.Should().OnlyContain(r => r.Header("Authorization") == null && r.Header("Host") == $"localhost:{target.Port}");
    }

    [Theory]
    [InlineData("file:///etc/passwd")]
    [InlineData("ftp://127.0.0.1/image.png")]
    [InlineData("gopher://127.0.0.1:70/_")]
    public async Task DownloadAsync_RedirectToANonHttpUrl_FailsAsInvalidResponse(string location)
    {
        // Arrange
        await using var server = new LoopbackHttpServer(_ => LoopbackHttpServer.Redirect(location));
        using var services = Services();

        // Act
        var act = () => Downloader(services).DownloadAsync(new Uri(server.BaseAddress, "a.png"), null, "test", CancellationToken.None);

        // Assert
        var ex = (await act.Should().ThrowExactlyAsync<ImagingApiException>()).Which;
        ex.ErrorCode.Should().Be(ImagingErrorCode.InvalidResponse);
        ex.Message.Should().Contain("redirect");
    }

    [Theory]
    [InlineData("http://[::1")]
    [InlineData("http://exa mple.com/x")]
    [InlineData("")]
    public async Task DownloadAsync_RedirectWithAnUnreadableLocation_FailsAsInvalidResponse(string location)
    {
        // Arrange
        await using var server = new LoopbackHttpServer(_ => LoopbackHttpServer.Redirect(location));
        using var services = Services();

        // Act
        var act = () => Downloader(services).DownloadAsync(new Uri(server.BaseAddress, "a.png"), null, "test", CancellationToken.None);

        // Assert
        var ex = (await act.Should().ThrowExactlyAsync<ImagingApiException>()).Which;
        ex.ErrorCode.Should().Be(ImagingErrorCode.InvalidResponse);
    }

    [Fact]
    public async Task DownloadAsync_EndlessRedirects_FailsAsInvalidResponseAfterFive()
    {
        // Arrange
        var hops = 0;
        await using var server = new LoopbackHttpServer(_ => LoopbackHttpServer.Redirect($"/hop{Interlocked.Increment(ref hops)}"));
        using var services = Services();

        // Act
        var act = () => Downloader(services).DownloadAsync(new Uri(server.BaseAddress, "a.png"), null, "test", CancellationToken.None);

        // Assert
        var ex = (await act.Should().ThrowExactlyAsync<ImagingApiException>()).Which;
        ex.ErrorCode.Should().Be(ImagingErrorCode.InvalidResponse);
        ex.Message.Should().Contain("redirect");
        server.Requests.Should().HaveCount(ImageDownloader.MaxRedirects + 1, "the first request and five redirects");
    }

    [Fact]
    public async Task DownloadAsync_RedirectToAHostNotAllowed_IsRefusedBeforeAnythingIsSentThere()
    {
        // Arrange
        await using var inside = new LoopbackHttpServer(_ => LoopbackHttpServer.Png());
        await using var first = new LoopbackHttpServer(_ => LoopbackHttpServer.Redirect($"http://localhost:{inside.Port}/secret"));
        using var services = Services(o => o.AllowedDownloadHosts.Add("127.0.0.1"));

        // Act
        var act = () => Downloader(services).DownloadAsync(new Uri(first.BaseAddress, "a.png"), null, "test", CancellationToken.None);

        // Assert
        var ex = (await act.Should().ThrowExactlyAsync<ImagingApiException>()).Which;
        ex.ErrorCode.Should().Be(ImagingErrorCode.InvalidResponse);
        ex.Message.Should().Contain("AllowedDownloadHosts").And.Contain("localhost");
        inside.Requests.Should().BeEmpty();
    }

    [Fact]
    public async Task OpenReadAsync_RedirectToAHostNotAllowed_IsRefusedToo()
    {
        // Arrange
        await using var inside = new LoopbackHttpServer(_ => LoopbackHttpServer.Png());
        await using var first = new LoopbackHttpServer(_ => LoopbackHttpServer.Redirect($"http://localhost:{inside.Port}/secret"));
        using var services = Services(o => o.AllowedDownloadHosts.Add("127.0.0.1"));

        // Act
        var act = () => Downloader(services).OpenReadAsync(new Uri(first.BaseAddress, "a.png"), null, "test", CancellationToken.None);

        // Assert
        (await act.Should().ThrowExactlyAsync<ImagingApiException>()).Which.ErrorCode.Should().Be(ImagingErrorCode.InvalidResponse);
        inside.Requests.Should().BeEmpty();
    }

    [Fact]
    public async Task DownloadAsync_FirstUrlOnAHostNotAllowed_IsRefusedWithoutSending()
    {
        // Arrange
        await using var server = new LoopbackHttpServer(_ => LoopbackHttpServer.Png());
        using var services = Services(o => o.AllowedDownloadHosts.Add("*.example.com"));

        // Act
        var act = () => Downloader(services).DownloadAsync(new Uri(server.BaseAddress, "a.png"), null, "test", CancellationToken.None);

        // Assert
        (await act.Should().ThrowExactlyAsync<ImagingApiException>()).Which.ErrorCode.Should().Be(ImagingErrorCode.InvalidResponse);
        server.Requests.Should().BeEmpty();
    }

    [Fact]
    public async Task DownloadAsync_HttpsRedirectToHttp_IsRefused()
    {
        // Arrange
        using var mock = new MockHttpMessageHandler();
        mock.When("https://cdn.example.com/a.png").Respond(_ =>
        {
            var redirect = new HttpResponseMessage(HttpStatusCode.Found);
            redirect.Headers.Location = new Uri("http://cdn.example.com/a.png");
            return redirect;
        });
        mock.When("http://cdn.example.com/a.png").Respond("image/png", "png");
        var downloader = new ImageDownloader(() => new HttpClient(mock, disposeHandler: false), new FakeTimeProvider(), new ImagingClientOptions());

        // Act
        var act = () => downloader.DownloadAsync(new Uri("https://cdn.example.com/a.png"), null, "test", CancellationToken.None);

        // Assert
        (await act.Should().ThrowExactlyAsync<ImagingApiException>()).Which.ErrorCode.Should().Be(ImagingErrorCode.InvalidResponse);
        mock.GetMatchCount(mock.When("http://cdn.example.com/a.png")).Should().Be(0);
    }

    [Theory]
    [InlineData("cdn.example.com", "cdn.example.com", true)]
    [InlineData("cdn.example.com", "CDN.Example.COM", true)]
    [InlineData("cdn.example.com", "evil-cdn.example.com", false)]
    [InlineData("*.example.com", "a.b.example.com", true)]
    [InlineData("*.example.com", "example.com", false)]
    [InlineData("*.example.com", "badexample.com", false)]
    [InlineData("127.0.0.1", "127.0.0.1", true)]
    [InlineData("bücher.example", "xn--bcher-kva.example", true)]
    public void IsAllowed_Entry_MatchesExactHostsAndSubdomainsOfWildcards(string entry, string host, bool expected)
    {
        // Arrange
        var options = new ImagingClientOptions();
        options.AllowedDownloadHosts.Add(entry);

        // Act
        var allowed = ImageDownloader.IsAllowed(new Uri($"https://{host}/x.png"), options);

        // Assert
        allowed.Should().Be(expected);
    }

    [Theory]
    [InlineData("https://cdn.example.com")]
    [InlineData("cdn.example.com:443")]
    [InlineData("cdn.example.com/images")]
    [InlineData("*")]
    [InlineData("*.")]
    [InlineData("a*.example.com")]
    [InlineData(" ")]
    public void Create_WithAnUnusableAllowedDownloadHost_FailsAtStartNamingIt(string entry)
    {
        // Act
        var act = () => ImageClient.Create(
            imaging => imaging.AddConcurred(o => o.ApiKey = TestClients.ConcurredKey),
            o => o.AllowedDownloadHosts.Add(entry));

        // Assert
        act.Should().Throw<OptionsValidationException>().Which.Message.Should().Contain("AllowedDownloadHosts");
    }

    /// <summary>
    /// The registered downloader, with private-network downloads allowed: these loopback servers stand in for public
    /// hosts (the block itself is tested in ImageDownloaderPrivateNetworkTests).
    /// </summary>
    private static ServiceProvider Services(Action<ImagingClientOptions>? configure = null)
    {
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(new InstantTimeProvider());
        services.AddImagingClient(o =>
        {
            o.BlockPrivateNetworkDownloads = false;
            configure?.Invoke(o);
        });
        return services.BuildServiceProvider();
    }

    private static ImageDownloader Downloader(ServiceProvider services) => services.GetRequiredService<ImageDownloader>();
}
