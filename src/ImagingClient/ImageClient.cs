using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace ImagingClient;

/// <summary>Creates an <see cref="IImageClient"/> without dependency injection.</summary>
/// <example>
/// <code>
/// // Each provider brings its own registration method: "Add" followed by the provider's name.
/// using var client = ImageClient.Create(imaging => imaging.Add&lt;Provider&gt;(o => o.ApiKey = apiKey));
/// var result = await client.GenerateAsync(new ImageGenerationRequest { Prompt = "A lighthouse at dawn" });
/// await result.Images[0].SaveAsync("lighthouse.png");
/// </code>
/// </example>
public static class ImageClient
{
    /// <summary>
    /// Creates a client for the providers <paramref name="configure"/> adds. Settings are validated now: a missing
    /// key or a bad endpoint throws <see cref="OptionsValidationException"/> here, not on the first call.
    /// </summary>
    /// <param name="configure">Adds providers, such as <c>imaging => imaging.Add&lt;Provider&gt;(o => o.ApiKey = key)</c>.</param>
    /// <param name="configureRouter">Sets the router's options, such as the default provider.</param>
    /// <returns>A client that owns its connections: dispose it when done.</returns>
    /// <exception cref="OptionsValidationException">A provider's settings are not usable.</exception>
    public static IImageClient Create(Action<IImagingClientBuilder> configure, Action<ImagingClientOptions>? configureRouter = null)
    {
        ArgumentNullException.ThrowIfNull(configure);
        return Build(services => configure(services.AddImagingClient(configureRouter)));
    }

    /// <summary>
    /// Creates a client for the router settings and providers one configuration section describes (see
    /// <c>services.AddImagingClient(configuration)</c>), such as <c>configuration.GetSection("Imaging")</c>. The section
    /// and every provider's settings are validated now.
    /// </summary>
    /// <param name="configuration">The section.</param>
    /// <param name="configure">Adds or configures more in code, or <see langword="null"/>.</param>
    /// <returns>A client that owns its connections: dispose it when done.</returns>
    /// <exception cref="OptionsValidationException">The section or a provider's settings are not usable; the message names the key.</exception>
    public static IImageClient Create(Microsoft.Extensions.Configuration.IConfiguration configuration, Action<IImagingClientBuilder>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return Build(services =>
        {
            var builder = services.AddImagingClient(configuration);
            configure?.Invoke(builder);
        });
    }

    private static OwningImageClient Build(Action<ServiceCollection> register)
    {
        var services = new ServiceCollection();
        register(services);
        var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true, ValidateOnBuild = true });
        try
        {
            provider.GetService<IStartupValidator>()?.Validate();
            return new OwningImageClient(provider.GetRequiredService<IImageClient>(), provider);
        }
        catch
        {
            provider.Dispose();
            throw;
        }
    }

    private sealed class OwningImageClient(IImageClient inner, ServiceProvider owner) : IImageClient
    {
        public Task<ImageResult> GenerateAsync(ImageGenerationRequest request, CancellationToken cancellationToken = default) =>
            inner.GenerateAsync(request, cancellationToken);

        public Task<ImageResult> EditAsync(ImageEditRequest request, CancellationToken cancellationToken = default) =>
            inner.EditAsync(request, cancellationToken);

        public Task<ImageJob> StartGenerateAsync(ImageGenerationRequest request, CancellationToken cancellationToken = default) =>
            inner.StartGenerateAsync(request, cancellationToken);

        public Task<ImageJob> StartEditAsync(ImageEditRequest request, CancellationToken cancellationToken = default) =>
            inner.StartEditAsync(request, cancellationToken);

        public Task<ImageJob> ResumeJobAsync(ImageJobToken token, CancellationToken cancellationToken = default) =>
            inner.ResumeJobAsync(token, cancellationToken);

        public object? GetService(Type serviceType, object? serviceKey = null) => inner.GetService(serviceType, serviceKey);

        public void Dispose() => owner.Dispose();
    }
}
