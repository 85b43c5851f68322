using System.IO.Compression;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using ImagingClient.Tests.TestSupport;

namespace ImagingClient.Tests.Packaging;

/// <summary>What `dotnet pack` puts in each package, read from the packages themselves (see <see cref="PackedPackages"/>).</summary>
[Collection(PackagesDefinition.Name)]
public sealed partial class PackageTests(PackedPackages packages)
{
    private static readonly Guid SourceLinkKind = new("CC110556-A091-4D38-9FEC-25AB9A351A6A");

    public static TheoryData<string> Ids => [.. PackedPackages.Ids];

    [Theory]
    [MemberData(nameof(Ids))]
    public void Nupkg_Dependencies_AreTheProjectsPackageProjectAndFrameworkReferences(string id)
    {
        // Arrange
        var root = RepositoryRoot.Path;
        var csproj = XDocument.Load(Path.Combine(root, "src", id, id + ".csproj"));
        var versions = XDocument.Load(Path.Combine(root, "Directory.Packages.props"))
            .Descendants("PackageVersion")
            .ToDictionary(e => (string)e.Attribute("Include")!, e => (string)e.Attribute("Version")!);
        var expected = csproj.Descendants("PackageReference")
            .Select(e => (string)e.Attribute("Include")!)
            .ToDictionary(name => name, name => versions[name]);
        foreach (var reference in csproj.Descendants("ProjectReference").Select(e => (string)e.Attribute("Include")!))
        {
            expected.Add(Path.GetFileNameWithoutExtension(reference), packages.Version);
        }

        // Act
        var metadata = packages.Nuspec(id).Root!.Element(NuspecNs(id) + "metadata")!;
        var group = metadata.Element(NuspecNs(id) + "dependencies")!.Elements(NuspecNs(id) + "group").Should().ContainSingle().Subject;
        var declared = group.Elements(NuspecNs(id) + "dependency")
            .ToDictionary(e => (string)e.Attribute("id")!, e => (string)e.Attribute("version")!);
        var frameworks = metadata.Descendants(NuspecNs(id) + "frameworkReference").Select(e => (string)e.Attribute("name")!);

        // Assert
        ((string)group.Attribute("targetFramework")!).Should().Be("net10.0");
        declared.Should().BeEquivalentTo(expected);
        frameworks.Should().BeEquivalentTo(csproj.Descendants("FrameworkReference").Select(e => (string)e.Attribute("Include")!),
            "a framework the package needs (ASP.NET Core for the emulator) must flow to the project that references it");
    }

    [Fact]
    public void Nupkg_Emulator_BringsAspNetCoreAndNeedsNoOtherPackage()
    {
        // Act
        var metadata = packages.Nuspec("ImagingClient.Emulator").Root!.Elements().Single(e => e.Name.LocalName == "metadata");

        // Assert
        metadata.Descendants().Where(e => e.Name.LocalName == "frameworkReference").Select(e => (string)e.Attribute("name")!)
            .Should().Equal("Microsoft.AspNetCore.App");
        metadata.Descendants().Where(e => e.Name.LocalName == "dependency").Should().BeEmpty();
    }

    [Theory]
    [MemberData(nameof(Ids))]
    public void Nupkg_CarriesItsAssemblyXmlDocsLicenseIconAndPackageReadme(string id)
    {
        // Arrange
        var root = RepositoryRoot.Path;
        var metadata = packages.Nuspec(id).Root!.Element(NuspecNs(id) + "metadata")!;

        // Act
        var lib = packages.Entries(id).Where(e => e.StartsWith("lib/", StringComparison.Ordinal));

        // Assert
        ((string)metadata.Element(NuspecNs(id) + "id")!).Should().Be(id);
        ((string)metadata.Element(NuspecNs(id) + "version")!).Should().Be(packages.Version);
        ((string)metadata.Element(NuspecNs(id) + "description")!).Should().NotBeNullOrWhiteSpace();
        lib.Should().BeEquivalentTo([$"lib/net10.0/{id}.dll", $"lib/net10.0/{id}.xml"], "a library's assembly and its XML docs, nothing else");
        packages.Read(id, $"lib/net10.0/{id}.xml").Length.Should().BeGreaterThan(10_000, "the XML docs describe the public API");
        ((string)metadata.Element(NuspecNs(id) + "license")!.Attribute("type")!).Should().Be("file");
        ((string)metadata.Element(NuspecNs(id) + "license")!).Should().Be("LICENSE");
        packages.Read(id, "LICENSE").Should().Equal(File.ReadAllBytes(Path.Combine(root, "LICENSE")));
        ((string)metadata.Element(NuspecNs(id) + "icon")!).Should().Be("icon.png");
        packages.Read(id, "icon.png").Should().Equal(File.ReadAllBytes(Path.Combine(root, "eng", "icon.png")));
        ((string)metadata.Element(NuspecNs(id) + "readme")!).Should().Be("README.md");
        packages.Read(id, "README.md").Should().Equal(File.ReadAllBytes(Path.Combine(root, "src", id, "PACKAGE.md")));
    }

    [Fact]
    public void Icon_IsThePngEngIconPyWrites()
    {
        // Arrange
        var png = File.ReadAllBytes(Path.Combine(RepositoryRoot.Path, "eng", "icon.png"));

        // Act
        var image = ImagingClient.Emulator.Imaging.PngDecoder.Decode(png);

        // Assert
        (image.Width, image.Height).Should().Be((128, 128), "nuget.org shows a 128x128 icon");
        File.Exists(Path.Combine(RepositoryRoot.Path, "eng", "icon.py")).Should().BeTrue("the icon is generated, so it can be regenerated");
    }

    [Theory]
    [MemberData(nameof(Ids))]
    public void Nupkg_RepositoryAndProjectUrl_AreTheCanonicalUrlAtTheCommitPacked(string id)
    {
        // Arrange
        var metadata = packages.Nuspec(id).Root!.Element(NuspecNs(id) + "metadata")!;

        // Act
        var repository = metadata.Element(NuspecNs(id) + "repository")!;

        // Assert
        packages.RepositoryUrl.Should().Be("https://github.com/imagingclient/imagingclient");
        ((string)repository.Attribute("type")!).Should().Be("git");
        ((string)repository.Attribute("url")!).Should().Be(packages.RepositoryUrl);
        ((string)repository.Attribute("commit")!).Should().Be(packages.Commit);
        ((string)metadata.Element(NuspecNs(id) + "projectUrl")!).Should().Be(packages.RepositoryUrl);
    }

    [Theory]
    [MemberData(nameof(Ids))]
    public void PackedReadme_HasNoLinkThatOnlyWorksInTheRepository(string id)
    {
        // Arrange
        var readme = System.Text.Encoding.UTF8.GetString(packages.Read(id, "README.md"));

        // Act
        var targets = MarkdownLink().Matches(readme).Select(m => m.Groups["target"].Value)
            .Concat(ReferenceLink().Matches(readme).Select(m => m.Groups["target"].Value))
            .Concat(HtmlLink().Matches(readme).Select(m => m.Groups["target"].Value))
            .ToList();

        // Assert
        targets.Where(t => !t.StartsWith("https://", StringComparison.Ordinal)).Should().BeEmpty(
            "nuget.org shows the README outside the repository, where relative links and #anchors lead nowhere");
        readme.Should().Contain(packages.RepositoryUrl, "the package README points to the full guide by its absolute URL");
    }

    [Theory]
    [MemberData(nameof(Ids))]
    public void Snupkg_PortablePdb_MapsEverySourceToTheRepositoryAtTheCommit(string id)
    {
        // Arrange
        using var pdbProvider = MetadataReaderProvider.FromPortablePdbStream(new MemoryStream(packages.Read(id, $"lib/net10.0/{id}.pdb", "snupkg")));
        var pdb = pdbProvider.GetMetadataReader();

        // Act
        var sourceLink = pdb.GetCustomDebugInformation(EntityHandle.ModuleDefinition)
            .Select(pdb.GetCustomDebugInformation)
            .Where(info => pdb.GetGuid(info.Kind) == SourceLinkKind)
            .Select(info => JsonDocument.Parse(pdb.GetBlobBytes(info.Value)))
            .Should().ContainSingle("the SDK's SourceLink writes one map into the PDB").Subject;
        var documents = pdb.Documents.Select(handle => pdb.GetString(pdb.GetDocument(handle).Name)).ToList();

        // Assert
        sourceLink.RootElement.GetProperty("documents").EnumerateObject().Select(p => (p.Name, p.Value.GetString()))
            .Should().Equal(("/_/*", $"https://raw.githubusercontent.com/imagingclient/imagingclient/{packages.Commit}/*"));
        documents.Should().NotBeEmpty().And.OnlyContain(d => d.StartsWith("/_/", StringComparison.Ordinal),
            "source paths are mapped to /_/, never the build machine's folders");
        documents.Should().Contain($"/_/src/{id}/{(id == "ImagingClient" ? "ImageClient.cs" : "ImagingEmulator.cs")}");
    }

    [Theory]
    [MemberData(nameof(Ids))]
    public void Nupkg_Assembly_IsReproducibleAndNamesItsPdbByTheMappedPath(string id)
    {
        // Arrange
        using var pe = new PEReader(new MemoryStream(packages.Read(id, $"lib/net10.0/{id}.dll")));
        using var pdbProvider = MetadataReaderProvider.FromPortablePdbStream(new MemoryStream(packages.Read(id, $"lib/net10.0/{id}.pdb", "snupkg")));

        // Act
        var entries = pe.ReadDebugDirectory();
        var codeView = pe.ReadCodeViewDebugDirectoryData(entries.Single(e => e.Type == DebugDirectoryEntryType.CodeView));
        var pdbId = new BlobContentId(pdbProvider.GetMetadataReader().DebugMetadataHeader!.Id);

        // Assert
        entries.Should().Contain(e => e.Type == DebugDirectoryEntryType.Reproducible, "the compiler ran deterministically");
        codeView.Path.Should().StartWith("/_/").And.EndWith($"/{id}.pdb");
        codeView.Guid.Should().Be(pdbId.Guid, "the symbol package holds the PDB of exactly this assembly");
    }

    [Theory]
    [MemberData(nameof(Ids))]
    public void Pack_TwiceFromOneCommit_GivesTheSameBytesStampedWithTheCommitTime(string id)
    {
        // Arrange
        var again = (string extension) => Path.Combine(packages.SecondFeed, Path.GetFileName(packages.PackagePath(id, extension)));

        // Act
        using var zip = ZipFile.OpenRead(packages.PackagePath(id));
        var stamps = zip.Entries.Select(e => e.LastWriteTime.DateTime).Distinct().ToList();

        // Assert
        File.ReadAllBytes(again("nupkg")).Should().Equal(File.ReadAllBytes(packages.PackagePath(id)));
        File.ReadAllBytes(again("snupkg")).Should().Equal(File.ReadAllBytes(packages.PackagePath(id, "snupkg")));
        stamps.Should().ContainSingle().Which.Should().BeCloseTo(packages.CommitTime.UtcDateTime, TimeSpan.FromSeconds(2),
            "zip entries are stamped with the commit's time (to a zip timestamp's 2 s), not the time of packing");
    }

    [Fact]
    public void Projects_ThePackagesAreMadeFromProjectMetadata()
    {
        // Arrange
        var projects = Directory.GetFiles(Path.Combine(RepositoryRoot.Path, "src"), "*.csproj", SearchOption.AllDirectories);

        // Act
        var packable = projects.Where(p => XDocument.Load(p).Descendants("IsPackable").Any(e => e.Value == "true"))
            .Select(Path.GetFileNameWithoutExtension);

        // Assert
        packable.Should().Contain(PackedPackages.Ids);
        File.Exists(Path.Combine(RepositoryRoot.Path, "ImagingClient.nuspec")).Should().BeFalse("the packages are made from the projects' metadata, not a nuspec");
    }

    /// <summary>The nuspec's namespace: NuGet picks the oldest schema version that has every element it writes.</summary>
    private XNamespace NuspecNs(string id) => packages.Nuspec(id).Root!.Name.Namespace;

    [GeneratedRegex(@"\]\((?<target>[^)\s]+)")]
    private static partial Regex MarkdownLink();

    [GeneratedRegex(@"^\s*\[[^\]]+\]:\s*(?<target>\S+)", RegexOptions.Multiline)]
    private static partial Regex ReferenceLink();

    [GeneratedRegex(@"(?:href|src)\s*=\s*[""'](?<target>[^""']+)", RegexOptions.IgnoreCase)]
    private static partial Regex HtmlLink();
}
