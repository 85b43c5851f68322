using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace ImagingClient.DependencyInjection;

/// <summary>
/// Checks the one configuration section of <c>AddImagingClient(configuration)</c> when the router's options are first
/// read (at start with <c>ValidateOnStart</c> or <c>ImageClient.Create</c>): every key is a router setting or a
/// provider's section, and every provider section binds with no unknown key and no value that does not convert. Each
/// problem names the key's full path (<c>Imaging:&lt;Provider&gt;:BaseUrl</c>), so a typo is found at start, not on a call.
/// </summary>
internal sealed class ImagingConfigurationValidator(IConfiguration section) : IValidateOptions<ImagingClientOptions>
{
    /// <summary>The router's settings: every public property of <see cref="ImagingClientOptions"/> (a test keeps this list whole).</summary>
    internal static readonly IReadOnlyList<string> RouterKeys =
    [
        nameof(ImagingClientOptions.DefaultProvider),
        nameof(ImagingClientOptions.DownloadTimeout),
        nameof(ImagingClientOptions.MaxDownloadBytes),
        nameof(ImagingClientOptions.DownloadRetry),
        nameof(ImagingClientOptions.AllowedDownloadHosts),
        nameof(ImagingClientOptions.BlockPrivateNetworkDownloads),
        nameof(ImagingClientOptions.Telemetry),
    ];

    public static bool IsRouterKey(string key) => RouterKeys.Contains(key, StringComparer.OrdinalIgnoreCase);

    public ValidateOptionsResult Validate(string? name, ImagingClientOptions options)
    {
        if (name != Options.DefaultName)
        {
            return ValidateOptionsResult.Skip;
        }

        var problems = new List<string>();
        foreach (var child in section.GetChildren())
        {
            if (string.Equals(child.Key, nameof(ImagingClientOptions.DownloadRetry), StringComparison.OrdinalIgnoreCase))
            {
                BindStrictly(child, static retry => retry.Get<ImagingRetryOptions>(static binder => binder.ErrorOnUnknownConfiguration = true), problems);
            }
            else if (string.Equals(child.Key, nameof(ImagingClientOptions.Telemetry), StringComparison.OrdinalIgnoreCase))
            {
                BindStrictly(child, static telemetry => telemetry.Get<ImagingTelemetryOptions>(static binder => binder.ErrorOnUnknownConfiguration = true), problems);
            }
            else if (IsRouterKey(child.Key))
            {
                continue;
            }
            else if (ProviderRegistry.Find(child.Key) is { } provider)
            {
                if (provider.BindStrictly is { } bind)
                {
                    BindStrictly(child, bind, problems);
                }
            }
            else
            {
                problems.Add(UnknownSection(child));
            }
        }

        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }

    /// <summary>The message for a key under the section that is neither a router setting nor a provider.</summary>
    internal static string UnknownSection(IConfigurationSection child) =>
        $"Configuration key '{child.Path}' is neither a provider ImagingClient knows ({string.Join(", ", ImagingClientBuilderExtensions.ProviderNames)}) "
        + $"nor a router setting ({string.Join(", ", RouterKeys)}); check its spelling, or remove it.";

    /// <summary>
    /// Binds <paramref name="child"/> with unknown keys refused, and turns the binder's message (which names the
    /// property, not where it is) into one problem per unknown key, by its full path.
    /// </summary>
    private static void BindStrictly(IConfigurationSection child, Action<IConfiguration> bind, List<string> problems)
    {
        try
        {
            bind(child);
        }
        catch (InvalidOperationException ex)
        {
            var unknown = Descendants(child)
                .Where(key => ex.Message.Contains($"'{key.Key}'", StringComparison.Ordinal) && !ex.Message.Contains($"'{key.Path}'", StringComparison.Ordinal))
                .Select(key => key.Path)
                .ToList();
            problems.Add(unknown.Count > 0 && ex.Message.Contains(nameof(BinderOptions.ErrorOnUnknownConfiguration), StringComparison.Ordinal)
                ? $"Configuration key{(unknown.Count == 1 ? string.Empty : "s")} {string.Join(", ", unknown.Select(p => $"'{p}'"))} {(unknown.Count == 1 ? "is" : "are")} not a setting of the section '{child.Path}'; check the spelling (the settings are the properties of its options class, such as ApiKey, BaseAddress, Timeout)."
                : $"Configuration section '{child.Path}' cannot be read: {ex.Message}");
        }
    }

    private static IEnumerable<IConfigurationSection> Descendants(IConfigurationSection section)
    {
        // Bounded by the configuration's own depth: each level is a child of the one before.
        foreach (var child in section.GetChildren())
        {
            yield return child;
            foreach (var grandchild in Descendants(child))
            {
                yield return grandchild;
            }
        }
    }
}
