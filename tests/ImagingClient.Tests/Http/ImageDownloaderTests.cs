using System.Net;
using ImagingClient.Http;
using ImagingClient.Tests.TestSupport;
using Microsoft.Extensions.Time.Testing;
using RichardSzalay.MockHttp;

namespace ImagingClient.Tests.Http;

public sealed class ImageDownloaderTests
{
    private static readonly byte[] Png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, (byte)'I', (byte)'H', (byte)'D', (byte)'R', 0, 0, 0, 2, 0, 0, 0, 3];

    [Fact]
    public async Task DownloadAsync_WithoutImageContentType_SniffsTheMediaType()
    {
        // Arrange
        using var mock = new MockHttpMessageHandler();
        mock.When("https://cdn.example.com/a").Respond(_ => new HttpResponseMessage(HttpStatusCode.OK) { Content = new ByteArrayContent(Png) });
        var downloader = new ImageDownloader(() => new HttpClient(mock, disposeHandler: false), new FakeTimeProvider(), new ImagingClientOptions());

        // Act
        var image = await downloader.DownloadAsync(new Uri("https://cdn.example.com/a"), null, "concurred", CancellationToken.None);

        // Assert
        image.MediaType.Should().Be("image/png");
        image.Data.ToArray().Should().Equal(Png);
    }

    [Fact]
    public async Task DownloadAsync_AfterExpiry_ThrowsResultExpired()
    {
        // Arrange
        using var mock = new MockHttpMessageHandler();
        mock.When("*").Respond(HttpStatusCode.Forbidden);
        var time = new FakeTimeProvider();
        var downloader = new ImageDownloader(() => new HttpClient(mock, disposeHandler: false), time, new ImagingClientOptions());
        var expiresAt = time.GetUtcNow().AddMinutes(10);
        time.Advance(TimeSpan.FromMinutes(11));

        // Act
        var act = () => downloader.DownloadAsync(new Uri("https://cdn.example.com/a"), expiresAt, "concurred", CancellationToken.None);

        // Assert
        var ex = (await act.Should().ThrowAsync<ImagingApiException>()).Which;
        ex.ErrorCode.Should().Be(ImagingErrorCode.ResultExpired);
        ex.Message.Should().Contain("expired");
    }

    [Fact]
    public async Task DownloadAsync_404BeforeExpiry_ThrowsNotFound()
    {
        // Arrange
        using var mock = new MockHttpMessageHandler();
        mock.When("*").Respond(HttpStatusCode.NotFound);
        var time = new FakeTimeProvider();
        var downloader = new ImageDownloader(() => new HttpClient(mock, disposeHandler: false), time, new ImagingClientOptions());

        // Act
        var act = () => downloader.DownloadAsync(new Uri("https://cdn.example.com/a"), time.GetUtcNow().AddMinutes(10), "concurred", CancellationToken.None);

        // Assert
        (await act.Should().ThrowAsync<ImagingApiException>()).Which.ErrorCode.Should().Be(ImagingErrorCode.NotFound);
    }

    [Fact]
    public async Task DownloadAsync_WithNonHttpUrl_RefusesWithoutSending()
    {
        // Arrange
        using var mock = new MockHttpMessageHandler();
        var downloader = new ImageDownloader(() => new HttpClient(mock, disposeHandler: false), new FakeTimeProvider(), new ImagingClientOptions());

        // Act
        var act = () => downloader.DownloadAsync(new Uri("file:///etc/passwd"), null, "concurred", CancellationToken.None);

        // Assert
        (await act.Should().ThrowAsync<ImagingApiException>()).Which.ErrorCode.Should().Be(ImagingErrorCode.InvalidResponse);
    }

    [Theory]
    [InlineData("https://cdn\uFFFD.example.com/a.png")]
    [InlineData("https://cdn.example.co\uFFFDm/b.png?sig=secret")]
    public async Task DownloadAsync_HostNotAValidInternationalizedName_RefusesWithoutSending(string url)
    {
        // Arrange: Uri accepts such a host and throws only when asked for its ASCII form (found by the parsing fuzz).
        using var mock = new MockHttpMessageHandler();
        var downloader = new ImageDownloader(() => new HttpClient(mock, disposeHandler: false), new FakeTimeProvider(), new ImagingClientOptions());

        // Act
        var act = () => downloader.DownloadAsync(new Uri(url), null, "concurred", CancellationToken.None);

        // Assert
        var ex = (await act.Should().ThrowAsync<ImagingApiException>()).Which;
        ex.ErrorCode.Should().Be(ImagingErrorCode.InvalidResponse);
        ex.Message.Should().Contain("not a valid internationalized name").And.NotContain("sig=secret");
        mock.GetMatchCount(mock.Fallback).Should().Be(0);
    }

    [Fact]
    public async Task DownloadAsync_WhenHostUnreachable_ThrowsNetworkError()
    {
        // Arrange
        using var mock = new MockHttpMessageHandler();
        mock.When("*").Throw(new HttpRequestException("no route"));
        var downloader = new ImageDownloader(() => new HttpClient(mock, disposeHandler: false), new FakeTimeProvider(), new ImagingClientOptions());

        // Act
        var act = () => downloader.DownloadAsync(new Uri("https://cdn.example.com/a"), null, "concurred", CancellationToken.None);

        // Assert
        var ex = (await act.Should().ThrowAsync<ImagingApiException>()).Which;
        ex.ErrorCode.Should().Be(ImagingErrorCode.NetworkError);
        ex.IsRetryable.Should().BeTrue();
    }

    [Fact]
    public async Task DownloadAsync_LargerThanTheCap_RefusesWithoutBufferingIt()
    {
        // Arrange
        using var mock = new MockHttpMessageHandler();
        mock.When("*").Respond(_ => new HttpResponseMessage(HttpStatusCode.OK) { Content = new ByteArrayContent(new byte[5000]) });
        var downloader = new ImageDownloader(() => new HttpClient(mock, disposeHandler: false), new FakeTimeProvider(), new ImagingClientOptions { MaxDownloadBytes = 4096 });

        // Act
        var act = () => downloader.DownloadAsync(new Uri("https://cdn.example.com/a.png?sig=secret-signature"), null, "concurred", CancellationToken.None);

        // Assert
        var ex = (await act.Should().ThrowAsync<ImagingApiException>()).Which;
        ex.Message.Should().Contain("MaxDownloadBytes").And.Contain("https://cdn.example.com/a.png").And.NotContain("secret-signature");
    }

    [Fact]
    public async Task DownloadAsync_BodyBreaksMidway_ThrowsNetworkError()
    {
        // Arrange
        using var mock = new MockHttpMessageHandler();
        mock.When("*").Respond(_ => new HttpResponseMessage(HttpStatusCode.OK) { Content = new StreamContent(new BreakingStream([])) });
        var downloader = new ImageDownloader(() => new HttpClient(mock, disposeHandler: false), new FakeTimeProvider(), new ImagingClientOptions());

        // Act
        var act = () => downloader.DownloadAsync(new Uri("https://cdn.example.com/a.png"), null, "concurred", CancellationToken.None);

        // Assert
        (await act.Should().ThrowExactlyAsync<ImagingApiException>()).Which.ErrorCode.Should().Be(ImagingErrorCode.NetworkError);
    }
}
