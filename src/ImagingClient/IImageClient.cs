namespace ImagingClient;

/// <summary>
/// Generates and edits images through one or more image providers.
/// </summary>
/// <remarks>
/// <para>
/// <see cref="GenerateAsync"/> and <see cref="EditAsync"/> return the finished images whatever the provider does
/// underneath (a synchronous reply, or a job that is polled until it completes).
/// <see cref="StartGenerateAsync"/> and <see cref="StartEditAsync"/> return an <see cref="ImageJob"/> as soon as the
/// provider has accepted the work; for a synchronous provider that job is already complete.
/// </para>
/// <para>
/// Invalid input (a missing prompt, a field the chosen model does not take, a value out of range) raises an
/// <see cref="ArgumentException"/> before anything is sent. A provider's refusal raises an
/// <see cref="ImagingApiException"/>.
/// </para>
/// <para>
/// A client from <see cref="ImageClient.Create"/> owns its connections and must be disposed. A client resolved from
/// dependency injection is owned by the container; disposing it does nothing.
/// </para>
/// </remarks>
public interface IImageClient : IDisposable
{
    /// <summary>Generates images from a text prompt and returns them once they are ready.</summary>
    /// <param name="request">What to generate.</param>
    /// <param name="cancellationToken">Stops waiting. Work the provider has already accepted is not cancelled remotely.</param>
    /// <returns>The generated images.</returns>
    /// <exception cref="ArgumentException">The request is not valid for the chosen model; nothing was sent.</exception>
    /// <exception cref="ImagingApiException">The provider refused the request or could not be reached.</exception>
    Task<ImageResult> GenerateAsync(ImageGenerationRequest request, CancellationToken cancellationToken = default);

    /// <summary>Edits an image by instruction and returns the result once it is ready.</summary>
    /// <param name="request">The source image and the instruction.</param>
    /// <param name="cancellationToken">Stops waiting. Work the provider has already accepted is not cancelled remotely.</param>
    /// <returns>The edited images.</returns>
    /// <exception cref="ArgumentException">The request is not valid for the chosen model; nothing was sent.</exception>
    /// <exception cref="ImagingApiException">The provider refused the request or could not be reached.</exception>
    Task<ImageResult> EditAsync(ImageEditRequest request, CancellationToken cancellationToken = default);

    /// <summary>Submits a generation and returns its job as soon as the provider has accepted it.</summary>
    /// <param name="request">What to generate.</param>
    /// <param name="cancellationToken">Cancels the submission.</param>
    /// <returns>The job; complete already when the provider answers synchronously.</returns>
    /// <exception cref="ArgumentException">The request is not valid for the chosen model; nothing was sent.</exception>
    /// <exception cref="ImagingApiException">The provider refused the request or could not be reached.</exception>
    Task<ImageJob> StartGenerateAsync(ImageGenerationRequest request, CancellationToken cancellationToken = default);

    /// <summary>Submits an edit and returns its job as soon as the provider has accepted it.</summary>
    /// <param name="request">The source image and the instruction.</param>
    /// <param name="cancellationToken">Cancels the submission.</param>
    /// <returns>The job; complete already when the provider answers synchronously.</returns>
    /// <exception cref="ArgumentException">The request is not valid for the chosen model; nothing was sent.</exception>
    /// <exception cref="ImagingApiException">The provider refused the request or could not be reached.</exception>
    Task<ImageJob> StartEditAsync(ImageEditRequest request, CancellationToken cancellationToken = default);

    /// <summary>
    /// Re-attaches to a job from its <see cref="ImageJob.ResumeToken"/>, in this process or another one, and checks its
    /// status once.
    /// </summary>
    /// <param name="token">The token, for example <c>ImageJobToken.Parse(savedText)</c>.</param>
    /// <param name="cancellationToken">Cancels the status check.</param>
    /// <returns>The job, with its current status; wait for it with <see cref="ImageJob.WaitForCompletionAsync(IProgress{ImageJobProgress}?, CancellationToken)"/>.</returns>
    /// <exception cref="ArgumentException">The token belongs to a provider this client does not have.</exception>
    /// <exception cref="ImagingApiException">The status check failed (for example, the job is unknown to the provider).</exception>
    Task<ImageJob> ResumeJobAsync(ImageJobToken token, CancellationToken cancellationToken = default);
}
