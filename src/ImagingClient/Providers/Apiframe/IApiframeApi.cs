namespace ImagingClient.Providers.Apiframe;

/// <summary>
/// Apiframe's operations beside generation and editing: upscales, background removals, Midjourney follow-ups, uploads,
/// jobs, the account and the model catalog. Resolve it from dependency injection, or get it from any client that has
/// Apiframe with <c>client.GetRequiredService&lt;IApiframeApi&gt;()</c>.
/// </summary>
/// <remarks>
/// Every job operation comes in two forms, as <see cref="IImageClient"/>'s do: <c>Start…Async</c> returns the
/// <see cref="ImageJob"/> once Apiframe has accepted it; the other waits and returns the images. Input images may be
/// URLs, or bytes, streams and files, which are uploaded first (<c>POST /v2/uploads</c>, 25 MB at most; PNG, JPEG,
/// WebP or GIF). Every submission carries an <c>Idempotency-Key</c>, so a retry never starts a second paid job.
/// </remarks>
public interface IApiframeApi
{
    /// <summary>Submits an upscale (<c>POST /v2/images/upscale</c>) and returns its job once accepted.</summary>
    /// <param name="request">A Topaz or Clarity upscale.</param>
    /// <param name="cancellationToken">Cancels the submission.</param>
    /// <returns>The job.</returns>
    /// <exception cref="ArgumentException">The request is not valid; nothing was sent.</exception>
    /// <exception cref="ImagingApiException">Apiframe refused it or could not be reached.</exception>
    Task<ImageJob> StartUpscaleAsync(ApiframeUpscaleRequest request, CancellationToken cancellationToken = default);

    /// <summary>Upscales an image and returns the result once ready.</summary>
    /// <param name="request">A Topaz or Clarity upscale.</param>
    /// <param name="cancellationToken">Stops waiting (the job goes on).</param>
    /// <returns>The upscaled image.</returns>
    /// <exception cref="ArgumentException">The request is not valid; nothing was sent.</exception>
    /// <exception cref="ImagingApiException">Apiframe refused it, the job failed, or the wait timed out (with the job id).</exception>
    Task<ImageResult> UpscaleAsync(ApiframeUpscaleRequest request, CancellationToken cancellationToken = default);

    /// <summary>Submits a background removal (<c>POST /v2/images/background-remove</c>) and returns its job once accepted.</summary>
    /// <param name="request">A Bria or 851-labs removal.</param>
    /// <param name="cancellationToken">Cancels the submission.</param>
    /// <returns>The job.</returns>
    /// <exception cref="ArgumentException">The request is not valid; nothing was sent.</exception>
    /// <exception cref="ImagingApiException">Apiframe refused it or could not be reached.</exception>
    Task<ImageJob> StartBackgroundRemovalAsync(ApiframeBackgroundRemovalRequest request, CancellationToken cancellationToken = default);

    /// <summary>Removes an image's background and returns the result once ready.</summary>
    /// <param name="request">A Bria or 851-labs removal.</param>
    /// <param name="cancellationToken">Stops waiting (the job goes on).</param>
    /// <returns>The image without its background.</returns>
    /// <exception cref="ArgumentException">The request is not valid; nothing was sent.</exception>
    /// <exception cref="ImagingApiException">Apiframe refused it, the job failed, or the wait timed out (with the job id).</exception>
    Task<ImageResult> RemoveBackgroundAsync(ApiframeBackgroundRemovalRequest request, CancellationToken cancellationToken = default);

    /// <summary>Submits a Midjourney follow-up (<c>POST /v2/images/midjourney/action</c>) and returns its job once accepted.</summary>
    /// <param name="request">The action, made with <see cref="ApiframeMidjourney"/>.</param>
    /// <param name="cancellationToken">Cancels the submission.</param>
    /// <returns>The job.</returns>
    /// <exception cref="ArgumentException">The request is not valid; nothing was sent.</exception>
    /// <exception cref="ImagingApiException">Apiframe refused it (<see cref="ImagingErrorCode.Conflict"/> when the parent does not offer the action; <see cref="ImagingErrorCode.NotFound"/> for an unknown parent).</exception>
    Task<ImageJob> StartMidjourneyActionAsync(ApiframeMidjourneyActionRequest request, CancellationToken cancellationToken = default);

    /// <summary>Runs a Midjourney follow-up and returns its images once ready: one for an upsample, a grid of four otherwise.</summary>
    /// <param name="request">The action, made with <see cref="ApiframeMidjourney"/>.</param>
    /// <param name="cancellationToken">Stops waiting (the job goes on).</param>
    /// <returns>The images.</returns>
    /// <exception cref="ArgumentException">The request is not valid; nothing was sent.</exception>
    /// <exception cref="ImagingApiException">Apiframe refused it, the job failed, or the wait timed out (with the job id).</exception>
    Task<ImageResult> RunMidjourneyActionAsync(ApiframeMidjourneyActionRequest request, CancellationToken cancellationToken = default);

    /// <summary>Gets a job by id (<c>GET /v2/jobs/{id}</c>), whoever started it, to wait for it or act on it.</summary>
    /// <param name="jobId">The job's id (a UUID).</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The job, with its current status (and its result, once completed).</returns>
    /// <exception cref="ArgumentException"><paramref name="jobId"/> is not a UUID.</exception>
    /// <exception cref="ImagingApiException">Apiframe refused (<see cref="ImagingErrorCode.NotFound"/>: no such job for this key).</exception>
    Task<ImageJob> GetJobAsync(string jobId, CancellationToken cancellationToken = default);

    /// <summary>Lists jobs, newest first (<c>GET /v2/jobs</c>), fetching further pages as the caller reads on.</summary>
    /// <param name="query">Filters; every job of the caller when <see langword="null"/>.</param>
    /// <param name="cancellationToken">Stops the listing.</param>
    /// <returns>The jobs.</returns>
    /// <exception cref="ArgumentException">A filter is not valid; nothing was sent.</exception>
    /// <exception cref="ImagingApiException">Apiframe refused a page (403 for a team scope without admin rights).</exception>
    IAsyncEnumerable<ApiframeJobInfo> ListJobsAsync(ApiframeJobQuery? query = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// Uploads an image to Apiframe's short-lived storage (<c>POST /v2/uploads</c>) and returns its URL, which works
    /// for 1–2 hours. Generation and edits do this by themselves for local inputs; use it to reuse one upload.
    /// </summary>
    /// <param name="image">Bytes, a stream or a file: PNG, JPEG, WebP or GIF, at most 25 MB.</param>
    /// <param name="cancellationToken">Cancels the upload.</param>
    /// <returns>The upload.</returns>
    /// <exception cref="ArgumentException">The image is a URL (nothing to upload), too large, or not an accepted type; nothing was sent.</exception>
    /// <exception cref="ImagingApiException">Apiframe refused the upload.</exception>
    Task<ApiframeUpload> UploadAsync(ImageInput image, CancellationToken cancellationToken = default);

    /// <summary>The caller: user, team, credit balance and the key in use (<c>GET /v2/me</c>).</summary>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The account.</returns>
    /// <exception cref="ImagingApiException">Apiframe refused (401 for a bad key).</exception>
    Task<ApiframeAccount> GetAccountAsync(CancellationToken cancellationToken = default);

    /// <summary>Apiframe's public model catalog (<c>GET /v2/models</c>), optionally of one modality.</summary>
    /// <param name="modality"><c>image</c>, <c>video</c> or <c>music</c>; every model when <see langword="null"/>.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The entries.</returns>
    /// <exception cref="ArgumentException"><paramref name="modality"/> is not one of the three.</exception>
    /// <exception cref="ImagingApiException">Apiframe refused.</exception>
    Task<IReadOnlyList<ApiframeModelInfo>> GetModelsAsync(string? modality = null, CancellationToken cancellationToken = default);
}
