using ImagingClient.Models;
using ImagingClient.Providers.RelayGpu;
using static ImagingClient.Tests.Providers.RelayGpu.RelayGpuSamples;

namespace ImagingClient.Tests.Providers.RelayGpu;

/// <summary>What each RelayGPU route refuses before anything is sent, with a message that names the model and the field.</summary>
public sealed class RelayGpuValidationTests
{
    [Theory]
    [InlineData(1000, 1024, "Width must be a multiple of 32")]
    [InlineData(1024, 1000, "Height must be a multiple of 32")]
    [InlineData(32, 1024, "Width must be between 64 and 2048")]
    [InlineData(1024, 2080, "Height must be between 64 and 2048")]
    public void Validate_FluxSizeOffItsGridOrRange_IsRefused(int width, int height, string message)
    {
        // Act
        var act = () => Validate(new ImageGenerationRequest { Prompt = "a cat", Model = RelayGpuModels.Flux2Pro, Width = width, Height = height });

        // Assert
        act.Should().Throw<ArgumentOutOfRangeException>().Which.Message.Should().Contain(message).And.Contain("'relaygpu:black-forest-labs/FLUX-2-pro'");
    }

    [Fact]
    public void Validate_FluxFourReferenceImages_SpreadOverTheNumberedFields_AndAFifthIsRefused()
    {
        // Arrange
        var four = Enumerable.Range(0, 4).Select(_ => LocalPng()).ToList();

        // Act
        var body = Body(Validate(new ImageGenerationRequest { Prompt = "a cat", Model = RelayGpuModels.Flux2Pro, ReferenceImages = four }));
        var five = () => Validate(new ImageGenerationRequest { Prompt = "a cat", Model = RelayGpuModels.Flux2Pro, ReferenceImages = [.. four, LocalPng()] });
        var asOption = () => Validate(Generate(RelayGpuModels.Flux2Pro, new RelayGpuFluxOptions { InputImages = [.. four, LocalPng()] }));

        // Assert
        Keys(body).Should().Equal("model", "prompt", "input_image", "input_image_2", "input_image_3", "input_image_4");
        five.Should().Throw<ArgumentOutOfRangeException>().Which.Message.Should().Contain("ReferenceImages takes at most 4 entries");
        asOption.Should().Throw<ArgumentOutOfRangeException>().Which.Message.Should().Contain("RelayGpuFluxOptions.InputImages takes at most 4 entries");
    }

    [Fact]
    public void Validate_FluxReferenceImageAsUrl_IsRefusedSinceFluxTakesBase64Only()
    {
        // Act
        var act = () => Validate(new ImageGenerationRequest { Prompt = "a cat", Model = RelayGpuModels.Flux2Pro, ReferenceImages = [ImageInput.FromUri(ImageUrl)] });

        // Assert
        act.Should().Throw<ArgumentException>().Which.Message.Should().Contain("only inline");
    }

    [Fact]
    public void Validate_GeminiImageAndImagesTogether_IsRefused()
    {
        // Act
        var act = () => Validate(Generate(RelayGpuModels.Gemini3ProImage, new RelayGpuGeminiOptions { Image = LocalPng(), Images = [LocalPng()] }));
        var unifiedToo = () => Validate(new ImageGenerationRequest { Prompt = "a cat", Model = RelayGpuModels.Gemini3ProImage, ReferenceImages = [LocalPng()], ProviderOptions = new RelayGpuGeminiOptions { Image = LocalPng() } });

        // Assert
        act.Should().Throw<ArgumentException>().Which.Message.Should().Contain("'image'").And.Contain("'images'").And.Contain("may not both be sent");
        unifiedToo.Should().Throw<ArgumentException>().Which.Message.Should().Contain("may not both be sent");
    }

    [Fact]
    public void Validate_GeminiImagesOnTheFlashModels_IsRefused_AndOneReferenceIsTheirImage()
    {
        // Act
        var images = () => Validate(Generate(RelayGpuModels.Gemini25FlashImage, new RelayGpuGeminiOptions { Images = [LocalPng()] }));
        var two = () => Validate(new ImageGenerationRequest { Prompt = "a cat", Model = RelayGpuModels.Gemini31FlashImagePreview, ReferenceImages = [LocalPng(), LocalPng()] });
        var fifteen = () => Validate(new ImageGenerationRequest { Prompt = "a cat", Model = RelayGpuModels.Gemini3ProImage, ReferenceImages = [.. Enumerable.Range(0, 15).Select(_ => LocalPng())] });
        var one = Validate(new ImageGenerationRequest { Prompt = "a cat", Model = RelayGpuModels.Gemini25FlashImage, ReferenceImages = [LocalPng()] });

        // Assert
        images.Should().Throw<ArgumentException>().Which.Message.Should().Contain("does not take RelayGpuGeminiOptions.Images").And.Contain("google/gemini-3-pro-image");
        two.Should().Throw<ArgumentOutOfRangeException>().Which.Message.Should().Contain("exactly one image");
        fifteen.Should().Throw<ArgumentOutOfRangeException>().Which.Message.Should().Contain("at most 14");
        one["image"].Should().BeOfType<ImageInput>();
    }

    [Theory]
    [InlineData(RelayGpuModels.Gemini31FlashImagePreview, "0.5K", true)]
    [InlineData(RelayGpuModels.Gemini3ProImage, "0.5K", false)]
    [InlineData(RelayGpuModels.Gemini25FlashImage, "0.5K", false)]
    [InlineData(RelayGpuModels.Gemini25FlashImage, "4K", true)]
    [InlineData(RelayGpuModels.Gemini3ProImage, "8K", false)]
    public void Validate_GeminiImageSize_FollowsEachModelsList(string model, string size, bool accepted)
    {
        // Act
        var act = () => Validate(Generate(model, new RelayGpuGeminiOptions { ImageSize = size }));

        // Assert
        if (accepted)
        {
            act.Should().NotThrow();
        }
        else
        {
            act.Should().Throw<ArgumentException>().Which.Message.Should().Contain($"'{size}' is not accepted");
        }
    }

    [Fact]
    public void Validate_GeminiAspectRatioOutsideItsList_IsRefused()
    {
        // Act
        var act = () => Validate(new ImageGenerationRequest { Prompt = "a cat", Model = RelayGpuModels.Gemini3ProImage, AspectRatio = new ImageAspectRatio("7:3") });

        // Assert
        act.Should().Throw<ArgumentException>().Which.Message.Should().Contain("21:9");
    }

    [Theory]
    [InlineData(RelayGpuModels.GptImage15T2I, 1024, 768, false)]
    [InlineData(RelayGpuModels.GptImage15T2I, 1024, 1536, true)]
    [InlineData(RelayGpuModels.GptImage2, 1024, 768, true)]
    [InlineData(RelayGpuModels.GptImage2, 1920, 1080, true)]
    [InlineData(RelayGpuModels.GptImage2, 1080, 1920, false)]
    public void Validate_GptImageWidthAndHeight_AreOneSizeCheckedAgainstTheRoutesList(string model, int width, int height, bool accepted)
    {
        // Act
        var act = () => Validate(new ImageGenerationRequest { Prompt = "a cat", Model = model, Width = width, Height = height });

        // Assert
        if (accepted)
        {
            act().Get(UnifiedField.Size).Should().Be($"{width}x{height}");
        }
        else
        {
            act.Should().Throw<ArgumentException>().Which.Message.Should().Contain($"'{width}x{height}' is not accepted").And.Contain("1024x1024");
        }
    }

    [Fact]
    public void Validate_GptImageOnlyWidth_AsksForBoth()
    {
        // Act
        var act = () => Validate(new ImageGenerationRequest { Prompt = "a cat", Model = RelayGpuModels.GptImage15T2I, Width = 1024 });

        // Assert
        act.Should().Throw<ArgumentException>().Which.Message.Should().Contain("set both Width and Height");
    }

    [Theory]
    [InlineData(RelayGpuModels.GptImage15T2I, 4, true)]
    [InlineData(RelayGpuModels.GptImage15T2I, 5, false)]
    [InlineData(RelayGpuModels.Wan27ImagePro, 16, true)]
    [InlineData(RelayGpuModels.Wan27ImagePro, 17, false)]
    [InlineData(RelayGpuModels.QwenImage, 2, false)]
    public void Validate_Count_IsNWhereTheRouteHasIt(string model, int count, bool accepted)
    {
        // Act
        var act = () => Validate(new ImageGenerationRequest { Prompt = "a cat", Model = model, Count = count });

        // Assert
        if (accepted)
        {
            act()["n"].Should().Be((long)count);
        }
        else
        {
            act.Should().Throw<ArgumentException>().Which.Message.Should().Contain("Count");
        }
    }

    [Fact]
    public void Validate_CountOfOneOnQwen_IsAcceptedAndNotSent()
    {
        // Act
        var body = Body(Validate(new ImageGenerationRequest { Prompt = "a cat", Model = RelayGpuModels.QwenImage, Count = 1 }));

        // Assert
        Keys(body).Should().Equal("model", "prompt");
    }

    [Fact]
    public void Validate_GptImagePromptOver32000Characters_IsRefused_ButNotOnOtherRoutes()
    {
        // Arrange
        var prompt = new string('a', 32_001);

        // Act
        var gpt = () => Validate(new ImageGenerationRequest { Prompt = prompt, Model = RelayGpuModels.GptImage15T2I });
        var gpt2 = () => Validate(new ImageGenerationRequest { Prompt = prompt, Model = RelayGpuModels.GptImage2 });
        var qwen = () => Validate(new ImageGenerationRequest { Prompt = prompt, Model = RelayGpuModels.QwenImage });

        // Assert
        gpt.Should().Throw<ArgumentOutOfRangeException>().Which.Message.Should().Contain("at most 32000 characters");
        gpt2.Should().Throw<ArgumentOutOfRangeException>();
        qwen.Should().NotThrow();
    }

    [Theory]
    [InlineData(RelayGpuModels.Flux2Pro)]
    [InlineData(RelayGpuModels.Gemini3ProImage)]
    [InlineData(RelayGpuModels.GptImage15T2I)]
    [InlineData(RelayGpuModels.GptImage2)]
    [InlineData(RelayGpuModels.Automatic1111)]
    public void Validate_StoreOutputOnABase64Route_IsRefusedNamingTheRoutesThatTakeIt(string model)
    {
        // Act
        var act = () => Validate(Generate(model, new RelayGpuOptions { StoreOutput = "relay1d" }));

        // Assert
        act.Should().Throw<ArgumentException>().Which.Message.Should().Contain("does not take RelayGpuOptions.StoreOutput").And.Contain("Qwen/qwen-image");
    }

    [Theory]
    [InlineData(RelayGpuModels.QwenImage)]
    [InlineData(RelayGpuModels.Seedream50Pro)]
    [InlineData(RelayGpuModels.Wan27ImagePro)]
    public void Validate_StoreOutputOnAUrlRoute_IsSent(string model)
    {
        // Act
        var validated = Validate(Generate(model, new RelayGpuOptions { StoreOutput = "relay30d" }));

        // Assert
        validated["store_output"].Should().Be("relay30d");
    }

    [Fact]
    public void Validate_StoreOutputOrModeOutsideTheirValues_IsRefused()
    {
        // Act
        var store = () => Validate(Generate(RelayGpuModels.QwenImage, new RelayGpuOptions { StoreOutput = "forever" }));
        var mode = () => Validate(Generate(RelayGpuModels.QwenImage, new RelayGpuOptions { Mode = "opengpu" }));

        // Assert
        store.Should().Throw<ArgumentException>().Which.Message.Should().Contain("provider, relay1d, relay30d, relay7d");
        mode.Should().Throw<ArgumentException>().Which.Message.Should().Contain("auto, direct");
    }

    [Theory]
    [InlineData(2150, 2150, true)]
    [InlineData(2151, 2150, false)]
    [InlineData(3000, 2000, false)]
    public void Validate_SeedreamSizeOverAbout4Point6Megapixels_IsRefused(int width, int height, bool accepted)
    {
        // Act
        var act = () => Validate(new ImageGenerationRequest { Prompt = "a cat", Model = RelayGpuModels.Seedream50Pro, Width = width, Height = height });

        // Assert
        if (accepted)
        {
            act()["size"].Should().Be($"{width}x{height}");
        }
        else
        {
            act.Should().Throw<ArgumentOutOfRangeException>().Which.Message.Should().Contain("at most 4624220");
        }
    }

    [Theory]
    [InlineData(RelayGpuModels.Seedream50Pro, "2K", true)]
    [InlineData(RelayGpuModels.Seedream50Pro, "4K", false)]
    [InlineData(RelayGpuModels.Wan27ImagePro, "4K", true)]
    [InlineData(RelayGpuModels.Wan27ImagePro, "8K", false)]
    [InlineData(RelayGpuModels.QwenImage, "1K", false)]
    [InlineData(RelayGpuModels.QwenImage, "640x480", true)]
    public void Validate_SizeStrings_FollowEachRoutesForm(string model, string size, bool accepted)
    {
        // Arrange
        ImageProviderOptions options = model switch
        {
            RelayGpuModels.Seedream50Pro => new RelayGpuSeedreamOptions { Size = size },
            RelayGpuModels.Wan27ImagePro => new RelayGpuWanOptions { Size = size },
            _ => new RelayGpuQwenOptions { Size = size },
        };

        // Act
        var act = () => Validate(Generate(model, options));

        // Assert
        if (accepted)
        {
            act()["size"].Should().Be(size);
        }
        else
        {
            act.Should().Throw<ArgumentException>().Which.Message.Should().Contain("is not in the form");
        }
    }

    [Fact]
    public void Validate_SeedreamFifteenImages_IsRefused()
    {
        // Act
        var act = () => Validate(new ImageGenerationRequest { Prompt = "a cat", Model = RelayGpuModels.Seedream50Pro, ReferenceImages = [.. Enumerable.Range(0, 15).Select(_ => ImageInput.FromUri(ImageUrl))] });

        // Assert
        act.Should().Throw<ArgumentOutOfRangeException>().Which.Message.Should().Contain("at most 14");
    }

    [Fact]
    public void Validate_QwenImageHasNoReferenceImages_SoTheyAreRefused()
    {
        // Act
        var act = () => Validate(new ImageGenerationRequest { Prompt = "a cat", Model = RelayGpuModels.QwenImage, ReferenceImages = [ImageInput.FromUri(ImageUrl)] });

        // Assert
        act.Should().Throw<ArgumentException>().Which.Message.Should().Contain("does not take ReferenceImages");
    }

    [Fact]
    public void Validate_GptImageEditImageAsUrl_IsRefusedSinceTheRouteTakesBase64Only()
    {
        // Act
        var act = () => Validate(new ImageEditRequest { Prompt = "a cat", Model = RelayGpuModels.GptImage15I2I, Image = ImageInput.FromUri(ImageUrl) });

        // Assert
        act.Should().Throw<ArgumentException>().Which.Message.Should().Contain("only inline").And.Contain("'image'");
    }

    [Fact]
    public void Validate_GptImageMask_IsAPngAndOnlyForTheEditModel()
    {
        // Act
        var jpegMask = () => Validate(Edit(RelayGpuModels.GptImage15I2I, new RelayGpuGptImageOptions { Mask = ImageInput.FromBytes(Jpeg) }));
        var maskWhenGenerating = () => Validate(Generate(RelayGpuModels.GptImage15T2I, new RelayGpuGptImageOptions { Mask = LocalPng() }));
        var gpt2MaskWhenGenerating = () => Validate(Generate(RelayGpuModels.GptImage2, new RelayGpuGptImage2Options { Mask = LocalPng() }));
        var pngMask = Validate(Edit(RelayGpuModels.GptImage15I2I, new RelayGpuGptImageOptions { Mask = LocalPng() }));

        // Assert
        jpegMask.Should().Throw<ArgumentException>().Which.Message.Should().Contain("image/jpeg").And.Contain("use image/png");
        maskWhenGenerating.Should().Throw<ArgumentException>().Which.Message.Should().Contain("does not take RelayGpuGptImageOptions.Mask");
        gpt2MaskWhenGenerating.Should().Throw<ArgumentException>().Which.Message.Should().Contain("does not take RelayGpuGptImage2Options.Mask");
        pngMask["mask"].Should().BeOfType<ImageInput>();
    }

    [Theory]
    [InlineData(RelayGpuModels.Flux2Pro, "webp")]
    [InlineData(RelayGpuModels.GptImage2, "webp")]
    [InlineData(RelayGpuModels.Seedream50Pro, "webp")]
    public void Validate_OutputFormatTheRouteDoesNotList_IsRefused(string model, string format)
    {
        // Act
        var act = () => Validate(new ImageGenerationRequest { Prompt = "a cat", Model = model, OutputFormat = ImageOutputFormat.FromString(format) });

        // Assert
        act.Should().Throw<ArgumentException>().Which.Message.Should().Contain($"'{format}' is not accepted");
    }

    [Fact]
    public void Validate_NegativePrompt_IsTakenOnlyByTheStableDiffusionRoute()
    {
        // Act
        var sd = Validate(new ImageGenerationRequest { Prompt = "a cat", Model = RelayGpuModels.Automatic1111, NegativePrompt = "blurry" });
        var flux = () => Validate(new ImageGenerationRequest { Prompt = "a cat", Model = RelayGpuModels.Flux2Pro, NegativePrompt = "blurry" });

        // Assert
        sd["negative_prompt"].Should().Be("blurry");
        flux.Should().Throw<ArgumentException>().Which.Message.Should().Contain("does not take NegativePrompt").And.Contain("automatic1111");
    }

    [Fact]
    public void Validate_StableDiffusionRoute_TakesNoModeOrWebhook()
    {
        // Act
        var mode = () => Validate(Generate(RelayGpuModels.Automatic1111, new RelayGpuAutomatic1111Options { Mode = "direct" }));
        var webhook = () => Validate(new ImageGenerationRequest { Prompt = "a cat", Model = RelayGpuModels.Automatic1111, WebhookUrl = new Uri("https://hooks.example.com/") });

        // Assert
        mode.Should().Throw<ArgumentException>().Which.Message.Should().Contain("does not take RelayGpuAutomatic1111Options.Mode");
        webhook.Should().Throw<ArgumentException>().Which.Message.Should().Contain("does not take WebhookUrl");
    }

    [Fact]
    public void Validate_IdempotencyKeyOver255Characters_IsRefused()
    {
        // Act
        var act = () => Validate(new ImageGenerationRequest { Prompt = "a cat", Model = RelayGpuModels.QwenImage, IdempotencyKey = new string('k', 256) });

        // Assert
        act.Should().Throw<ArgumentOutOfRangeException>().Which.Message.Should().Contain("at most 255 characters");
    }

    [Fact]
    public void Validate_RecordOfAnotherFamily_IsRefused()
    {
        // Act
        var act = () => Validate(Generate(RelayGpuModels.QwenImage, new RelayGpuFluxOptions { SafetyTolerance = 2 }));

        // Assert
        act.Should().Throw<ArgumentException>().Which.Message.Should().Contain("RelayGpuFluxOptions").And.Contain("'flux'").And.Contain("'qwen'");
    }

    [Fact]
    public void Validate_FamilyFreeRecord_IsTakenByEveryImageRoute()
    {
        foreach (var model in RelayGpuCatalog.Catalog.Models.Where(m => m.Family != "automatic1111"))
        {
            // Act
            var validated = Validate(Request(model, new RelayGpuOptions { Mode = "direct", RunAsynchronously = true }));

            // Assert
            validated["mode"].Should().Be("direct", model.Id);
        }
    }

    [Fact]
    public void Validate_UnifiedAndOptionDisagree_IsRefusedNamingBoth()
    {
        // Act
        var act = () => Validate(new ImageGenerationRequest { Prompt = "a cat", Model = RelayGpuModels.QwenImage, Seed = 1, ProviderOptions = new RelayGpuQwenOptions { Seed = 2 } });

        // Assert
        act.Should().Throw<ArgumentException>().Which.Message.Should().Contain("Seed").And.Contain("RelayGpuQwenOptions.Seed");
    }

    [Fact]
    public void Validate_ValuesOutOfRange_AreRefusedPerRoute()
    {
        // Act
        var safety = () => Validate(Generate(RelayGpuModels.Flux2Pro, new RelayGpuFluxOptions { SafetyTolerance = 7 }));
        var compression = () => Validate(Generate(RelayGpuModels.GptImage15T2I, new RelayGpuGptImageOptions { OutputCompression = 101 }));
        var quality = () => Validate(Generate(RelayGpuModels.GptImage15T2I, new RelayGpuGptImageOptions { Quality = "auto" }));
        var steps = () => Validate(Generate(RelayGpuModels.Automatic1111, new RelayGpuAutomatic1111Options { Steps = 0 }));

        // Assert
        safety.Should().Throw<ArgumentOutOfRangeException>().Which.Message.Should().Contain("between 0 and 6");
        compression.Should().Throw<ArgumentOutOfRangeException>().Which.Message.Should().Contain("between 0 and 100");
        quality.Should().Throw<ArgumentException>().Which.Message.Should().Contain("high, low, medium");
        steps.Should().Throw<ArgumentOutOfRangeException>().Which.Message.Should().Contain("at least 1");
    }
}
