using System.Text.RegularExpressions;
using ImagingClient.Tests.TestSupport;

namespace ImagingClient.Tests.Packaging;

public sealed partial class ReadmeTests
{
    private static readonly string Readme = File.ReadAllText(Path.Combine(RepositoryRoot.Path, "README.md"));

    [Fact]
    public void Readme_EveryCSharpBlock_IsCompiledInTheReadmeTourSample()
    {
        // Arrange
        var sources = Directory.GetFiles(Path.Combine(RepositoryRoot.Path, "samples", "ReadmeTour"), "*.cs")
            .Select(f => Normalize(File.ReadAllText(f)))
            .ToList();
        var blocks = CSharpBlock().Matches(Readme).Select(m => m.Groups[1].Value).ToList();

        // Act
        var missing = blocks.Where(block => !sources.Any(source => source.Contains(Normalize(block), StringComparison.Ordinal))).ToList();

        // Assert
        blocks.Should().HaveCountGreaterThanOrEqualTo(7);
        missing.Should().BeEmpty("every README code block must compile as part of samples/ReadmeTour");
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

    private static string Normalize(string code) =>
        string.Join('\n', code.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0));

    [GeneratedRegex("```csharp\\n(.*?)```", RegexOptions.Singleline)]
    private static partial Regex CSharpBlock();
}
