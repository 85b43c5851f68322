using System.IO.Compression;
using System.Xml.Linq;
using ImagingClient.Tests.TestSupport;

namespace ImagingClient.Tests.Packaging;

/// <summary>
/// Packs ImagingClient and ImagingClient.Emulator once for the package tests, exactly as <c>dotnet pack -c Release</c>
/// does, into a temporary folder feed, with a version of their own (<c>0.1.0-packtest.t…</c>) so that no NuGet cache
/// can serve an older package under it. The builds go to a folder of their own under the repository's ignored
/// <c>artifacts/</c> (inside the repository, as a normal pack's obj/ is, so the same source mapping applies), leaving
/// the working tree's bin/ and obj/ alone. Analyzers are skipped (<c>RunAnalyzersDuringBuild=false</c>; source
/// generators still run): `dotnet test` has already run them on the same code, and they add nothing to the output.
/// Each package is then packed a second time from the same build into another folder, to compare the bytes.
/// </summary>
public sealed class PackedPackages : IAsyncLifetime
{
    /// <summary>The packages, by id; each is built from src/&lt;id&gt;/&lt;id&gt;.csproj.</summary>
    public static readonly IReadOnlyList<string> Ids = ["ImagingClient", "ImagingClient.Emulator"];

    private static readonly TimeSpan PackLimit = TimeSpan.FromMinutes(3);
    private readonly string _id = "t" + Guid.NewGuid().ToString("N")[..12];

    public PackedPackages()
    {
        var props = XDocument.Load(Path.Combine(RepositoryRoot.Path, "Directory.Build.props"));
        Version = props.Descendants("Version").Single().Value + "-packtest." + _id;
        RepositoryUrl = props.Descendants("RepositoryUrl").Single().Value;
        Feed = Path.Combine(Path.GetTempPath(), "imagingclient-feed-" + _id);
        SecondFeed = Feed + "-again";
        Artifacts = Path.Combine(RepositoryRoot.Path, "artifacts", "pack-tests", _id);
    }

    /// <summary>The version both packages were packed with.</summary>
    public string Version { get; }

    /// <summary>The repository URL Directory.Build.props defines, once.</summary>
    public string RepositoryUrl { get; }

    /// <summary>The folder feed holding the .nupkg and .snupkg files.</summary>
    public string Feed { get; }

    /// <summary>The same packages, packed again from the same build.</summary>
    public string SecondFeed { get; }

    /// <summary>The commit being packed (git HEAD).</summary>
    public string Commit { get; private set; } = "";

    /// <summary>The committer time of <see cref="Commit"/>.</summary>
    public DateTimeOffset CommitTime { get; private set; }

    private string Artifacts { get; }

    public string PackagePath(string id, string extension = "nupkg") => Path.Combine(Feed, $"{id}.{Version}.{extension}");

    /// <summary>The bytes of one file inside a package.</summary>
    public byte[] Read(string id, string entry, string extension = "nupkg")
    {
        using var zip = ZipFile.OpenRead(PackagePath(id, extension));
        var found = zip.GetEntry(entry) ?? throw new FileNotFoundException($"{Path.GetFileName(PackagePath(id, extension))} has no {entry}");
        using var stream = found.Open();
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }

    /// <summary>The names of the files inside a package.</summary>
    public IReadOnlyList<string> Entries(string id, string extension = "nupkg")
    {
        using var zip = ZipFile.OpenRead(PackagePath(id, extension));
        return [.. zip.Entries.Select(e => e.FullName)];
    }

    public XDocument Nuspec(string id) => XDocument.Load(new MemoryStream(Read(id, id + ".nuspec")));

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(Feed);
        Directory.CreateDirectory(SecondFeed);
        Commit = (await Git("rev-parse", "HEAD")).Trim();
        CommitTime = DateTimeOffset.FromUnixTimeSeconds(long.Parse((await Git("log", "-1", "--format=%ct", "HEAD")).Trim(), System.Globalization.CultureInfo.InvariantCulture));

        await Task.WhenAll(Ids.Select(id => Pack(id, Feed)));
        await Task.WhenAll(Ids.Select(id => Pack(id, SecondFeed, "--no-build", "--no-restore")));
    }

    public Task DisposeAsync()
    {
        foreach (var folder in new[] { Feed, SecondFeed, Artifacts })
        {
            if (Directory.Exists(folder))
            {
                Directory.Delete(folder, recursive: true);
            }
        }

        var parent = Path.GetDirectoryName(Artifacts)!;
        if (Directory.Exists(parent) && !Directory.EnumerateFileSystemEntries(parent).Any())
        {
            Directory.Delete(parent);
        }

        return Task.CompletedTask;
    }

    private async Task Pack(string id, string output, params string[] extra)
    {
        var result = await ChildProcess.RunAsync(ChildProcess.Dotnet, RepositoryRoot.Path, PackLimit,
        [
            "pack", Path.Combine("src", id, id + ".csproj"), "-c", "Release", "-o", output, "--artifacts-path", Artifacts,
            "-nodeReuse:false", "-p:Version=" + Version, "-p:RunAnalyzersDuringBuild=false", .. extra,
        ]);
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"dotnet pack {id} failed ({result.ExitCode}):\n{result.Output}");
        }
    }

    private static async Task<string> Git(params string[] arguments)
    {
        var result = await ChildProcess.RunAsync("git", RepositoryRoot.Path, TimeSpan.FromSeconds(30), arguments);
        return result.ExitCode == 0
            ? result.Output
            : throw new InvalidOperationException($"git {string.Join(' ', arguments)} failed ({result.ExitCode}): {result.Output}");
    }
}

[CollectionDefinition(Name)]
public sealed class PackagesDefinition : ICollectionFixture<PackedPackages>
{
    public const string Name = "Packed packages";
}
