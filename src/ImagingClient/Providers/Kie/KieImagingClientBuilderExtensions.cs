using ImagingClient;
using ImagingClient.DependencyInjection;
using ImagingClient.Http;
using ImagingClient.Providers.Kie;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Adds the Kie.ai Flux Kontext provider.</summary>
public static class KieImagingClientBuilderExtensions
{
    /// <summary>How the platform registers Kie.</summary>
    internal static readonly ProviderDescriptor Descriptor = new()
    {
        Name = KieModels.ProviderName,
        DisplayName = "Kie",
        HttpClientName = KieClientOptions.HttpClientName,
        KeyPlacement = ApiKeyPlacement.Bearer,
        ReadRetryAfter = KieErrors.ReadRetryAfterAsync,
        AddServices = static services =>
        {
            services.TryAddSingleton<IKieApi>(static sp => sp.GetRequiredService<KieImageClient>());
            services.TryAddSingleton(static sp => new KieCallbackVerifier(
                sp.GetRequiredService<IOptions<KieClientOptions>>().Value.Callbacks ?? new KieCallbackOptions(),
                sp.GetRequiredService<TimeProvider>(),
                sp.GetRequiredService<ImageDownloader>()));
        },
    };

    /// <summary>
    /// Adds Kie.ai, configured in code. Registers the keyed <see cref="IImageClient"/> <c>"kie"</c>, <see cref="IKieApi"/>
    /// (also reachable as <c>client.GetRequiredService&lt;IKieApi&gt;()</c>) and <see cref="KieCallbackVerifier"/>.
    /// </summary>
    /// <param name="builder">The builder from <c>AddImagingClient</c>.</param>
    /// <param name="configure">Sets the API key, polling and callback settings.</param>
    /// <param name="configureHttpClient">
    /// Reaches Kie's <see cref="IHttpClientBuilder"/> (named <see cref="KieClientOptions.HttpClientName"/>). Handlers
    /// added here run inside the library's retry, once per attempt (see <see cref="ImagingRetryOptions"/>); do not add
    /// another retry.
    /// </param>
    /// <returns>The builder, to add more providers.</returns>
    public static IImagingClientBuilder AddKie(
        this IImagingClientBuilder builder,
        Action<KieClientOptions> configure,
        Action<IHttpClientBuilder>? configureHttpClient = null)
    {
        ArgumentNullException.ThrowIfNull(configure);
        return ProviderRegistrar.Register<KieClientOptions, KieImageClient>(builder, Descriptor, options => options.Configure(configure), configureHttpClient);
    }

    /// <summary>
    /// Adds Kie.ai, configured from a configuration section (<c>ApiKey</c>, <c>BaseAddress</c>, <c>Timeout</c>,
    /// <c>Polling:Timeout</c>, <c>Callbacks:WebhookHmacKey</c>, …).
    /// </summary>
    /// <param name="builder">The builder from <c>AddImagingClient</c>.</param>
    /// <param name="configuration">The section, for example <c>configuration.GetSection("Imaging:Kie")</c>.</param>
    /// <param name="configureHttpClient">Reaches Kie's <see cref="IHttpClientBuilder"/>.</param>
    /// <returns>The builder, to add more providers.</returns>
    public static IImagingClientBuilder AddKie(
        this IImagingClientBuilder builder,
        IConfiguration configuration,
        Action<IHttpClientBuilder>? configureHttpClient = null)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return ProviderRegistrar.Register<KieClientOptions, KieImageClient>(builder, Descriptor, options => options.Bind(configuration), configureHttpClient);
    }
}
