using ImagingClient.Http;

namespace ImagingClient;

/// <summary>
/// Creates result objects for tests of code that uses <see cref="IImageClient"/>: a fake or mocked client can return
/// what a real provider would.
/// </summary>
/// <example>
/// <code>
/// var result = ImagingModelFactory.ImageResult([ImagingModelFactory.InlineImage(pngBytes)], provider: "myprovider", model: "my-model");
/// </code>
/// </example>
public static class ImagingModelFactory
{
    /// <summary>The plain client of images made here, without redirects of its own: the downloader follows and checks them.</summary>
    private static readonly Lazy<HttpClient> SharedDownloadClient = new(() => new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false }));

    /// <summary>
    /// The download settings of images made here: the defaults, but with private-network downloads allowed, since a
    /// test serves its images from its own machine.
    /// </summary>
    private static readonly ImagingClientOptions TestDownloadOptions = new() { BlockPrivateNetworkDownloads = false };

    /// <summary>Creates an <see cref="ImagingClient.ImageResult"/>.</summary>
    /// <param name="images">The images, at least one.</param>
    /// <param name="provider">The provider's name.</param>
    /// <param name="model">The model's id, without the provider prefix.</param>
    /// <param name="requestId">The provider's request id.</param>
    /// <param name="jobId">The provider's job id.</param>
    /// <param name="warnings">Warnings; none when <see langword="null"/>.</param>
    /// <param name="rateLimit">The rate-limit state.</param>
    /// <returns>The result.</returns>
    public static ImageResult ImageResult(
        IReadOnlyList<GeneratedImage> images,
        string provider = "test",
        string model = "test-model",
        string? requestId = null,
        string? jobId = null,
        IReadOnlyList<string>? warnings = null,
        RateLimitInfo? rateLimit = null)
    {
        ArgumentNullException.ThrowIfNull(images);
        return new ImageResult(images, provider, model, requestId, jobId, warnings ?? [], rateLimit);
    }

    /// <summary>Creates an image whose bytes are in memory.</summary>
    /// <param name="data">The encoded image.</param>
    /// <param name="mediaType">Its media type, or <see langword="null"/> to sniff it.</param>
    /// <returns>The image.</returns>
    public static InlineGeneratedImage InlineImage(ReadOnlyMemory<byte> data, string? mediaType = null) => new(data, mediaType);

    /// <summary>
    /// Creates an image at a URL. Its download has the default limits, but may reach this machine and private networks
    /// (a test's own server on 127.0.0.1), unlike the results of a real client, where
    /// <see cref="ImagingClientOptions.BlockPrivateNetworkDownloads"/> is on by default.
    /// </summary>
    /// <param name="url">Where the image is.</param>
    /// <param name="expiresAt">When the URL stops working.</param>
    /// <param name="downloadClient">The client its downloads use (for example one over a test handler); a shared plain client when <see langword="null"/>.</param>
    /// <param name="provider">The provider's name, for error messages.</param>
    /// <returns>The image.</returns>
    public static RemoteGeneratedImage RemoteImage(Uri url, DateTimeOffset? expiresAt = null, HttpClient? downloadClient = null, string provider = "test")
    {
        ArgumentNullException.ThrowIfNull(url);
        var downloader = new ImageDownloader(() => downloadClient ?? SharedDownloadClient.Value, TimeProvider.System, TestDownloadOptions);
        return new RemoteGeneratedImage(url, expiresAt, downloader, provider);
    }

    /// <summary>Creates a job that has already succeeded with <paramref name="result"/>.</summary>
    /// <param name="result">Its images.</param>
    /// <param name="id">Its id; the result's job or request id when <see langword="null"/>.</param>
    /// <param name="timeProvider">The clock that stamps <see cref="ImageJob.LastUpdated"/>; the system clock when <see langword="null"/>.</param>
    /// <returns>The job.</returns>
    public static ImageJob CompletedJob(ImageResult result, string? id = null, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(result);
        return ImageJob.Completed(id ?? result.JobId ?? result.RequestId ?? $"local_{Guid.NewGuid():N}", result, providerStatus: "succeeded", timeProvider ?? TimeProvider.System);
    }
}
