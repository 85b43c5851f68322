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
/// A client from <see cref="ImageClient.Create(Action{IImagingClientBuilder}, Action{ImagingClientOptions})"/> owns its connections and must be disposed. A client resolved from
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

    /// <summary>
    /// Asks the client for an object of the given type, such as a provider's own API beside image generation, the way
    /// Microsoft.Extensions.AI's <c>IImageGenerator.GetService</c> does. A client that routes to several providers
    /// asks each of them in turn, or only the provider named by <paramref name="serviceKey"/>.
    /// </summary>
    /// <param name="serviceType">The type of object wanted.</param>
    /// <param name="serviceKey">A provider's name (as in model ids), to ask that provider only; or <see langword="null"/>.</param>
    /// <returns>The object, or <see langword="null"/> when the client has none of that type.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="serviceType"/> is <see langword="null"/>.</exception>
    object? GetService(Type serviceType, object? serviceKey = null)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        return serviceKey is null && serviceType.IsInstanceOfType(this) ? this : null;
    }
}

/// <summary>Typed access to <see cref="IImageClient.GetService"/>.</summary>
public static class ImageClientExtensions
{
    /// <summary>Asks the client for an object of type <typeparamref name="TService"/>.</summary>
    /// <typeparam name="TService">The type of object wanted, such as a provider's own API interface.</typeparam>
    /// <param name="client">The client.</param>
    /// <param name="serviceKey">A provider's name, to ask that provider only; or <see langword="null"/>.</param>
    /// <returns>The object, or <see langword="null"/> when the client has none.</returns>
    public static TService? GetService<TService>(this IImageClient client, object? serviceKey = null)
        where TService : class
    {
        ArgumentNullException.ThrowIfNull(client);
        return client.GetService(typeof(TService), serviceKey) as TService;
    }

    /// <summary>Asks the client for an object of type <typeparamref name="TService"/>, which it must have.</summary>
    /// <typeparam name="TService">The type of object wanted, such as a provider's own API interface.</typeparam>
    /// <param name="client">The client.</param>
    /// <param name="serviceKey">A provider's name, to ask that provider only; or <see langword="null"/>.</param>
    /// <returns>The object.</returns>
    /// <exception cref="InvalidOperationException">The client has no object of that type: the provider that offers it is not registered.</exception>
    public static TService GetRequiredService<TService>(this IImageClient client, object? serviceKey = null)
        where TService : class =>
        client.GetService<TService>(serviceKey)
        ?? throw new InvalidOperationException(
            $"This client has no {typeof(TService).Name}{(serviceKey is null ? string.Empty : $" for provider '{serviceKey}'")}: "
            + "the provider that offers it is not registered. Add it with services.AddImagingClient().Add<Provider>(...) or ImageClient.Create(i => i.Add<Provider>(...)).");
}
