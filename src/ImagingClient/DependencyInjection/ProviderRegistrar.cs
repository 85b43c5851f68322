using System.Diagnostics.CodeAnalysis;
using ImagingClient.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace ImagingClient.DependencyInjection;

/// <summary>What each provider registers the same way: options and their validation, the HTTP pipeline, the keyed client.</summary>
internal static class ProviderRegistrar
{
    public static IImagingClientBuilder Register<
        [DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicParameterlessConstructor)] TOptions,
        [DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] TClient>(
        IImagingClientBuilder builder,
        ProviderDescriptor provider,
        Action<OptionsBuilder<TOptions>> configureOptions,
        Action<IHttpClientBuilder>? configureHttpClient)
        where TOptions : ImagingProviderOptions
        where TClient : class, IImageClient
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        var providerName = provider.Name;
        var httpClientName = provider.HttpClientName;
        configureOptions(services.AddOptions<TOptions>());

        var alreadyRegistered = services.Any(d => d.ServiceType == typeof(ImageProviderRegistration)
            && d.ImplementationInstance is ImageProviderRegistration r
            && r.Name == providerName);
        if (!alreadyRegistered)
        {
            // Once per provider: calling Add<Provider> again only adds configuration, never a second set of handlers.
            services.AddOptions<TOptions>().ValidateOnStart();
            services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<TOptions>>(new ProviderOptionsValidator<TOptions>(provider.DisplayName)));
            services.AddHttpClient(httpClientName)
                .ConfigurePrimaryHttpMessageHandler(static () => new SocketsHttpHandler
                {
                    // A redirect would carry the key to wherever it points; provider APIs do not redirect, so refuse to follow.
                    AllowAutoRedirect = false,
                    AutomaticDecompression = System.Net.DecompressionMethods.All,
                    PooledConnectionLifetime = TimeSpan.FromMinutes(5),
                })

                // The provider client enforces the configured Timeout itself, over the whole call including the body,
                // on the injected TimeProvider.
                .ConfigureHttpClient(static client => client.Timeout = Timeout.InfiniteTimeSpan)
                .AddHttpMessageHandler(sp =>
                {
                    var monitor = sp.GetRequiredService<IOptionsMonitor<TOptions>>();
                    return new ApiKeyHandler(() => monitor.CurrentValue, provider.KeyPlacement, providerName);
                })
                .AddImagingRetry<TOptions>(static options => options.Retry, provider.ReadRetryAfter, providerName, provider.RetryAfterWaitingStatuses)

                // The factory's own loggers put the key in their structured state; log each attempt without headers instead.
                .AddImagingRequestLog();

            services.TryAddSingleton<TClient>();
            services.TryAddKeyedSingleton<IImageClient>(providerName, static (sp, _) => sp.GetRequiredService<TClient>());
            services.AddSingleton(new ImageProviderRegistration(
                providerName,
                static sp => sp.GetRequiredService<TClient>(),
                static sp => sp.GetRequiredService<IOptionsMonitor<TOptions>>().CurrentValue.BaseAddress));
            provider.AddServices?.Invoke(services);
        }

        configureHttpClient?.Invoke(services.AddHttpClient(httpClientName));
        return builder;
    }
}
