using ImagingClient;
using ImagingClient.DependencyInjection;
using ImagingClient.Http;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers ImagingClient in a service collection.</summary>
public static class ImagingServiceCollectionExtensions
{
    /// <summary>
    /// Registers the <see cref="IImageClient"/> that routes each request to its provider. Add providers on the
    /// returned builder, for example <c>.AddConcurred(...)</c>.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Sets the router's options, such as the default provider.</param>
    /// <returns>The builder to add providers with.</returns>
    public static IImagingClientBuilder AddImagingClient(this IServiceCollection services, Action<ImagingClientOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = services.AddOptions<ImagingClientOptions>();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        services.TryAddSingleton(TimeProvider.System);
        services.AddHttpClient(ImageDownloader.HttpClientName)
            .AddHttpMessageHandler(sp => new ResilienceHandler(ResilienceHandler.CreatePipeline(
                new ImagingRetryOptions(),
                sp.GetRequiredService<TimeProvider>(),
                static (response, now, _) => ValueTask.FromResult(ResponseHeaders.ReadRetryAfter(response.Headers, now)))));
        services.TryAddSingleton(sp =>
        {
            var factory = sp.GetRequiredService<IHttpClientFactory>();
            return new ImageDownloader(() => factory.CreateClient(ImageDownloader.HttpClientName), sp.GetRequiredService<TimeProvider>());
        });
        services.TryAddSingleton<IImageClient, ImageClientRouter>();
        return new ImagingClientBuilder(services);
    }

    private sealed class ImagingClientBuilder(IServiceCollection services) : IImagingClientBuilder
    {
        public IServiceCollection Services { get; } = services;
    }
}
