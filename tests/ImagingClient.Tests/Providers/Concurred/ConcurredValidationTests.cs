using ImagingClient.Providers.Concurred;

namespace ImagingClient.Tests.Providers.Concurred;

/// <summary>Requests the client refuses before anything is sent (default: UnsupportedFields = Throw).</summary>
public sealed class ConcurredValidationTests
{
    private static readonly ImageInput Source = ImageInput.FromUri("https://example.com/photo.jpg");

    private static async Task<T> GenerateRejectedAsync<T>(ImageGenerationRequest request)
        where T : ArgumentException
    {
        using var api = new ConcurredApi();
        using var client = api.CreateClient();
        var act = () => client.GenerateAsync(request);
        var ex = (await act.Should().ThrowExactlyAsync<T>()).Which;
        api.Requests.Should().BeEmpty("an invalid request is never sent");
        return ex;
    }

    private static async Task<T> EditRejectedAsync<T>(ImageEditRequest request)
        where T : ArgumentException
    {
        using var api = new ConcurredApi();
        using var client = api.CreateClient();
        var act = () => client.EditAsync(request);
        var ex = (await act.Should().ThrowExactlyAsync<T>()).Which;
        api.Requests.Should().BeEmpty("an invalid request is never sent");
        return ex;
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("\t\n")]
    public async Task GenerateAsync_BlankPrompt_ThrowsArgumentException(string prompt)
    {
        // Act
        var ex = await GenerateRejectedAsync<ArgumentException>(new ImageGenerationRequest { Prompt = prompt });

        // Assert
        ex.ParamName.Should().Be("Prompt");
    }

    [Fact]
    public async Task EditAsync_BlankPrompt_ThrowsArgumentException()
    {
        // Act
        var ex = await EditRejectedAsync<ArgumentException>(new ImageEditRequest { Prompt = " ", Image = Source });

        // Assert
        ex.ParamName.Should().Be("Prompt");
    }

    [Fact]
    public async Task StartGenerateAsync_BlankPrompt_ThrowsArgumentException()
    {
        // Arrange
        using var api = new ConcurredApi();
        using var client = api.CreateClient();

        // Act
        var act = () => client.StartGenerateAsync(new ImageGenerationRequest { Prompt = "" });

        // Assert
        await act.Should().ThrowExactlyAsync<ArgumentException>();
        api.Requests.Should().BeEmpty();
    }

    [Fact]
    public async Task GenerateAsync_WidthOnImagen_ThrowsNamingModelAndField()
    {
        // Act
        var ex = await GenerateRejectedAsync<ArgumentException>(new ImageGenerationRequest { Prompt = "p", Model = ConcurredModels.Imagen4, Width = 1024 });

        // Assert
        ex.ParamName.Should().Be("Width");
        ex.Message.Should().Contain("concurred:imagen-4").And.Contain("Width").And.Contain("WarnAndDrop");
    }

    [Fact]
    public async Task GenerateAsync_HeightOnImagen_ThrowsNamingField()
    {
        // Act
        var ex = await GenerateRejectedAsync<ArgumentException>(new ImageGenerationRequest { Prompt = "p", Model = ConcurredModels.Imagen4Ultra, Height = 1024 });

        // Assert
        ex.ParamName.Should().Be("Height");
        ex.Message.Should().Contain("concurred:imagen-4-ultra");
    }

    [Theory]
    [InlineData(ConcurredModels.Flux2Pro)]
    [InlineData(ConcurredModels.Flux2Klein)]
    [InlineData(ConcurredModels.Flux11Pro)]
    public async Task GenerateAsync_AspectRatioOnFlux_ThrowsArgumentException(string model)
    {
        // Act
        var ex = await GenerateRejectedAsync<ArgumentException>(new ImageGenerationRequest { Prompt = "p", Model = model, AspectRatio = ImageAspectRatio.Square });

        // Assert
        ex.ParamName.Should().Be("AspectRatio");
        ex.Message.Should().Contain(model);
    }

    [Fact]
    public async Task GenerateAsync_CountTwoOnFlux_ThrowsArgumentException()
    {
        // Act
        var ex = await GenerateRejectedAsync<ArgumentException>(new ImageGenerationRequest { Prompt = "p", Model = ConcurredModels.Flux2Pro, Count = 2 });

        // Assert
        ex.ParamName.Should().Be("Count");
        ex.Message.Should().Contain("concurred:flux-2-pro");
    }

    [Fact]
    public async Task GenerateAsync_CountTwoOnFal_ThrowsArgumentException()
    {
        // Act
        var ex = await GenerateRejectedAsync<ArgumentException>(new ImageGenerationRequest { Prompt = "p", Model = ConcurredModels.QwenImage, Count = 2 });

        // Assert
        ex.ParamName.Should().Be("Count");
    }

    [Theory]
    [InlineData(5)]
    [InlineData(100)]
    public async Task GenerateAsync_CountAboveFourOnImagen_ThrowsOutOfRange(int count)
    {
        // Act
        var ex = await GenerateRejectedAsync<ArgumentOutOfRangeException>(new ImageGenerationRequest { Prompt = "p", Model = ConcurredModels.Imagen4, Count = count });

        // Assert
        ex.ParamName.Should().Be("Count");
        ex.ActualValue.Should().Be(count);
        ex.Message.Should().Contain("between 1 and 4");
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public async Task GenerateAsync_CountBelowOne_ThrowsOutOfRange(int count)
    {
        // Act
        var ex = await GenerateRejectedAsync<ArgumentOutOfRangeException>(new ImageGenerationRequest { Prompt = "p", Model = ConcurredModels.Imagen4, Count = count });

        // Assert
        ex.ParamName.Should().Be("Count");
    }

    [Theory]
    [InlineData(100)]
    [InlineData(255)]
    [InlineData(2049)]
    [InlineData(4096)]
    public async Task GenerateAsync_WidthOutOfRangeOnFlux_ThrowsOutOfRange(int width)
    {
        // Act
        var ex = await GenerateRejectedAsync<ArgumentOutOfRangeException>(new ImageGenerationRequest { Prompt = "p", Model = ConcurredModels.Flux2Pro, Width = width });

        // Assert
        ex.ParamName.Should().Be("Width");
        ex.Message.Should().Contain("256").And.Contain("2048");
    }

    [Theory]
    [InlineData(100)]
    [InlineData(4096)]
    public async Task GenerateAsync_HeightOutOfRangeOnFal_ThrowsOutOfRange(int height)
    {
        // Act
        var ex = await GenerateRejectedAsync<ArgumentOutOfRangeException>(new ImageGenerationRequest { Prompt = "p", Model = ConcurredModels.IdeogramV3, Height = height });

        // Assert
        ex.ParamName.Should().Be("Height");
    }

    [Theory]
    [InlineData("21:9")]
    [InlineData("2:3")]
    [InlineData("16:10")]
    public async Task GenerateAsync_UnsupportedAspectOnImagen_ThrowsListingAllowedRatios(string ratio)
    {
        // Act
        var ex = await GenerateRejectedAsync<ArgumentException>(new ImageGenerationRequest { Prompt = "p", Model = ConcurredModels.Imagen4, AspectRatio = new ImageAspectRatio(ratio) });

        // Assert
        ex.ParamName.Should().Be("AspectRatio");
        ex.Message.Should().Contain(ratio);
        foreach (var allowed in new[] { "1:1", "3:4", "4:3", "9:16", "16:9" })
        {
            ex.Message.Should().Contain(allowed);
        }
    }

    [Fact]
    public async Task GenerateAsync_UnsupportedAspectOnFal_ThrowsArgumentException()
    {
        // Act
        var ex = await GenerateRejectedAsync<ArgumentException>(new ImageGenerationRequest { Prompt = "p", Model = ConcurredModels.RecraftV3, AspectRatio = new ImageAspectRatio("21:9") });

        // Assert
        ex.ParamName.Should().Be("AspectRatio");
    }

    [Theory]
    [InlineData(ConcurredModels.Flux2Pro)]
    [InlineData(ConcurredModels.RecraftV4)]
    public async Task GenerateAsync_ImageSizeOnNonImagen_ThrowsArgumentException(string model)
    {
        // Act
        var ex = await GenerateRejectedAsync<ArgumentException>(new ImageGenerationRequest
        {
            Prompt = "p",
            Model = model,
            ProviderOptions = new ConcurredImageOptions { ImageSize = ConcurredImageSize.OneK },
        });

        // Assert
        ex.ParamName.Should().Be("ConcurredImageOptions.ImageSize");
        ex.Message.Should().Contain(model);
    }

    [Fact]
    public async Task GenerateAsync_UnknownImageSizeOnImagen_ThrowsArgumentException()
    {
        // Act
        var ex = await GenerateRejectedAsync<ArgumentException>(new ImageGenerationRequest
        {
            Prompt = "p",
            Model = ConcurredModels.Imagen4,
            ProviderOptions = new ConcurredImageOptions { ImageSize = new ConcurredImageSize("4K") },
        });

        // Assert
        ex.ParamName.Should().Be("ConcurredImageOptions.ImageSize");
        ex.Message.Should().Contain("4K").And.Contain("1K").And.Contain("2K");
    }

    [Theory]
    [InlineData(ConcurredModels.RecraftV4)]
    [InlineData(ConcurredModels.StableDiffusion35)]
    [InlineData(ConcurredModels.Imagen4)]
    public async Task GenerateAsync_SeedOnNonFlux_ThrowsArgumentException(string model)
    {
        // Act
        var ex = await GenerateRejectedAsync<ArgumentException>(new ImageGenerationRequest { Prompt = "p", Model = model, Seed = 7 });

        // Assert
        ex.ParamName.Should().Be("Seed");
        ex.Message.Should().Contain(model);
    }

    [Theory]
    [InlineData(null)]
    [InlineData(ConcurredModels.QwenImageEdit)]
    [InlineData(ConcurredModels.Seedream5)]
    public async Task EditAsync_SeedOnNonKontextModel_ThrowsArgumentException(string? model)
    {
        // Act
        var ex = await EditRejectedAsync<ArgumentException>(new ImageEditRequest { Prompt = "p", Model = model, Image = Source, Seed = 7 });

        // Assert
        ex.ParamName.Should().Be("Seed");
        ex.Message.Should().Contain(model ?? ConcurredModels.QwenImageEdit);
    }

    [Theory]
    [InlineData(-1L)]
    [InlineData(4_294_967_296L)]
    public async Task GenerateAsync_SeedOutOfRange_ThrowsOutOfRange(long seed)
    {
        // Act
        var ex = await GenerateRejectedAsync<ArgumentOutOfRangeException>(new ImageGenerationRequest { Prompt = "p", Seed = seed });

        // Assert
        ex.ParamName.Should().Be("Seed");
    }

    public static TheoryData<string, string?> FieldsNoModelTakes => new()
    {
        { "NegativePrompt", null },
        { "NegativePrompt", ConcurredModels.Imagen4 },
        { "OutputFormat", null },
        { "OutputFormat", ConcurredModels.RecraftV4 },
        { "WebhookUrl", null },
        { "WebhookUrl", ConcurredModels.Imagen4Fast },
        { "IdempotencyKey", null },
        { "IdempotencyKey", ConcurredModels.QwenImage },
    };

    [Theory]
    [MemberData(nameof(FieldsNoModelTakes))]
    public async Task GenerateAsync_FieldNoConcurredModelTakes_ThrowsNamingField(string field, string? model)
    {
        // Arrange
        var request = WithField(new ImageGenerationRequest { Prompt = "p", Model = model }, field);

        // Act
        var ex = await GenerateRejectedAsync<ArgumentException>(request);

        // Assert
        ex.ParamName.Should().Be(field);
        ex.Message.Should().Contain(model ?? ConcurredModels.Flux2Pro);
    }

    [Theory]
    [InlineData("NegativePrompt")]
    [InlineData("OutputFormat")]
    [InlineData("WebhookUrl")]
    [InlineData("IdempotencyKey")]
    public async Task EditAsync_FieldNoConcurredModelTakes_ThrowsNamingField(string field)
    {
        // Arrange
        var request = WithField(new ImageEditRequest { Prompt = "p", Model = ConcurredModels.FluxKontext, Image = Source }, field);

        // Act
        var ex = await EditRejectedAsync<ArgumentException>(request);

        // Assert
        ex.ParamName.Should().Be(field);
    }

    [Theory]
    [InlineData("Width")]
    [InlineData("Height")]
    [InlineData("AspectRatio")]
    [InlineData("Count")]
    public async Task EditAsync_GenerationOnlyField_ThrowsNamingField(string field)
    {
        // Arrange
        var request = new ImageEditRequest { Prompt = "p", Model = ConcurredModels.FluxKontext, Image = Source };
        request = field switch
        {
            "Width" => request with { Width = 1024 },
            "Height" => request with { Height = 1024 },
            "AspectRatio" => request with { AspectRatio = ImageAspectRatio.Square },
            _ => request with { Count = 2 },
        };

        // Act
        var ex = await EditRejectedAsync<ArgumentException>(request);

        // Assert
        ex.ParamName.Should().Be(field);
        ex.Message.Should().Contain("concurred:flux-kontext");
    }

    [Fact]
    public async Task EditAsync_ImageSize_ThrowsArgumentException()
    {
        // Act
        var ex = await EditRejectedAsync<ArgumentException>(new ImageEditRequest
        {
            Prompt = "p",
            Image = Source,
            ProviderOptions = new ConcurredImageOptions { ImageSize = ConcurredImageSize.TwoK },
        });

        // Assert
        ex.ParamName.Should().Be("ConcurredImageOptions.ImageSize");
    }

    [Theory]
    [InlineData(ConcurredModels.Flux2Pro)]
    [InlineData(ConcurredModels.Imagen4)]
    [InlineData("recraft-v4")]
    public async Task EditAsync_GenerationModel_ThrowsArgumentException(string model)
    {
        // Act
        var ex = await EditRejectedAsync<ArgumentException>(new ImageEditRequest { Prompt = "p", Model = model, Image = Source });

        // Assert
        ex.ParamName.Should().Be("Model");
        ex.Message.Should().Contain("generation model").And.Contain("GenerateAsync");
    }

    [Theory]
    [InlineData(ConcurredModels.FluxKontext)]
    [InlineData(ConcurredModels.QwenImageEdit)]
    [InlineData("seedream-5")]
    public async Task GenerateAsync_EditModel_ThrowsArgumentException(string model)
    {
        // Act
        var ex = await GenerateRejectedAsync<ArgumentException>(new ImageGenerationRequest { Prompt = "p", Model = model });

        // Assert
        ex.ParamName.Should().Be("Model");
        ex.Message.Should().Contain("edit model").And.Contain("EditAsync");
    }

    [Theory]
    [InlineData("kie:flux-kontext-pro")]
    [InlineData("openai:gpt-image-1")]
    public async Task GenerateAsync_OtherProvidersModel_ThrowsArgumentException(string model)
    {
        // Act
        var ex = await GenerateRejectedAsync<ArgumentException>(new ImageGenerationRequest { Prompt = "p", Model = model });

        // Assert
        ex.ParamName.Should().Be("Model");
        ex.Message.Should().Contain(model);
    }

    [Theory]
    [InlineData(":flux-2-pro")]
    [InlineData("concurred:")]
    [InlineData(":")]
    public async Task GenerateAsync_MalformedModelId_ThrowsArgumentException(string model)
    {
        // Act
        var ex = await GenerateRejectedAsync<ArgumentException>(new ImageGenerationRequest { Prompt = "p", Model = model });

        // Assert
        ex.ParamName.Should().Be("Model");
        ex.Message.Should().Contain("malformed");
    }

    [Fact]
    public async Task EditAsync_OtherProvidersModel_ThrowsArgumentException()
    {
        // Act
        var ex = await EditRejectedAsync<ArgumentException>(new ImageEditRequest { Prompt = "p", Model = "kie:flux-kontext-pro", Image = Source });

        // Assert
        ex.ParamName.Should().Be("Model");
    }

    [Fact]
    public async Task EditAsync_ImageFromBytes_ThrowsSayingAPublicUrlIsNeeded()
    {
        // Act
        var ex = await EditRejectedAsync<ArgumentException>(new ImageEditRequest { Prompt = "p", Image = ImageInput.FromBytes(SampleImages.Png) });

        // Assert
        ex.ParamName.Should().Be("Image");
        ex.Message.Should().Contain("public URL").And.Contain("bytes");
    }

    [Fact]
    public async Task EditAsync_ImageFromStream_ThrowsSayingAPublicUrlIsNeeded()
    {
        // Arrange
        using var stream = new MemoryStream(SampleImages.Png);

        // Act
        var ex = await EditRejectedAsync<ArgumentException>(new ImageEditRequest { Prompt = "p", Image = ImageInput.FromStream(stream) });

        // Assert
        ex.ParamName.Should().Be("Image");
        ex.Message.Should().Contain("public URL").And.Contain("stream");
        stream.Position.Should().Be(0, "the stream is not read");
    }

    [Fact]
    public async Task EditAsync_ImageFromFile_ThrowsSayingAPublicUrlIsNeeded()
    {
        // Arrange
        var path = Path.Combine(Path.GetTempPath(), $"concurred-edit-{Guid.NewGuid():N}.png");
        await File.WriteAllBytesAsync(path, SampleImages.Png);
        try
        {
            // Act
            var ex = await EditRejectedAsync<ArgumentException>(new ImageEditRequest { Prompt = "p", Image = ImageInput.FromFile(path) });

            // Assert
            ex.ParamName.Should().Be("Image");
            ex.Message.Should().Contain("public URL").And.Contain("local file");
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task EditAsync_NullImage_ThrowsArgumentException()
    {
        // Act
        var ex = await EditRejectedAsync<ArgumentException>(new ImageEditRequest { Prompt = "p", Image = null! });

        // Assert
        ex.ParamName.Should().Be("Image");
    }

    private static T WithField<T>(T request, string field)
        where T : ImageRequest => field switch
        {
            "NegativePrompt" => (T)(request with { NegativePrompt = "blurry" }),
            "OutputFormat" => (T)(request with { OutputFormat = ImageOutputFormat.Png }),
            "WebhookUrl" => (T)(request with { WebhookUrl = new Uri("https://hooks.example.com/done") }),
            "IdempotencyKey" => (T)(request with { IdempotencyKey = "idem-1" }),
            _ => throw new ArgumentOutOfRangeException(nameof(field), field, "Unknown field."),
        };
}
