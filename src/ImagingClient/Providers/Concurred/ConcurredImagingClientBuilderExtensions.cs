using ImagingClient;
using ImagingClient.DependencyInjection;
using ImagingClient.Http;
using ImagingClient.Providers.Concurred;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.Configuration;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Adds the Concurred provider.</summary>
public static class ConcurredImagingClientBuilderExtensions
{
    /// <summary>How the platform registers Concurred.</summary>
    internal static readonly ProviderDescriptor Descriptor = new()
    {
        Name = ConcurredModels.ProviderName,
        DisplayName = "Concurred",
        HttpClientName = ConcurredClientOptions.HttpClientName,
        Catalog = ConcurredCatalog.Catalog,
        KeyPlacement = ApiKeyPlacement.Bearer,
        ReadRetryAfter = ConcurredErrors.ReadRetryAfterAsync,
    };

    /// <summary>Makes Concurred addable by name (<c>AddProvider("concurred", …)</c>, configuration) when the library loads.</summary>
#pragma warning disable CA2255 // A module initializer lets the provider register itself, so core never names it.
    [ModuleInitializer]
#pragma warning restore CA2255
    internal static void Register() => ProviderRegistry.Add(new ProviderEntry(
        Descriptor,
        static (builder, configure) => builder.AddConcurred(options => configure(options)),
        static (builder, configuration) => builder.AddConcurred(configuration))
    {
        BindStrictly = static configuration => configuration.Get<ConcurredClientOptions>(static binder => binder.ErrorOnUnknownConfiguration = true),
    });

    /// <summary>
    /// Adds Concurred, configured in code. Also registers it as the keyed <see cref="IImageClient"/> <c>"concurred"</c>.
    /// </summary>
    /// <param name="builder">The builder from <c>AddImagingClient</c>.</param>
    /// <param name="configure">Sets the API key and other settings.</param>
    /// <param name="configureHttpClient">
    /// Reaches Concurred's <see cref="IHttpClientBuilder"/> (named <see cref="ConcurredClientOptions.HttpClientName"/>),
    /// to add handlers or replace the primary handler. Handlers added here run inside the library's retry, once per
    /// attempt (see <see cref="ImagingRetryOptions"/>); do not add another retry.
    /// </param>
    /// <returns>The builder, to add more providers.</returns>
    public static IImagingClientBuilder AddConcurred(
        this IImagingClientBuilder builder,
        Action<ConcurredClientOptions> configure,
        Action<IHttpClientBuilder>? configureHttpClient = null)
    {
        ArgumentNullException.ThrowIfNull(configure);
        return ProviderRegistrar.Register<ConcurredClientOptions, ConcurredImageClient>(builder, Descriptor, options => options.Configure(configure), configureHttpClient);
    }

    /// <summary>
    /// Adds Concurred, configured from a configuration section (keys <c>ApiKey</c>, <c>BaseAddress</c>,
    /// <c>Timeout</c>, <c>UnsupportedFields</c>, <c>Retry:MaxRetries</c>, …). Also registers it as the keyed
    /// <see cref="IImageClient"/> <c>"concurred"</c>.
    /// </summary>
    /// <param name="builder">The builder from <c>AddImagingClient</c>.</param>
    /// <param name="configuration">The section, for example <c>configuration.GetSection("Imaging:Concurred")</c>.</param>
    /// <param name="configureHttpClient">Reaches Concurred's <see cref="IHttpClientBuilder"/>.</param>
    /// <returns>The builder, to add more providers.</returns>
    public static IImagingClientBuilder AddConcurred(
        this IImagingClientBuilder builder,
        IConfiguration configuration,
        Action<IHttpClientBuilder>? configureHttpClient = null)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return ProviderRegistrar.Register<ConcurredClientOptions, ConcurredImageClient>(builder, Descriptor, options => options.Bind(configuration), configureHttpClient);
    }
}
