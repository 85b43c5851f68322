using AsyncJobs;
using ImagingClient.Tests.TestSupport;

namespace ImagingClient.Tests.Samples;

public sealed class AsyncJobsAppTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("asyncjobs-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task RunAsync_WithNoKey_StartsWaitsAndResumesFromATokenAgainstTheEmulator()
    {
        // Arrange
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();

        // Act
        // The instant clock moves only between the sample's calls, so its deadlines cannot end a call that never
        // answers: the run is bounded on the wall clock.
        var exit = await AsyncJobsApp.RunAsync(["--out", _folder], _ => null, stdout, stderr, new InstantTimeProvider(DateTimeOffset.UtcNow))
            .WithinLimitAsync("the sample's run against the embedded emulator");

        // Assert
        exit.Should().Be(0, stderr.ToString());
        var text = stdout.ToString();
        text.Should().Contain("embedded emulator").And.Contain("saved its resume token: ijt1.").And.Contain("Re-attached to Kie task");
        text.Should().Contain(": Running (GENERATING)").And.Contain(": Succeeded (SUCCESS)");
        foreach (var name in new[] { "asyncjobs-1.png", "asyncjobs-2.png" })
        {
            ImageInfo.TryIdentify(await File.ReadAllBytesAsync(Path.Combine(_folder, name)), out var info).Should().BeTrue(name);
        }
    }

    [Fact]
    public async Task RunAsync_WhenTheImageCannotBeSaved_SaysWhereItStillIs()
    {
        // Arrange
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();

        // Act
        var exit = await AsyncJobsApp.RunAsync(["--out", Path.Combine(_folder, "missing")], _ => null, stdout, stderr, new InstantTimeProvider(DateTimeOffset.UtcNow))
            .WithinLimitAsync("the sample's run against the embedded emulator");

        // Assert
        exit.Should().Be(1);
        stderr.ToString().Should().Contain("the image is still at http://127.0.0.1:");
    }

    [Theory]
    [InlineData("--bogus")]
    [InlineData("--out")]
    [InlineData("--out", "a", "b")]
    public async Task RunAsync_WithUnknownArguments_PrintsUsageAndExits2WithoutStarting(params string[] args)
    {
        // Arrange
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();

        // Act
        var exit = await AsyncJobsApp.RunAsync(args, _ => null, stdout, stderr);

        // Assert
        exit.Should().Be(2);
        stderr.ToString().Should().Contain("Usage:");
        stdout.ToString().Should().NotContain("emulator", "nothing was started");
    }

    [Fact]
    public async Task RunAsync_WithHelp_PrintsUsageAndStartsNothing()
    {
        // Arrange
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();

        // Act
        var exit = await AsyncJobsApp.RunAsync(["--help"], _ => null, stdout, stderr);

        // Assert
        exit.Should().Be(0);
        stdout.ToString().Should().Contain("Usage:").And.Contain("--out <folder>").And.NotContain("embedded emulator at");
    }
}
