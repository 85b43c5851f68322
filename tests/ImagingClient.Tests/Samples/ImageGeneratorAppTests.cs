using ImageGeneratorSample;
using ImagingClient.Tests.TestSupport;

namespace ImagingClient.Tests.Samples;

public sealed class ImageGeneratorAppTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("image-generator-sample-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task RunAsync_WithNoKey_GeneratesAndEditsThroughIImageGeneratorAgainstTheEmulator()
    {
        // Arrange
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();

        // Act
        var exit = await ImageGeneratorApp.RunAsync(["--out", _folder], _ => null, stdout, stderr, new InstantTimeProvider(DateTimeOffset.UtcNow))
            .WithinLimitAsync("the sample's run against the embedded emulator");

        // Assert
        exit.Should().Be(0, stderr.ToString());
        var text = stdout.ToString();
        text.Should().Contain("embedded emulator").And.Contain("Generator: relaygpu at http://127.0.0.1:").And.Contain("model relaygpu:black-forest-labs/FLUX-2-pro");
        text.Should().Contain("size:       1024 x 768 px (image/png)").And.Contain("model:      relaygpu:openai/gpt-image-1.5-I2I");
        foreach (var name in new[] { "generated.png", "edited.png" })
        {
            ImageInfo.TryIdentify(await File.ReadAllBytesAsync(Path.Combine(_folder, name)), out var info).Should().BeTrue(name);
            info.MediaType.Should().Be("image/png");
        }
    }

    [Theory]
    [InlineData("--help", 0)]
    [InlineData("--model", 2)]
    public async Task RunAsync_HelpOrUnknownArgument_PrintsUsageWithoutSendingAnything(string argument, int expectedExit)
    {
        // Arrange
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();

        // Act
        var exit = await ImageGeneratorApp.RunAsync([argument], _ => null, stdout, stderr);

        // Assert
        exit.Should().Be(expectedExit);
        (stdout.ToString() + stderr.ToString()).Should().Contain("Usage: dotnet run --project samples/ImageGenerator").And.NotContain("emulator at");
        if (expectedExit != 0)
        {
            stderr.ToString().Should().Contain("Unknown argument '--model'.");
        }
    }
}
