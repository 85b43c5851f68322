using System.Text.RegularExpressions;
using ImagingClient.Emulator.Hosting;
using ImagingClient.Tests.TestSupport;

namespace ImagingClient.Tests.Emulator;

/// <summary>
/// The emulator's source rules: every direct subfolder of <c>src/ImagingClient.Emulator</c> is either one of the
/// neutral core folders listed here or a provider's room (it holds an <see cref="IEmulatedProvider"/>); no file
/// outside a room names a provider, and no room names another provider. Adding a provider therefore adds a folder
/// and touches nothing else.
/// </summary>
public sealed class EmulatorRoomsTests
{
    /// <summary>The core's folders: shared, provider-neutral code. Every other subfolder must be a room.</summary>
    private static readonly string[] NeutralFolders = ["Hosting", "Imaging"];

    /// <summary>Build output, not source.</summary>
    private static readonly string[] IgnoredFolders = ["bin", "obj"];

    /// <summary>Providers the core must never name, whether or not they have a room yet.</summary>
    private static readonly string[] KnownProviders = ["Concurred", "Kie", "Apiframe", "RelayGpu"];

    /// <summary>Files read as source; documentation (<c>*.md</c>) may name providers.</summary>
    private static readonly string[] SourceExtensions = [".cs", ".csproj", ".json", ".props", ".targets", ".xml", ".resx", ".txt"];

    private static readonly string EmulatorRoot = Path.Combine(RepositoryRoot.Path, "src", "ImagingClient.Emulator");

    [Fact]
    public void ProviderFolders_EachHoldsTheRoomOfTheProviderItIsNamedAfter()
    {
        // Arrange
        var rooms = RoomNames();

        // Act
        var folders = ProviderFolders();
        var withoutRoomClass = folders
            .Where(folder => !SourceFiles(Path.Combine(EmulatorRoot, folder)).Any(file => Regex.IsMatch(File.ReadAllText(file), @"\bclass\s+\w+\s*:[^{]*\bIEmulatedProvider\b")))
            .ToArray();

        // Assert
        folders.Should().NotBeEmpty();
        folders.Should().BeEquivalentTo(rooms, "each room's folder is named after its provider, and every subfolder that is not one of the neutral core folders ({0}) is a room", string.Join(", ", NeutralFolders));
        withoutRoomClass.Should().BeEmpty("a provider folder holds the class implementing IEmulatedProvider");
    }

    [Fact]
    public void CoreFiles_NameNoProvider()
    {
        // Arrange
        var providers = KnownProviders.Union(RoomNames(), StringComparer.OrdinalIgnoreCase).ToArray();
        var roomFolders = RoomFolders().Select(folder => Path.Combine(EmulatorRoot, folder) + Path.DirectorySeparatorChar).ToArray();
        var coreFiles = SourceFiles(EmulatorRoot)
            .Where(file => !roomFolders.Any(room => file.StartsWith(room, StringComparison.Ordinal)))
            .ToArray();

        // Act
        var violations = coreFiles.SelectMany(file => Mentions(file, providers)).ToArray();

        // Assert
        coreFiles.Should().Contain(file => file.EndsWith("ImagingEmulator.cs", StringComparison.Ordinal));
        violations.Should().BeEmpty("only a provider's own folder may name it; the core stays provider-neutral");
    }

    [Fact]
    public void ProviderFolders_NameNoOtherProvider()
    {
        // Arrange
        var folders = RoomFolders();
        var providers = KnownProviders.Union(RoomNames(), StringComparer.OrdinalIgnoreCase).ToArray();

        // Act
        var violations = folders
            .SelectMany(folder => SourceFiles(Path.Combine(EmulatorRoot, folder))
                .SelectMany(file => Mentions(file, providers.Where(other => !string.Equals(other, folder, StringComparison.OrdinalIgnoreCase)))))
            .ToArray();

        // Assert
        violations.Should().BeEmpty("a provider's room never uses another provider's folder, namespace or types");
    }

    [Fact]
    public void Providers_AreDiscoveredInFullTypeNameOrderWithDistinctSwitches()
    {
        // Act
        var types = EmulatedProviders.Types;
        var switches = EmulatedProviders.CreateAll().SelectMany(provider => provider.Switches).Select(entry => entry.Name).ToArray();

        // Assert
        types.Should().HaveCount(ProviderFolders().Length);
        types.Select(type => type.FullName).Should().BeInAscendingOrder(StringComparer.Ordinal);
        switches.Should().OnlyHaveUniqueItems().And.NotContain("--port");
        switches.Should().OnlyContain(name => name.StartsWith("--", StringComparison.Ordinal));
    }

    /// <summary>The names of the emulated providers the emulator discovers.</summary>
    private static string[] RoomNames() => [.. EmulatedProviders.CreateAll().Select(provider => provider.Name)];

    /// <summary>The provider folders named after a discovered provider.</summary>
    private static string[] RoomFolders() => [.. ProviderFolders().Intersect(RoomNames(), StringComparer.Ordinal)];

    /// <summary>The direct subfolders of the emulator project that must be rooms: all but the neutral and build folders.</summary>
    private static string[] ProviderFolders() =>
    [
        .. Directory.EnumerateDirectories(EmulatorRoot)
            .Select(Path.GetFileName)
            .OfType<string>()
            .Where(name => !NeutralFolders.Contains(name, StringComparer.Ordinal) && !IgnoredFolders.Contains(name, StringComparer.Ordinal))
            .Order(StringComparer.Ordinal),
    ];

    private static IEnumerable<string> SourceFiles(string folder) =>
        Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories)
            .Where(file => SourceExtensions.Contains(Path.GetExtension(file), StringComparer.OrdinalIgnoreCase))
            .Where(file => !Path.GetRelativePath(EmulatorRoot, file).Split(Path.DirectorySeparatorChar).Any(part => IgnoredFolders.Contains(part, StringComparer.Ordinal)))
            .Order(StringComparer.Ordinal);

    /// <summary>Every line of <paramref name="file"/> naming one of <paramref name="providers"/>, as <c>path:line: provider: text</c>.</summary>
    private static IEnumerable<string> Mentions(string file, IEnumerable<string> providers)
    {
        var patterns = providers.Select(provider => (provider, Pattern: NamePattern(provider))).ToArray();
        var lines = File.ReadAllLines(file);
        for (var i = 0; i < lines.Length; i++)
        {
            foreach (var (provider, pattern) in patterns)
            {
                if (pattern.IsMatch(lines[i]))
                {
                    yield return $"{Path.GetRelativePath(RepositoryRoot.Path, file)}:{i + 1}: {provider}: {lines[i].Trim()}";
                }
            }
        }
    }

    /// <summary>
    /// How a provider's name is recognised, in any case: anywhere for a long name (<c>Concurred</c>, also with a
    /// space, dash or underscore between its words: <c>relay-gpu</c>), and as a word or the start of an identifier
    /// for a name of 3 letters or fewer (<c>Kie</c>, <c>KieRoutes</c>, <c>kie_emulator</c>, <c>--kie-key</c>, but not
    /// <c>cookie</c>).
    /// </summary>
    private static Regex NamePattern(string provider)
    {
        var words = Regex.Split(provider, "(?<=[a-z])(?=[A-Z])").Select(Regex.Escape);
        var name = "(?i:" + string.Join(@"[\s_-]?", words) + ")";
        return provider.Length <= 3
            ? new Regex("(?<![A-Za-z])" + name + "(?![a-z])", RegexOptions.CultureInvariant)
            : new Regex(name, RegexOptions.CultureInvariant);
    }
}
