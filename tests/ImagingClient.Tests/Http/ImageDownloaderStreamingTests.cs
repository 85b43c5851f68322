using System.Net;
using ImagingClient.Http;
using Microsoft.Extensions.Time.Testing;
using RichardSzalay.MockHttp;

namespace ImagingClient.Tests.Http;

/// <summary>
/// <see cref="ImageDownloader.DownloadToAsync"/> and <see cref="RemoteGeneratedImage.SaveAsync(Stream, CancellationToken)"/>:
/// a result image goes from the response straight into the destination, a chunk at a time, never whole in memory.
/// </summary>
public sealed class ImageDownloaderStreamingTests
{
    private static readonly Uri Url = new("https://cdn.example.com/result.png");

    [Fact]
    public async Task DownloadToAsync_LargeImage_WritesItInChunksAsItArrives()
    {
        // Arrange: 1 MB without a Content-Length, so nothing can be sized up front.
        var image = Image(1_000_000);
        using var mock = new MockHttpMessageHandler();
        mock.When(Url.ToString()).Respond(_ => Answer(image, declareLength: false));
        var downloader = Downloader(mock, new ImagingClientOptions());
        var destination = new RecordingStream();

        // Act
        var mediaType = await downloader.DownloadToAsync(Url, null, "concurred", destination, CancellationToken.None);

        // Assert
        destination.ToArray().Should().Equal(image);
        destination.Writes.Should().HaveCountGreaterThan(1).And.OnlyContain(length => length <= ImageDownloader.CopyBufferBytes, "the image is copied a chunk at a time");
        mediaType.Should().Be("image/png", "the media type is sniffed from the first bytes when the server declares none");
    }

    [Fact]
    public async Task DownloadToAsync_BodyBeyondMaxDownloadBytes_ThrowsInvalidResponseWhileCopying()
    {
        // Arrange: no Content-Length, so the cap can only be enforced while reading.
        using var mock = new MockHttpMessageHandler();
        mock.When(Url.ToString()).Respond(_ => Answer(Image(300_000), declareLength: false));
        var downloader = Downloader(mock, new ImagingClientOptions { MaxDownloadBytes = 200_000 });
        var destination = new RecordingStream();

        // Act
        var act = () => downloader.DownloadToAsync(Url, null, "concurred", destination, CancellationToken.None);

        // Assert
        var ex = (await act.Should().ThrowAsync<ImagingApiException>()).Which;
        ex.ErrorCode.Should().Be(ImagingErrorCode.InvalidResponse);
        ex.Message.Should().Contain("MaxDownloadBytes");
        destination.Length.Should().BeLessThanOrEqualTo(200_000, "nothing beyond the cap is written");
    }

    [Fact]
    public async Task DownloadToAsync_DestinationFailsToWrite_ThrowsTheStreamsOwnException()
    {
        // Arrange
        using var mock = new MockHttpMessageHandler();
        mock.When(Url.ToString()).Respond(_ => Answer(Image(10_000), declareLength: true));
        var downloader = Downloader(mock, new ImagingClientOptions());

        // Act
        var act = () => downloader.DownloadToAsync(Url, null, "concurred", new FullDiskStream(), CancellationToken.None);

        // Assert: a full disk is not a network error of the provider's.
        (await act.Should().ThrowAsync<IOException>()).Which.Message.Should().Be("No space left on device");
    }

    [Fact]
    public async Task SaveAsync_RemoteImageNotDownloaded_StreamsToTheFileAndLearnsTheMediaType()
    {
        // Arrange
        var image = Image(500_000);
        using var mock = new MockHttpMessageHandler();
        var request = mock.When(Url.ToString()).Respond(_ => Answer(image, declareLength: true, mediaType: "image/png"));
        var remote = new RemoteGeneratedImage(Url, null, Downloader(mock, new ImagingClientOptions()), "concurred");
        var path = Path.Combine(Path.GetTempPath(), $"imagingclient-{Guid.NewGuid():N}.png");

        try
        {
            // Act
            await remote.SaveAsync(path);

            // Assert
            (await File.ReadAllBytesAsync(path)).Should().Equal(image);
            remote.MediaType.Should().Be("image/png");
            mock.GetMatchCount(request).Should().Be(1);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task SaveAsync_RemoteImageToStream_WritesTheDownloadInChunksWithoutKeepingIt()
    {
        // Arrange
        var image = Image(600_000);
        using var mock = new MockHttpMessageHandler();
        var request = mock.When(Url.ToString()).Respond(_ => Answer(image, declareLength: true));
        var remote = new RemoteGeneratedImage(Url, null, Downloader(mock, new ImagingClientOptions()), "concurred");
        var destination = new RecordingStream();

        // Act
        await remote.SaveAsync(destination);
        await remote.GetBytesAsync();

        // Assert
        destination.ToArray().Should().Equal(image);
        destination.Writes.Should().HaveCountGreaterThan(1).And.OnlyContain(length => length <= ImageDownloader.CopyBufferBytes);
        mock.GetMatchCount(request).Should().Be(2, "a streamed save keeps no copy, so reading the bytes afterwards downloads again");
    }

    [Fact]
    public async Task SaveAsync_AfterGetBytesAsync_WritesTheKeptBytesWithoutDownloadingAgain()
    {
        // Arrange
        var image = Image(50_000);
        using var mock = new MockHttpMessageHandler();
        var request = mock.When(Url.ToString()).Respond(_ => Answer(image, declareLength: true));
        var remote = new RemoteGeneratedImage(Url, null, Downloader(mock, new ImagingClientOptions()), "concurred");
        await remote.GetBytesAsync();
        using var destination = new MemoryStream();

        // Act
        await remote.SaveAsync(destination);

        // Assert
        destination.ToArray().Should().Equal(image);
        mock.GetMatchCount(request).Should().Be(1);
    }

    [Fact]
    public async Task SaveAsync_ToPathWhenDownloadBreaksMidway_LeavesNoFile()
    {
        // Arrange: the cap is passed halfway through the body.
        using var mock = new MockHttpMessageHandler();
        mock.When(Url.ToString()).Respond(_ => Answer(Image(400_000), declareLength: false));
        var remote = new RemoteGeneratedImage(Url, null, Downloader(mock, new ImagingClientOptions { MaxDownloadBytes = 200_000 }), "concurred");
        var folder = Directory.CreateTempSubdirectory("imagingclient-").FullName;

        try
        {
            // Act
            var act = () => remote.SaveAsync(Path.Combine(folder, "result.png"));

            // Assert
            (await act.Should().ThrowAsync<ImagingApiException>()).Which.ErrorCode.Should().Be(ImagingErrorCode.InvalidResponse);
            Directory.GetFiles(folder).Should().BeEmpty("neither the file nor its temporary part is left");
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task DownloadAsync_DeclaredContentLength_ReturnsExactlyTheBody()
    {
        // Arrange
        var image = Image(123_457);
        using var mock = new MockHttpMessageHandler();
        mock.When(Url.ToString()).Respond(_ => Answer(image, declareLength: true));
        var downloader = Downloader(mock, new ImagingClientOptions());

        // Act
        var downloaded = await downloader.DownloadAsync(Url, null, "concurred", CancellationToken.None);

        // Assert
        downloaded.Data.ToArray().Should().Equal(image);
    }

    [Fact]
    public async Task DownloadAsync_UndeclaredLengthAcrossManyChunks_ReturnsExactlyTheBody()
    {
        // Arrange: longer than the first pooled buffer, so it grows at least twice.
        var image = Image(300_001);
        using var mock = new MockHttpMessageHandler();
        mock.When(Url.ToString()).Respond(_ => Answer(image, declareLength: false));
        var downloader = Downloader(mock, new ImagingClientOptions());

        // Act
        var downloaded = await downloader.DownloadAsync(Url, null, "concurred", CancellationToken.None);

        // Assert
        downloaded.Data.ToArray().Should().Equal(image);
    }

    private static ImageDownloader Downloader(MockHttpMessageHandler mock, ImagingClientOptions options) =>
        new(() => new HttpClient(mock, disposeHandler: false), new FakeTimeProvider(), options);

    private static byte[] Image(int size)
    {
        var bytes = new byte[size];
        new Random(size).NextBytes(bytes);
        ReadOnlySpan<byte> png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];
        png.CopyTo(bytes);
        return bytes;
    }

    private static HttpResponseMessage Answer(byte[] body, bool declareLength, string? mediaType = null)
    {
        HttpContent content = declareLength ? new ByteArrayContent(body) : new StreamContent(new UnknownLengthStream(body));
        if (mediaType is not null)
        {
            content.Headers.ContentType = new(mediaType);
        }

        return new HttpResponseMessage(HttpStatusCode.OK) { Content = content };
    }

    /// <summary>A body whose length is not known up front, read in pieces.</summary>
    private sealed class UnknownLengthStream(byte[] body) : MemoryStream(body, writable: false)
    {
        public override bool CanSeek => false;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => throw new NotSupportedException();
            set => throw new NotSupportedException();
        }
    }

    /// <summary>Records the size of each write.</summary>
    private sealed class RecordingStream : MemoryStream
    {
        public List<int> Writes { get; } = [];

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            Writes.Add(buffer.Length);
            return base.WriteAsync(buffer, cancellationToken);
        }
    }

    /// <summary>A destination that fails as a full disk does.</summary>
    private sealed class FullDiskStream : MemoryStream
    {
        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default) =>
            ValueTask.FromException(new IOException("No space left on device"));
    }
}
