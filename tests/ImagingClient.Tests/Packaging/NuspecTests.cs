using System.Xml.Linq;
using ImagingClient.Tests.TestSupport;

namespace ImagingClient.Tests.Packaging;

public sealed class NuspecTests
{
    private static readonly XNamespace Ns = "http://schemas.microsoft.com/packaging/2013/05/nuspec.xsd";

    [Fact]
    public void Nuspec_DependencyGroup_MatchesTheLibrarysPackageReferencesAndVersions()
    {
        // Arrange
        var root = RepositoryRoot.Path;
        var nuspec = XDocument.Load(Path.Combine(root, "ImagingClient.nuspec"));
        var csproj = XDocument.Load(Path.Combine(root, "src", "ImagingClient", "ImagingClient.csproj"));
        var versions = XDocument.Load(Path.Combine(root, "Directory.Packages.props"))
            .Descendants("PackageVersion")
            .ToDictionary(e => (string)e.Attribute("Include")!, e => (string)e.Attribute("Version")!);

        // Act
        var referenced = csproj.Descendants("PackageReference")
            .Select(e => (string)e.Attribute("Include")!)
            .ToDictionary(id => id, id => versions[id]);
        var group = nuspec.Descendants(Ns + "group").Should().ContainSingle().Subject;
        var declared = group.Elements(Ns + "dependency")
            .ToDictionary(e => (string)e.Attribute("id")!, e => (string)e.Attribute("version")!);

        // Assert
        ((string)group.Attribute("targetFramework")!).Should().Be("net10.0");
        declared.Should().BeEquivalentTo(referenced);
    }

    [Fact]
    public void Nuspec_PackagesLicenseReadmeAndXmlDocs()
    {
        // Arrange
        var nuspec = XDocument.Load(Path.Combine(RepositoryRoot.Path, "ImagingClient.nuspec"));
        var metadata = nuspec.Root!.Element(Ns + "metadata")!;
        var files = nuspec.Descendants(Ns + "file").Select(f => (string)f.Attribute("src")!).ToList();

        // Assert
        ((string)metadata.Element(Ns + "id")!).Should().Be("ImagingClient");
        ((string)metadata.Element(Ns + "license")!.Attribute("type")!).Should().Be("file");
        ((string)metadata.Element(Ns + "readme")!).Should().Be("README.md");
        files.Should().Contain(["LICENSE", "README.md"]).And.Contain(f => f.EndsWith("ImagingClient.xml", StringComparison.Ordinal));
    }
}
