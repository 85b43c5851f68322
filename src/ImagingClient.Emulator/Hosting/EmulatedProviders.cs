using System.Reflection;

namespace ImagingClient.Emulator.Hosting;

/// <summary>
/// Finds the emulated providers: every non-abstract class of this assembly that implements
/// <see cref="IEmulatedProvider"/>, ordered by full type name so routes are always mapped in the same order.
/// The emulator is neither trimmed nor compiled ahead of time, so reflection sees every type.
/// </summary>
internal static class EmulatedProviders
{
    private static readonly Type[] ProviderTypes = Discover();

    private static readonly Lazy<HashSet<Type>> SettingsTypes = new(
        () => [.. CreateAll().Select(provider => provider.OptionsType)],
        LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>Gets the provider types, in mapping order.</summary>
    public static IReadOnlyList<Type> Types => ProviderTypes;

    /// <summary>Creates one fresh, unmapped instance of every provider, in mapping order.</summary>
    /// <exception cref="InvalidOperationException">A provider has no parameterless constructor.</exception>
    public static IReadOnlyList<IEmulatedProvider> CreateAll() => [.. ProviderTypes.Select(Create)];

    /// <summary>Whether <paramref name="type"/> is the settings type of one of the providers.</summary>
    public static bool IsOptionsType(Type type) => SettingsTypes.Value.Contains(type);

    private static IEmulatedProvider Create(Type type)
    {
        var constructor = type.GetConstructor(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic, Type.EmptyTypes)
            ?? throw new InvalidOperationException($"The emulated provider {type.FullName} needs a parameterless constructor.");
        return (IEmulatedProvider)constructor.Invoke(null);
    }

    private static Type[] Discover() =>
    [
        .. typeof(IEmulatedProvider).Assembly.GetTypes()
            .Where(type => type is { IsClass: true, IsAbstract: false } && typeof(IEmulatedProvider).IsAssignableFrom(type))
            .OrderBy(type => type.FullName, StringComparer.Ordinal),
    ];
}
