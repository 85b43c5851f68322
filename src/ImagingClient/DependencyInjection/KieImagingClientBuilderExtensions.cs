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
    /// <summary>
    /// Adds Kie.ai, configured in code. Registers the keyed <see cref="IImageClient"/> <c>"kie"</c>, <see cref="IKieApi"/>
    /// and <see cref="KieCallbackVerifier"/>.
    /// </summary>
    /// <param name="builder">The builder from <c>AddImagingClient</c>.</param>
    /// <param name="configure">Sets the API key, polling and callback settings.</param>
    /// <param name="configureHttpClient">Reaches Kie's <see cref="IHttpClientBuilder"/>.</param>
    /// <returns>The builder, to add more providers.</returns>
    public static IImagingClientBuilder AddKie(
        this IImagingClientBuilder builder,
        Action<KieClientOptions> configure,
        Action<IHttpClientBuilder>? configureHttpClient = null)
    {
        ArgumentNullException.ThrowIfNull(configure);
        return Register(builder, options => options.Configure(configure), configureHttpClient);
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
        return Register(builder, options => options.Bind(configuration), configureHttpClient);
    }

    /// <summary>
    /// Kie's account endpoints (download links, credits) from a client that has Kie: the router, the keyed
    /// <c>"kie"</c> client, or one from <see cref="ImageClient.Create"/>.
    /// </summary>
    /// <param name="client">The client.</param>
    /// <returns>Kie's account endpoints.</returns>
    /// <exception cref="InvalidOperationException">The client has no Kie provider.</exception>
    public static IKieApi GetKieApi(this IImageClient client)
    {
        ArgumentNullException.ThrowIfNull(client);
        return client as IKieApi
            ?? (client as IServiceProvider)?.GetService<IKieApi>()
            ?? throw new InvalidOperationException("This client has no Kie provider; add it with AddImagingClient().AddKie(...) or ImageClient.Create(i => i.AddKie(...)).");
    }

    private static IImagingClientBuilder Register(
        IImagingClientBuilder builder,
        Action<OptionsBuilder<KieClientOptions>> configureOptions,
        Action<IHttpClientBuilder>? configureHttpClient)
    {
        ProviderRegistrar.Register<KieClientOptions, KieImageClient>(
            builder,
            KieModels.ProviderName,
            "Kie",
            KieImageClient.HttpClientName,
            ApiKeyPlacement.Bearer,
            KieErrors.ReadRetryAfterAsync,
            configureOptions,
            configureHttpClient);
        builder.Services.TryAddSingleton<IKieApi>(static sp => sp.GetRequiredService<KieImageClient>());
        builder.Services.TryAddSingleton(static sp => new KieCallbackVerifier(
            sp.GetRequiredService<IOptions<KieClientOptions>>().Value.Callbacks ?? new KieCallbackOptions(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ImageDownloader>()));
        return builder;
    }
}
