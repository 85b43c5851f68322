using ImagingClient;
using ImagingClient.DependencyInjection;
using ImagingClient.Http;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers ImagingClient in a service collection.</summary>
public static class ImagingServiceCollectionExtensions
{
    /// <summary>
    /// Registers the <see cref="IImageClient"/> that routes each request to its provider. Add providers on the
    /// returned builder with each provider's <c>Add…</c> method.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Sets the router's options, such as the default provider, and download limits.</param>
    /// <returns>The builder to add providers with.</returns>
    public static IImagingClientBuilder AddImagingClient(this IServiceCollection services, Action<ImagingClientOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = services.AddOptions<ImagingClientOptions>();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        if (!services.Any(d => d.ServiceType == typeof(ImageDownloader)))
        {
            // Once: calling AddImagingClient again only adds configuration.
            options.ValidateOnStart();
            services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ImagingClientOptions>, ImagingClientOptionsValidator>());
            services.TryAddSingleton(TimeProvider.System);
            services.AddHttpClient(ImageDownloader.HttpClientName)
                .ConfigurePrimaryHttpMessageHandler(static () => new SocketsHttpHandler
                {
                    // The downloader follows redirects itself, checking each target (scheme, allowed hosts) first.
                    AllowAutoRedirect = false,
                    AutomaticDecompression = System.Net.DecompressionMethods.All,
                    PooledConnectionLifetime = TimeSpan.FromMinutes(5),
                })
                .ConfigureHttpClient(static client => client.Timeout = Timeout.InfiniteTimeSpan)
                .AddImagingRetry<ImagingClientOptions>(static options => options.DownloadRetry, ResponseHeaders.ReadRetryAfterAsync)
                .AddImagingRequestLog();
            services.AddSingleton(sp =>
            {
                var factory = sp.GetRequiredService<IHttpClientFactory>();
                return new ImageDownloader(
                    () => factory.CreateClient(ImageDownloader.HttpClientName),
                    sp.GetRequiredService<TimeProvider>(),
                    sp.GetRequiredService<IOptions<ImagingClientOptions>>().Value);
            });
            services.TryAddSingleton<IImageClient, ImageClientRouter>();
        }

        return new ImagingClientBuilder(services);
    }

    private sealed class ImagingClientBuilder(IServiceCollection services) : IImagingClientBuilder
    {
        public IServiceCollection Services { get; } = services;
    }
}
