using ImagingClient.Emulator;
using ImagingClient.Tests.TestSupport;
using QuickStart;

namespace ImagingClient.Tests.QuickStart;

public sealed class QuickStartAppTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("quickstart-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task RunAsync_WithNoApiKey_UsesEmbeddedEmulatorAndWritesAValidPng()
    {
        // Arrange
        var output = Path.Combine(_folder, "out.png");
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();

        // Act
        var exit = await QuickStartApp.RunAsync(["--out", output], _ => null, stdout, stderr);

        // Assert
        exit.Should().Be(0, stderr.ToString());
        var bytes = await File.ReadAllBytesAsync(output);
        ImageInfo.TryIdentify(bytes, out var info).Should().BeTrue();
        info.Should().Be(new ImageInfo("image/png", 1024, 1024));
        var text = stdout.ToString();
        text.Should().Contain("embedded emulator")
            .And.Contain($"Saved {output}")
            .And.Contain("1024 x 1024 px")
            .And.Contain("image/png")
            .And.Contain("concurred:flux-2-pro");
    }

    [Fact]
    public async Task RunAsync_WithImagenModelAndPrompt_SavesTheBase64Image()
    {
        // Arrange
        var output = Path.Combine(_folder, "fox.png");
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();

        // Act
        var exit = await QuickStartApp.RunAsync(["--model", "concurred:imagen-4", "--prompt", "a red fox", "--out", output], _ => null, stdout, stderr);

        // Assert
        exit.Should().Be(0, stderr.ToString());
        File.Exists(output).Should().BeTrue();
        stdout.ToString().Should().Contain("concurred:imagen-4");
    }

    [Fact]
    public async Task RunAsync_WithAKieModelAndNoKey_GeneratesThroughTheEmulatorsKieRoutes()
    {
        // Arrange
        var output = Path.Combine(_folder, "kie.png");
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();

        // Act
        var exit = await QuickStartApp.RunAsync(
            ["--model", "kie:flux-kontext-pro", "--prompt", "a paper boat", "--out", output],
            _ => null,
            stdout,
            stderr,
            new InstantTimeProvider(DateTimeOffset.UtcNow)).WithinLimitAsync("the sample's run on an instant clock, whose deadlines nothing moves while a call is on the wire");

        // Assert
        exit.Should().Be(0, stderr.ToString());
        stdout.ToString().Should().Contain("No KIE_API_KEY set").And.Contain("kie:flux-kontext-pro");
        ImageInfo.TryIdentify(await File.ReadAllBytesAsync(output), out var info).Should().BeTrue();
        info.MediaType.Should().Be("image/png");
    }

    [Fact]
    public async Task RunAsync_WithMidjourneyAndNoKey_SavesTheFourImagesOfTheGridAndShowsProgress()
    {
        // Arrange
        var output = Path.Combine(_folder, "mj.png");
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();

        // Act
        var exit = await QuickStartApp.RunAsync(
            ["--model", "apiframe:midjourney", "--out", output],
            _ => null,
            stdout,
            stderr,
            new InstantTimeProvider(DateTimeOffset.UtcNow)).WithinLimitAsync("the sample's run on an instant clock");

        // Assert
        exit.Should().Be(0, stderr.ToString());
        var text = stdout.ToString();
        text.Should().Contain("No APIFRAME_API_KEY set").And.Contain("apiframe:midjourney").And.Contain("PROCESSING").And.Contain("COMPLETED");
        for (var i = 1; i <= 4; i++)
        {
            ImageInfo.TryIdentify(await File.ReadAllBytesAsync(Path.Combine(_folder, $"mj-{i}.png")), out var info).Should().BeTrue();
            info.MediaType.Should().Be("image/png");
        }
    }

    [Fact]
    public async Task RunAsync_WithRelayGpuQwenAndNoKey_WritesTheImageThroughTheEmulator()
    {
        // Arrange
        var output = Path.Combine(_folder, "qwen.png");
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();

        // Act
        var exit = await QuickStartApp.RunAsync(
            ["--model", "relaygpu:Qwen/qwen-image", "--out", output],
            _ => null,
            stdout,
            stderr,
            new InstantTimeProvider(DateTimeOffset.UtcNow)).WithinLimitAsync("the sample's run on an instant clock");

        // Assert
        exit.Should().Be(0, stderr.ToString());
        stdout.ToString().Should().Contain("No RELAYGPU_API_KEY set").And.Contain("relaygpu:Qwen/qwen-image");
        ImageInfo.TryIdentify(await File.ReadAllBytesAsync(output), out var info).Should().BeTrue();
        info.MediaType.Should().Be("image/png");
    }

    [Fact]
    public async Task RunAsync_WithKeyAndBaseUrl_TalksToThatEndpoint()
    {
        // Arrange
        await using var emulator = await ImagingEmulator.StartAsync();
        var env = new Dictionary<string, string?>
        {
            ["CONCURRED_API_KEY"] = ConcurredEmulatorOptions.DefaultApiKey,
            ["CONCURRED_BASE_URL"] = emulator.BaseAddress.AbsoluteUri,
        };
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();

        // Act
        var exit = await QuickStartApp.RunAsync(["--out", Path.Combine(_folder, "a.png")], name => env.GetValueOrDefault(name), stdout, stderr);

        // Assert
        exit.Should().Be(0, stderr.ToString());
        stdout.ToString().Should().NotContain("embedded emulator");
        emulator.Requests.Should().Contain(r => r.Path.StartsWith("/api/v1/image/generate", StringComparison.Ordinal));
    }

    [Fact]
    public async Task RunAsync_WithBaseUrlButNoKey_UsesTheEmulatorKeyAgainstThatEndpoint()
    {
        // Arrange
        await using var emulator = await ImagingEmulator.StartAsync();
        var env = new Dictionary<string, string?> { ["CONCURRED_BASE_URL"] = emulator.BaseAddress.AbsoluteUri };
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();

        // Act
        var exit = await QuickStartApp.RunAsync(["--out", Path.Combine(_folder, "b.png")], name => env.GetValueOrDefault(name), stdout, stderr);

        // Assert
        exit.Should().Be(0, stderr.ToString());
        stdout.ToString().Should().Contain("emulator's key").And.NotContain("embedded emulator");
        emulator.Requests.Should().Contain(r => r.Path.StartsWith("/api/v1/image/generate", StringComparison.Ordinal));
    }

    [Fact]
    public async Task RunAsync_WhenTheOutputCannotBeWritten_SaysWhereTheImageStillIsAndExits1()
    {
        // Arrange
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var unwritable = Path.Combine(_folder, "missing-folder", "x.png");

        // Act
        var exit = await QuickStartApp.RunAsync(["--out", unwritable], _ => null, stdout, stderr);

        // Assert
        exit.Should().Be(1);
        var error = stderr.ToString();
        error.Should().Contain("could not be saved").And.Contain("the image is still at http://127.0.0.1:").And.Contain("request id: req_");
        error.Should().NotContain("   at ");
    }

    [Fact]
    public async Task RunAsync_WhenProviderRefuses_PrintsCodeMessageAndRequestIdWithoutStackTrace()
    {
        // Arrange
        await using var emulator = await ImagingEmulator.StartAsync();
        var env = new Dictionary<string, string?>
        {
            ["CONCURRED_API_KEY"] = "ck_wrong_key",
            ["CONCURRED_BASE_URL"] = emulator.BaseAddress.AbsoluteUri,
        };
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();

        // Act
        var exit = await QuickStartApp.RunAsync(["--out", Path.Combine(_folder, "a.png")], name => env.GetValueOrDefault(name), stdout, stderr);

        // Assert
        exit.Should().Be(1);
        var error = stderr.ToString();
        error.Should().Contain("unauthorized").And.Contain("INVALID_API_KEY").And.NotContain("   at ").And.NotContain("ck_wrong_key");
    }

    [Fact]
    public async Task RunAsync_WithVerbose_PrintsTheStackTrace()
    {
        // Arrange
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();

        // Act
        var exit = await QuickStartApp.RunAsync(["--model", "concurred:imagen-4", "--prompt", "[blocked] a thing", "--verbose"], _ => null, stdout, stderr);

        // Assert
        exit.Should().Be(1);
        stderr.ToString().Should().Contain("content_policy").And.Contain("GUARDRAIL_BLOCKED").And.Contain(" at ");
    }

    [Fact]
    public async Task RunAsync_WithFieldTheModelDoesNotTake_ExitsWithInvalidInput()
    {
        // Arrange
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();

        // Act
        var exit = await QuickStartApp.RunAsync(["--model", "concurred:qwen-image-edit"], _ => null, stdout, stderr);

        // Assert
        exit.Should().Be(2);
        stderr.ToString().Should().Contain("invalid input").And.Contain("edit model");
    }

    [Theory]
    [InlineData("--bogus")]
    [InlineData("--model")]
    public async Task RunAsync_WithBadArguments_PrintsUsageAndExits2(string argument)
    {
        // Arrange
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();

        // Act
        var exit = await QuickStartApp.RunAsync([argument], _ => null, stdout, stderr);

        // Assert
        exit.Should().Be(2);
        stderr.ToString().Should().Contain("Usage:");
    }

    [Fact]
    public async Task RunAsync_WithHelp_PrintsUsageAndStartsNothing()
    {
        // Arrange
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();

        // Act
        var exit = await QuickStartApp.RunAsync(["--help"], _ => null, stdout, stderr);

        // Assert
        exit.Should().Be(0);
        stdout.ToString().Should().Contain("Usage:").And.Contain("--model <id>").And.NotContain("embedded emulator at");
    }
}
