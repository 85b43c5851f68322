using System.Text;
using System.Text.Json;
using ImagingClient.Emulator;
using ImagingClient.Providers.RelayGpu;
using ImagingClient.Tests.TestSupport;
using ImagingClient.Webhooks;
using Microsoft.Extensions.DependencyInjection;

namespace ImagingClient.Tests.Integration;

/// <summary>
/// The whole RelayGPU stack — routes, sync and async, long polls without the key, idempotency, inline images,
/// webhooks, the live catalog — against the emulator on loopback. Client and emulator share one instant clock.
/// </summary>
public sealed class RelayGpuEmulatorTests : IAsyncLifetime
{
    private const string Png1x1 = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==";

    private readonly InstantTimeProvider _time = new(DateTimeOffset.UtcNow);
    private ImagingEmulator _emulator = null!;
    private IImageClient _client = null!;

    public async Task InitializeAsync()
    {
        _emulator = await ImagingEmulator.StartAsync(new ImagingEmulatorOptions { TimeProvider = _time });
        _client = CreateClient();
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _emulator.DisposeAsync();
    }

    public static TheoryData<string, bool> GenerationModels()
    {
        var data = new TheoryData<string, bool>();
        foreach (var model in new[]
        {
            RelayGpuModels.Flux2Pro, RelayGpuModels.Gemini3ProImage, RelayGpuModels.Gemini25FlashImage, RelayGpuModels.Gemini31FlashImagePreview,
            RelayGpuModels.GptImage15T2I, RelayGpuModels.GptImage2, RelayGpuModels.GptImage25Sunburst, RelayGpuModels.GptImage25Flare,
            RelayGpuModels.QwenImage, RelayGpuModels.Seedream50Pro, RelayGpuModels.Wan27ImagePro,
        })
        {
            data.Add(model, false);
            data.Add(model, true);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(GenerationModels))]
    public async Task GenerateAsync_EveryGenerationRoute_SyncAndAsync_ReturnsAPng(string model, bool asynchronously)
    {
        // Act
        var result = await _client.GenerateAsync(new ImageGenerationRequest
        {
            Prompt = "a red apple on a white table",
            Model = model,
            ProviderOptions = new RelayGpuOptions { RunAsynchronously = asynchronously },
        }).WithinLimitAsync("the generation");

        // Assert
        result.Provider.Should().Be("relaygpu");
        result.Model.Should().Be(model["relaygpu:".Length..]);
        var bytes = await result.Images[0].GetBytesAsync().WithinLimitAsync("the image");
        ImageInfo.TryIdentify(bytes.Span, out var info).Should().BeTrue();
        info.MediaType.Should().Be("image/png");
        var submit = _emulator.Requests.Last(r => r.Method == "POST");
        submit.Body.Contains("\"async\":true", StringComparison.Ordinal).Should().Be(asynchronously);
    }

    [Fact]
    public async Task StartGenerateAsync_PollsCarryNoKey_AndTheTaskResumesFromItsToken()
    {
        // Arrange
        var job = await _client.StartGenerateAsync(new ImageGenerationRequest { Prompt = "a paper boat", Model = RelayGpuModels.QwenImage, Width = 512, Height = 512 }).WithinLimitAsync("the submission");
        using var second = CreateClient();

        // Act
        var resumed = await second.ResumeJobAsync(ImageJobToken.Parse(job.ResumeToken!.ToString())).WithinLimitAsync("the resumption");
        var result = await resumed.WaitForCompletionAsync().WithinLimitAsync("the wait");

        // Assert
        result.JobId.Should().Be(job.Id);
        var polls = _emulator.Requests.Where(r => r.Path.StartsWith("/v2/tasks/", StringComparison.Ordinal)).ToList();
        polls.Should().NotBeEmpty();
        polls.Should().OnlyContain(p => !p.Headers.Keys.Any(k => k.Equals("X-API-Key", StringComparison.OrdinalIgnoreCase) || k.Equals("Authorization", StringComparison.OrdinalIgnoreCase)));
        var submit = _emulator.Requests.First(r => r.Path == "/v2/image/qwen/generate");
        submit.Headers.Keys.Should().Contain(k => k.Equals("X-API-Key", StringComparison.OrdinalIgnoreCase));
        JsonDocument.Parse(submit.Body).RootElement.GetProperty("size").GetString().Should().Be("512x512");
    }

    [Fact]
    public async Task StartGenerateAsync_SubmitFailsWith503Once_RetriesWithTheSameKeyAndStartsOneTask()
    {
        // Arrange
        _emulator.Faults.FailNext(1, 503);

        // Act
        var job = await _client.StartGenerateAsync(new ImageGenerationRequest { Prompt = "a lighthouse", Model = RelayGpuModels.Flux2Pro }).WithinLimitAsync("the submission");
        var result = await job.WaitForCompletionAsync().WithinLimitAsync("the wait");

        // Assert
        var submits = _emulator.Requests.Where(r => r.Path == "/v2/image/flux/generate").ToList();
        submits.Should().HaveCount(2);
        var keys = submits.Select(r => r.Headers.Single(h => h.Key.Equals("Idempotency-Key", StringComparison.OrdinalIgnoreCase)).Value).ToList();
        keys[0].Should().NotBeNullOrEmpty().And.Be(keys[1]);
        result.Images.Should().ContainSingle().Which.Should().BeOfType<InlineGeneratedImage>();
    }

    [Fact]
    public async Task StartGenerateAsync_KeyStillInProgress_WaitsAndRetries_AndAReplayGivesTheSameTask()
    {
        // Arrange
        var request = new ImageGenerationRequest { Prompt = "a castle", Model = RelayGpuModels.QwenImage, IdempotencyKey = "order-42" };
        _emulator.RelayGpu.HoldIdempotencyKey("order-42");

        // Act
        var first = await _client.StartGenerateAsync(request).WithinLimitAsync("the first submission");
        var replay = await _client.StartGenerateAsync(request).WithinLimitAsync("the replay");
        var reused = () => _client.StartGenerateAsync(request with { Prompt = "another castle" }).WithinLimitAsync("a changed submission");

        // Assert
        replay.Id.Should().Be(first.Id);
        (await reused.Should().ThrowAsync<ImagingApiException>()).Which.ErrorCode.Should().Be(ImagingErrorCode.Conflict);
    }

    [Fact]
    public async Task EditAsync_GptImageWithAMaskFromLocalFiles_SendsBothAsBase64()
    {
        // Arrange: an image and a mask of the same size, the mask with alpha.
        var folder = Directory.CreateTempSubdirectory("relaygpu-edit-").FullName;
        try
        {
            var source = await _client.GenerateAsync(new ImageGenerationRequest { Prompt = "a room", Model = RelayGpuModels.GptImage15T2I }).WithinLimitAsync("the source");
            var photo = Path.Combine(folder, "photo.png");
            await source.Images[0].SaveAsync(photo).WithinLimitAsync("the save");
            var (width, height) = Emulator.RelayGpu.RelayGpuHttp.PngSize(await File.ReadAllBytesAsync(photo));
            var maskPath = Path.Combine(folder, "mask.png");
            await File.WriteAllBytesAsync(maskPath, Convert.FromBase64String(Emulator.RelayGpu.RelayGpuHttp.MaskPng(width, height)));

            // Act
            var edited = await _client.EditAsync(new ImageEditRequest
            {
                Prompt = "a starry sky",
                Model = RelayGpuModels.GptImage15I2I,
                Image = ImageInput.FromFile(photo),
                ProviderOptions = new RelayGpuGptImageOptions { Mask = ImageInput.FromFile(maskPath) },
            }).WithinLimitAsync("the edit");

            // Assert
            edited.Images.Should().ContainSingle();
            using var body = JsonDocument.Parse(_emulator.Requests.Last(r => r.Path == "/v2/image/gpt-image/edit").Body);
            Convert.FromBase64String(body.RootElement.GetProperty("image").GetString()!).Should().Equal(await File.ReadAllBytesAsync(photo));
            Convert.FromBase64String(body.RootElement.GetProperty("mask").GetString()!).Should().Equal(await File.ReadAllBytesAsync(maskPath));
            body.RootElement.TryGetProperty("model", out _).Should().BeFalse();
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task EditAsync_QwenEdit_SyncAndAsync_EditsAServedImageByUrl()
    {
        // Arrange
        var source = (RemoteGeneratedImage)(await _client.GenerateAsync(new ImageGenerationRequest { Prompt = "a house", Model = RelayGpuModels.QwenImage }).WithinLimitAsync("the source")).Images[0];

        // Act
        var sync = await _client.EditAsync(new ImageEditRequest { Prompt = "at night", Model = RelayGpuModels.QwenImageEdit, Image = ImageInput.FromUri(source.Url) }).WithinLimitAsync("the sync edit");
        var job = await _client.StartEditAsync(new ImageEditRequest { Prompt = "in snow", Model = RelayGpuModels.QwenImageEdit, Image = ImageInput.FromUri(source.Url) }).WithinLimitAsync("the async edit");
        var async = await job.WaitForCompletionAsync().WithinLimitAsync("the wait");

        // Assert
        sync.Images.Should().ContainSingle();
        async.Images.Should().ContainSingle();
        job.ResumeToken!.Operation.Should().Be(ImageOperationKind.Edit);
    }

    [Fact]
    public async Task GenerateAsync_StableDiffusionCheckpoint_RunsSynchronouslyOnTheSeedsRoute_EvenWhenStarted()
    {
        // Act
        var result = await _client.GenerateAsync(new ImageGenerationRequest
        {
            Prompt = "a portrait",
            Model = RelayGpuModels.Automatic1111Checkpoint("Realistic_Vision_V5.1.safetensors"),
            NegativePrompt = "blurry",
            Width = 512,
            Height = 512,
            ProviderOptions = new RelayGpuAutomatic1111Options { Steps = 20, CfgScale = 7 },
        }).WithinLimitAsync("the generation");
        var job = await _client.StartGenerateAsync(new ImageGenerationRequest { Prompt = "a portrait", Model = RelayGpuModels.Automatic1111 }).WithinLimitAsync("the start");

        // Assert
        result.Images.Should().ContainSingle();
        job.IsCompleted.Should().BeTrue("the route is synchronous only, so its job is complete when it returns");
        using var body = JsonDocument.Parse(_emulator.Requests.First(r => r.Path == "/v2/automatic1111/sdapi/v1/txt2img").Body);
        body.RootElement.GetProperty("model").GetString().Should().Be("Realistic_Vision_V5.1.safetensors");
        body.RootElement.GetProperty("negative_prompt").GetString().Should().Be("blurry");
        body.RootElement.GetProperty("cfg_scale").GetDouble().Should().Be(7);
    }

    [Fact]
    public async Task GenerateAsync_BlockedPrompt_IsContentPolicySyncAndAsync()
    {
        // Act
        var sync = () => _client.GenerateAsync(new ImageGenerationRequest { Prompt = "something [blocked]", Model = RelayGpuModels.Gemini3ProImage }).WithinLimitAsync("the sync call");
        var async = () => _client.GenerateAsync(new ImageGenerationRequest { Prompt = "something [blocked]", Model = RelayGpuModels.Gemini3ProImage, ProviderOptions = new RelayGpuOptions { RunAsynchronously = true } }).WithinLimitAsync("the async call");

        // Assert
        (await sync.Should().ThrowAsync<ImagingApiException>()).Which.ErrorCode.Should().Be(ImagingErrorCode.ContentPolicy);
        var failure = (await async.Should().ThrowAsync<ImagingApiException>()).Which;
        failure.ErrorCode.Should().Be(ImagingErrorCode.ContentPolicy);
        failure.JobId.Should().StartWith("direct:");
    }

    [Fact]
    public async Task Webhook_SignedByTheEmulator_VerifiesAndYieldsWhatPollingReturns()
    {
        // Arrange
        var verifier = new RelayGpuWebhookVerifier(new RelayGpuWebhookOptions { Secret = RelayGpuEmulatorOptions.DefaultWebhookSecret }, _time);
        var job = await _client.StartGenerateAsync(new ImageGenerationRequest { Prompt = "a comet", Model = RelayGpuModels.QwenImage, WebhookUrl = new Uri("http://127.0.0.1:9/hooks/relaygpu") }).WithinLimitAsync("the submission");
        var polled = await job.WaitForCompletionAsync().WithinLimitAsync("the wait");

        // Act
        var delivery = await _emulator.RelayGpu.WaitForWebhookAsync(job.Id).WithinLimitAsync("the webhook");
        var verified = verifier.Verify(name => delivery.Headers.FirstOrDefault(h => h.Key.Equals(name, StringComparison.OrdinalIgnoreCase)).Value, Encoding.UTF8.GetBytes(delivery.Body));

        // Assert
        verified.Kind.Should().Be(ImageWebhookEventKind.Completed);
        verified.EventId.Should().NotBeNullOrEmpty();
        verified.GetResult(job.ResumeToken).Images.Select(i => ((RemoteGeneratedImage)i).Url).Should().Equal(polled.Images.Select(i => ((RemoteGeneratedImage)i).Url));
    }

    [Fact]
    public async Task LiveCatalog_ListsModels_AndResolvesAModelOnlyItKnows()
    {
        // Arrange
        using var live = CreateClient(o => o.ResolveUnknownModels = true);
        var api = live.GetRequiredService<IRelayGpuApi>();

        // Act
        var models = await api.GetModelsAsync().WithinLimitAsync("the catalog");
        var result = await live.GenerateAsync(new ImageGenerationRequest { Prompt = "an orchard", Model = "relaygpu:Qwen/qwen-image-2512", Width = 512, Height = 512 }).WithinLimitAsync("the generation");

        // Assert
        models.Should().Contain(m => m.Name == "Qwen/qwen-image" && m.Path == "/v2/image/qwen/generate" && m.ModelInBody);
        result.Model.Should().Be("Qwen/qwen-image-2512");
        JsonDocument.Parse(_emulator.Requests.Last(r => r.Path == "/v2/image/qwen/generate").Body).RootElement.GetProperty("model").GetString().Should().Be("Qwen/qwen-image-2512");
    }

    [Fact]
    public async Task GenerateAsync_FluxReferenceImages_AreSpreadOverTheNumberedFieldsAsBase64()
    {
        // Arrange
        var png = Convert.FromBase64String(Png1x1);

        // Act
        await _client.GenerateAsync(new ImageGenerationRequest
        {
            Prompt = "like these",
            Model = RelayGpuModels.Flux2Pro,
            ReferenceImages = [ImageInput.FromBytes(png), ImageInput.FromBytes(png)],
        }).WithinLimitAsync("the generation");

        // Assert
        using var body = JsonDocument.Parse(_emulator.Requests.Last(r => r.Path == "/v2/image/flux/generate").Body);
        body.RootElement.GetProperty("input_image").GetString().Should().Be(Png1x1);
        body.RootElement.GetProperty("input_image_2").GetString().Should().Be(Png1x1);
    }

    private IImageClient CreateClient(Action<RelayGpuClientOptions>? configure = null) =>
        ImageClient.Create(imaging =>
        {
            imaging.Services.AddSingleton<TimeProvider>(_time);
            imaging.AddRelayGpu(options =>
            {
                options.ApiKey = _emulator.ApiKeyFor("relaygpu");
                options.BaseAddress = _emulator.BaseAddress;
                options.Polling.Jitter = 0;
                configure?.Invoke(options);
            });
        });
}
