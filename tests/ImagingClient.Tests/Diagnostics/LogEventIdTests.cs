using System.Reflection;
using System.Text.RegularExpressions;
using ImagingClient.Tests.TestSupport;
using Microsoft.Extensions.Logging;

namespace ImagingClient.Tests.Diagnostics;

/// <summary>The library's log events and the table of them in docs/telemetry.md: ids unique, and the two in step.</summary>
public sealed partial class LogEventIdTests
{
    [Fact]
    public void LoggerMessages_HaveUniqueIds()
    {
        // Arrange
        var events = LibraryEvents();

        // Act
        var duplicates = events.GroupBy(e => e.Id).Where(g => g.Count() > 1).Select(g => $"{g.Key}: {string.Join(", ", g.Select(e => e.Method))}").ToList();

        // Assert
        events.Should().NotBeEmpty();
        duplicates.Should().BeEmpty("every log event of the library has its own stable id");
    }

    [Fact]
    public void TelemetryDoc_ListsExactlyTheEventsOfTheCode_WithTheirLevels()
    {
        // Arrange
        var code = LibraryEvents().ToDictionary(e => e.Id, e => e.Level.ToString());
        var doc = File.ReadAllText(Path.Combine(RepositoryRoot.Path, "docs", "telemetry.md"));

        // Act
        var rows = EventRow().Matches(doc).ToDictionary(m => int.Parse(m.Groups["id"].Value, System.Globalization.CultureInfo.InvariantCulture), m => m.Groups["level"].Value);

        // Assert
        rows.Should().BeEquivalentTo(code, "docs/telemetry.md's event table names each event id of the code, at its level");
    }

    private static List<(int Id, LogLevel Level, string Method)> LibraryEvents() =>
        [.. from type in typeof(IImageClient).Assembly.GetTypes()
            from method in type.GetMethods(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static | BindingFlags.Instance | BindingFlags.DeclaredOnly)
            let attribute = method.GetCustomAttribute<LoggerMessageAttribute>()
            where attribute is not null
            select (attribute.EventId, attribute.Level, $"{type.Name}.{method.Name}")];

    /// <summary>A row of the event table: <c>| 103 | Information | …</c>.</summary>
    [GeneratedRegex(@"^\|\s*(?<id>\d+)\s*\|\s*(?<level>Trace|Debug|Information|Warning|Error|Critical)\s*\|", RegexOptions.Multiline)]
    private static partial Regex EventRow();
}
