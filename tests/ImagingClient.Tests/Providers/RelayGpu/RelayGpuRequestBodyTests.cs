using System.Text.Json;
using ImagingClient.Providers.RelayGpu;
using static ImagingClient.Tests.Providers.RelayGpu.RelayGpuSamples;

namespace ImagingClient.Tests.Providers.RelayGpu;

/// <summary>
/// The body each RelayGPU route gets for a request that sets what the route takes: exactly those keys (RelayGPU refuses
/// any other with a 422), <c>model</c> only where the route takes it, and images in the form each field takes.
/// </summary>
public sealed class RelayGpuRequestBodyTests
{
    private static readonly Uri Webhook = new("https://hooks.example.com/relaygpu");

    private static readonly string PngBase64 = Convert.ToBase64String(Png);

    public static TheoryData<string> Cases => [.. Requests.Keys];

    /// <summary>Per case: the request, and the body keys it must produce, in order.</summary>
    private static Dictionary<string, (ImageRequest Request, string[] Keys)> Requests => new()
    {
        ["flux"] = (
            new ImageGenerationRequest
            {
                Prompt = "a cat",
                Model = RelayGpuModels.Flux2Pro,
                Width = 1024,
                Height = 768,
                Seed = 42,
                OutputFormat = ImageOutputFormat.Jpeg,
                ReferenceImages = [LocalPng(), LocalPng()],
                WebhookUrl = Webhook,
                IdempotencyKey = "key-1",
                ProviderOptions = new RelayGpuFluxOptions { SafetyTolerance = 6, Mode = "direct" },
            },
            ["model", "prompt", "width", "height", "seed", "safety_tolerance", "output_format", "input_image", "input_image_2", "mode", "webhook_url"]),
        ["gemini-3-pro"] = (
            new ImageGenerationRequest
            {
                Prompt = "a cat",
                Model = RelayGpuModels.Gemini3ProImage,
                AspectRatio = ImageAspectRatio.Landscape16x9,
                ReferenceImages = [LocalPng()],
                ProviderOptions = new RelayGpuGeminiOptions { ImageSize = "4K" },
            },
            ["model", "prompt", "images", "aspect_ratio", "image_size"]),
        ["gemini-2.5-flash"] = (
            new ImageGenerationRequest { Prompt = "a cat", Model = RelayGpuModels.Gemini25FlashImage, ReferenceImages = [LocalPng()], ProviderOptions = new RelayGpuGeminiOptions { AspectRatio = "21:9" } },
            ["model", "prompt", "image", "aspect_ratio"]),
        ["gemini-3.1-flash"] = (
            new ImageGenerationRequest { Prompt = "a cat", Model = RelayGpuModels.Gemini31FlashImagePreview, ProviderOptions = new RelayGpuGeminiOptions { ImageSize = "0.5K", Image = LocalPng() } },
            ["model", "prompt", "image", "image_size"]),
        ["gpt-image generate"] = (
            new ImageGenerationRequest
            {
                Prompt = "a cat",
                Model = RelayGpuModels.GptImage15T2I,
                Count = 2,
                Width = 1536,
                Height = 1024,
                OutputFormat = ImageOutputFormat.Webp,
                ProviderOptions = new RelayGpuGptImageOptions { Quality = "high", OutputCompression = 80 },
            },
            ["prompt", "n", "size", "quality", "output_format", "output_compression"]),
        ["gpt-image edit"] = (
            new ImageEditRequest { Prompt = "a cat", Model = RelayGpuModels.GptImage15I2I, Image = LocalPng(), ProviderOptions = new RelayGpuGptImageOptions { Mask = LocalPng(), Size = "1024x1024" } },
            ["prompt", "image", "mask", "size"]),
        ["gpt-image-2 generate"] = (
            new ImageGenerationRequest { Prompt = "a cat", Model = RelayGpuModels.GptImage25Flare, Width = 3840, Height = 2160, ReferenceImages = [LocalPng()], ProviderOptions = new RelayGpuGptImage2Options { Quality = "low", N = 3 } },
            ["model", "prompt", "image", "size", "quality", "n"]),
        ["gpt-image-2 edit"] = (
            new ImageEditRequest { Prompt = "a cat", Model = RelayGpuModels.GptImage2, Image = LocalPng(), OutputFormat = ImageOutputFormat.Png, ProviderOptions = new RelayGpuGptImage2Options { Mask = LocalPng() } },
            ["model", "prompt", "image", "mask", "output_format"]),
        ["qwen generate"] = (
            new ImageGenerationRequest { Prompt = "a cat", Model = RelayGpuModels.QwenImage, Width = 512, Height = 512, Seed = 7, ProviderOptions = new RelayGpuQwenOptions { StoreOutput = "relay7d", Mode = "auto" } },
            ["model", "prompt", "size", "seed", "mode", "store_output"]),
        ["qwen edit"] = (
            new ImageEditRequest { Prompt = "a cat", Model = RelayGpuModels.QwenImageEdit, Image = ImageInput.FromUri(ImageUrl), ProviderOptions = new RelayGpuQwenOptions { Size = "768x1024" } },
            ["model", "prompt", "image", "size"]),
        ["seedream"] = (
            new ImageGenerationRequest
            {
                Prompt = "a cat",
                Model = RelayGpuModels.Seedream50Pro,
                ReferenceImages = [ImageInput.FromUri(ImageUrl), LocalPng()],
                OutputFormat = ImageOutputFormat.Png,
                ProviderOptions = new RelayGpuSeedreamOptions { Size = "2K", Watermark = false },
            },
            ["model", "prompt", "images", "size", "watermark", "output_format"]),
        ["wan"] = (
            new ImageGenerationRequest
            {
                Prompt = "a cat",
                Model = RelayGpuModels.Wan27ImagePro,
                Count = 8,
                Seed = 3,
                ProviderOptions = new RelayGpuWanOptions { Image = LocalPng(), Size = "4K", Watermark = true, ThinkingMode = true, EnableSequential = true, StoreOutput = "relay30d" },
            },
            ["model", "prompt", "image", "size", "n", "seed", "watermark", "thinking_mode", "enable_sequential", "store_output"]),
        ["automatic1111"] = (
            new ImageGenerationRequest
            {
                Prompt = "a cat",
                Model = RelayGpuModels.Automatic1111,
                NegativePrompt = "blurry",
                Width = 512,
                Height = 768,
                ProviderOptions = new RelayGpuAutomatic1111Options { Checkpoint = "Realistic_Vision_V5.1.safetensors", Steps = 30, CfgScale = 6.5 },
            },
            ["prompt", "negative_prompt", "model", "steps", "width", "height", "cfg_scale"]),
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void WriteJsonBody_EachRoute_HasExactlyTheKeysItTakes(string name)
    {
        // Arrange
        var (request, keys) = Requests[name];

        // Act
        var body = Body(Validate(request));

        // Assert
        Keys(body).Should().Equal(keys, "the {0} route takes these fields", name);
    }

    [Fact]
    public void WriteJsonBody_Flux_WritesValuesInTheirWireForm()
    {
        // Arrange
        var (request, _) = Requests["flux"];

        // Act
        var validated = Validate(request);
        var body = Body(validated);

        // Assert
        body.GetProperty("model").GetString().Should().Be("black-forest-labs/FLUX-2-pro");
        body.GetProperty("width").GetInt32().Should().Be(1024);
        body.GetProperty("output_format").GetString().Should().Be("jpeg");
        body.GetProperty("input_image").GetString().Should().Be(PngBase64, "flux takes bare base64");
        body.GetProperty("input_image_2").GetString().Should().Be(PngBase64);
        body.GetProperty("webhook_url").GetString().Should().Be("https://hooks.example.com/relaygpu");
        validated.Headers().Should().Equal([("Idempotency-Key", "key-1")]);
    }

    [Fact]
    public void WriteJsonBody_ImageFields_TakeBase64DataUrisOrUrlsAsEachRouteDoes()
    {
        // Act
        var gemini = Body(Validate(Requests["gemini-3-pro"].Request));
        var gptEdit = Body(Validate(Requests["gpt-image edit"].Request));
        var gpt2 = Body(Validate(Requests["gpt-image-2 generate"].Request));
        var qwenUrl = Body(Validate(Requests["qwen edit"].Request));
        var qwenLocal = Body(Validate(new ImageEditRequest { Prompt = "a cat", Model = RelayGpuModels.QwenImageEdit, Image = LocalPng() }));
        var seedream = Body(Validate(Requests["seedream"].Request));
        var wan = Body(Validate(Requests["wan"].Request));

        // Assert
        gemini.GetProperty("images").EnumerateArray().Select(e => e.GetString()).Should().Equal(PngBase64);
        gptEdit.GetProperty("image").GetString().Should().Be(PngBase64);
        gptEdit.GetProperty("mask").GetString().Should().Be(PngBase64);
        gpt2.GetProperty("image").ValueKind.Should().Be(JsonValueKind.Array, "gpt-image-2 takes its reference images as an array");
        qwenUrl.GetProperty("image").GetString().Should().Be(ImageUrl.AbsoluteUri);
        qwenLocal.GetProperty("image").GetString().Should().Be(PngBase64);
        seedream.GetProperty("images").EnumerateArray().Select(e => e.GetString()).Should().Equal(ImageUrl.AbsoluteUri, $"data:image/png;base64,{PngBase64}");
        wan.GetProperty("image").GetString().Should().Be($"data:image/png;base64,{PngBase64}");
    }

    [Fact]
    public void WriteJsonBody_SizeFromWidthAndHeight_IsOneWxHString()
    {
        // Act
        var gpt = Body(Validate(Requests["gpt-image generate"].Request));
        var qwen = Body(Validate(Requests["qwen generate"].Request));
        var gpt2 = Body(Validate(Requests["gpt-image-2 generate"].Request));

        // Assert
        gpt.GetProperty("size").GetString().Should().Be("1536x1024");
        gpt.GetProperty("n").GetInt32().Should().Be(2);
        qwen.GetProperty("size").GetString().Should().Be("512x512");
        gpt2.GetProperty("size").GetString().Should().Be("3840x2160");
    }

    [Theory]
    [InlineData(RelayGpuModels.Flux2Pro)]
    [InlineData(RelayGpuModels.QwenImage)]
    [InlineData(RelayGpuModels.GptImage15T2I)]
    public void With_Async_IsWrittenOnEveryImageRoute(string model)
    {
        // Act
        var body = Body(Validate(Generate(model)).With("async", true));

        // Assert
        body.GetProperty("async").GetBoolean().Should().BeTrue();
    }

    [Fact]
    public void With_AsyncOnTheStableDiffusionRoute_IsRefusedSinceTheRouteHasNoTasks()
    {
        // Arrange
        var validated = Validate(Generate(RelayGpuModels.Automatic1111));

        // Act
        var act = () => validated.With("async", true);

        // Assert
        act.Should().Throw<InvalidOperationException>().Which.Message.Should().Contain("'async'");
    }
}
