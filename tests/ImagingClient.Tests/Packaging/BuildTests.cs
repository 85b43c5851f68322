using System.Xml.Linq;
using ImagingClient.Tests.TestSupport;

namespace ImagingClient.Tests.Packaging;

public sealed class BuildTests
{
    [Theory]
    [InlineData("../../samples/ReadmeTour/ReadmeTour.csproj")]
    [InlineData("../../benchmarks/ImagingClient.Benchmarks/ImagingClient.Benchmarks.csproj")]
    public void TestProject_ReferencesProjectForTheBuildAlone_SoDotnetTestCompilesIt(string project)
    {
        // Arrange
        var csproj = XDocument.Load(Path.Combine(RepositoryRoot.Path, "tests", "ImagingClient.Tests", "ImagingClient.Tests.csproj"));

        // Act
        var reference = csproj.Descendants("ProjectReference").SingleOrDefault(e => (string?)e.Attribute("Include") == project);

        // Assert
        reference.Should().NotBeNull("`dotnet test` builds only the test project and what it references");
        ((string?)reference!.Attribute("ReferenceOutputAssembly")).Should().Be("false", "the tests must not see its types or packages");
        ((string?)reference.Attribute("Private")).Should().Be("false", "its deps.json and runtimeconfig.json stay out of the test output");
    }
}
