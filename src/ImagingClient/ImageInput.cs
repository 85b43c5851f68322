namespace ImagingClient;

/// <summary>How an <see cref="ImageInput"/> holds its image.</summary>
public enum ImageInputKind
{
    /// <summary>A URL the provider fetches itself.</summary>
    Url,

    /// <summary>Bytes in memory.</summary>
    Bytes,

    /// <summary>A readable stream, read once when the request is sent.</summary>
    Stream,

    /// <summary>A file on the local disk, read when the request is sent.</summary>
    File,
}

/// <summary>
/// An image given to a provider: a public URL, bytes, a stream or a local file. Each provider turns it into what its
/// wire needs (a URL, base64, a data URI, an upload) or says clearly why it cannot.
/// </summary>
public sealed class ImageInput
{
    private ImageInput(ImageInputKind kind, Uri? url, ReadOnlyMemory<byte> bytes, Stream? stream, string? path, string? mediaType)
    {
        Kind = kind;
        Url = url;
        Bytes = bytes;
        Stream = stream;
        FilePath = path;
        MediaType = mediaType;
    }

    /// <summary>How this input holds its image.</summary>
    public ImageInputKind Kind { get; }

    /// <summary>The URL, for <see cref="ImageInputKind.Url"/>.</summary>
    public Uri? Url { get; }

    /// <summary>The bytes, for <see cref="ImageInputKind.Bytes"/>.</summary>
    public ReadOnlyMemory<byte> Bytes { get; }

    /// <summary>The stream, for <see cref="ImageInputKind.Stream"/>.</summary>
    public Stream? Stream { get; }

    /// <summary>The file's path, for <see cref="ImageInputKind.File"/>.</summary>
    public string? FilePath { get; }

    /// <summary>The media type if the caller gave one (otherwise it is sniffed from the bytes when needed).</summary>
    public string? MediaType { get; }

    /// <summary>An image at an absolute http or https URL that the provider can fetch.</summary>
    /// <param name="url">The image's URL.</param>
    /// <returns>The input.</returns>
    /// <exception cref="ArgumentException"><paramref name="url"/> is not an absolute http or https URL.</exception>
    public static ImageInput FromUri(Uri url)
    {
        ArgumentNullException.ThrowIfNull(url);
        if (!url.IsAbsoluteUri || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps))
        {
            throw new ArgumentException($"An image URL must be an absolute http or https URL; '{url}' is not.", nameof(url));
        }

        return new ImageInput(ImageInputKind.Url, url, default, null, null, null);
    }

    /// <summary>An image at an absolute http or https URL that the provider can fetch.</summary>
    /// <param name="url">The image's URL.</param>
    /// <returns>The input.</returns>
    /// <exception cref="ArgumentException"><paramref name="url"/> is not an absolute http or https URL.</exception>
    public static ImageInput FromUri(string url)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(url);
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri))
        {
            throw new ArgumentException($"An image URL must be an absolute http or https URL; '{url}' is not.", nameof(url));
        }

        return FromUri(uri);
    }

    /// <summary>An image held in memory.</summary>
    /// <param name="bytes">The encoded image (PNG, JPEG, WebP, …).</param>
    /// <param name="mediaType">Its media type, or <see langword="null"/> to sniff it from the bytes.</param>
    /// <returns>The input.</returns>
    /// <exception cref="ArgumentException"><paramref name="bytes"/> is empty.</exception>
    public static ImageInput FromBytes(ReadOnlyMemory<byte> bytes, string? mediaType = null)
    {
        if (bytes.IsEmpty)
        {
            throw new ArgumentException("An image given as bytes must not be empty.", nameof(bytes));
        }

        return new ImageInput(ImageInputKind.Bytes, null, bytes, null, null, mediaType);
    }

    /// <summary>
    /// An image read from a stream when the request is sent. The stream is not disposed. It is read once, from its
    /// current position: an input made from a stream can be sent once (copies of a request made with <c>with</c>
    /// share the same stream). For a request that may be sent again, use <see cref="FromBytes"/> or
    /// <see cref="FromFile"/>.
    /// </summary>
    /// <param name="stream">A readable stream positioned at the image's first byte.</param>
    /// <param name="mediaType">Its media type, or <see langword="null"/> to sniff it from the bytes.</param>
    /// <returns>The input.</returns>
    /// <exception cref="ArgumentException"><paramref name="stream"/> cannot be read.</exception>
    public static ImageInput FromStream(Stream stream, string? mediaType = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        if (!stream.CanRead)
        {
            throw new ArgumentException("An image given as a stream must be readable.", nameof(stream));
        }

        return new ImageInput(ImageInputKind.Stream, null, default, stream, null, mediaType);
    }

    /// <summary>An image read from a local file when the request is sent.</summary>
    /// <param name="path">The file's path.</param>
    /// <param name="mediaType">Its media type, or <see langword="null"/> to sniff it from the bytes.</param>
    /// <returns>The input.</returns>
    /// <exception cref="FileNotFoundException">There is no file at <paramref name="path"/>.</exception>
    public static ImageInput FromFile(string path, string? mediaType = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var fullPath = Path.GetFullPath(path);
        if (!File.Exists(fullPath))
        {
            throw new FileNotFoundException($"There is no image file at '{fullPath}'.", fullPath);
        }

        return new ImageInput(ImageInputKind.File, null, default, null, fullPath, mediaType);
    }

    /// <summary>Describes the input without its content.</summary>
    /// <returns>A short description such as <c>"URL https://…"</c> or <c>"12345 bytes"</c>.</returns>
    public override string ToString() => Kind switch
    {
        ImageInputKind.Url => $"URL {Url}",
        ImageInputKind.Bytes => $"{Bytes.Length} bytes",
        ImageInputKind.Stream => "a stream",
        _ => $"file {FilePath}",
    };
}
