using System.Diagnostics;
using System.Reflection;
using ImagingClient.Tests.TestSupport;

namespace ImagingClient.Tests.Cli;

public sealed class ToolPackageTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("imaging-tool-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task PackAndInstall_AsADotnetTool_GivesAnImagingCommandThatRuns()
    {
        // Arrange: a version no cache has seen, packed from the build `dotnet test` just made (so no second build).
        var version = $"0.0.0-test.{Guid.NewGuid():N}";
        var packages = Path.Combine(_folder, "packages");
        var tools = Path.Combine(_folder, "tools");
        var configuration = typeof(ToolPackageTests).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Debug";
        var project = Path.Combine(RepositoryRoot.Path, "src", "ImagingClient.Cli", "ImagingClient.Cli.csproj");

        // Act
        var pack = await RunAsync(Dotnet, ["pack", project, "--no-build", "-c", configuration, "-o", packages, $"-p:Version={version}"]);
        var install = await RunAsync(Dotnet, ["tool", "install", "--tool-path", tools, "--add-source", packages, "--ignore-failed-sources", "ImagingClient.Cli", "--version", version]);
        var command = Path.Combine(tools, OperatingSystem.IsWindows() ? "imaging.exe" : "imaging");
        var help = await RunAsync(command, ["--help"]);
        var models = await RunAsync(command, ["models", "--provider", "kie"]);

        // Assert
        pack.ExitCode.Should().Be(0, pack.Output);
        File.Exists(Path.Combine(packages, $"ImagingClient.Cli.{version}.nupkg")).Should().BeTrue();
        install.ExitCode.Should().Be(0, install.Output);
        help.ExitCode.Should().Be(0, help.Output);
        help.Output.Should().Contain("generate <prompt>").And.Contain("Exit codes:");
        models.ExitCode.Should().Be(0, models.Output);
        models.Output.Should().Contain("kie:flux-kontext-pro").And.Contain("promptUpsampling");
    }

    /// <summary>The dotnet that runs these tests (the SDK sets DOTNET_HOST_PATH for what it starts), else the one on PATH.</summary>
    private static string Dotnet => Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host : "dotnet";

    private async Task<(int ExitCode, string Output)> RunAsync(string fileName, string[] arguments)
    {
        var start = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = _folder,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        // The installed package goes to a cache of its own, so the machine's NuGet cache never keeps a test version;
        // the tool's shim finds the runtime of the dotnet that runs the tests.
        start.Environment["NUGET_PACKAGES"] = Path.Combine(_folder, "nuget-cache");
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        if (Path.IsPathRooted(Dotnet))
        {
            start.Environment["DOTNET_ROOT"] = Path.GetDirectoryName(Dotnet);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        try
        {
            await process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"'{fileName} {string.Join(' ', arguments)}' took more than 90 s.");
        }

        return (process.ExitCode, await output + await error);
    }
}
