using System.Text.Json;
using ImagingClient.Cli;
using ImagingClient.Emulator;
using ImagingClient.Providers.Kie;
using ImagingClient.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace ImagingClient.Tests.Cli;

public sealed class ImagingCliAppTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("imaging-cli-").FullName;
    private readonly StringWriter _stdout = new();
    private readonly StringWriter _stderr = new();

    public void Dispose()
    {
        _stdout.Dispose();
        _stderr.Dispose();
        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public async Task Generate_WithParamsAgainstAStandaloneEmulator_SendsTheFieldsAndSavesTheImage()
    {
        // Arrange
        var clock = new InstantTimeProvider(DateTimeOffset.UtcNow);
        await using var emulator = await ImagingEmulator.StartAsync(new ImagingEmulatorOptions { TimeProvider = clock });
        var output = Path.Combine(_folder, "cat.png");
        var environment = new Dictionary<string, string> { ["KIE_BASE_URL"] = emulator.BaseAddress.AbsoluteUri };

        // Act
        var exit = await RunAsync(
            ["generate", "a cat on a windowsill", "--model", KieModels.FluxKontextPro, "--out", output, "--param", "promptUpsampling=true", "--param", "safetyTolerance=4", "-p", "aspectRatio=1:1"],
            environment,
            clock);

        // Assert
        exit.Should().Be(ExitCodes.Success, _stderr.ToString());
        _stdout.ToString().Trim().Should().Be(output);
        ImageInfo.TryIdentify(await File.ReadAllBytesAsync(output), out var info).Should().BeTrue();
        info.Width.Should().Be(info.Height, "aspectRatio=1:1 was sent");
        var submitted = emulator.Requests.Single(r => r.Method == "POST" && r.Path.Contains("generate", StringComparison.Ordinal));
        using var body = JsonDocument.Parse(submitted.Body);
        body.RootElement.GetProperty("promptUpsampling").GetBoolean().Should().BeTrue();
        body.RootElement.GetProperty("safetyTolerance").GetInt64().Should().Be(4);
        body.RootElement.GetProperty("aspectRatio").GetString().Should().Be("1:1");
        _stderr.ToString().Should().Contain("KIE_BASE_URL is set but KIE_API_KEY is not").And.Contain("resume token: ijt1.").And.Contain("Succeeded");
    }

    [Fact]
    public async Task Generate_WithNoKeyAndNoEndpoint_UsesTheEmbeddedEmulator()
    {
        // Arrange
        var output = Path.Combine(_folder, "lighthouse.png");

        // Act
        var exit = await RunAsync(["generate", "a lighthouse", "--model", "concurred:flux-2-pro", "--out", output, "--param", "seed=7"], [], new InstantTimeProvider(DateTimeOffset.UtcNow));

        // Assert
        exit.Should().Be(ExitCodes.Success, _stderr.ToString());
        _stderr.ToString().Should().Contain("No CONCURRED_API_KEY set: using the embedded emulator at http://127.0.0.1:");
        ImageInfo.TryIdentify(await File.ReadAllBytesAsync(output), out _).Should().BeTrue();
    }

    [Fact]
    public async Task Edit_OfALocalFile_SavesTheEditedImage()
    {
        // Arrange
        var source = Path.Combine(_folder, "source.png");
        await File.WriteAllBytesAsync(source, TestPng.Create(64, 48));
        var output = Path.Combine(_folder, "night.png");

        // Act
        var exit = await RunAsync(["edit", "make it night", "--image", source, "--model", "relaygpu:Qwen/qwen-image-edit", "--out", output], [], new InstantTimeProvider(DateTimeOffset.UtcNow));

        // Assert
        exit.Should().Be(ExitCodes.Success, _stderr.ToString());
        _stdout.ToString().Trim().Should().Be(output);
        ImageInfo.TryIdentify(await File.ReadAllBytesAsync(output), out var info).Should().BeTrue();
        info.MediaType.Should().Be("image/png");
    }

    [Fact]
    public async Task Edit_OfAFileThatDoesNotExist_IsBadInput()
    {
        // Act
        var exit = await RunAsync(["edit", "make it night", "--image", Path.Combine(_folder, "missing.png"), "--model", "relaygpu:Qwen/qwen-image-edit", "--out", "x.png"], []);

        // Assert
        exit.Should().Be(ExitCodes.Usage);
        _stderr.ToString().Should().Contain("--image").And.Contain("is neither an http(s) URL nor an existing file");
    }

    [Fact]
    public async Task Models_ForAProvider_ListsItsModelsWithTheirFields()
    {
        // Act
        var exit = await RunAsync(["models", "--provider", "kie"], []);

        // Assert
        exit.Should().Be(ExitCodes.Success, _stderr.ToString());
        var text = _stdout.ToString();
        text.Should().Contain("kie:flux-kontext-pro  generate (default)").And.Contain("kie:flux-kontext-max  edit");
        text.Should().MatchRegex(@"promptUpsampling\s+true\|false; default false");
        text.Should().MatchRegex(@"safetyTolerance\s+integer; 0–6; default 2");
        text.Should().NotContain("concurred:");
    }

    [Fact]
    public async Task Models_ForOneModel_DescribesItForEachOperation()
    {
        // Act
        var exit = await RunAsync(["models", "--model", "kie:flux-kontext-pro"], []);

        // Assert
        exit.Should().Be(ExitCodes.Success, _stderr.ToString());
        _stdout.ToString().Should().Contain("kie:flux-kontext-pro  generate").And.Contain("kie:flux-kontext-pro  edit").And.Contain("inputImage");
    }

    [Fact]
    public async Task Job_FromAResumeToken_WaitsAndSavesTheImage()
    {
        // Arrange: another program started the job and kept only its token.
        var clock = new InstantTimeProvider(DateTimeOffset.UtcNow);
        await using var emulator = await ImagingEmulator.StartAsync(new ImagingEmulatorOptions { TimeProvider = clock });
        string token;
        using (var client = ImageClient.Create(imaging =>
        {
            imaging.Services.AddSingleton<TimeProvider>(clock);
            imaging.AddKie(o =>
            {
                o.ApiKey = KieEmulatorOptions.DefaultApiKey;
                o.BaseAddress = emulator.BaseAddress;
            });
        }))
        {
            var job = await client.StartGenerateAsync(new ImageGenerationRequest { Prompt = "a paper boat", Model = KieModels.FluxKontextPro });
            token = job.ResumeToken!.ToString();
        }

        var output = Path.Combine(_folder, "boat.png");

        // Act
        var exit = await RunAsync(["job", token, "--out", output], new Dictionary<string, string> { ["KIE_BASE_URL"] = emulator.BaseAddress.AbsoluteUri }, clock);

        // Assert
        exit.Should().Be(ExitCodes.Success, _stderr.ToString());
        _stderr.ToString().Should().Contain("Re-attached to kie job");
        ImageInfo.TryIdentify(await File.ReadAllBytesAsync(output), out _).Should().BeTrue();
    }

    [Fact]
    public async Task Job_WithNoKeyOrEndpoint_SaysAnEmbeddedEmulatorCannotResumeIt()
    {
        // Arrange
        var token = new ImageJobToken("kie", "task-1", "flux-kontext-pro", ImageOperationKind.Generate, DateTimeOffset.UtcNow).ToString();

        // Act
        var exit = await RunAsync(["job", token, "--out", "x.png"], []);

        // Assert
        exit.Should().Be(ExitCodes.Usage);
        _stderr.ToString().Should().Contain("No KIE_API_KEY is set");
    }

    [Theory]
    [InlineData(new[] { "generate", "a cat", "--model", "kie:flux-kontext-pro", "--out", "x.png", "--param", "nope=1" }, "--param 'nope': model 'kie:flux-kontext-pro' takes no field of that name. Its fields: enableTranslation,")]
    [InlineData(new[] { "generate", "a cat", "--model", "kie:flux-kontext-pro", "--out", "x.png", "--param", "safetyTolerance=high" }, "'safetyTolerance' takes a whole number; 'high' is not one")]
    [InlineData(new[] { "generate", "a cat", "--model", "kie:flux-kontext-pro", "--out", "x.png", "--param", "promptUpsampling" }, "is not in the form key=value")]
    [InlineData(new[] { "generate", "a cat", "--model", "flux-kontext-pro", "--out", "x.png" }, "needs its provider, as provider:model")]
    [InlineData(new[] { "generate", "a cat", "--model", "kie:flux-kontext-pro", "--out", "x.png", "--timeout", "soon" }, "--timeout 'soon' is not a duration")]
    [InlineData(new[] { "generate", "a cat", "--model", "kie:flux-kontext-pro", "--out", "x.png", "--bogus" }, "Unrecognized command or argument '--bogus'")]
    [InlineData(new[] { "generate", "a cat", "--out", "x.png" }, "Option '--model' is required")]
    [InlineData(new[] { "job", "not-a-token", "--out", "x.png" }, "'not-a-token' is not a resume token")]
    [InlineData(new string[0], "Required command was not provided")]
    public async Task Run_WithBadArguments_ExitsWithTheUsageCodeAndSaysWhy(string[] args, string message)
    {
        // Act
        var exit = await RunAsync(args, []);

        // Assert
        exit.Should().Be(ExitCodes.Usage);
        _stderr.ToString().Should().Contain(message);
        _stderr.ToString().Should().NotContain("emulator", "nothing was started or sent");
    }

    [Fact]
    public async Task Generate_WithAValueTheModelRefuses_ExitsWithTheUsageCodeBeforeSending()
    {
        // Arrange
        await using var emulator = await ImagingEmulator.StartAsync();

        // Act
        var exit = await RunAsync(
            ["generate", "a cat", "--model", "kie:flux-kontext-pro", "--out", "x.png", "--param", "safetyTolerance=9"],
            new Dictionary<string, string> { ["KIE_BASE_URL"] = emulator.BaseAddress.AbsoluteUri });

        // Assert
        exit.Should().Be(ExitCodes.Usage);
        _stderr.ToString().Should().Contain("error: invalid input: --param safetyTolerance must be between 0 and 6").And.NotContain("(Parameter");
        emulator.Requests.Should().BeEmpty();
    }

    [Fact]
    public async Task Generate_WhenTheProviderRefusesTheKey_ExitsWithTheProviderCode()
    {
        // Arrange
        await using var emulator = await ImagingEmulator.StartAsync();

        // Act
        var exit = await RunAsync(
            ["generate", "a cat", "--model", "kie:flux-kontext-pro", "--out", Path.Combine(_folder, "x.png")],
            new Dictionary<string, string> { ["KIE_BASE_URL"] = emulator.BaseAddress.AbsoluteUri, ["KIE_API_KEY"] = "wrong-key" });

        // Assert
        exit.Should().Be(ExitCodes.Provider);
        _stderr.ToString().Should().Contain("error: unauthorized").And.NotContain("wrong-key");
    }

    [Fact]
    public async Task Generate_WhenTheJobOutlastsTheTimeout_ExitsWithTheTimeoutCodeAndTheResumeToken()
    {
        // Arrange: the emulator's task takes a minute of emulator time; the wait gives up after one second.
        var clock = new InstantTimeProvider(DateTimeOffset.UtcNow);
        await using var emulator = await ImagingEmulator.StartAsync(new ImagingEmulatorOptions { TimeProvider = clock, Kie = { TaskDuration = TimeSpan.FromMinutes(1) } });

        // Act
        var exit = await RunAsync(
            ["generate", "a cat", "--model", "kie:flux-kontext-pro", "--out", Path.Combine(_folder, "x.png"), "--timeout", "1s"],
            new Dictionary<string, string> { ["KIE_BASE_URL"] = emulator.BaseAddress.AbsoluteUri },
            clock);

        // Assert
        exit.Should().Be(ExitCodes.Timeout, _stderr.ToString());
        _stderr.ToString().Should().Contain("still_running").And.Contain("resume with: imaging job ijt1.");
    }

    [Fact]
    public async Task Generate_CanceledWhileWaiting_PrintsTheJobIdAndResumeToken()
    {
        // Arrange: Ctrl+C as soon as the job is accepted (its resume token is printed).
        using var cancel = new CancellationTokenSource();
        await using var stderr = new CancelingWriter("resume token:", cancel);
        using var stdout = new StringWriter();

        // Act
        var exit = await ImagingCliApp.RunAsync(
                ["generate", "a cat", "--model", "apiframe:flux-2-pro", "--out", Path.Combine(_folder, "x.png")],
                _ => null,
                stdout,
                stderr,
                cancellationToken: cancel.Token)
            .WithinLimitAsync("the CLI's run against the embedded emulator");

        // Assert
        exit.Should().Be(ExitCodes.Canceled, stderr.ToString());
        var text = stderr.ToString();
        text.Should().Contain("canceled: stopped waiting; the job was not cancelled at the provider.");
        var jobId = text.Split('\n').Single(l => l.StartsWith("job id: ", StringComparison.Ordinal))["job id: ".Length..].Trim();
        var token = text.Split('\n').Last(l => l.StartsWith("resume token: ", StringComparison.Ordinal))["resume token: ".Length..].Trim();
        ImageJobToken.Parse(token).JobId.Should().Be(jobId);
        ImageJobToken.Parse(token).Provider.Should().Be("apiframe");
        File.Exists(Path.Combine(_folder, "x.png")).Should().BeFalse();
    }

    [Fact]
    public async Task Help_ListsTheCommandsAndTheExitCodes()
    {
        // Act
        var exit = await RunAsync(["--help"], []);

        // Assert
        exit.Should().Be(ExitCodes.Success);
        _stdout.ToString().Should().Contain("generate <prompt>").And.Contain("models").And.Contain("job <token>").And.Contain("130  canceled");
    }

    private Task<int> RunAsync(string[] args, Dictionary<string, string> environment, TimeProvider? time = null) =>
        ImagingCliApp.RunAsync(args, name => environment.GetValueOrDefault(name), _stdout, _stderr, time)
            .WithinLimitAsync("the CLI's run");

    /// <summary>A writer that cancels a token once a line containing a marker is written, as a user pressing Ctrl+C on seeing it.</summary>
    private sealed class CancelingWriter(string marker, CancellationTokenSource cancel) : StringWriter
    {
        public override void WriteLine(string? value)
        {
            base.WriteLine(value);
            if (value?.Contains(marker, StringComparison.Ordinal) == true)
            {
                cancel.Cancel();
            }
        }

        public override Task WriteLineAsync(string? value)
        {
            WriteLine(value);
            return Task.CompletedTask;
        }
    }
}
