using System.Text.RegularExpressions;
using System.Xml.Linq;
using ImagingClient.Tests.TestSupport;

namespace ImagingClient.Tests.Packaging;

/// <summary>
/// README.md's C# blocks are samples/ReadmeTour's files. Each ```csharp block is one whole file: its first line is
/// <c>// Name.cs</c>, naming the file, and the block equals <c>samples/ReadmeTour/Name.cs</c> character for
/// character. The only normalisation, applied to both sides: a byte-order mark is dropped, CRLF becomes LF, trailing
/// whitespace is removed from each line, and trailing blank lines are removed. Indentation is compared as it is.
/// Every .cs file of the tour is shown exactly once, so the README cannot drift from the compiled code either way.
/// </summary>
public sealed partial class ReadmeTests
{
    private static readonly string Readme = File.ReadAllText(Path.Combine(RepositoryRoot.Path, "README.md"));
    private static readonly string TourFolder = Path.Combine(RepositoryRoot.Path, "samples", "ReadmeTour");

    [Fact]
    public void Readme_EachCSharpBlock_EqualsTheTourFileItNames()
    {
        // Arrange
        var blocks = ParseFences(Readme).Where(f => f.Info == "csharp").ToList();

        // Act
        var problems = blocks.Select(CompareWithTour).OfType<string>().ToList();

        // Assert
        blocks.Count.Should().BeGreaterThanOrEqualTo(11, "the tour has eleven files");
        problems.Should().BeEmpty("every C# block of README.md must be a whole file of samples/ReadmeTour, where it is compiled");
    }

    [Fact]
    public void ReadmeTour_EachSourceFile_IsShownInTheReadmeExactlyOnce()
    {
        // Arrange
        var files = TourSourceFiles().Select(f => Path.GetRelativePath(TourFolder, f).Replace('\\', '/')).ToList();
        var named = ParseFences(Readme).Where(f => f.Info == "csharp").Select(f => FileMarker(f.Code)).OfType<string>().ToList();

        // Act
        var counts = files.ToDictionary(f => f, f => named.Count(n => n == f));

        // Assert
        files.Should().Contain("Program.cs");
        counts.Should().OnlyContain(c => c.Value == 1, "each file of samples/ReadmeTour is one block of README.md, shown once");
    }

    [Theory]
    [InlineData("src/ImagingClient/PACKAGE.md")]
    [InlineData("src/ImagingClient.Emulator/PACKAGE.md")]
    public void PackageReadme_EachCSharpBlock_EqualsTheTourFileItNames(string document)
    {
        // Arrange
        var markdown = File.ReadAllText(Path.Combine(RepositoryRoot.Path, document));
        var fences = ParseFences(markdown);
        var blocks = fences.Where(f => f.Info == "csharp").ToList();

        // Act
        var problems = blocks.Select(block => CompareWithTour(block, document)).OfType<string>().ToList();

        // Assert
        fences.Should().NotContain(f => f.Problem != null);
        blocks.Should().NotBeEmpty("the package README shows code, compiled as a file of samples/ReadmeTour");
        problems.Should().BeEmpty("a package README's C# is a whole file of samples/ReadmeTour, where it is compiled");
    }

    [Fact]
    public void Readme_CodeFences_AreClosedUnindentedAndCSharpIsTaggedCsharp()
    {
        // Arrange
        var cSharpTags = new[] { "cs", "c#", "csharp", "dotnet" };

        // Act
        var fences = ParseFences(Readme);
        var mistagged = fences.Where(f => f.Info != "csharp" && cSharpTags.Contains(f.Info.Split(' ')[0], StringComparer.OrdinalIgnoreCase)).ToList();

        // Assert
        fences.Should().NotContain(f => f.Problem != null, "an unclosed or indented fence hides a block from the comparison");
        mistagged.Should().BeEmpty("C# blocks are tagged exactly ```csharp, which is what is compared with samples/ReadmeTour");
    }

    [Fact]
    public void ReadmeTour_Project_IsBuiltLikeANewConsoleApp()
    {
        // Arrange
        var csproj = XDocument.Load(Path.Combine(TourFolder, "ReadmeTour.csproj"));
        var props = XDocument.Load(Path.Combine(RepositoryRoot.Path, "Directory.Build.props"));

        // Act
        var elements = csproj.Descendants().Select(e => e.Name.LocalName).ToList();

        // Assert
        csproj.Descendants("OutputType").Select(e => e.Value).Should().Equal("Exe");
        elements.Should().NotContain(["Using", "ImplicitUsings", "Compile", "Nullable"], "a README block must compile with only what `dotnet new console` gives");
        props.Descendants("ImplicitUsings").Select(e => e.Value).Should().Equal("enable");
        props.Descendants("Nullable").Select(e => e.Value).Should().Equal("enable");
        TourSourceFiles().Select(File.ReadAllText).Should().NotContain(s => GlobalUsing().IsMatch(s));
    }

    [Fact]
    public void Readme_ShowsTheTwoCommandsAndCiRunsTheTestCommand()
    {
        // Arrange
        var ci = File.ReadAllText(Path.Combine(RepositoryRoot.Path, ".ci", "run"));

        // Assert
        Readme.Should().Contain("dotnet run --project samples/QuickStart").And.Contain("dotnet test");
        ci.Split('\n').Select(l => l.Trim()).Should().Contain("dotnet test");
    }

    [Fact]
    public void Readme_Install_PacksLocallyWithTheRepositorysVersion()
    {
        // Arrange
        var version = XDocument.Load(Path.Combine(RepositoryRoot.Path, "Directory.Build.props")).Descendants("Version").Single().Value;

        // Assert
        Readme.Should().Contain("dotnet pack src/ImagingClient -c Release -o ./artifacts")
            .And.Contain($"dotnet add package ImagingClient --version {version} --source ")
            .And.Contain("dotnet pack src/ImagingClient.Emulator -c Release -o ./artifacts")
            .And.Contain($"dotnet add package ImagingClient.Emulator --version {version} --source ");
    }

    private static string? CompareWithTour(Fence block) => CompareWithTour(block, "README.md");

    private static string? CompareWithTour(Fence block, string document)
    {
        var name = FileMarker(block.Code);
        if (name is null)
        {
            return $"{document} line {block.Line}: a C# block must start with `// Name.cs`, naming its file in samples/ReadmeTour";
        }

        var path = Path.Combine(TourFolder, name);
        if (!File.Exists(path))
        {
            return $"{document} line {block.Line}: samples/ReadmeTour/{name} does not exist";
        }

        var expected = Normalize(File.ReadAllText(path)).Split('\n');
        var actual = Normalize(block.Code).Split('\n');
        for (var i = 0; i < Math.Max(expected.Length, actual.Length); i++)
        {
            var file = i < expected.Length ? expected[i] : "<end of file>";
            var readme = i < actual.Length ? actual[i] : "<end of block>";
            if (!string.Equals(file, readme, StringComparison.Ordinal))
            {
                return $"{document} line {block.Line + 1 + i} differs from samples/ReadmeTour/{name} line {i + 1}:\n  {document}: {readme}\n  file:   {file}";
            }
        }

        return null;
    }

    private static string? FileMarker(string code)
    {
        var match = FileMarkerLine().Match(Normalize(code).Split('\n')[0]);
        return match.Success ? match.Groups["name"].Value : null;
    }

    private static List<string> TourSourceFiles() =>
        Directory.GetFiles(TourFolder, "*.cs", SearchOption.AllDirectories)
            .Where(f => !Path.GetRelativePath(TourFolder, f).Split(Path.DirectorySeparatorChar)
                .Any(part => part is "bin" or "obj"))
            .ToList();

    /// <summary>Drops a BOM, turns CRLF into LF, trims each line's end and the text's trailing blank lines.</summary>
    private static string Normalize(string text) =>
        string.Join('\n', text.TrimStart('\uFEFF').Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n').Select(l => l.TrimEnd()))
            .TrimEnd('\n');

    private static List<Fence> ParseFences(string markdown)
    {
        var lines = markdown.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        var fences = new List<Fence>();
        for (var i = 0; i < lines.Length; i++)
        {
            if (!lines[i].TrimStart().StartsWith("```", StringComparison.Ordinal))
            {
                continue;
            }

            var open = i;
            var indented = lines[i][0] != '`';
            var info = lines[i].Trim()[3..].Trim();
            var close = Array.FindIndex(lines, open + 1, l => l.TrimStart().StartsWith("```", StringComparison.Ordinal));
            var problem = close < 0 ? "unclosed"
                : indented || lines[close][0] != '`' ? "indented"
                : lines[close].Trim() != "```" ? "a closing fence with text after it"
                : null;
            var end = close < 0 ? lines.Length : close;
            fences.Add(new Fence(open + 1, info, string.Join('\n', lines[(open + 1)..end]), problem));
            i = end;
        }

        return fences;
    }

    /// <summary>A fenced block: the 1-based line of its opening fence, its info string, its text.</summary>
    private sealed record Fence(int Line, string Info, string Code, string? Problem);

    [GeneratedRegex(@"^// (?<name>[A-Za-z0-9_]+(/[A-Za-z0-9_]+)*\.cs)$")]
    private static partial Regex FileMarkerLine();

    [GeneratedRegex(@"^\s*global\s+using\b", RegexOptions.Multiline)]
    private static partial Regex GlobalUsing();
}
