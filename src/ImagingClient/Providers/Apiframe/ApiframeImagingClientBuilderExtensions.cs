using System.Runtime.CompilerServices;
using ImagingClient;
using ImagingClient.DependencyInjection;
using ImagingClient.Http;
using ImagingClient.Providers.Apiframe;
using ImagingClient.Webhooks;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Adds the Apiframe v2 provider.</summary>
public static class ApiframeImagingClientBuilderExtensions
{
    /// <summary>How the platform registers Apiframe.</summary>
    internal static readonly ProviderDescriptor Descriptor = new()
    {
        Name = ApiframeModels.ProviderName,
        DisplayName = "Apiframe",
        HttpClientName = ApiframeClientOptions.HttpClientName,
        Catalog = ApiframeCatalog.Catalog,
        KeyPlacement = ApiKeyPlacement.XApiKeyHeader,
        AddServices = static services =>
        {
            services.TryAddSingleton<IApiframeApi>(static sp => sp.GetRequiredService<ApiframeImageClient>());
            services.TryAddSingleton(static sp =>
            {
                var options = OptionsOrNull(sp);
                return new ApiframeWebhookVerifier(
                    options?.ApiKey,
                    options?.Webhooks ?? new ApiframeWebhookOptions(),
                    sp.GetRequiredService<TimeProvider>(),
                    sp.GetRequiredService<ImageDownloader>());
            });

            // The shared interface, keyed and among all providers' verifiers.
            services.AddSingleton<IImageWebhookVerifier>(static sp => sp.GetRequiredService<ApiframeWebhookVerifier>());
            services.AddKeyedSingleton<IImageWebhookVerifier>(ApiframeModels.ProviderName, static (sp, _) => sp.GetRequiredService<ApiframeWebhookVerifier>());
        },
    };

    /// <summary>
    /// The settings webhooks are verified with (the key, the limits); <see langword="null"/> when they are not usable
    /// (no key), so that resolving the verifier — or every provider's, as <c>IEnumerable&lt;IImageWebhookVerifier&gt;</c>
    /// — never fails for it: such a verifier refuses every delivery as not configured.
    /// </summary>
    private static ApiframeClientOptions? OptionsOrNull(IServiceProvider services)
    {
        try
        {
            return services.GetRequiredService<IOptions<ApiframeClientOptions>>().Value;
        }
        catch (OptionsValidationException)
        {
            return null;
        }
    }

    /// <summary>Makes Apiframe addable by name (<c>AddProvider("apiframe", …)</c>, configuration) when the library loads.</summary>
#pragma warning disable CA2255 // A module initializer lets the provider register itself, so core never names it.
    [ModuleInitializer]
#pragma warning restore CA2255
    internal static void Register() => ProviderRegistry.Add(new ProviderEntry(
        Descriptor,
        static (builder, configure) => builder.AddApiframe(options => configure(options)),
        static (builder, configuration) => builder.AddApiframe(configuration))
    {
        BindStrictly = static configuration => configuration.Get<ApiframeClientOptions>(static binder => binder.ErrorOnUnknownConfiguration = true),
    });

    /// <summary>
    /// Adds Apiframe v2, configured in code. Registers the keyed <see cref="IImageClient"/> <c>"apiframe"</c>,
    /// <see cref="IApiframeApi"/> (also reachable as <c>client.GetRequiredService&lt;IApiframeApi&gt;()</c>) and
    /// <see cref="ApiframeWebhookVerifier"/>, also as the keyed <see cref="IImageWebhookVerifier"/> <c>"apiframe"</c>
    /// and among the unkeyed ones.
    /// </summary>
    /// <param name="builder">The builder from <c>AddImagingClient</c>.</param>
    /// <param name="configure">Sets the API key (<c>afk_…</c>), endpoint and polling settings.</param>
    /// <param name="configureHttpClient">
    /// Reaches Apiframe's <see cref="IHttpClientBuilder"/> (named <see cref="ApiframeClientOptions.HttpClientName"/>).
    /// Handlers added here run inside the library's retry, once per attempt (see <see cref="ImagingRetryOptions"/>);
    /// do not add another retry.
    /// </param>
    /// <returns>The builder, to add more providers.</returns>
    public static IImagingClientBuilder AddApiframe(
        this IImagingClientBuilder builder,
        Action<ApiframeClientOptions> configure,
        Action<IHttpClientBuilder>? configureHttpClient = null)
    {
        ArgumentNullException.ThrowIfNull(configure);
        return ProviderRegistrar.Register<ApiframeClientOptions, ApiframeImageClient>(builder, Descriptor, options => options.Configure(configure), configureHttpClient);
    }

    /// <summary>
    /// Adds Apiframe v2, configured from a configuration section (<c>ApiKey</c>, <c>BaseAddress</c>, <c>Timeout</c>,
    /// <c>Polling:Timeout</c>, …).
    /// </summary>
    /// <param name="builder">The builder from <c>AddImagingClient</c>.</param>
    /// <param name="configuration">The section, for example <c>configuration.GetSection("Imaging:Apiframe")</c>.</param>
    /// <param name="configureHttpClient">Reaches Apiframe's <see cref="IHttpClientBuilder"/>.</param>
    /// <returns>The builder, to add more providers.</returns>
    public static IImagingClientBuilder AddApiframe(
        this IImagingClientBuilder builder,
        IConfiguration configuration,
        Action<IHttpClientBuilder>? configureHttpClient = null)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return ProviderRegistrar.Register<ApiframeClientOptions, ApiframeImageClient>(builder, Descriptor, options => options.Bind(configuration), configureHttpClient);
    }
}
