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
        string providerName,
        string displayName,
        string httpClientName,
        ApiKeyPlacement keyPlacement,
        RetryAfterReader readRetryAfter,
        Action<OptionsBuilder<TOptions>> configureOptions,
        Action<IHttpClientBuilder>? configureHttpClient)
        where TOptions : ImagingProviderOptions
        where TClient : class, IImageClient
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;

        var options = services.AddOptions<TOptions>();
        configureOptions(options);
        options.ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<TOptions>>(new ProviderOptionsValidator<TOptions>(displayName)));

        var http = services.AddHttpClient(httpClientName)
            .ConfigurePrimaryHttpMessageHandler(static () => new SocketsHttpHandler
            {
                // A redirect would carry the key to wherever it points; provider APIs do not redirect, so refuse to follow.
                AllowAutoRedirect = false,
                AutomaticDecompression = System.Net.DecompressionMethods.All,
                PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            })
            .ConfigureHttpClient((sp, client) => client.Timeout = sp.GetRequiredService<IOptionsMonitor<TOptions>>().CurrentValue.Timeout)
            .AddHttpMessageHandler(sp =>
            {
                var monitor = sp.GetRequiredService<IOptionsMonitor<TOptions>>();
                return new ApiKeyHandler(() => monitor.CurrentValue, keyPlacement);
            })
            .AddHttpMessageHandler(sp => new ResilienceHandler(ResilienceHandler.CreatePipeline(
                sp.GetRequiredService<IOptionsMonitor<TOptions>>().CurrentValue.Retry ?? new ImagingRetryOptions(),
                sp.GetRequiredService<TimeProvider>(),
                readRetryAfter)));
        configureHttpClient?.Invoke(http);

        services.TryAddSingleton<TClient>();
        services.TryAddKeyedSingleton<IImageClient>(providerName, static (sp, _) => sp.GetRequiredService<TClient>());
        if (!services.Any(d => d.ServiceType == typeof(ImageProviderRegistration) && d.ImplementationInstance is ImageProviderRegistration r && r.Name == providerName))
        {
            services.AddSingleton(new ImageProviderRegistration(providerName, static sp => sp.GetRequiredService<TClient>()));
        }

        return builder;
    }
}
