using System.Diagnostics.Metrics;
using ImagingClient;
using ImagingClient.DependencyInjection;
using ImagingClient.Diagnostics;
using ImagingClient.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
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

            // The meter comes from the container's IMeterFactory when it has one (AddMetrics, a host), else it is static.
            services.TryAddSingleton(static sp => new ImagingTelemetry(
                sp.GetService<IMeterFactory>(),
                sp.GetService<ILoggerFactory>(),
                sp.GetRequiredService<TimeProvider>(),
                sp.GetRequiredService<IOptions<ImagingClientOptions>>().Value.Telemetry?.IncludePrompts ?? false));
            services.TryAddSingleton(static sp => new PrivateNetworkGuard(
                sp.GetRequiredService<IOptions<ImagingClientOptions>>().Value,
                () => ProviderEndpoints(sp)));
            services.AddHttpClient(ImageDownloader.HttpClientName)

                // Redirects are left to the downloader, which checks each target first; addresses are checked at connect time.
                .ConfigurePrimaryHttpMessageHandler(static sp => sp.GetRequiredService<PrivateNetworkGuard>().CreateHandler())
                .ConfigureHttpClient(static client => client.Timeout = Timeout.InfiniteTimeSpan)
                .AddImagingRetry<ImagingClientOptions>(static options => options.DownloadRetry, ResponseHeaders.ReadRetryAfterAsync, provider: null)
                .AddImagingRequestLog();
            services.AddSingleton(sp =>
            {
                var factory = sp.GetRequiredService<IHttpClientFactory>();
                return new ImageDownloader(
                    () => factory.CreateClient(ImageDownloader.HttpClientName),
                    sp.GetRequiredService<TimeProvider>(),
                    sp.GetRequiredService<IOptions<ImagingClientOptions>>().Value,
                    sp.GetRequiredService<PrivateNetworkGuard>())
                {
                    Telemetry = sp.GetRequiredService<ImagingTelemetry>(),
                };
            });
            services.TryAddSingleton<IImageClient, ImageClientRouter>();
        }

        return new ImagingClientBuilder(services);
    }

    /// <summary>
    /// Registers the <see cref="IImageClient"/> and everything one configuration section describes: the router's
    /// settings (<c>DefaultProvider</c>, <c>DownloadTimeout</c>, <c>MaxDownloadBytes</c>, <c>DownloadRetry</c>,
    /// <c>AllowedDownloadHosts</c>, <c>BlockPrivateNetworkDownloads</c>) and, for each provider that has a section under
    /// it (<c>Imaging:&lt;Provider&gt;</c>, with a name of <see cref="ImagingClientBuilderExtensions.ProviderNames"/>, ignoring case), that provider, bound from its section
    /// as its own <c>Add…(configuration)</c> method binds it. Environment variables come in through the configuration
    /// (<c>Imaging__&lt;Provider&gt;__ApiKey</c>).
    /// </summary>
    /// <remarks>
    /// The section is checked when the router's options are first read (at start, with <c>ValidateOnStart</c>): a key
    /// that is neither a router setting nor a provider, a key a provider's settings do not have, and a value that does
    /// not convert are each an <see cref="OptionsValidationException"/> naming the key's full path, such as
    /// <c>Imaging:&lt;Provider&gt;:BaseUrl</c>; the providers' own checks (a missing key, an http endpoint) follow as usual.
    /// Providers are registered from the keys present now; add more on the returned builder.
    /// </remarks>
    /// <param name="services">The service collection.</param>
    /// <param name="configuration">The section, for example <c>configuration.GetSection("Imaging")</c>.</param>
    /// <returns>The builder, to add providers in code or an image generator.</returns>
    public static IImagingClientBuilder AddImagingClient(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        var builder = services.AddImagingClient();
        services.AddOptions<ImagingClientOptions>().Bind(configuration);
        services.AddSingleton<IValidateOptions<ImagingClientOptions>>(new ImagingConfigurationValidator(configuration));
        foreach (var child in configuration.GetChildren())
        {
            if (!ImagingConfigurationValidator.IsRouterKey(child.Key) && ProviderRegistry.Find(child.Key) is { } provider)
            {
                provider.AddFromConfiguration(builder, child);
            }
        }

        return builder;
    }

    /// <summary>
    /// Each registered provider's endpoint, whose origin a download may reach even on a private address (the emulator
    /// serves results from its own endpoint). A provider whose settings cannot be read is left out: it cannot be
    /// called either.
    /// </summary>
    private static List<Uri> ProviderEndpoints(IServiceProvider services)
    {
        var endpoints = new List<Uri>();
        foreach (var registration in services.GetServices<ImageProviderRegistration>())
        {
            try
            {
                if (registration.BaseAddress(services) is { } endpoint)
                {
                    endpoints.Add(endpoint);
                }
            }
            catch (OptionsValidationException)
            {
                // Not usable, so not trusted.
            }
        }

        return endpoints;
    }

    private sealed class ImagingClientBuilder(IServiceCollection services) : IImagingClientBuilder
    {
        public IServiceCollection Services { get; } = services;
    }
}
