using DependencyInjectionSample;
using ImagingClient.Tests.TestSupport;

namespace ImagingClient.Tests.Samples;

public sealed class DependencyInjectionAppTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("di-sample-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task RunAsync_WithNoKey_StartsTheHostFromTheImagingSectionAgainstTheEmulatorAndSavesAPng()
    {
        // Arrange
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var path = Path.Combine(_folder, "painted.png");

        // Act
        var exit = await DependencyInjectionApp.RunAsync(["--out", path], new Dictionary<string, string?>(), stdout, stderr, new InstantTimeProvider(DateTimeOffset.UtcNow))
            .WithinLimitAsync("the sample's run against the embedded emulator");

        // Assert
        exit.Should().Be(0, stderr.ToString());
        stdout.ToString().Should().Contain("embedded emulator").And.Contain($"Saved {path}").And.Contain("model:      concurred:flux-2-pro");
        ImageInfo.TryIdentify(await File.ReadAllBytesAsync(path), out var info).Should().BeTrue();
        info.MediaType.Should().Be("image/png");
    }

    [Fact]
    public async Task RunAsync_EnvironmentWithAnUnknownKey_StopsAtStartNamingIt()
    {
        // Arrange: a typo'd setting in the environment, as a deployment would set it.
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var environment = new Dictionary<string, string?> { ["Imaging__Concurred__BaseUrl"] = "https://concurred.example/" };

        // Act
        var exit = await DependencyInjectionApp.RunAsync(["--out", Path.Combine(_folder, "x.png")], environment, stdout, stderr, new InstantTimeProvider(DateTimeOffset.UtcNow))
            .WithinLimitAsync("the sample's start");

        // Assert
        exit.Should().Be(2);
        stderr.ToString().Should().Contain("error: configuration:").And.Contain("'Imaging:Concurred:BaseUrl'");
        File.Exists(Path.Combine(_folder, "x.png")).Should().BeFalse();
    }

    [Theory]
    [InlineData("--help", 0)]
    [InlineData("--bogus", 2)]
    public async Task RunAsync_HelpOrUnknownArgument_PrintsUsageWithoutSendingAnything(string argument, int expectedExit)
    {
        // Arrange
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();

        // Act
        var exit = await DependencyInjectionApp.RunAsync([argument], new Dictionary<string, string?>(), stdout, stderr);

        // Assert
        exit.Should().Be(expectedExit);
        (stdout.ToString() + stderr.ToString()).Should().Contain("Usage: dotnet run --project samples/DependencyInjection").And.NotContain("emulator at");
        if (expectedExit != 0)
        {
            stderr.ToString().Should().Contain("Unknown argument '--bogus'.");
        }
    }
}
