using System.Reflection;
using System.Text.RegularExpressions;
using ImagingClient.Tests.TestSupport;

namespace ImagingClient.Tests.Reliability;

/// <summary>docs/reliability.md names a test for every row; those tests must exist, and every fault case must have a row.</summary>
public sealed partial class ReliabilityDocTests
{
    private static readonly string Doc = File.ReadAllText(Path.Combine(RepositoryRoot.Path, "docs", "reliability.md"));

    [Fact]
    public void ReliabilityDoc_EveryRow_NamesATestThatExists()
    {
        // Arrange
        var tests = TestMethodNames();
        var rows = Doc.Split('\n').Where(line => line.StartsWith('|') && !line.StartsWith("|---", StringComparison.Ordinal)).ToList();
        var faultRows = rows.Where(r => !r.StartsWith("| Setting", StringComparison.Ordinal) && !r.StartsWith("| Fault", StringComparison.Ordinal)
            && !r.StartsWith("| Option", StringComparison.Ordinal) && TestName().IsMatch(r.Split('|')[^2])).ToList();

        // Act
        var named = faultRows.SelectMany(r => TestName().Matches(r.Split('|')[^2]).Select(m => m.Groups[1].Value)).ToList();

        // Assert
        faultRows.Should().HaveCountGreaterThan(15, "the fault table has a row per fault");
        named.Should().OnlyContain(name => tests.Contains(name), "every name in a row's test column is a test in the suite");
    }

    [Fact]
    public void ReliabilityDoc_EveryFaultSuiteCase_HasARow()
    {
        // Arrange
        var suiteTests = new[] { typeof(FaultSuite<>), typeof(JobFaultSuite<>), typeof(InlineImageFaultSuite<>), typeof(WebhookFaultSuite<>) }
            .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly))
            .Where(m => m.GetCustomAttribute<FactAttribute>() is not null)
            .Select(m => m.Name);

        // Act
        var missing = suiteTests.Where(name => !Doc.Contains($"`{name}`", StringComparison.Ordinal)).ToList();

        // Assert
        missing.Should().BeEmpty("each case of the fault suite is a row of docs/reliability.md");
    }

    private static HashSet<string> TestMethodNames() =>
        [.. typeof(ReliabilityDocTests).Assembly.GetTypes()
            .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.Instance))
            .Where(m => m.GetCustomAttribute<FactAttribute>() is not null)
            .Select(m => m.Name)];

    [GeneratedRegex(@"`([A-Z][A-Za-z0-9]*_[A-Za-z0-9]+_[A-Za-z0-9]+)`")]
    private static partial Regex TestName();
}
