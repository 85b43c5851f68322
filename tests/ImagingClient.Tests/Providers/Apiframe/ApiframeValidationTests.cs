using System.Text.Json;
using ImagingClient.Models;
using ImagingClient.Providers.Apiframe;
using ImagingClient.Webhooks;
using static ImagingClient.Tests.Providers.Apiframe.ApiframeSamples;

namespace ImagingClient.Tests.Providers.Apiframe;

/// <summary>Requests checked against the Apiframe catalog, and the bodies they make.</summary>
public sealed class ApiframeValidationTests
{
    private const string LoraId = "3f2a9c1e-8d4b-4e6f-a1b2-c3d4e5f60718";

    public static TheoryData<string> GenerationIds => [.. ApiframeCatalog.GenerateModels.Select(m => m.Id)];

    [Fact]
    public void WriteJsonBody_FluxWithUnifiedAndRecordFields_NestsParametersInFluxParams()
    {
        // Arrange
        var request = new ImageGenerationRequest
        {
            Prompt = "A lighthouse at dawn",
            Model = ApiframeModels.Flux2Pro,
            Width = 1024,
            Height = 768,
            Seed = 7,
            OutputFormat = ImageOutputFormat.Jpeg,
            WebhookUrl = new Uri("https://example.com/hooks/apiframe"),
            IdempotencyKey = "order-42",
            ProviderOptions = new ApiframeFluxOptions { Steps = 30, Guidance = 4.5, Resolution = "1MP", Seed = 7, WebhookEvents = [ImageWebhookEventKind.Completed] },
        };

        // Act
        var validated = Validate(request);
        var json = System.Text.Encoding.UTF8.GetString(validated.WriteJsonBody());
        var body = Body(validated);

        // Assert
        json.Should().StartWith("{\"model\":\"flux-2-pro\"");
        body.GetProperty("prompt").GetString().Should().Be("A lighthouse at dawn");
        body.GetProperty("webhookUrl").GetString().Should().Be("https://example.com/hooks/apiframe");
        body.GetProperty("webhookEvents").EnumerateArray().Select(e => e.GetString()).Should().Equal("completed");
        var flux = body.GetProperty("fluxParams");
        flux.GetProperty("width").GetInt32().Should().Be(1024);
        flux.GetProperty("height").GetInt32().Should().Be(768);
        flux.GetProperty("seed").GetInt64().Should().Be(7);
        flux.GetProperty("output_format").GetString().Should().Be("jpg", "flux spells the unified jpeg 'jpg'");
        flux.GetProperty("steps").GetInt32().Should().Be(30);
        flux.GetProperty("guidance").GetDouble().Should().Be(4.5);
        flux.GetProperty("resolution").GetString().Should().Be("1MP");
        body.EnumerateObject().Select(p => p.Name).Should().BeEquivalentTo("model", "prompt", "webhookEvents", "webhookUrl", "fluxParams");
        validated.Headers().Should().Equal(("Idempotency-Key", "order-42"));
    }

    [Theory]
    [MemberData(nameof(GenerationIds))]
    public void WriteJsonBody_EveryUnifiedFieldTheModelHas_GoesToItsBlockField(string id)
    {
        // Arrange
        var model = ApiframeCatalog.Catalog.Find(id, ImageOperationKind.Generate)!;
        var unified = model.Fields.Where(f => f.Block is not null && f.Unified != UnifiedField.None).ToList();
        var request = new ImageGenerationRequest
        {
            Prompt = "A lighthouse at dawn",
            Model = $"apiframe:{id}",
            Width = model.Field(UnifiedField.Width) is { } width ? (int)width.Min!.Value : null,
            Height = model.Field(UnifiedField.Height) is { } height ? (int)height.Max!.Value : null,
            AspectRatio = model.Field(UnifiedField.AspectRatio) is { } ratio ? new ImageAspectRatio(ratio.Allowed?.Contains("16:9") == false ? "1:1" : "16:9") : null,
            Count = model.Field(UnifiedField.Count) is { } count ? (int)count.Max!.Value : null,
            Seed = model.Field(UnifiedField.Seed) is not null ? 12345 : null,
            NegativePrompt = model.Field(UnifiedField.NegativePrompt) is not null ? "blurry" : null,
            OutputFormat = model.Field(UnifiedField.OutputFormat) is not null ? ImageOutputFormat.Png : null,
            ReferenceImages = model.Field(UnifiedField.ReferenceImages) is not null ? [ImageInput.FromUri(ImageUrl)] : null,
            ProviderOptions = RequiredRecord(model),
        };

        // Act
        var body = Body(Validate(request));

        // Assert
        foreach (var field in unified)
        {
            var value = body.GetProperty(field.Block!).GetProperty(field.WireName);
            if (field.Unified == UnifiedField.ReferenceImages)
            {
                var url = field.Type == FieldType.ImageUrlList ? value.EnumerateArray().Single().GetString() : value.GetString();
                url.Should().Be(ImageUrl.OriginalString);
            }
            else
            {
                value.ValueKind.Should().NotBe(JsonValueKind.Null, "{0} sends {1}", id, field.WireName);
            }
        }
    }

    [Fact]
    public void Validate_StepsOutOfRange_NamesTheModelAndTheField()
    {
        // Arrange
        var request = Flux(new ApiframeFluxOptions { Steps = 51 });

        // Act
        var act = () => Validate(request);

        // Assert
        var ex = act.Should().Throw<ArgumentOutOfRangeException>().Which;
        ex.Message.Should().Contain("ApiframeFluxOptions.Steps").And.Contain("between 1 and 50").And.Contain("'apiframe:flux-2-pro'");
        ex.ParamName.Should().Be("ApiframeFluxOptions.Steps");
    }

    [Fact]
    public void Validate_GuidanceBelowItsFractionalMinimum_IsRefused()
    {
        // Arrange
        var request = Flux(new ApiframeFluxOptions { Guidance = 1.4 });

        // Act
        var act = () => Validate(request);

        // Assert
        act.Should().Throw<ArgumentOutOfRangeException>().WithMessage("*between 1.5 and 10*apiframe:flux-2-pro*");
    }

    [Fact]
    public void Validate_ResolutionOutsideTheEnum_IsRefusedForFlux2ProButFreeForFlux11Pro()
    {
        // Arrange
        var options = new ApiframeFluxOptions { Resolution = "3MP" };

        // Act
        var flux2 = () => Validate(Flux(options));
        var flux11 = Validate(Flux(options) with { Model = ApiframeModels.Flux11Pro });

        // Assert
        flux2.Should().Throw<ArgumentException>().WithMessage("*ApiframeFluxOptions.Resolution '3MP'*'apiframe:flux-2-pro'*0.5MP, 1MP, 2MP, 4MP, match_input_image*");
        Body(flux11).GetProperty("fluxParams").GetProperty("resolution").GetString().Should().Be("3MP");
    }

    [Fact]
    public void Validate_AspectRatioNotMatchingThePattern_IsRefused()
    {
        // Arrange
        var request = new ImageGenerationRequest
        {
            Prompt = "A cat",
            Model = ApiframeModels.Midjourney,
            ProviderOptions = new ApiframeMidjourneyOptions { AspectRatio = "wide" },
        };

        // Act
        var act = () => Validate(request);

        // Assert
        act.Should().Throw<ArgumentException>().WithMessage(@"*ApiframeMidjourneyOptions.AspectRatio 'wide'*'apiframe:midjourney'*^\d+:\d+$*");
    }

    [Fact]
    public void Validate_UnifiedFieldTheFamilyLacks_SaysWhichModelsTakeIt()
    {
        // Arrange
        var request = new ImageGenerationRequest { Prompt = "A cat", Model = ApiframeModels.DallE3, Seed = 5 };

        // Act
        var act = () => Validate(request);

        // Assert
        var ex = act.Should().Throw<ArgumentException>().Which;
        ex.Message.Should().Contain("Model 'apiframe:dall-e-3' does not take Seed").And.Contain("models that take it when generating: ").And.Contain("flux-2-pro");
        ex.Message[ex.Message.IndexOf("take it", StringComparison.Ordinal)..].Should().NotContain("dall-e");
    }

    [Fact]
    public void Validate_RecordOfAnotherFamily_IsRefused()
    {
        // Arrange
        var request = Flux(new ApiframeNanoBananaOptions { GoogleSearch = true });

        // Act
        var act = () => Validate(request);

        // Assert
        act.Should().Throw<ArgumentException>().WithMessage("*ApiframeNanoBananaOptions*'nanoBanana' models*'apiframe:flux-2-pro' is a 'flux' model*");
    }

    [Fact]
    public void Validate_FamilyFreeOptions_FitEveryModel()
    {
        // Arrange
        var options = new ApiframeOptions { WebhookEvents = [ImageWebhookEventKind.Failed] };

        foreach (var id in new[] { ApiframeModels.Midjourney, ApiframeModels.GptImage2, ApiframeModels.ReveCreate })
        {
            // Act
            var body = Body(Validate(new ImageGenerationRequest { Prompt = "A cat", Model = id, ProviderOptions = options }));

            // Assert
            body.GetProperty("webhookEvents").EnumerateArray().Select(e => e.GetString()).Should().Equal("failed");
        }
    }

    [Fact]
    public void Validate_EmptyWebhookEvents_NeedsAtLeastOne()
    {
        // Arrange
        var request = Flux(new ApiframeOptions { WebhookEvents = [] });

        // Act
        var act = () => Validate(request);

        // Assert
        act.Should().Throw<ArgumentOutOfRangeException>().WithMessage("*WebhookEvents needs at least 1 entries*");
    }

    [Fact]
    public void Validate_UnifiedJpeg_IsJpgForFluxAndJpegForGptImage()
    {
        // Arrange
        ImageGenerationRequest Jpeg(string model) => new() { Prompt = "A cat", Model = model, OutputFormat = ImageOutputFormat.Jpeg };

        // Act
        var flux = Body(Validate(Jpeg(ApiframeModels.Flux2Pro)));
        var gpt = Body(Validate(Jpeg(ApiframeModels.GptImage2)));
        var dalle = () => Validate(Jpeg(ApiframeModels.DallE3));

        // Assert
        flux.GetProperty("fluxParams").GetProperty("output_format").GetString().Should().Be("jpg");
        gpt.GetProperty("gptImage2Params").GetProperty("output_format").GetString().Should().Be("jpeg");
        dalle.Should().Throw<ArgumentException>().WithMessage("*does not take OutputFormat*");
    }

    [Fact]
    public void Validate_UnifiedAndRecordOutputFormat_AgreeWhenBothSpellJpegTheModelsWay()
    {
        // Arrange
        var request = Flux(new ApiframeFluxOptions { OutputFormat = "jpg" }) with { OutputFormat = ImageOutputFormat.Jpeg };

        // Act
        var body = Body(Validate(request));

        // Assert
        body.GetProperty("fluxParams").GetProperty("output_format").GetString().Should().Be("jpg");
    }

    [Fact]
    public void Validate_ReferenceImages_GoToKlingsImageAndNanoBananasImageInput()
    {
        // Arrange
        var one = new List<ImageInput> { ImageInput.FromUri(ImageUrl) };
        var two = new List<ImageInput> { ImageInput.FromUri(ImageUrl), ImageInput.FromUri("https://images.example.com/second.png") };

        // Act
        var kling = Body(Validate(new ImageGenerationRequest { Prompt = "A cat", Model = ApiframeModels.KlingImage, ReferenceImages = one }));
        var nano = Body(Validate(new ImageGenerationRequest { Prompt = "A cat", Model = ApiframeModels.NanoBanana, ReferenceImages = two }));
        var klingTwo = () => Validate(new ImageGenerationRequest { Prompt = "A cat", Model = ApiframeModels.KlingImage, ReferenceImages = two });

        // Assert
        kling.GetProperty("klingImageParams").GetProperty("image").GetString().Should().Be(ImageUrl.OriginalString);
        nano.GetProperty("nanoBananaParams").GetProperty("image_input").EnumerateArray().Select(e => e.GetString())
            .Should().Equal(ImageUrl.OriginalString, "https://images.example.com/second.png");
        klingTwo.Should().Throw<ArgumentOutOfRangeException>().WithMessage("*exactly one image*'apiframe:kling-image'*");
    }

    [Fact]
    public void Validate_ReferenceImagesAndTheRecordsImagesWithTheSameUrls_AreSentOnce()
    {
        // Arrange
        var images = new List<ImageInput> { ImageInput.FromUri(ImageUrl) };
        var nano = new ImageGenerationRequest
        {
            Prompt = "A cat",
            Model = ApiframeModels.NanoBanana,
            ReferenceImages = images,
            ProviderOptions = new ApiframeNanoBananaOptions { ImageInputs = [ImageInput.FromUri(ImageUrl.OriginalString)] },
        };
        var kling = new ImageGenerationRequest
        {
            Prompt = "A cat",
            Model = ApiframeModels.KlingImage,
            ReferenceImages = images,
            ProviderOptions = new ApiframeKlingImageOptions { Image = ImageInput.FromUri(ImageUrl) },
        };
        var different = nano with { ProviderOptions = new ApiframeNanoBananaOptions { ImageInputs = [ImageInput.FromUri("https://images.example.com/other.png")] } };

        // Act
        var nanoBody = Body(Validate(nano));
        var klingBody = Body(Validate(kling));
        var conflict = () => Validate(different);

        // Assert
        nanoBody.GetProperty("nanoBananaParams").GetProperty("image_input").EnumerateArray().Select(e => e.GetString()).Should().Equal(ImageUrl.OriginalString);
        klingBody.GetProperty("klingImageParams").GetProperty("image").GetString().Should().Be(ImageUrl.OriginalString);
        conflict.Should().Throw<ArgumentException>().WithMessage("*ReferenceImages*ApiframeNanoBananaOptions.ImageInputs*different values*");
    }

    [Fact]
    public void Validate_LocalReferenceImage_IsKeptForUpload()
    {
        // Arrange
        byte[] png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52, 0, 0, 0, 1, 0, 0, 0, 1, 8, 2, 0, 0, 0];
        var local = ImageInput.FromBytes(png);
        var request = new ImageGenerationRequest { Prompt = "A cat", Model = ApiframeModels.Flux2Pro, ReferenceImages = [local] };

        // Act
        var validated = Validate(request);

        // Assert
        validated.LocalImages().Should().Equal(local);
        Body(validated, _ => "https://uploads.example.com/1.png").GetProperty("fluxParams").GetProperty("input_images")[0].GetString()
            .Should().Be("https://uploads.example.com/1.png");
    }

    [Fact]
    public void Validate_IdeogramCharacterWithoutItsReference_IsRefusedAndWithItSendsTheBlock()
    {
        // Arrange
        var without = new ImageGenerationRequest { Prompt = "A knight", Model = ApiframeModels.IdeogramCharacter };
        var with = without with { ProviderOptions = new ApiframeIdeogramOptions { CharacterReferenceImage = ImageInput.FromUri(ImageUrl) } };

        // Act
        var act = () => Validate(without);
        var body = Body(Validate(with));

        // Assert
        act.Should().Throw<ArgumentException>().WithMessage("CharacterReferenceImage is required by model 'apiframe:ideogram-character'*");
        body.GetProperty("ideogramParams").GetProperty("character_reference_image").GetString().Should().Be(ImageUrl.OriginalString);
        Validate(without with { Model = ApiframeModels.IdeogramV3Turbo }).Values.Should().NotBeEmpty("other ideogram models need no reference");
    }

    [Fact]
    public void Validate_FluxLora_RequiresLoraIdAndSendsItAsAUuidString()
    {
        // Arrange
        var without = new ImageGenerationRequest { Prompt = "A portrait", Model = ApiframeModels.FluxLora, Count = 2 };
        var with = without with { ProviderOptions = new ApiframeFluxLoraOptions { LoraId = Guid.Parse(LoraId), LoraStrength = 1.2 } };

        // Act
        var act = () => Validate(without);
        var lora = Body(Validate(with)).GetProperty("fluxLoraParams");

        // Assert
        act.Should().Throw<ArgumentException>().WithMessage("LoraId is required by model 'apiframe:flux-lora'*");
        lora.GetProperty("loraId").GetString().Should().Be(LoraId);
        lora.GetProperty("lora_strength").GetDouble().Should().Be(1.2);
        lora.GetProperty("num_outputs").GetInt32().Should().Be(2);
    }

    [Fact]
    public void Validate_CountAboveTheFamilysMaximum_IsRefused()
    {
        // Arrange
        var request = new ImageGenerationRequest { Prompt = "A cat", Model = ApiframeModels.GptImage15, Count = 11 };

        // Act
        var act = () => Validate(request);

        // Assert
        act.Should().Throw<ArgumentOutOfRangeException>().WithMessage("Count must be between 1 and 10*'apiframe:gpt-image-1.5'*");
        Body(Validate(request with { Count = 10 })).GetProperty("gptImageParams").GetProperty("number_of_images").GetInt32().Should().Be(10);
    }

    [Fact]
    public void Validate_PromptLength_Is5000ForWan27And2000ForWan26()
    {
        // Arrange
        var prompt = new string('a', 3000);

        // Act
        var wan27 = Validate(new ImageGenerationRequest { Prompt = prompt, Model = ApiframeModels.WanImage27 });
        var wan26 = () => Validate(new ImageGenerationRequest { Prompt = prompt, Model = ApiframeModels.WanImage26 });

        // Assert
        Body(wan27).GetProperty("prompt").GetString().Should().HaveLength(3000);
        wan26.Should().Throw<ArgumentOutOfRangeException>().WithMessage("Prompt must be at most 2000 characters for model 'apiframe:wan-image-2.6'*");
    }

    [Fact]
    public void Validate_IdempotencyKeyLongerThan255_IsRefused()
    {
        // Arrange
        var request = Flux(null) with { IdempotencyKey = new string('k', 256) };

        // Act
        var act = () => Validate(request);

        // Assert
        act.Should().Throw<ArgumentOutOfRangeException>().WithMessage("IdempotencyKey must be at most 255 characters*");
        Validate(request with { IdempotencyKey = new string('k', 255) }).Headers().Single().Name.Should().Be("Idempotency-Key");
    }

    [Fact]
    public void Validate_Edit_SendsPromptAndImageInFluxFillParamsWithTheImpliedMode()
    {
        // Arrange
        var request = new ImageEditRequest { Prompt = "Add a boat", Model = ApiframeModels.FluxFillPro, Image = ImageInput.FromUri(ImageUrl), Seed = 3 };

        // Act
        var body = Body(Validate(request));

        // Assert
        body.TryGetProperty("prompt", out _).Should().BeFalse("the edit route has no top-level prompt");
        var fill = body.GetProperty("fluxFillParams");
        fill.GetProperty("prompt").GetString().Should().Be("Add a boat");
        fill.GetProperty("image").GetString().Should().Be(ImageUrl.OriginalString);
        fill.GetProperty("mode").GetString().Should().Be("inpaint");
        fill.GetProperty("seed").GetInt64().Should().Be(3);
    }

    [Fact]
    public void Validate_EditWithOutpaintAndNoMode_SendsOutpaintMode()
    {
        // Arrange
        var request = new ImageEditRequest
        {
            Prompt = "Extend the beach",
            Model = ApiframeModels.FluxFillPro,
            Image = ImageInput.FromUri(ImageUrl),
            ProviderOptions = new ApiframeFluxFillOptions { Outpaint = "Zoom out 2x" },
        };

        // Act
        var fill = Body(Validate(request)).GetProperty("fluxFillParams");
        var explicitMode = Body(Validate(request with { ProviderOptions = new ApiframeFluxFillOptions { Outpaint = "Zoom out 2x", Mode = "inpaint" } }));

        // Assert
        fill.GetProperty("mode").GetString().Should().Be("outpaint");
        fill.GetProperty("outpaint").GetString().Should().Be("Zoom out 2x");
        explicitMode.GetProperty("fluxFillParams").GetProperty("mode").GetString().Should().Be("inpaint", "an explicit mode wins");
    }

    [Fact]
    public void Validate_GenerationModelForAnEdit_SaysToCallGenerate()
    {
        // Arrange
        var request = new ImageEditRequest { Prompt = "Add a boat", Model = ApiframeModels.Flux2Pro, Image = ImageInput.FromUri(ImageUrl) };

        // Act
        var act = () => Validate(request);

        // Assert
        act.Should().Throw<ArgumentException>().WithMessage("*generation model: call GenerateAsync*flux-fill-pro*");
    }

    [Fact]
    public void Validate_UnknownModel_SendsThePromptWithAWarning()
    {
        // Arrange
        var request = new ImageGenerationRequest { Prompt = "A cat", Model = "apiframe:flux-3-preview", IdempotencyKey = "k-1" };

        // Act
        var validated = Validate(request);
        var body = Body(validated);

        // Assert
        body.GetProperty("model").GetString().Should().Be("flux-3-preview");
        body.GetProperty("prompt").GetString().Should().Be("A cat");
        validated.Warnings.Should().ContainSingle().Which.Should().Contain("not in ImagingClient's Apiframe catalog");
        var seeded = () => Validate(request with { Seed = 1 });
        seeded.Should().Throw<ArgumentException>().WithMessage("*does not take Seed*");
    }

    [Fact]
    public void ValidateFields_UpscaleAndAction_CheckAllowedNumbersAndWriteTheirBodies()
    {
        // Arrange
        var topaz = ApiframeCatalog.Spec(ImageOperationKind.Upscale, "topaz-image-upscale");
        var upsample = ApiframeCatalog.Spec(ImageOperationKind.FollowUp, "upsample");
        OptionFields Upscale(int factor) => new OptionFields().Add("Image", "image", ImageInput.FromUri(ImageUrl)).Add("UpscaleFactor", "upscale_factor", factor);

        // Act
        var three = () => RequestValidator.ValidateFields(ApiframeCatalog.Catalog, topaz, Upscale(3), UnsupportedFieldHandling.Throw);
        var four = Body(RequestValidator.ValidateFields(ApiframeCatalog.Catalog, topaz, Upscale(4), UnsupportedFieldHandling.Throw));
        var action = Body(RequestValidator.ValidateFields(
            ApiframeCatalog.Catalog,
            upsample,
            new OptionFields().Add("Index", "index", 2).Add("ParentJobId", "parentJobId", Guid.Parse(LoraId)),
            UnsupportedFieldHandling.Throw));
        var missingParent = () => RequestValidator.ValidateFields(ApiframeCatalog.Catalog, upsample, new OptionFields().Add("Index", "index", 2), UnsupportedFieldHandling.Throw);

        // Assert
        three.Should().Throw<ArgumentOutOfRangeException>().WithMessage("UpscaleFactor must be one of 1, 2, 4, 6 when upscaling with model 'apiframe:topaz-image-upscale'*");
        four.GetProperty("model").GetString().Should().Be("topaz-image-upscale");
        four.GetProperty("topazUpscaleParams").GetProperty("upscale_factor").GetInt32().Should().Be(4);
        action.GetProperty("action").GetString().Should().Be("upsample");
        action.GetProperty("index").GetInt32().Should().Be(2);
        action.GetProperty("parentJobId").GetString().Should().Be(LoraId);
        missingParent.Should().Throw<ArgumentException>().WithMessage("ParentJobId is required by model 'apiframe:upsample'*");
    }

    private static ImageGenerationRequest Flux(ImageProviderOptions? options) =>
        new() { Prompt = "A lighthouse at dawn", Model = ApiframeModels.Flux2Pro, ProviderOptions = options };
}
