using System.Text.Json;
using System.Text.RegularExpressions;
using ImagingClient.Tests.TestSupport;

namespace ImagingClient.Tests.Packaging;

/// <summary>
/// A project of a user's, outside the repository, that knows the two packages only from the folder feed: it
/// references them by version (no project reference, no Directory.*.props of the repository), is built and run, and
/// generates an image with ImagingClient through ImagingClient.Emulator, a fault hook included.
/// </summary>
[Collection(PackagesDefinition.Name)]
public sealed partial class ConsumerTests(PackedPackages packages)
{
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(3);

    [Fact]
    public async Task Consumer_ReferencingOnlyThePackages_BuildsAndGeneratesAnImageThroughThePackagedEmulator()
    {
        // Arrange
        var folder = Path.Combine(Path.GetTempPath(), "imagingclient-consumer-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(folder);
        var globalPackages = new List<string>();
        try
        {
            WriteConsumer(folder);

            // Act
            var build = await ChildProcess.RunAsync(ChildProcess.Dotnet, folder, Limit, "build", "-nodeReuse:false", "-v", "q");
            globalPackages.AddRange(PackageFolders(folder));
            build.ExitCode.Should().Be(0, build.Output);
            var run = await ChildProcess.RunAsync(ChildProcess.Dotnet, folder, Limit,
                Path.Combine(folder, "bin", "Debug", "net10.0", "Consumer.dll"));

            // Assert
            run.ExitCode.Should().Be(0, run.Output);
            var line = ResultLine().Match(run.Output);
            line.Success.Should().BeTrue($"the consumer prints what it generated, but wrote:\n{run.Output}");
            line.Groups["media"].Value.Should().Be("image/png");
            int.Parse(line.Groups["width"].Value, System.Globalization.CultureInfo.InvariantCulture).Should().BePositive();
            line.Groups["requests"].Value.Should().MatchRegex(@"^POST /\S+ -> 429, POST /\S+ -> 200",
                "the packaged emulator's fault hook answered the first call and the packaged client retried it");
            var assets = JsonDocument.Parse(File.ReadAllText(Path.Combine(folder, "obj", "project.assets.json")));
            var libraries = assets.RootElement.GetProperty("libraries");
            foreach (var id in PackedPackages.Ids)
            {
                libraries.GetProperty($"{id}/{packages.Version}").GetProperty("type").GetString()
                    .Should().Be("package", $"{id} comes from the feed, not from a project");
            }
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
            // The version is this run's alone: take its copies out of the shared NuGet cache again.
            foreach (var cached in globalPackages.SelectMany(root => PackedPackages.Ids.Select(id => Path.Combine(root, id.ToLowerInvariant(), packages.Version.ToLowerInvariant()))))
            {
                if (Directory.Exists(cached))
                {
                    Directory.Delete(cached, recursive: true);
                }
            }
        }
    }

    private void WriteConsumer(string folder)
    {
        // The repository's SDK; empty Directory.*.props/targets so nothing above the folder is imported.
        File.Copy(Path.Combine(RepositoryRoot.Path, "global.json"), Path.Combine(folder, "global.json"));
        foreach (var name in new[] { "Directory.Build.props", "Directory.Build.targets", "Directory.Packages.props" })
        {
            File.WriteAllText(Path.Combine(folder, name), "<Project />\n");
        }

        // The feed beside the sources the machine already has (the registry), as the README's Install says.
        File.WriteAllText(Path.Combine(folder, "nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <add key="imagingclient-local" value="{packages.Feed}" />
              </packageSources>
            </configuration>
            """);
        File.WriteAllText(Path.Combine(folder, "Consumer.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
                <ImplicitUsings>enable</ImplicitUsings>
                <Nullable>enable</Nullable>
                <TreatWarningsAsErrors>true</TreatWarningsAsErrors>
                <NuGetAudit>false</NuGetAudit>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="ImagingClient" Version="[{packages.Version}]" />
                <PackageReference Include="ImagingClient.Emulator" Version="[{packages.Version}]" />
              </ItemGroup>
            </Project>
            """);
        File.WriteAllText(Path.Combine(folder, "Program.cs"), """
            using System.Buffers.Binary;
            using ImagingClient;
            using ImagingClient.Emulator;
            using Microsoft.Extensions.DependencyInjection;

            var options = new ImagingEmulatorOptions { TimeProvider = TimeProvider.System, Concurred = { ApiKey = "ck_consumer" } };
            await using var emulator = await ImagingEmulator.StartAsync(options);
            using var client = ImageClient.Create(imaging => imaging.AddConcurred(o =>
            {
                o.ApiKey = emulator.ApiKeyFor("concurred");
                o.BaseAddress = emulator.BaseAddress;
            }));
            emulator.Faults.FailNext(1, 429, retryAfter: TimeSpan.FromSeconds(1));
            var result = await client.GenerateAsync(new ImageGenerationRequest { Prompt = "A lighthouse from a package" });
            var png = (await result.Images[0].GetBytesAsync()).ToArray();
            var width = BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(16, 4));
            var height = BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(20, 4));
            Console.WriteLine($"generated {result.Images[0].MediaType} {width}x{height}; requests: {string.Join(", ", emulator.Requests)}");
            """);
    }

    /// <summary>The NuGet global packages folders the consumer's restore used (where the packages were extracted).</summary>
    private static List<string> PackageFolders(string folder)
    {
        var assets = Path.Combine(folder, "obj", "project.assets.json");
        return File.Exists(assets)
            ? JsonDocument.Parse(File.ReadAllText(assets)).RootElement.GetProperty("packageFolders").EnumerateObject().Select(p => p.Name).ToList()
            : [];
    }

    [GeneratedRegex(@"^generated (?<media>\S+) (?<width>\d+)x(?<height>\d+); requests: (?<requests>.*)$", RegexOptions.Multiline)]
    private static partial Regex ResultLine();
}
