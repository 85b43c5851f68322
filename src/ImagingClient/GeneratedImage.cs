using ImagingClient.Http;

namespace ImagingClient;

/// <summary>
/// One produced image: either <see cref="InlineGeneratedImage"/> (the provider sent the bytes) or
/// <see cref="RemoteGeneratedImage"/> (the provider sent a URL). Both can be saved, read and opened the same way.
/// </summary>
public abstract class GeneratedImage
{
    private protected GeneratedImage()
    {
    }

    /// <summary>
    /// The media type, such as <c>"image/png"</c>. For a remote image it is known once the image has been downloaded
    /// and is <see langword="null"/> before.
    /// </summary>
    public abstract string? MediaType { get; }

    /// <summary>The image's bytes (downloaded once for a remote image, then kept).</summary>
    /// <param name="cancellationToken">Cancels the download.</param>
    /// <returns>The encoded image.</returns>
    /// <exception cref="ImagingApiException">A remote image could not be downloaded (expired, not found, unreachable).</exception>
    public abstract ValueTask<ReadOnlyMemory<byte>> GetBytesAsync(CancellationToken cancellationToken = default);

    /// <summary>Opens the image for reading. The caller disposes the stream.</summary>
    /// <param name="cancellationToken">Cancels the download.</param>
    /// <returns>A stream of the encoded image; for a remote image not yet downloaded, the download itself.</returns>
    /// <exception cref="ImagingApiException">A remote image could not be downloaded.</exception>
    public abstract ValueTask<Stream> OpenReadAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Writes the image to a file, replacing any file at that path. The image is written to a temporary file beside it
    /// first and moved into place only when complete, so a failed download or a cancellation leaves an existing file
    /// as it was.
    /// </summary>
    /// <param name="path">The file to write; its folder must exist.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>A task that completes when the file is written.</returns>
    /// <exception cref="ImagingApiException">A remote image could not be downloaded.</exception>
    public async Task SaveAsync(string path, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var fullPath = Path.GetFullPath(path);
        var temporary = Path.Combine(Path.GetDirectoryName(fullPath)!, $".{Path.GetFileName(fullPath)}.{Guid.NewGuid():N}.tmp");
        try
        {
            var file = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize: 81920, useAsync: true);
            await using (file.ConfigureAwait(false))
            {
                await SaveAsync(file, cancellationToken).ConfigureAwait(false);
            }

            File.Move(temporary, fullPath, overwrite: true);
        }
        catch
        {
            File.Delete(temporary);
            throw;
        }
    }

    /// <summary>Writes the image to a stream. The stream is not disposed.</summary>
    /// <param name="destination">A writable stream.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>A task that completes when the image is written.</returns>
    /// <exception cref="ImagingApiException">A remote image could not be downloaded.</exception>
    public abstract Task SaveAsync(Stream destination, CancellationToken cancellationToken = default);
}

/// <summary>An image whose bytes came in the provider's response (base64 on the wire).</summary>
public sealed class InlineGeneratedImage : GeneratedImage
{
    internal InlineGeneratedImage(ReadOnlyMemory<byte> data, string? mediaType)
    {
        Data = data;
        MediaType = string.IsNullOrWhiteSpace(mediaType) ? ImageInfo.SniffMediaType(data.Span) : mediaType;
    }

    /// <summary>The encoded image.</summary>
    public ReadOnlyMemory<byte> Data { get; }

    /// <summary>The media type the provider gave, or one sniffed from the bytes when it gave none.</summary>
    public override string MediaType { get; }

    /// <inheritdoc />
    public override ValueTask<ReadOnlyMemory<byte>> GetBytesAsync(CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(Data);

    /// <inheritdoc />
    public override ValueTask<Stream> OpenReadAsync(CancellationToken cancellationToken = default) =>
        ValueTask.FromResult<Stream>(MemoryStreams.Open(Data));

    /// <inheritdoc />
    public override async Task SaveAsync(Stream destination, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(destination);
        await destination.WriteAsync(Data, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Describes the image without its bytes.</summary>
    /// <returns>The media type and size.</returns>
    public override string ToString() => $"{MediaType}, {Data.Length} bytes inline";
}

/// <summary>
/// An image the provider left at a URL. Download it before <see cref="ExpiresAt"/>: once downloaded with
/// <see cref="GetBytesAsync"/> its bytes are kept, so later calls do not need the URL again.
/// </summary>
public sealed class RemoteGeneratedImage : GeneratedImage
{
    private readonly ImageDownloader _downloader;
    private readonly string _provider;
    private volatile DownloadedImage? _downloaded;
    private volatile string? _streamedMediaType;

    internal RemoteGeneratedImage(Uri url, DateTimeOffset? expiresAt, ImageDownloader downloader, string provider)
    {
        Url = url;
        ExpiresAt = expiresAt;
        _downloader = downloader;
        _provider = provider;
    }

    /// <summary>Where the image is. The URL carries no credentials of yours; the download never sends the API key.</summary>
    public Uri Url { get; }

    /// <summary>
    /// When the URL stops working, where the provider documents a lifetime (for example 10 minutes after the response
    /// for some models, minutes after the response); <see langword="null"/> when it documents none.
    /// </summary>
    public DateTimeOffset? ExpiresAt { get; }

    /// <summary>The media type from the download, or <see langword="null"/> until the image has been downloaded or saved.</summary>
    public override string? MediaType => _downloaded?.MediaType ?? _streamedMediaType;

    /// <inheritdoc />
    public override async ValueTask<ReadOnlyMemory<byte>> GetBytesAsync(CancellationToken cancellationToken = default)
    {
        var downloaded = _downloaded;
        if (downloaded is null)
        {
            downloaded = await _downloader.DownloadAsync(Url, ExpiresAt, _provider, cancellationToken).ConfigureAwait(false);
            _downloaded = downloaded;
        }

        return downloaded.Data;
    }

    /// <inheritdoc />
    public override async ValueTask<Stream> OpenReadAsync(CancellationToken cancellationToken = default)
    {
        var downloaded = _downloaded;
        return downloaded is not null
            ? MemoryStreams.Open(downloaded.Data)
            : await _downloader.OpenReadAsync(Url, ExpiresAt, _provider, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Writes the image to a stream. The stream is not disposed. An image not downloaded yet is streamed from its URL
    /// straight into <paramref name="destination"/>, a chunk at a time, and not kept in memory (so a later
    /// <see cref="GetBytesAsync"/> downloads it again; call that first when you need both). If the download fails
    /// midway, <paramref name="destination"/> holds the part written so far: <see cref="GeneratedImage.SaveAsync(string, CancellationToken)"/>
    /// leaves no such part behind.
    /// </summary>
    /// <param name="destination">A writable stream.</param>
    /// <param name="cancellationToken">Cancels the download and the write.</param>
    /// <returns>A task that completes when the image is written.</returns>
    /// <exception cref="ImagingApiException">The image could not be downloaded (expired, not found, unreachable, larger than MaxDownloadBytes).</exception>
    public override async Task SaveAsync(Stream destination, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(destination);
        if (_downloaded is { } downloaded)
        {
            await destination.WriteAsync(downloaded.Data, cancellationToken).ConfigureAwait(false);
            return;
        }

        _streamedMediaType = await _downloader.DownloadToAsync(Url, ExpiresAt, _provider, destination, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Describes the image.</summary>
    /// <returns>The URL and, where known, when it expires.</returns>
    public override string ToString() => ExpiresAt is { } expires ? $"{Url} (expires {expires:O})" : Url.ToString();
}
