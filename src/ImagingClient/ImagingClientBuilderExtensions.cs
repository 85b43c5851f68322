using ImagingClient.DependencyInjection;
using Microsoft.Extensions.Configuration;

namespace ImagingClient;

/// <summary>Adds a provider by its name, for code that learns which provider to use at run time.</summary>
public static class ImagingClientBuilderExtensions
{
    /// <summary>The names (as in model ids) of the providers this library can add.</summary>
    public static IReadOnlyList<string> ProviderNames => [.. ProviderRegistry.All.Select(e => e.Descriptor.Name)];

    /// <summary>
    /// Adds the provider named <paramref name="provider"/> (as in model ids), configured in code through the settings
    /// every provider shares; the same as calling its own <c>Add…</c> method.
    /// </summary>
    /// <param name="builder">The builder from <c>AddImagingClient</c>.</param>
    /// <param name="provider">The provider's name, such as the part of a model id before the colon.</param>
    /// <param name="configure">Sets the API key, endpoint and other shared settings.</param>
    /// <returns>The builder, to add more providers.</returns>
    /// <exception cref="ArgumentException">No provider has that name.</exception>
    public static IImagingClientBuilder AddProvider(this IImagingClientBuilder builder, string provider, Action<ImagingProviderOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configure);
        return Find(provider).AddInCode(builder, configure);
    }

    /// <summary>Adds the provider named <paramref name="provider"/>, configured from a configuration section.</summary>
    /// <param name="builder">The builder from <c>AddImagingClient</c>.</param>
    /// <param name="provider">The provider's name, as in model ids.</param>
    /// <param name="configuration">The provider's section (<c>ApiKey</c>, <c>BaseAddress</c>, …).</param>
    /// <returns>The builder, to add more providers.</returns>
    /// <exception cref="ArgumentException">No provider has that name.</exception>
    public static IImagingClientBuilder AddProvider(this IImagingClientBuilder builder, string provider, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configuration);
        return Find(provider).AddFromConfiguration(builder, configuration);
    }

    private static ProviderEntry Find(string provider)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(provider);
        return ProviderRegistry.Find(provider.Trim())
            ?? throw new ArgumentException($"No provider is named '{provider}'; the providers are {string.Join(", ", ProviderNames)}.", nameof(provider));
    }
}
