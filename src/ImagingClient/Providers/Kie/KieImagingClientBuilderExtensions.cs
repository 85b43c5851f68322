using ImagingClient;
using ImagingClient.DependencyInjection;
using ImagingClient.Http;
using ImagingClient.Providers.Kie;
using System.Runtime.CompilerServices;
using ImagingClient.Webhooks;
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
        Catalog = KieCatalog.Catalog,
        KeyPlacement = ApiKeyPlacement.Bearer,
        ReadRetryAfter = KieErrors.ReadRetryAfterAsync,
        AddServices = static services =>
        {
            services.TryAddSingleton<IKieApi>(static sp => sp.GetRequiredService<KieImageClient>());
            services.TryAddSingleton(static sp => new KieCallbackVerifier(
                CallbackOptions(sp),
                sp.GetRequiredService<TimeProvider>(),
                sp.GetRequiredService<ImageDownloader>()));

            // The shared interface, keyed and among all providers' verifiers (AddServices runs once per provider).
            services.AddSingleton<IImageWebhookVerifier>(static sp => WebhookVerifier(sp));
            services.AddKeyedSingleton<IImageWebhookVerifier>(KieModels.ProviderName, static (sp, _) => WebhookVerifier(sp));
        },
    };

    /// <summary>Makes Kie addable by name (<c>AddProvider("kie", …)</c>, configuration) when the library loads.</summary>
#pragma warning disable CA2255 // A module initializer lets the provider register itself, so core never names it.
    [ModuleInitializer]
#pragma warning restore CA2255
    internal static void Register() => ProviderRegistry.Add(new ProviderEntry(
        Descriptor,
        static (builder, configure) => builder.AddKie(options => configure(options)),
        static (builder, configuration) => builder.AddKie(configuration))
    {
        BindStrictly = static configuration => configuration.Get<KieClientOptions>(static binder => binder.ErrorOnUnknownConfiguration = true),
    });
    private static KieCallbackOptions CallbackOptions(IServiceProvider services) =>
        services.GetRequiredService<IOptions<KieClientOptions>>().Value.Callbacks ?? new KieCallbackOptions();

    /// <summary>
    /// The verifier as <see cref="IImageWebhookVerifier"/>: the registered <see cref="KieCallbackVerifier"/> when
    /// callbacks are configured; otherwise one that refuses every callback as not configured, so that listing every
    /// provider's verifier does not fail because Kie is only polled.
    /// </summary>
    private static KieCallbackVerifier WebhookVerifier(IServiceProvider services)
    {
        var callbacks = CallbackOptions(services);
        return string.IsNullOrEmpty(callbacks.WebhookHmacKey) && !callbacks.AllowUnsigned
            ? new KieCallbackVerifier(callbacks, services.GetRequiredService<TimeProvider>(), services.GetRequiredService<ImageDownloader>(), refuseAllWhenUnconfigured: true)
            : services.GetRequiredService<KieCallbackVerifier>();
    }

    /// <summary>
    /// Adds Kie.ai, configured in code. Registers the keyed <see cref="IImageClient"/> <c>"kie"</c>, <see cref="IKieApi"/>
    /// (also reachable as <c>client.GetRequiredService&lt;IKieApi&gt;()</c>) and <see cref="KieCallbackVerifier"/>, also
    /// as the keyed <see cref="IImageWebhookVerifier"/> <c>"kie"</c> and among the unkeyed ones.
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
