using EditSample;
using ImagingClient.Tests.TestSupport;

namespace ImagingClient.Tests.Samples;

public sealed class EditAppTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("edit-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task RunAsync_WithALocalImageAndNoKey_EditsItAgainstTheEmulatorAndSavesTheResult()
    {
        // Arrange
        var source = Path.Combine(_folder, "photo.png");
        await File.WriteAllBytesAsync(source, TestPng.Create(80, 60));
        var output = Path.Combine(_folder, "edited.png");
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();

        // Act
        var exit = await EditApp.RunAsync(["--image", source, "--out", output, "--prompt", "make it night"], _ => null, stdout, stderr, new InstantTimeProvider(DateTimeOffset.UtcNow))
            .WithinLimitAsync("the sample's run against the embedded emulator");

        // Assert
        exit.Should().Be(0, stderr.ToString());
        stdout.ToString().Should().Contain("embedded emulator").And.Contain($"Saved {output}").And.Contain(EditApp.DefaultModel);
        ImageInfo.TryIdentify(await File.ReadAllBytesAsync(output), out var info).Should().BeTrue();
        info.MediaType.Should().Be("image/png");
    }

    [Theory]
    [InlineData(new string[0], "--image is required")]
    [InlineData(new[] { "--image" }, "--image needs a value")]
    [InlineData(new[] { "--image", "a.png", "--bogus" }, "Unknown argument '--bogus'")]
    public async Task RunAsync_WithMissingOrUnknownArguments_PrintsUsageAndExits2(string[] args, string message)
    {
        // Arrange
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();

        // Act
        var exit = await EditApp.RunAsync(args, _ => null, stdout, stderr);

        // Assert
        exit.Should().Be(2);
        stderr.ToString().Should().Contain(message).And.Contain("Usage:");
        stdout.ToString().Should().BeEmpty("nothing was started");
    }

    [Fact]
    public async Task RunAsync_WithAFileThatDoesNotExist_Exits2BeforeStartingAnything()
    {
        // Arrange
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();

        // Act
        var exit = await EditApp.RunAsync(["--image", Path.Combine(_folder, "missing.png")], _ => null, stdout, stderr);

        // Assert
        exit.Should().Be(2);
        stderr.ToString().Should().Contain("no file");
        stdout.ToString().Should().BeEmpty();
    }

    [Fact]
    public async Task RunAsync_WithHelp_PrintsUsage()
    {
        // Arrange
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();

        // Act
        var exit = await EditApp.RunAsync(["--help"], _ => null, stdout, stderr);

        // Assert
        exit.Should().Be(0);
        stdout.ToString().Should().Contain("Usage:").And.Contain("--image <file>");
    }
}
