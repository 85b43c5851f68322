using System.Runtime.CompilerServices;
using ImagingClient;
using ImagingClient.DependencyInjection;
using ImagingClient.Http;
using ImagingClient.Providers.RelayGpu;
using ImagingClient.Webhooks;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Adds the RelayGPU provider.</summary>
public static class RelayGpuImagingClientBuilderExtensions
{
    /// <summary>How the platform registers RelayGPU.</summary>
    internal static readonly ProviderDescriptor Descriptor = new()
    {
        Name = RelayGpuModels.ProviderName,
        DisplayName = "RelayGPU",
        HttpClientName = RelayGpuClientOptions.HttpClientName,
        Catalog = RelayGpuCatalog.Catalog,
        KeyPlacement = ApiKeyPlacement.XApiKeyHeader,
        ReadRetryAfter = RelayGpuErrors.ReadRetryAfterAsync,

        // 409 IDEMPOTENCY_IN_PROGRESS: the first submission is still being accepted; ask again after its Retry-After.
        RetryAfterWaitingStatuses = new HashSet<int> { 409 },
        AddServices = static services =>
        {
            services.TryAddSingleton<IRelayGpuApi>(static sp => sp.GetRequiredService<RelayGpuImageClient>());
            services.TryAddSingleton(static sp => new RelayGpuWebhookVerifier(
                WebhookOptions(sp),
                sp.GetRequiredService<TimeProvider>(),
                sp.GetRequiredService<ImageDownloader>(),
                refuseAllWhenUnconfigured: true));
            services.AddSingleton<IImageWebhookVerifier>(static sp => sp.GetRequiredService<RelayGpuWebhookVerifier>());
            services.AddKeyedSingleton<IImageWebhookVerifier>(RelayGpuModels.ProviderName, static (sp, _) => sp.GetRequiredService<RelayGpuWebhookVerifier>());
        },
    };

    /// <summary>Makes RelayGPU addable by name (<c>AddProvider("relaygpu", …)</c>, configuration) when the library loads.</summary>
#pragma warning disable CA2255 // A module initializer lets the provider register itself, so core never names it.
    [ModuleInitializer]
#pragma warning restore CA2255
    internal static void Register() => ProviderRegistry.Add(new ProviderEntry(
        Descriptor,
        static (builder, configure) => builder.AddRelayGpu(options => configure(options)),
        static (builder, configuration) => builder.AddRelayGpu(configuration))
    {
        BindStrictly = static configuration => configuration.Get<RelayGpuClientOptions>(static binder => binder.ErrorOnUnknownConfiguration = true),
    });

    /// <summary>
    /// Adds RelayGPU, configured in code. Registers the keyed <see cref="IImageClient"/> <c>"relaygpu"</c>,
    /// <see cref="IRelayGpuApi"/> (also reachable as <c>client.GetRequiredService&lt;IRelayGpuApi&gt;()</c>) and
    /// <see cref="RelayGpuWebhookVerifier"/>, also as the keyed <see cref="IImageWebhookVerifier"/> <c>"relaygpu"</c> and
    /// among the unkeyed ones.
    /// </summary>
    /// <param name="builder">The builder from <c>AddImagingClient</c>.</param>
    /// <param name="configure">Sets the API key (<c>relay_sk_…</c>, or <c>AllowGuest</c>), sync or async, polling and the webhook secret.</param>
    /// <param name="configureHttpClient">
    /// Reaches RelayGPU's <see cref="IHttpClientBuilder"/> (named <see cref="RelayGpuClientOptions.HttpClientName"/>).
    /// Handlers added here run inside the library's retry, once per attempt; do not add another retry.
    /// </param>
    /// <returns>The builder, to add more providers.</returns>
    public static IImagingClientBuilder AddRelayGpu(
        this IImagingClientBuilder builder,
        Action<RelayGpuClientOptions> configure,
        Action<IHttpClientBuilder>? configureHttpClient = null)
    {
        ArgumentNullException.ThrowIfNull(configure);
        return ProviderRegistrar.Register<RelayGpuClientOptions, RelayGpuImageClient>(builder, Descriptor, options => options.Configure(configure), configureHttpClient);
    }

    /// <summary>
    /// Adds RelayGPU, configured from a configuration section (<c>ApiKey</c>, <c>BaseAddress</c>, <c>Asynchronous</c>,
    /// <c>Polling:Timeout</c>, <c>Webhooks:Secret</c>, …).
    /// </summary>
    /// <param name="builder">The builder from <c>AddImagingClient</c>.</param>
    /// <param name="configuration">The section, for example <c>configuration.GetSection("Imaging:RelayGpu")</c>.</param>
    /// <param name="configureHttpClient">Reaches RelayGPU's <see cref="IHttpClientBuilder"/>.</param>
    /// <returns>The builder, to add more providers.</returns>
    public static IImagingClientBuilder AddRelayGpu(
        this IImagingClientBuilder builder,
        IConfiguration configuration,
        Action<IHttpClientBuilder>? configureHttpClient = null)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return ProviderRegistrar.Register<RelayGpuClientOptions, RelayGpuImageClient>(builder, Descriptor, options => options.Bind(configuration), configureHttpClient);
    }

    /// <summary>The webhook settings; unusable settings give a verifier that refuses every delivery as not configured.</summary>
    private static RelayGpuWebhookOptions WebhookOptions(IServiceProvider services)
    {
        try
        {
            return services.GetRequiredService<IOptions<RelayGpuClientOptions>>().Value.Webhooks ?? new RelayGpuWebhookOptions();
        }
        catch (OptionsValidationException)
        {
            return new RelayGpuWebhookOptions();
        }
    }
}
