using System.Reflection;
using System.Text.RegularExpressions;
using ImagingClient.Tests.TestSupport;

namespace ImagingClient.Tests.Architecture;

/// <summary>
/// The rules that keep ImagingClient one platform with a room per provider (design.md, "Never-rules"), enforced by
/// reading the library's sources: core never names a provider, providers never reference each other, each provider's
/// wire types live in its own JSON context, the core folders depend on each other without cycles, and no dependency's
/// resilience types appear in a public signature.
/// </summary>
public sealed partial class SourceRulesTests
{
    /// <summary>The providers of the mission; folders under Providers/ are added to these.</summary>
    private static readonly string[] MissionProviders = ["Concurred", "Kie", "Apiframe", "RelayGpu"];

    /// <summary>The core folders (besides the root, which holds the public face every layer uses).</summary>
    private static readonly string[] CoreFolders = ["Models", "Jobs", "Http", "Serialization", "Webhooks", "DependencyInjection", "Diagnostics", "AI"];

    private static readonly string LibraryRoot = Path.Combine(RepositoryRoot.Path, "src", "ImagingClient");

    [Fact]
    public void CoreSources_NameNoProvider()
    {
        // Arrange
        var providers = ProviderNames();

        // Act
        var violations = CoreFiles()
            .SelectMany(file => ProviderMentions(File.ReadAllText(file), providers).Select(found => $"{Relative(file)} names '{found}'"))
            .ToList();

        // Assert
        violations.Should().BeEmpty("core (everything outside Providers/) never names a provider, not even in a doc comment");
    }

    [Fact]
    public void ProviderSources_NeverNameAnotherProvider()
    {
        // Arrange
        var providers = ProviderNames();

        // Act
        var violations = (
            from room in ProviderRooms()
            from file in Directory.GetFiles(Path.Combine(LibraryRoot, "Providers", room), "*.cs", SearchOption.AllDirectories)
            from found in ProviderMentions(File.ReadAllText(file), providers.Where(p => !p.Equals(room, StringComparison.OrdinalIgnoreCase)))
            select $"{Relative(file)} names '{found}'").ToList();

        // Assert
        violations.Should().BeEmpty("a provider never references another provider");
    }

    [Fact]
    public void JsonContexts_ListOnlyTheirOwnRoomsTypes()
    {
        // Arrange
        var declaredIn = TypeDeclarations(AllLibraryFiles());

        // Act
        var violations = (
            from file in AllLibraryFiles()
            let room = RoomOf(file)
            from Match attribute in JsonSerializable().Matches(File.ReadAllText(file))
            let type = attribute.Groups["type"].Value
            where !declaredIn.TryGetValue(type, out var home) || home.Room != room
            select $"{Relative(file)} lists {type}, which is declared in {(declaredIn.TryGetValue(type, out var h) ? h.Room : "no library file")}").ToList();

        // Assert
        violations.Should().BeEmpty("each provider's wire types live only in that provider's JSON context, and core's only in core's");
    }

    [Fact]
    public void CoreFolders_DependOnEachOtherWithoutCycles()
    {
        // Arrange
        var edges = CoreFolderDependencies();

        // Act
        var cycle = FindCycle(edges);

        // Assert
        cycle.Should().BeNull("the core folders form layers; found the cycle {0} in the dependencies {1}",
            cycle is null ? string.Empty : string.Join(" -> ", cycle),
            string.Join("; ", edges.SelectMany(e => e.Value.Select(to => $"{e.Key}->{to}"))));
    }

    [Fact]
    public void PublicSignatures_ExposeNoResilienceLibraryTypes()
    {
        // Arrange
        var forbidden = new[] { "Polly", "Microsoft.Extensions.Http.Resilience", "Microsoft.Extensions.Resilience" };
        var assembly = typeof(IImageClient).Assembly;

        // Act
        var violations = (
            from type in assembly.GetExportedTypes()
            from member in type.GetMembers(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly)
            from used in SignatureTypes(member)
            where forbidden.Any(ns => used.Namespace?.StartsWith(ns, StringComparison.Ordinal) == true)
            select $"{type.FullName}.{member.Name} uses {used.FullName}").ToList();

        // Assert
        violations.Should().BeEmpty("no Polly or resilience type may appear in a public signature");
    }

    [Fact]
    public void Rules_WhenAViolationIsPresent_AreBroken()
    {
        // Arrange: the checks themselves must be able to fail.
        var providers = ProviderNames();
        var edges = new Dictionary<string, HashSet<string>> { ["Http"] = ["Jobs"], ["Jobs"] = ["Http"] };

        // Act
        var coreMention = ProviderMentions("/// Like Kie does, and the KIE way.", providers).ToList();
        var wordInside = ProviderMentions("var kiesk = skiing;", providers).ToList();
        var cycle = FindCycle(edges);

        // Assert
        coreMention.Should().Contain("Kie");
        wordInside.Should().BeEmpty("a provider name inside another word is not a mention");
        cycle.Should().NotBeNull();
    }

    private static List<string> ProviderNames() =>
        MissionProviders.Concat(ProviderRooms()).Distinct(StringComparer.OrdinalIgnoreCase).ToList();

    private static IEnumerable<string> ProviderRooms() =>
        Directory.GetDirectories(Path.Combine(LibraryRoot, "Providers")).Select(Path.GetFileName)!;

    private static IEnumerable<string> ProviderMentions(string text, IEnumerable<string> providers) =>
        providers.Where(p => Regex.IsMatch(text, $@"(?<![A-Za-z0-9]){Regex.Escape(p)}(?![a-z0-9])", RegexOptions.IgnoreCase)
            || (p.Equals("RelayGpu", StringComparison.OrdinalIgnoreCase) && Regex.IsMatch(text, @"relay\s*gpu", RegexOptions.IgnoreCase)));

    private static IEnumerable<string> AllLibraryFiles() =>
        Directory.GetFiles(LibraryRoot, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal));

    private static IEnumerable<string> CoreFiles() => AllLibraryFiles().Where(f => RoomOf(f) == "core");

    /// <summary>"core", or the provider's folder name.</summary>
    private static string RoomOf(string file)
    {
        var parts = Path.GetRelativePath(LibraryRoot, file).Split(Path.DirectorySeparatorChar);
        return parts.Length > 2 && parts[0] == "Providers" ? parts[1] : "core";
    }

    /// <summary>The core folder of a file ("" for the root), or null for a provider's file.</summary>
    private static string? CoreFolderOf(string file)
    {
        var parts = Path.GetRelativePath(LibraryRoot, file).Split(Path.DirectorySeparatorChar);
        return parts[0] == "Providers" ? null : parts.Length == 1 ? string.Empty : parts[0];
    }

    private static Dictionary<string, (string Room, string Folder)> TypeDeclarations(IEnumerable<string> files)
    {
        var declared = new Dictionary<string, (string Room, string Folder)>(StringComparer.Ordinal);
        foreach (var file in files)
        {
            foreach (Match match in TypeDeclaration().Matches(StripCommentsAndStrings(File.ReadAllText(file))))
            {
                declared.TryAdd(match.Groups["name"].Value, (RoomOf(file), CoreFolderOf(file) ?? RoomOf(file)));
            }
        }

        return declared;
    }

    private static Dictionary<string, HashSet<string>> CoreFolderDependencies()
    {
        var core = CoreFiles().ToList();
        var declared = TypeDeclarations(core);
        var edges = CoreFolders.ToDictionary(f => f, _ => new HashSet<string>(StringComparer.Ordinal));
        foreach (var file in core)
        {
            var from = CoreFolderOf(file)!;
            if (from.Length == 0)
            {
                continue;
            }

            foreach (Match identifier in Identifier().Matches(StripCommentsAndStrings(File.ReadAllText(file))))
            {
                if (declared.TryGetValue(identifier.Value, out var home) && home.Folder.Length > 0 && home.Folder != from)
                {
                    edges[from].Add(home.Folder);
                }
            }
        }

        return edges;
    }

    private static List<string>? FindCycle(Dictionary<string, HashSet<string>> edges)
    {
        var state = new Dictionary<string, int>(StringComparer.Ordinal);
        var path = new List<string>();

        List<string>? Visit(string node)
        {
            state[node] = 1;
            path.Add(node);
            foreach (var next in edges.GetValueOrDefault(node) ?? [])
            {
                if (state.GetValueOrDefault(next) == 1)
                {
                    return [.. path.Skip(path.IndexOf(next)), next];
                }

                if (state.GetValueOrDefault(next) == 0 && Visit(next) is { } found)
                {
                    return found;
                }
            }

            path.RemoveAt(path.Count - 1);
            state[node] = 2;
            return null;
        }

        foreach (var node in edges.Keys.Order(StringComparer.Ordinal))
        {
            if (state.GetValueOrDefault(node) == 0 && Visit(node) is { } cycle)
            {
                return cycle;
            }
        }

        return null;
    }

    private static IEnumerable<Type> SignatureTypes(MemberInfo member)
    {
        IEnumerable<Type> types = member switch
        {
            MethodInfo m when !m.IsPrivate && !m.IsAssembly => [m.ReturnType, .. m.GetParameters().Select(p => p.ParameterType)],
            ConstructorInfo c when !c.IsPrivate && !c.IsAssembly => c.GetParameters().Select(p => p.ParameterType),
            PropertyInfo p => [p.PropertyType],
            FieldInfo f when f.IsPublic || f.IsFamily => [f.FieldType],
            EventInfo e when e.EventHandlerType is not null => [e.EventHandlerType],
            _ => [],
        };
        return types.SelectMany(Expand);

        static IEnumerable<Type> Expand(Type type)
        {
            yield return type;
            if (type.HasElementType)
            {
                foreach (var inner in Expand(type.GetElementType()!))
                {
                    yield return inner;
                }
            }

            if (type.IsGenericType)
            {
                foreach (var inner in type.GetGenericArguments().SelectMany(Expand))
                {
                    yield return inner;
                }
            }
        }
    }

    private static string StripCommentsAndStrings(string code) =>
        CommentOrString().Replace(code, m => m.Value.StartsWith('/') ? " " : "\"\"");

    private static string Relative(string file) => Path.GetRelativePath(RepositoryRoot.Path, file);

    [GeneratedRegex(@"\[JsonSerializable\(typeof\((?<type>[\w.]+?)(?:<.*?>)?\)\)\]")]
    private static partial Regex JsonSerializable();

    /// <summary>Top-level type declarations (nested types, indented, are not dependencies of their own).</summary>
    [GeneratedRegex(@"^(?:[a-z]+\s+)*(?:(?:class|struct|interface|enum|record)\s+(?:class\s+|struct\s+)?(?<name>[A-Z]\w*)|delegate\s+[\w<>?,\s\[\]]+?\s(?<name>[A-Z]\w*)\s*\()", RegexOptions.Multiline)]
    private static partial Regex TypeDeclaration();

    [GeneratedRegex(@"\b[A-Z]\w*\b")]
    private static partial Regex Identifier();

    [GeneratedRegex(@"//[^\n]*|/\*.*?\*/|@""(?:""""|[^""])*""|""(?:\\.|[^""\\\n])*""", RegexOptions.Singleline)]
    private static partial Regex CommentOrString();
}
