using System.Text;
using System.Text.Json;
using ImagingClient.Emulator;
using ImagingClient.Providers.Apiframe;
using ImagingClient.Tests.Providers.Apiframe;
using ImagingClient.Tests.Providers.Concurred;
using ImagingClient.Tests.TestSupport;
using ImagingClient.Webhooks;
using Microsoft.Extensions.DependencyInjection;

namespace ImagingClient.Tests.Integration;

/// <summary>
/// The whole Apiframe stack — validation, uploads, idempotency, jobs, progress, downloads, follow-ups, webhooks —
/// against the emulator on loopback, which validates every body against Apiframe's request schemas as strictly as
/// Apiframe does. Client and emulator share one instant clock; every call is bounded on the wall clock.
/// </summary>
public sealed class ApiframeEmulatorTests : IAsyncLifetime
{
    private readonly InstantTimeProvider _time = new(DateTimeOffset.UtcNow);
    private ImagingEmulator _emulator = null!;
    private IImageClient _client = null!;

    private IApiframeApi Apiframe => _client.GetRequiredService<IApiframeApi>();

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

    public static TheoryData<string> EveryModel() => [.. ApiframeModels.All];

    [Theory]
    [MemberData(nameof(EveryModel))]
    public async Task GenerateAsync_EveryCatalogueModel_IsAcceptedByTheStrictEmulatorAndReturnsImages(string model)
    {
        // Arrange: the two models whose parameter block is required get its required field.
        ImageProviderOptions? required = model switch
        {
            ApiframeModels.IdeogramCharacter => new ApiframeIdeogramOptions { CharacterReferenceImage = ImageInput.FromUri("https://example.com/character.png") },
            ApiframeModels.FluxLora => new ApiframeFluxLoraOptions { LoraId = Guid.Parse("0b7c2f64-3a1e-4d5b-9c8a-6e2f1d0a9b34") },
            _ => null,
        };

        // Act
        var result = await _client.GenerateAsync(new ImageGenerationRequest { Prompt = "a red fox in the snow", Model = model, ProviderOptions = required }).WithinLimitAsync("the generation");

        // Assert
        result.Provider.Should().Be("apiframe");
        result.Model.Should().Be(model["apiframe:".Length..]);
        result.Images.Should().NotBeEmpty();
        result.RequestId.Should().NotBeNullOrEmpty("every Apiframe answer carries an x-request-id");
        var bytes = await result.Images[0].GetBytesAsync().WithinLimitAsync("the download");
        ImageInfo.TryIdentify(bytes.Span, out _).Should().BeTrue();
    }

    public static TheoryData<string, bool> EveryModelAtBothEnds()
    {
        var data = new TheoryData<string, bool>();
        foreach (var model in ApiframeCatalog.GenerateModels.Concat(ApiframeCatalog.EditModels))
        {
            data.Add(model.Id, false);
            data.Add(model.Id, true);
        }

        return data;
    }

    /// <summary>
    /// Every parameter of every model's block at once, at the low end (the first allowed value, the minimum) and at the
    /// high end (the last allowed value, the maximum): the bodies the SDK writes from its option records are accepted by
    /// the emulator's validator, whose schemas are generated from Apiframe's OpenAPI document apart from the catalog.
    /// </summary>
    [Theory]
    [MemberData(nameof(EveryModelAtBothEnds))]
    public async Task Submit_EveryParameterOfEveryModel_AtEitherEndOfItsRange_IsAcceptedByTheStrictEmulator(string id, bool highEnd)
    {
        // Arrange
        var model = ApiframeCatalog.Catalog.Find(id, ApiframeCatalog.EditModels.Any(m => m.Id == id) ? ImageOperationKind.Edit : ImageOperationKind.Generate)!;
        var record = ApiframeSamples.FullRecord(model);
        if (highEnd)
        {
            foreach (var property in ApiframeSamples.OwnProperties(record.GetType()))
            {
                var field = model.Fields.Single(f => f.Option == property.Name && f.Block is not null);
                if (HighValue(field, property.PropertyType) is { } value)
                {
                    property.SetValue(record, value);
                }
            }
        }

        if (record is ApiframeFluxFillOptions fill)
        {
            // The edit route requires what its mode needs: a mask for inpaint (set), an outpaint preset for outpaint.
            record = fill with { Mode = "inpaint" };
        }

        var request = ApiframeSamples.Request(model, record);

        // Act
        var job = request is ImageEditRequest edit
            ? await _client.StartEditAsync(edit).WithinLimitAsync("the submission")
            : await _client.StartGenerateAsync((ImageGenerationRequest)request).WithinLimitAsync("the submission");

        // Assert
        job.Id.Should().NotBeNullOrEmpty();
        using var body = JsonDocument.Parse(_emulator.Requests.Last(r => r.Method == "POST" && r.Path.StartsWith("/v2/images/", StringComparison.Ordinal)).Body);
        var block = model.Fields.First(f => f.Block is not null).Block!;
        body.RootElement.GetProperty(block).EnumerateObject().Count().Should().BeGreaterThanOrEqualTo(ApiframeSamples.OwnProperties(record.GetType()).Count, "every parameter the record sets is sent");
    }

    [Fact]
    public async Task GenerateAsync_Midjourney_ReturnsFourImagesAndTheGrid_AndAnUpsampleOfOneReturnsThatImage()
    {
        // Act
        var grid = await _client.GenerateAsync(new ImageGenerationRequest { Prompt = "a castle on a hill", Model = ApiframeModels.Midjourney, AspectRatio = ImageAspectRatio.Landscape16x9 }).WithinLimitAsync("the grid");
        var upsample = await Apiframe.RunMidjourneyActionAsync(ApiframeMidjourney.Upsample(grid, 2)).WithinLimitAsync("the upsample");

        // Assert
        grid.Images.Should().HaveCount(4);
        var images = new List<byte[]>();
        foreach (var image in grid.Images)
        {
            images.Add((await image.GetBytesAsync().WithinLimitAsync("an image")).ToArray());
        }

        images.Select(Convert.ToHexString).Distinct().Should().HaveCount(4, "the four images of a grid differ");
        var details = grid.ProviderDetails.Should().BeOfType<ApiframeJobDetails>().Which;
        details.Grid.Should().NotBeNull();
        var gridBytes = await details.Grid!.GetBytesAsync().WithinLimitAsync("the grid image");
        ImageInfo.TryIdentify(gridBytes.Span, out var gridInfo).Should().BeTrue();
        ImageInfo.TryIdentify(images[0], out var oneInfo).Should().BeTrue();
        gridInfo.Width.Should().BeGreaterThan(oneInfo.Width);
        details.CreditCost.Should().Be(16);
        details.Expired.Should().BeFalse();
        grid.Images[0].Should().BeOfType<RemoteGeneratedImage>().Which.ExpiresAt.Should().BeCloseTo(_time.GetUtcNow().AddHours(24), TimeSpan.FromMinutes(1));

        upsample.Images.Should().ContainSingle();
        JsonAssert.Equivalent(LastBody("/v2/images/midjourney/action"), $$"""{"action":"upsample","parentJobId":"{{grid.JobId}}","index":2}""");
    }

    [Fact]
    public async Task MidjourneyActions_EachRunsEndToEnd_OnTheParentItNeeds()
    {
        // Arrange
        var grid = await _client.GenerateAsync(new ImageGenerationRequest { Prompt = "a lighthouse", Model = ApiframeModels.Midjourney }).WithinLimitAsync("the grid");
        var upsample = await Apiframe.RunMidjourneyActionAsync(ApiframeMidjourney.Upsample(grid, 1)).WithinLimitAsync("the upsample");
        var mask = (await upsample.Images[0].GetBytesAsync().WithinLimitAsync("the mask source")).ToArray();

        // Act
        var variation = await Apiframe.RunMidjourneyActionAsync(ApiframeMidjourney.Variation(grid, 3)).WithinLimitAsync("the variation");
        var inpaint = await Apiframe.RunMidjourneyActionAsync(ApiframeMidjourney.Inpaint(upsample, ImageInput.FromBytes(mask), "a red door")).WithinLimitAsync("the inpaint");
        var outpaint = await Apiframe.RunMidjourneyActionAsync(ApiframeMidjourney.Outpaint(upsample, 1.5)).WithinLimitAsync("the outpaint");
        var pan = await Apiframe.RunMidjourneyActionAsync(ApiframeMidjourney.Pan(upsample, "left")).WithinLimitAsync("the pan");

        // Assert
        foreach (var result in new[] { variation, inpaint, outpaint, pan })
        {
            result.Images.Should().HaveCount(4);
        }

        using var inpaintBody = JsonDocument.Parse(_emulator.Requests.Last(r => r.Path == "/v2/images/midjourney/action" && r.Body.Contains("inpaint", StringComparison.Ordinal)).Body);
        Convert.FromBase64String(inpaintBody.RootElement.GetProperty("mask").GetString()!).Should().Equal(mask);
    }

    [Fact]
    public async Task RunMidjourneyActionAsync_AnInpaintOnAGrid_IsAConflictNamingTheJob()
    {
        // Arrange
        var grid = await _client.GenerateAsync(new ImageGenerationRequest { Prompt = "a tree", Model = ApiframeModels.Midjourney }).WithinLimitAsync("the grid");

        // Act
        var act = () => Apiframe.RunMidjourneyActionAsync(ApiframeMidjourney.Outpaint(grid, 2)).WithinLimitAsync("the outpaint");

        // Assert
        var failure = (await act.Should().ThrowAsync<ImagingApiException>()).Which;
        failure.ErrorCode.Should().Be(ImagingErrorCode.Conflict);
        failure.RequestId.Should().NotBeNullOrEmpty();
    }

    [Fact]
    public async Task GenerateAsync_FluxWithSeedAndOptions_SendsThemInTheFluxBlock()
    {
        // Act
        var result = await _client.GenerateAsync(new ImageGenerationRequest
        {
            Prompt = "a watercolor harbour",
            Model = ApiframeModels.Flux2Pro,
            Seed = 42,
            OutputFormat = ImageOutputFormat.Jpeg,
            ProviderOptions = new ApiframeFluxOptions { Steps = 30, Guidance = 4.5, Resolution = "1MP" },
        }).WithinLimitAsync("the generation");

        // Assert
        result.Images.Should().ContainSingle();
        using var body = JsonDocument.Parse(LastBody("/v2/images/generate"));
        var flux = body.RootElement.GetProperty("fluxParams");
        flux.GetProperty("seed").GetInt64().Should().Be(42);
        flux.GetProperty("output_format").GetString().Should().Be("jpg");
        flux.GetProperty("steps").GetInt32().Should().Be(30);
        flux.GetProperty("guidance").GetDouble().Should().Be(4.5);
        body.RootElement.GetProperty("model").GetString().Should().Be("flux-2-pro");
    }

    [Fact]
    public async Task EditAsync_FromALocalFile_UploadsItAndEditsTheUploadedUrl()
    {
        // Arrange
        var path = Path.Combine(Path.GetTempPath(), $"apiframe-edit-{Guid.NewGuid():N}.png");
        var source = await _client.GenerateAsync(new ImageGenerationRequest { Prompt = "a kitchen", Model = ApiframeModels.Flux2Pro }).WithinLimitAsync("the source");
        await source.Images[0].SaveAsync(path).WithinLimitAsync("the save");

        try
        {
            // Act
            var file = ImageInput.FromFile(path);
            var edited = await _client.EditAsync(new ImageEditRequest
            {
                Prompt = "paint the walls blue",
                Image = file,
                ProviderOptions = new ApiframeFluxFillOptions { Mask = file },
            }).WithinLimitAsync("the edit");

            // Assert
            edited.Model.Should().Be("flux-fill-pro");
            edited.Images.Should().ContainSingle();
            _emulator.Requests.Count(r => r.Path == "/v2/uploads" && r.Method == "POST").Should().Be(1, "the image and the mask are one input, uploaded once");
            using var body = JsonDocument.Parse(LastBody("/v2/images/edit"));
            var fill = body.RootElement.GetProperty("fluxFillParams");
            fill.GetProperty("prompt").GetString().Should().Be("paint the walls blue");
            fill.GetProperty("mode").GetString().Should().Be("inpaint");
            fill.GetProperty("image").GetString().Should().StartWith(_emulator.BaseAddress.AbsoluteUri);
            fill.GetProperty("mask").GetString().Should().StartWith(_emulator.BaseAddress.AbsoluteUri);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task UpscaleAndBackgroundRemoval_EachModel_RunEndToEnd()
    {
        // Arrange
        var source = (RemoteGeneratedImage)(await _client.GenerateAsync(new ImageGenerationRequest { Prompt = "a cat", Model = ApiframeModels.Flux2Pro }).WithinLimitAsync("the source")).Images[0];
        var input = ImageInput.FromUri(source.Url);

        // Act
        var topaz = await Apiframe.UpscaleAsync(new ApiframeTopazUpscaleRequest { Image = input, UpscaleFactor = 2, FaceEnhance = true }).WithinLimitAsync("the Topaz upscale");
        var clarity = await Apiframe.UpscaleAsync(new ApiframeClarityUpscaleRequest { Image = input, ScaleFactor = 2, Creativity = 0.4 }).WithinLimitAsync("the Clarity upscale");
        var bria = await Apiframe.RemoveBackgroundAsync(new ApiframeBriaBackgroundRemovalRequest { Image = input }).WithinLimitAsync("the Bria removal");
        var lab851 = await Apiframe.RemoveBackgroundAsync(new Apiframe851BackgroundRemovalRequest { Image = input, BackgroundType = "white" }).WithinLimitAsync("the 851 removal");

        // Assert
        foreach (var result in new[] { topaz, clarity, bria, lab851 })
        {
            var bytes = await result.Images.Should().ContainSingle().Which.GetBytesAsync().WithinLimitAsync("a download");
            ImageInfo.TryIdentify(bytes.Span, out _).Should().BeTrue();
        }

        topaz.Model.Should().Be("topaz-image-upscale");
        lab851.Model.Should().Be("851-bg-remove");
    }

    [Fact]
    public async Task WaitForCompletionAsync_Progress_ReportsRisingProgressUntilDone()
    {
        // Arrange
        var job = await _client.StartGenerateAsync(new ImageGenerationRequest { Prompt = "a meadow", Model = ApiframeModels.Imagen4 }).WithinLimitAsync("the submission");
        var reports = new List<ImageJobProgress>();
        var progress = new SynchronousProgress(reports.Add);

        // Act
        var result = await job.WaitForCompletionAsync(progress).WithinLimitAsync("the wait");

        // Assert
        result.Images.Should().NotBeEmpty();
        reports.Should().Contain(r => r.Status == ImageJobStatus.Running && r.Progress > 0 && r.Progress < 1, "the emulator's job reports PROCESSING with progress before it completes");
        reports.Last().Status.Should().Be(ImageJobStatus.Succeeded);
        reports.Select(r => r.Progress ?? 0).Should().BeInAscendingOrder();
    }

    [Fact]
    public async Task GenerateAsync_SubmitFailsWith503Once_RetriesWithTheSameIdempotencyKeyAndCreatesOneJob()
    {
        // Arrange
        var creditsBefore = _emulator.Apiframe.Credits;
        _emulator.Faults.FailNext(1, 503);

        // Act
        var result = await _client.GenerateAsync(new ImageGenerationRequest { Prompt = "a boat", Model = ApiframeModels.Flux2Pro }).WithinLimitAsync("the generation");

        // Assert
        var submits = _emulator.Requests.Where(r => r.Path == "/v2/images/generate").ToList();
        submits.Should().HaveCount(2);
        var keys = submits.Select(r => r.Headers.Single(h => h.Key.Equals("Idempotency-Key", StringComparison.OrdinalIgnoreCase)).Value).ToList();
        keys[0].Should().NotBeNullOrEmpty().And.Be(keys[1]);
        result.Images.Should().NotBeEmpty();
        ((long)(creditsBefore - _emulator.Apiframe.Credits)).Should().Be(((ApiframeJobDetails)result.ProviderDetails!).CreditCost!.Value, "one job was created and charged");
    }

    [Fact]
    public async Task StartGenerateAsync_SameIdempotencyKey_ReturnsTheFirstJob_AndAnotherBodyIsAConflict()
    {
        // Arrange
        var request = new ImageGenerationRequest { Prompt = "a bridge", Model = ApiframeModels.Flux2Pro, IdempotencyKey = "order-1234" };

        // Act
        var first = await _client.StartGenerateAsync(request).WithinLimitAsync("the first submission");
        var replay = await _client.StartGenerateAsync(request).WithinLimitAsync("the replay");
        var conflict = () => _client.StartGenerateAsync(request with { Prompt = "a different bridge" }).WithinLimitAsync("the changed submission");

        // Assert
        replay.Id.Should().Be(first.Id);
        var failure = (await conflict.Should().ThrowAsync<ImagingApiException>()).Which;
        failure.ErrorCode.Should().Be(ImagingErrorCode.Conflict);
        failure.IdempotencyKey.Should().Be("order-1234");
        failure.Message.Should().Contain("Idempotency-Key");
    }

    [Fact]
    public async Task GenerateAsync_CreditsRunOut_IsInsufficientCreditsWithTheNumbers()
    {
        // Arrange
        await using var poor = await ImagingEmulator.StartAsync(new ImagingEmulatorOptions { TimeProvider = _time, Apiframe = { InitialCredits = 5 } });
        using var client = CreateClient(poor);

        // Act
        var act = () => client.GenerateAsync(new ImageGenerationRequest { Prompt = "a grid", Model = ApiframeModels.Midjourney }).WithinLimitAsync("the generation");

        // Assert
        var failure = (await act.Should().ThrowAsync<ImagingApiException>()).Which;
        failure.ErrorCode.Should().Be(ImagingErrorCode.InsufficientCredits);
        failure.Message.Should().Contain("16 credits required, 5 available");
        failure.Details.Should().Contain("\"creditsRequired\":16");
        failure.MayHaveCreatedWork.Should().BeFalse();
    }

    [Fact]
    public async Task GenerateAsync_FailingJob_ThrowsWithTheJobIdAndApiframesReason()
    {
        // Act
        var act = () => _client.GenerateAsync(new ImageGenerationRequest { Prompt = "a storm [fail]", Model = ApiframeModels.Flux2Pro }).WithinLimitAsync("the generation");

        // Assert
        var failure = (await act.Should().ThrowAsync<ImagingApiException>()).Which;
        failure.ErrorCode.Should().Be(ImagingErrorCode.GenerationFailed);
        failure.JobId.Should().NotBeNullOrEmpty();
        failure.ResumeToken.Should().NotBeNull();
        failure.Message.Should().Contain(failure.JobId!).And.Contain("FAILED");
    }

    [Fact]
    public async Task GetJobAsync_UnknownJob_IsNotFoundNamingTheId()
    {
        // Arrange
        var id = Guid.NewGuid().ToString("D");

        // Act
        var act = () => Apiframe.GetJobAsync(id).WithinLimitAsync("the job request");

        // Assert
        var failure = (await act.Should().ThrowAsync<ImagingApiException>()).Which;
        failure.ErrorCode.Should().Be(ImagingErrorCode.NotFound);
        failure.JobId.Should().Be(id);
        failure.Message.Should().Contain(id);
    }

    [Fact]
    public async Task GetJobAsync_AFinishedJob_ReturnsItWithItsResult()
    {
        // Arrange
        var done = await _client.GenerateAsync(new ImageGenerationRequest { Prompt = "a lamp", Model = ApiframeModels.Flux2Pro }).WithinLimitAsync("the generation");

        // Act
        var job = await Apiframe.GetJobAsync(done.JobId!).WithinLimitAsync("the job request");

        // Assert
        job.Status.Should().Be(ImageJobStatus.Succeeded);
        job.Model.Should().Be("flux-2-pro");
        job.Result!.Images.Select(i => ((RemoteGeneratedImage)i).Url).Should().Equal(done.Images.Select(i => ((RemoteGeneratedImage)i).Url));
    }

    [Fact]
    public async Task ListJobsAsync_MoreJobsThanAPage_PagesThroughAllOfThem()
    {
        // Arrange
        var ids = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            ids.Add((await _client.StartGenerateAsync(new ImageGenerationRequest { Prompt = $"a shell {i}", Model = ApiframeModels.Imagen4 }).WithinLimitAsync("a submission")).Id);
        }

        // Act
        var listed = new List<ApiframeJobInfo>();
        await foreach (var job in Apiframe.ListJobsAsync(new ApiframeJobQuery { PageSize = 2, Model = ApiframeModels.Imagen4 }))
        {
            listed.Add(job);
        }

        // Assert
        listed.Select(j => j.Id).Should().BeEquivalentTo(ids);
        listed.Should().OnlyContain(j => j.Model == "imagen-4");
        _emulator.Requests.Count(r => r.Method == "GET" && r.Path.StartsWith("/v2/jobs", StringComparison.Ordinal) && !r.Path.StartsWith("/v2/jobs/", StringComparison.Ordinal)).Should().BeGreaterThanOrEqualTo(3, "five jobs at two a page take three pages");
    }

    [Fact]
    public async Task GetAccountAsync_And_GetModelsAsync_ReadTheAccountAndTheCatalog()
    {
        // Act
        var account = await Apiframe.GetAccountAsync().WithinLimitAsync("the account");
        var models = await Apiframe.GetModelsAsync("image").WithinLimitAsync("the catalog");

        // Assert
        account.Credits.Should().Be(_emulator.Apiframe.Credits);
        account.ApiKeyPrefix.Should().NotBeNullOrEmpty();
        models.Should().Contain(m => m.Id == "midjourney").And.OnlyContain(m => m.Modality == "image");
    }

    [Fact]
    public async Task GenerateAsync_AnExpiredUpload_IsRefusedBeforeSending_AndALocalImageIsUploadedAgain()
    {
        // Arrange
        var png = (await (await _client.GenerateAsync(new ImageGenerationRequest { Prompt = "a stone", Model = ApiframeModels.Flux2Pro }).WithinLimitAsync("the source")).Images[0].GetBytesAsync().WithinLimitAsync("the download")).ToArray();
        var local = ImageInput.FromBytes(png);
        var upload = await Apiframe.UploadAsync(local).WithinLimitAsync("the upload");
        await _client.GenerateAsync(new ImageGenerationRequest { Prompt = "like this", Model = ApiframeModels.NanoBanana, ReferenceImages = [local] }).WithinLimitAsync("a generation from the local image");
        var uploadsBefore = _emulator.Requests.Count(r => r.Path == "/v2/uploads");
        _time.Advance(TimeSpan.FromHours(2));

        // Act
        var stale = () => _client.StartGenerateAsync(new ImageGenerationRequest { Prompt = "like this", Model = ApiframeModels.NanoBanana, ReferenceImages = [upload.ToImageInput()] });
        var fresh = await _client.GenerateAsync(new ImageGenerationRequest { Prompt = "like this", Model = ApiframeModels.NanoBanana, ReferenceImages = [local] }).WithinLimitAsync("a generation after the expiry");

        // Assert
        (await stale.Should().ThrowAsync<ArgumentException>()).Which.Message.Should().Contain("expired").And.Contain("ReferenceImages");
        fresh.Images.Should().NotBeEmpty();
        _emulator.Requests.Count(r => r.Path == "/v2/uploads").Should().Be(uploadsBefore + 1, "the local image was uploaded again once its upload had expired");
    }

    [Fact]
    public async Task Webhooks_CompletedDelivery_VerifiesAndYieldsTheSameResultAsPolling()
    {
        // Arrange
        var key = _emulator.ApiKeyFor("apiframe");
        var verifier = new ApiframeWebhookVerifier(key, _time);
        var result = await _client.GenerateAsync(new ImageGenerationRequest
        {
            Prompt = "a comet",
            Model = ApiframeModels.Midjourney,
            WebhookUrl = new Uri("http://127.0.0.1:9/hooks/apiframe"),
            ProviderOptions = new ApiframeMidjourneyOptions { WebhookEvents = [ImageWebhookEventKind.Completed] },
        }).WithinLimitAsync("the generation");

        // Act
        var completed = await _emulator.Apiframe.WaitForWebhookAsync(result.JobId!, "completed").WithinLimitAsync("the completed webhook");
        var delivery = verifier.Verify(name => Header(completed, name), Encoding.UTF8.GetBytes(completed.Body));

        // Assert
        delivery.Kind.Should().Be(ImageWebhookEventKind.Completed);
        delivery.DeduplicationKey.Should().Be($"{result.JobId}:completed");
        var fromWebhook = delivery.GetResult(result.JobId is null ? null : new ImageJobToken("apiframe", result.JobId, "midjourney", ImageOperationKind.Generate, _time.GetUtcNow()));
        fromWebhook.Images.Select(i => ((RemoteGeneratedImage)i).Url).Should().Equal(result.Images.Select(i => ((RemoteGeneratedImage)i).Url));
        ((ApiframeJobDetails)fromWebhook.ProviderDetails!).Grid!.Url.Should().Be(((ApiframeJobDetails)result.ProviderDetails!).Grid!.Url);
        var tampered = Encoding.UTF8.GetBytes(completed.Body.Replace("COMPLETED", "FAILED", StringComparison.Ordinal));
        verifier.TryVerify(name => Header(completed, name), tampered, out ApiframeWebhookEvent? _, out var why).Should().BeFalse();
        why.Should().Contain("does not match");
    }

    /// <summary>The value at the high end of a field's range, or <see langword="null"/> where the low-end sample stands.</summary>
    private static object? HighValue(ImagingClient.Models.FieldSpec field, Type propertyType)
    {
        var type = Nullable.GetUnderlyingType(propertyType) ?? propertyType;
        if (field.Type == ImagingClient.Models.FieldType.String && field.Allowed is { } allowed)
        {
            return allowed.Order(StringComparer.Ordinal).Last();
        }

        if (field.Type is not (ImagingClient.Models.FieldType.Integer or ImagingClient.Models.FieldType.Number))
        {
            return field.Type == ImagingClient.Models.FieldType.ImageUrlList && field.MaxLength is { } most
                ? Enumerable.Range(0, most).Select(i => ImageInput.FromUri($"https://images.example.com/input-{i}.png")).ToList()
                : null;
        }

        double? number = field.AllowedNumbers is { Count: > 0 } numbers ? numbers[^1] : field.Max;
        return number switch
        {
            null => null,
            { } n when field.Type == ImagingClient.Models.FieldType.Number => n,
            { } n when type == typeof(long) => (long)n,
            { } n => (int)n,
        };
    }

    private static string? Header(EmulatorCallback callback, string name) =>
        callback.Headers.FirstOrDefault(h => h.Key.Equals(name, StringComparison.OrdinalIgnoreCase)).Value;

    private string LastBody(string path) => _emulator.Requests.Last(r => r.Path == path && r.Method == "POST").Body;

    private IImageClient CreateClient(ImagingEmulator? emulator = null)
    {
        var target = emulator ?? _emulator;
        return ImageClient.Create(imaging =>
        {
            imaging.Services.AddSingleton<TimeProvider>(_time);
            imaging.AddApiframe(options =>
            {
                options.ApiKey = target.ApiKeyFor("apiframe");
                options.BaseAddress = target.BaseAddress;
                options.Polling.Jitter = 0;
            });
        });
    }

    /// <summary>Reports on the caller's thread, so the list is complete when the wait returns.</summary>
    private sealed class SynchronousProgress(Action<ImageJobProgress> report) : IProgress<ImageJobProgress>
    {
        public void Report(ImageJobProgress value) => report(value);
    }
}
