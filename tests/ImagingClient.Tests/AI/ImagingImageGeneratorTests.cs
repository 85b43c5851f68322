// MEAI001: Microsoft.Extensions.AI's image generation abstractions are experimental; these tests exercise exactly them.
#pragma warning disable MEAI001

using System.Drawing;
using System.Text.Json;
using ImagingClient.AI;
using ImagingClient.Emulator;
using ImagingClient.Providers.Concurred;
using ImagingClient.Providers.RelayGpu;
using ImagingClient.Tests.TestSupport;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using AIImageGenerationRequest = Microsoft.Extensions.AI.ImageGenerationRequest;

namespace ImagingClient.Tests.AI;

/// <summary>
/// The Microsoft.Extensions.AI adapter, driven through that library's own extension methods and builder, against the
/// emulator on loopback (Concurred and RelayGPU behind one router, Concurred the default).
/// </summary>
public sealed class ImagingImageGeneratorTests : IAsyncLifetime
{
    private readonly InstantTimeProvider _time = new(DateTimeOffset.UtcNow);
    private ImagingEmulator _emulator = null!;
    private IImageClient _client = null!;

    public async Task InitializeAsync()
    {
        _emulator = await ImagingEmulator.StartAsync(new ImagingEmulatorOptions { TimeProvider = _time });
        _client = ImageClient.Create(
            imaging =>
            {
                imaging.Services.AddSingleton<TimeProvider>(_time);
                imaging.AddConcurred(o =>
                {
                    o.ApiKey = _emulator.ApiKeyFor("concurred");
                    o.BaseAddress = _emulator.BaseAddress;
                });
                imaging.AddRelayGpu(o =>
                {
                    o.ApiKey = _emulator.ApiKeyFor("relaygpu");
                    o.BaseAddress = _emulator.BaseAddress;
                });
            },
            router => router.DefaultProvider = "concurred");
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _emulator.DisposeAsync();
    }

    [Fact]
    public async Task GenerateImagesAsync_WithImageSize_ReturnsPngBytesOfThatSize()
    {
        // Arrange
        using var generator = _client.AsImageGenerator(ConcurredModels.Flux2Pro);

        // Act
        var response = await generator.GenerateImagesAsync("a lighthouse", new ImageGenerationOptions { ImageSize = new Size(640, 384) })
            .WithinLimitAsync("the generation");

        // Assert
        var data = response.Contents.Should().ContainSingle().Which.Should().BeOfType<DataContent>().Which;
        data.MediaType.Should().Be("image/png");
        ImageInfo.TryIdentify(data.Data.Span, out var info).Should().BeTrue();
        (info.Width, info.Height).Should().Be((640, 384));
        data.RawRepresentation.Should().BeOfType<RemoteGeneratedImage>();
        response.RawRepresentation.Should().BeOfType<ImageResult>().Which.Provider.Should().Be("concurred");
    }

    [Fact]
    public async Task GenerateImagesAsync_UriFormat_KeepsTheProvidersUrlAndItsExpiry()
    {
        // Arrange
        using var generator = _client.AsImageGenerator(ConcurredModels.Flux2Pro);

        // Act
        var response = await generator.GenerateImagesAsync("a lighthouse", new ImageGenerationOptions { ResponseFormat = ImageGenerationResponseFormat.Uri })
            .WithinLimitAsync("the generation");

        // Assert
        var uri = response.Contents.Should().ContainSingle().Which.Should().BeOfType<UriContent>().Which;
        uri.Uri.AbsoluteUri.Should().StartWith(_emulator.BaseAddress.AbsoluteUri);
        uri.HasTopLevelMediaType("image").Should().BeTrue();
        uri.AdditionalProperties![ImageGeneratorPropertyNames.ExpiresAt].Should().Be(_time.GetUtcNow() + TimeSpan.FromMinutes(10));
        _emulator.Requests.Should().NotContain(r => r.Method == "GET", "a URL result is not downloaded");
    }

    [Fact]
    public async Task GenerateImagesAsync_UriFormatForInlineResults_ReturnsDataContent()
    {
        // Arrange: imagen answers base64, so there is no URL to keep.
        using var generator = _client.AsImageGenerator(ConcurredModels.Imagen4);

        // Act
        var response = await generator.GenerateImagesAsync("a fox", new ImageGenerationOptions { ResponseFormat = ImageGenerationResponseFormat.Uri, Count = 2 })
            .WithinLimitAsync("the generation");

        // Assert
        response.Contents.Should().HaveCount(2).And.AllBeOfType<DataContent>();
        foreach (var content in response.Contents.Cast<DataContent>())
        {
            content.MediaType.Should().Be("image/png");
            ImageInfo.TryIdentify(content.Data.Span, out _).Should().BeTrue();
        }
    }

    [Fact]
    public async Task GenerateImagesAsync_ImageSizeForAModelThatTakesOnlyAnAspectRatio_SendsTheClosestAllowedRatio()
    {
        // Arrange
        using var generator = _client.AsImageGenerator(ConcurredModels.Imagen4);

        // Act
        await generator.GenerateImagesAsync("a fox", new ImageGenerationOptions { ImageSize = new Size(1900, 1080) }).WithinLimitAsync("the generation");

        // Assert
        using var body = JsonDocument.Parse(_emulator.Requests.Single(r => r.Method == "POST").Body);
        body.RootElement.GetProperty("aspect_ratio").GetString().Should().Be("16:9");
        body.RootElement.TryGetProperty("width", out _).Should().BeFalse();
    }

    [Fact]
    public async Task GenerateImagesAsync_ImageSizeForAModelWithFixedSizes_SendsTheClosestOne()
    {
        // Arrange: gpt-image-1.5 takes 1024x1024, 1024x1536 or 1536x1024.
        using var generator = _client.AsImageGenerator(RelayGpuModels.GptImage15T2I);

        // Act
        await generator.GenerateImagesAsync("a fox", new ImageGenerationOptions { ImageSize = new Size(1920, 1080) }).WithinLimitAsync("the generation");

        // Assert
        using var body = JsonDocument.Parse(_emulator.Requests.Single(r => r.Method == "POST").Body);
        body.RootElement.GetProperty("size").GetString().Should().Be("1536x1024");
    }

    [Fact]
    public async Task GenerateImagesAsync_OptionsModelIdAndSeedFromJson_AreSent()
    {
        // Arrange: the generator's model is overridden by the options'; the seed arrives as options read from JSON carry it.
        using var generator = _client.AsImageGenerator(ConcurredModels.Imagen4);
        using var seed = JsonDocument.Parse("7");
        var options = new ImageGenerationOptions
        {
            ModelId = ConcurredModels.Flux2Pro,
            AdditionalProperties = new() { ["Seed"] = seed.RootElement.Clone() },
        };

        // Act
        await generator.GenerateImagesAsync("a lighthouse", options).WithinLimitAsync("the generation");

        // Assert
        var request = _emulator.Requests.Single(r => r.Method == "POST");
        using var body = JsonDocument.Parse(request.Body);
        body.RootElement.GetProperty("model").GetString().Should().Be("flux-2-pro");
        body.RootElement.GetProperty("seed").GetInt64().Should().Be(7);
    }

    [Fact]
    public async Task GenerateImagesAsync_RawRepresentationFactoryProviderOptions_AreSent()
    {
        // Arrange
        using var generator = _client.AsImageGenerator(ConcurredModels.Imagen4);
        var options = new ImageGenerationOptions { RawRepresentationFactory = _ => new ConcurredImageOptions { ImageSize = ConcurredImageSize.TwoK } };

        // Act
        await generator.GenerateImagesAsync("a fox", options).WithinLimitAsync("the generation");

        // Assert
        using var body = JsonDocument.Parse(_emulator.Requests.Single(r => r.Method == "POST").Body);
        body.RootElement.GetProperty("image_size").GetString().Should().Be("2K");
    }

    [Fact]
    public async Task GenerateImagesAsync_RawRepresentationFactoryRequest_IsTheBaseTheOptionsAddTo()
    {
        // Arrange
        using var generator = _client.AsImageGenerator();
        var options = new ImageGenerationOptions
        {
            ImageSize = new Size(512, 512),
            RawRepresentationFactory = _ => new ImagingClient.ImageGenerationRequest { Prompt = "ignored", Model = ConcurredModels.Flux2Pro, Seed = 42 },
        };

        // Act
        await generator.GenerateImagesAsync("a lighthouse", options).WithinLimitAsync("the generation");

        // Assert
        using var body = JsonDocument.Parse(_emulator.Requests.Single(r => r.Method == "POST").Body);
        body.RootElement.GetProperty("prompt").GetString().Should().Be("a lighthouse");
        body.RootElement.GetProperty("seed").GetInt64().Should().Be(42);
        body.RootElement.GetProperty("width").GetInt64().Should().Be(512);
    }

    [Fact]
    public async Task EditImageAsync_DataContent_SendsTheBytesToTheEditModel()
    {
        // Arrange
        using var generator = _client.AsImageGenerator(RelayGpuModels.GptImage15I2I);
        var source = await _client.GenerateAsync(new ImagingClient.ImageGenerationRequest { Prompt = "a room", Model = RelayGpuModels.GptImage15T2I })
            .WithinLimitAsync("the source");
        var bytes = await source.Images[0].GetBytesAsync().WithinLimitAsync("the source's bytes");

        // Act
        var response = await generator.EditImageAsync(new DataContent(bytes, "image/png"), "a starry sky").WithinLimitAsync("the edit");

        // Assert
        response.Contents.Should().ContainSingle().Which.Should().BeOfType<DataContent>().Which.HasTopLevelMediaType("image").Should().BeTrue();
        using var body = JsonDocument.Parse(_emulator.Requests.Last(r => r.Path == "/v2/image/gpt-image/edit").Body);
        Convert.FromBase64String(body.RootElement.GetProperty("image").GetString()!).Should().Equal(bytes.ToArray());
        body.RootElement.GetProperty("prompt").GetString().Should().Be("a starry sky");
    }

    [Fact]
    public async Task EditImageAsync_ModelThatOnlyGeneratesFromReferences_GeneratesFromTheImage()
    {
        // Arrange: RelayGPU's FLUX.2 [pro] has no edit call; it takes input images when generating.
        using var generator = _client.AsImageGenerator(RelayGpuModels.Flux2Pro);
        var bytes = (await generator.GenerateImagesAsync("a house").WithinLimitAsync("the source")).Contents.OfType<DataContent>().Single().Data;

        // Act
        var response = await generator.EditImageAsync(new DataContent(bytes, "image/png"), "at night").WithinLimitAsync("the edit");

        // Assert
        response.Contents.Should().ContainSingle().Which.Should().BeOfType<DataContent>();
        using var body = JsonDocument.Parse(_emulator.Requests.Last(r => r.Method == "POST").Body);
        Convert.FromBase64String(body.RootElement.GetProperty("input_image").GetString()!).Should().Equal(bytes.ToArray());
    }

    [Fact]
    public async Task EditImagesAsync_UriContent_EditsTheImageAtThatUrl()
    {
        // Arrange
        using var generator = _client.AsImageGenerator("concurred:flux-kontext");
        var source = (RemoteGeneratedImage)(await _client.GenerateAsync(new ImagingClient.ImageGenerationRequest { Prompt = "a house" }).WithinLimitAsync("the source")).Images[0];

        // Act
        var response = await generator.EditImagesAsync([new UriContent(source.Url, "image/png")], "at night").WithinLimitAsync("the edit");

        // Assert
        response.Contents.Should().ContainSingle().Which.Should().BeOfType<DataContent>();
        using var body = JsonDocument.Parse(_emulator.Requests.Last(r => r.Path.EndsWith("/image/edit", StringComparison.Ordinal)).Body);
        body.RootElement.GetProperty("image_url").GetString().Should().Be(source.Url.AbsoluteUri);
    }

    public static TheoryData<string> BadInputs() =>
    [
        "text original",
        "pdf original",
        "file uri original",
        "unknown additional property",
        "hosted response format",
        "gif media type",
        "raw representation of another type",
        "streaming",
        "blank prompt",
        "aspect ratio with image size",
    ];

    [Theory]
    [MemberData(nameof(BadInputs))]
    public async Task GenerateAsync_BadInput_ThrowsArgumentExceptionBeforeAnythingIsSent(string input)
    {
        // Arrange
        using var generator = _client.AsImageGenerator(ConcurredModels.Flux2Pro);
        var request = new AIImageGenerationRequest("a lighthouse");
        var options = new ImageGenerationOptions();
        var expected = "*";
        switch (input)
        {
            case "text original":
                request.OriginalImages = [new TextContent("not an image")];
                expected = "*Original image 1 is a TextContent*DataContent*UriContent*";
                break;
            case "pdf original":
                request.OriginalImages = [new DataContent(new byte[] { 1, 2, 3 }, "application/pdf")];
                expected = "*media type 'application/pdf'*";
                break;
            case "file uri original":
                request.OriginalImages = [new UriContent(new Uri("file:///tmp/a.png"), "image/png")];
                expected = "*Original image 1*http or https*";
                break;
            case "unknown additional property":
                options.AdditionalProperties = new() { ["quality"] = "high" };
                expected = "*'quality'*seed, negativePrompt, aspectRatio*";
                break;
            case "hosted response format":
                options.ResponseFormat = ImageGenerationResponseFormat.Hosted;
                expected = "*ResponseFormat Hosted*Data*Uri*";
                break;
            case "gif media type":
                options.MediaType = "image/gif";
                expected = "*'image/gif'*image/png, image/jpeg or image/webp*";
                break;
            case "raw representation of another type":
                options.RawRepresentationFactory = _ => "a string";
                expected = "*System.String*ImageGenerationRequest*";
                break;
            case "streaming":
                options.StreamingCount = 2;
                expected = "*StreamingCount*";
                break;
            case "blank prompt":
                request.Prompt = " ";
                expected = "*Prompt is required*";
                break;
            case "aspect ratio with image size":
                options.ImageSize = new Size(100, 100);
                options.AdditionalProperties = new() { [ImageGeneratorPropertyNames.AspectRatio] = "1:1" };
                expected = "*aspectRatio*ImageSize*both*";
                break;
        }

        // Act
        var act = () => generator.GenerateAsync(request, options);

        // Assert
        await act.Should().ThrowAsync<ArgumentException>().WithMessage(expected);
        _emulator.Requests.Should().BeEmpty();
    }

    [Fact]
    public async Task GenerateAsync_FieldTheModelDoesNotTake_ThrowsTheClientsArgumentException()
    {
        // Arrange: flux-2-pro takes no image count above one.
        using var generator = _client.AsImageGenerator(ConcurredModels.Flux2Pro);

        // Act
        var act = () => generator.GenerateImagesAsync("a lighthouse", new ImageGenerationOptions { Count = 3 });

        // Assert
        await act.Should().ThrowAsync<ArgumentException>().WithMessage("*Count*");
        _emulator.Requests.Should().BeEmpty();
    }

    [Fact]
    public void AsImageGenerator_MalformedModel_Throws()
    {
        // Act
        var act = () => _client.AsImageGenerator(":flux");

        // Assert
        act.Should().Throw<ArgumentException>().WithMessage("*malformed*");
    }

    [Fact]
    public async Task ImageGeneratorBuilder_WithMiddleware_RunsItAroundTheAdapterAndStillReachesTheClient()
    {
        // Arrange: a delegating generator of our own, and the library's ConfigureOptions middleware.
        using var generator = _client.AsImageGenerator(ConcurredModels.Imagen4)
            .AsBuilder()
            .ConfigureOptions(o => o.Count ??= 2)
            .Use(inner => new HouseStyleGenerator(inner, ", watercolor"))
            .Build();

        // Act
        var response = await generator.GenerateImagesAsync("a fox").WithinLimitAsync("the generation");

        // Assert
        response.Contents.Should().HaveCount(2);
        using var body = JsonDocument.Parse(_emulator.Requests.Single(r => r.Method == "POST").Body);
        body.RootElement.GetProperty("prompt").GetString().Should().Be("a fox, watercolor");
        generator.GetService<IImageClient>().Should().BeSameAs(_client);
        generator.GetService<HouseStyleGenerator>().Should().NotBeNull();
        generator.GetService<IRelayGpuApi>("relaygpu").Should().NotBeNull("a provider's own API is reachable through the pipeline by its name");
    }

    [Fact]
    public void GetService_Metadata_NamesTheProviderItsEndpointAndTheModel()
    {
        // Arrange
        using var named = _client.AsImageGenerator(RelayGpuModels.QwenImage);
        using var defaulted = _client.AsImageGenerator();

        // Act
        var namedMetadata = named.GetRequiredService<ImageGeneratorMetadata>();
        var defaultMetadata = defaulted.GetRequiredService<ImageGeneratorMetadata>();

        // Assert
        namedMetadata.ProviderName.Should().Be("relaygpu");
        namedMetadata.ProviderUri.Should().Be(_emulator.BaseAddress);
        namedMetadata.DefaultModelId.Should().Be(RelayGpuModels.QwenImage);
        defaultMetadata.ProviderName.Should().Be("concurred", "the router's default provider");
        defaultMetadata.DefaultModelId.Should().Be("concurred:" + ConcurredCatalog.DefaultGenerationModel);
    }

    [Fact]
    public async Task AddImageGenerator_InTheContainer_ResolvesAGeneratorOverTheRouter()
    {
        // Arrange
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(_time);
        services.AddImagingClient()
            .AddConcurred(o =>
            {
                o.ApiKey = _emulator.ApiKeyFor("concurred");
                o.BaseAddress = _emulator.BaseAddress;
            })
            .AddImageGenerator(ConcurredModels.Imagen4)
            .AddKeyedImageGenerator("flux", ConcurredModels.Flux2Pro);
        await using var provider = services.BuildServiceProvider();

        // Act
        var generator = provider.GetRequiredService<IImageGenerator>();
        var flux = provider.GetRequiredKeyedService<IImageGenerator>("flux");
        var response = await generator.GenerateImagesAsync("a fox").WithinLimitAsync("the generation");

        // Assert
        response.Contents.Should().ContainSingle().Which.Should().BeOfType<DataContent>();
        generator.GetService<IImageClient>().Should().BeSameAs(provider.GetRequiredService<IImageClient>());
        flux.GetRequiredService<ImageGeneratorMetadata>().DefaultModelId.Should().Be(ConcurredModels.Flux2Pro);
    }

    [Fact]
    public void AddImageGenerator_BlankModel_ThrowsAtRegistration()
    {
        // Act
        var act = () => new ServiceCollection().AddImagingClient().AddImageGenerator(" ");

        // Assert
        act.Should().Throw<ArgumentException>().WithMessage("*must not be blank*");
    }

    private sealed class HouseStyleGenerator(IImageGenerator inner, string style) : DelegatingImageGenerator(inner)
    {
        public override Task<ImageGenerationResponse> GenerateAsync(AIImageGenerationRequest request, ImageGenerationOptions? options = null, CancellationToken cancellationToken = default) =>
            base.GenerateAsync(new AIImageGenerationRequest(request.Prompt + style, request.OriginalImages), options, cancellationToken);
    }
}
