using System.Collections.Concurrent;
using Microsoft.Extensions.Configuration;

namespace ImagingClient.DependencyInjection;

/// <summary>
/// Every provider compiled into the library, each added by its own room when the library loads (a module initializer
/// in the room), so that core can add a provider by name — from configuration, or a sample's <c>--model</c> — without
/// ever naming one.
/// </summary>
internal static class ProviderRegistry
{
    private static readonly ConcurrentDictionary<string, ProviderEntry> Entries = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The registered providers, by name.</summary>
    public static IReadOnlyCollection<ProviderEntry> All => [.. Entries.Values.OrderBy(e => e.Descriptor.Name, StringComparer.Ordinal)];

    public static void Add(ProviderEntry entry)
    {
        if (!Entries.TryAdd(entry.Descriptor.Name, entry))
        {
            throw new InvalidOperationException($"Two providers are named '{entry.Descriptor.Name}'.");
        }
    }

    public static ProviderEntry? Find(string name) => Entries.GetValueOrDefault(name);

    /// <summary>"AddA, AddB", for messages that say how to add a provider.</summary>
    public static string AddMethods() => string.Join(", ", All.Select(e => $"Add{e.Descriptor.DisplayName}"));
}

/// <summary>One provider as the registry knows it: its descriptor and how to add it.</summary>
/// <param name="Descriptor">What the platform needs to register it.</param>
/// <param name="AddInCode">Adds it with settings made in code.</param>
/// <param name="AddFromConfiguration">Adds it with settings bound from a configuration section.</param>
internal sealed record ProviderEntry(
    ProviderDescriptor Descriptor,
    Func<IImagingClientBuilder, Action<ImagingProviderOptions>, IImagingClientBuilder> AddInCode,
    Func<IImagingClientBuilder, IConfiguration, IImagingClientBuilder> AddFromConfiguration)
{
    /// <summary>
    /// Binds a copy of the provider's settings from a section with unknown keys refused (the configuration binder's
    /// <c>ErrorOnUnknownConfiguration</c>), throwing <see cref="InvalidOperationException"/> for an unknown key or a
    /// value that does not convert; the one-section configuration checks each provider's section with it at start.
    /// </summary>
    public Action<IConfiguration>? BindStrictly { get; init; }
}
