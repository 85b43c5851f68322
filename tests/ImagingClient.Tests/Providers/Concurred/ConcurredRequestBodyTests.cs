using ImagingClient.Providers.Concurred;

namespace ImagingClient.Tests.Providers.Concurred;

/// <summary>The exact JSON the client sends for each model family.</summary>
public sealed class ConcurredRequestBodyTests
{
    private const string EditSource = "https://example.com/photo.jpg";

    [Fact]
    public async Task GenerateAsync_NoModel_SendsPromptAndDefaultModelOnly()
    {
        // Arrange
        using var api = new ConcurredApi();
        api.OnPost(ConcurredApi.GenerateUrl, () => ConcurredApi.Json(ConcurredApi.UrlResponse()));
        using var client = api.CreateClient();

        // Act
        await client.GenerateAsync(new ImageGenerationRequest { Prompt = "A cat astronaut floating in space, photorealistic" });

        // Assert
        var request = api.To(ConcurredApi.GenerateUrl).Should().ContainSingle().Subject;
        JsonAssert.Equivalent(request.Body, """{"prompt":"A cat astronaut floating in space, photorealistic","model":"flux-2-pro"}""");
        api.Unexpected.Should().BeEmpty();
    }

    [Fact]
    public async Task EditAsync_NoModel_SendsDefaultEditModelAndImageUrl()
    {
        // Arrange
        using var api = new ConcurredApi();
        api.OnPost(ConcurredApi.EditUrl, () => ConcurredApi.Json(ConcurredApi.UrlResponse("qwen-image-edit", "fal", requestId: null)));
        using var client = api.CreateClient();

        // Act
        await client.EditAsync(new ImageEditRequest { Prompt = "Change the sky to a dramatic sunset", Image = ImageInput.FromUri(EditSource) });

        // Assert
        var request = api.To(ConcurredApi.EditUrl).Should().ContainSingle().Subject;
        JsonAssert.Equivalent(
            request.Body,
            """{"prompt":"Change the sky to a dramatic sunset","model":"qwen-image-edit","image_url":"https://example.com/photo.jpg"}""");
        api.Unexpected.Should().BeEmpty();
    }

    [Theory]
    [InlineData("concurred:flux-2-pro")]
    [InlineData("flux-2-pro")]
    [InlineData("Concurred:flux-2-pro")]
    [InlineData(" concurred : flux-2-pro ")]
    public async Task GenerateAsync_PrefixedOrBareModelId_SendsBareModel(string model)
    {
        // Arrange
        using var api = new ConcurredApi();
        api.OnPost(ConcurredApi.GenerateUrl, () => ConcurredApi.Json(ConcurredApi.UrlResponse()));
        using var client = api.CreateClient();

        // Act
        var result = await client.GenerateAsync(new ImageGenerationRequest { Prompt = "p", Model = model });

        // Assert
        JsonAssert.Equivalent(api.To(ConcurredApi.GenerateUrl).Single().Body, """{"prompt":"p","model":"flux-2-pro"}""");
        result.Warnings.Should().BeEmpty("flux-2-pro is in the catalog");
    }

    [Fact]
    public async Task GenerateAsync_ImagenWithAspectCountAndImageSize_SendsImagenFields()
    {
        // Arrange
        using var api = new ConcurredApi();
        api.OnPost(ConcurredApi.GenerateUrl, () => ConcurredApi.Json(ConcurredApi.UrlResponse("imagen-4", "google")));
        using var client = api.CreateClient();

        // Act
        await client.GenerateAsync(new ImageGenerationRequest
        {
            Prompt = "A watercolor painting of a Japanese garden",
            Model = ConcurredModels.Imagen4,
            AspectRatio = ImageAspectRatio.Landscape16x9,
            Count = 3,
            ProviderOptions = new ConcurredImageOptions { ImageSize = ConcurredImageSize.TwoK },
        });

        // Assert
        JsonAssert.Equivalent(
            api.To(ConcurredApi.GenerateUrl).Single().Body,
            """
            {
              "prompt": "A watercolor painting of a Japanese garden",
              "model": "imagen-4",
              "aspect_ratio": "16:9",
              "num_images": 3,
              "image_size": "2K"
            }
            """);
    }

    [Fact]
    public async Task GenerateAsync_ImagenWithCountOne_SendsNumImagesOne()
    {
        // Arrange
        using var api = new ConcurredApi();
        api.OnPost(ConcurredApi.GenerateUrl, () => ConcurredApi.Json(ConcurredApi.UrlResponse("imagen-4-fast", "google")));
        using var client = api.CreateClient();

        // Act
        await client.GenerateAsync(new ImageGenerationRequest { Prompt = "p", Model = ConcurredModels.Imagen4Fast, Count = 1 });

        // Assert
        JsonAssert.Equivalent(api.To(ConcurredApi.GenerateUrl).Single().Body, """{"prompt":"p","model":"imagen-4-fast","num_images":1}""");
    }

    [Fact]
    public async Task GenerateAsync_FalModelWithSizeAndAspect_SendsWidthHeightAndAspectRatio()
    {
        // Arrange
        using var api = new ConcurredApi();
        api.OnPost(ConcurredApi.GenerateUrl, () => ConcurredApi.Json(ConcurredApi.UrlResponse("recraft-v4", "fal")));
        using var client = api.CreateClient();

        // Act
        await client.GenerateAsync(new ImageGenerationRequest
        {
            Prompt = "A poster",
            Model = ConcurredModels.RecraftV4,
            Width = 1536,
            Height = 1024,
            AspectRatio = ImageAspectRatio.Landscape4x3,
        });

        // Assert
        JsonAssert.Equivalent(
            api.To(ConcurredApi.GenerateUrl).Single().Body,
            """{"prompt":"A poster","model":"recraft-v4","width":1536,"height":1024,"aspect_ratio":"4:3"}""");
    }

    [Fact]
    public async Task GenerateAsync_FluxWithSizeAndSeed_SendsWidthHeightAndSeed()
    {
        // Arrange
        using var api = new ConcurredApi();
        api.OnPost(ConcurredApi.GenerateUrl, () => ConcurredApi.Json(ConcurredApi.UrlResponse("flux-1.1-pro")));
        using var client = api.CreateClient();

        // Act
        await client.GenerateAsync(new ImageGenerationRequest
        {
            Prompt = "p",
            Model = ConcurredModels.Flux11Pro,
            Width = 1024,
            Height = 768,
            Seed = 4_000_000_000,
        });

        // Assert
        JsonAssert.Equivalent(
            api.To(ConcurredApi.GenerateUrl).Single().Body,
            """{"prompt":"p","model":"flux-1.1-pro","width":1024,"height":768,"seed":4000000000}""");
    }

    [Theory]
    [InlineData(256)]
    [InlineData(2048)]
    public async Task GenerateAsync_FluxSizeAtLimits_IsSent(int side)
    {
        // Arrange
        using var api = new ConcurredApi();
        api.OnPost(ConcurredApi.GenerateUrl, () => ConcurredApi.Json(ConcurredApi.UrlResponse()));
        using var client = api.CreateClient();

        // Act
        await client.GenerateAsync(new ImageGenerationRequest { Prompt = "p", Width = side, Height = side });

        // Assert
        JsonAssert.Equivalent(
            api.To(ConcurredApi.GenerateUrl).Single().Body,
            $$"""{"prompt":"p","model":"flux-2-pro","width":{{side}},"height":{{side}}}""");
    }

    [Fact]
    public async Task GenerateAsync_FluxWithCountOne_SendsNoNumImages()
    {
        // Arrange
        using var api = new ConcurredApi();
        api.OnPost(ConcurredApi.GenerateUrl, () => ConcurredApi.Json(ConcurredApi.UrlResponse()));
        using var client = api.CreateClient();

        // Act
        var result = await client.GenerateAsync(new ImageGenerationRequest { Prompt = "p", Model = ConcurredModels.Flux2Pro, Count = 1 });

        // Assert
        JsonAssert.Equivalent(api.To(ConcurredApi.GenerateUrl).Single().Body, """{"prompt":"p","model":"flux-2-pro"}""");
        result.Warnings.Should().BeEmpty();
    }

    [Fact]
    public async Task EditAsync_FluxKontextWithSeed_SendsSeed()
    {
        // Arrange
        using var api = new ConcurredApi();
        api.OnPost(ConcurredApi.EditUrl, () => ConcurredApi.Json(ConcurredApi.UrlResponse("flux-kontext")));
        using var client = api.CreateClient();

        // Act
        await client.EditAsync(new ImageEditRequest
        {
            Prompt = "Add sunglasses to the person",
            Model = ConcurredModels.FluxKontext,
            Image = ImageInput.FromUri("https://example.com/portrait.jpg"),
            Seed = 42,
        });

        // Assert
        JsonAssert.Equivalent(
            api.To(ConcurredApi.EditUrl).Single().Body,
            """{"prompt":"Add sunglasses to the person","model":"flux-kontext","image_url":"https://example.com/portrait.jpg","seed":42}""");
    }

    [Fact]
    public async Task EditAsync_CountOne_IsAcceptedAndNotSent()
    {
        // Arrange
        using var api = new ConcurredApi();
        api.OnPost(ConcurredApi.EditUrl, () => ConcurredApi.Json(ConcurredApi.UrlResponse("seedream-5", "fal")));
        using var client = api.CreateClient();

        // Act
        await client.EditAsync(new ImageEditRequest { Prompt = "p", Model = ConcurredModels.Seedream5, Image = ImageInput.FromUri(EditSource), Count = 1 });

        // Assert
        JsonAssert.Equivalent(
            api.To(ConcurredApi.EditUrl).Single().Body,
            """{"prompt":"p","model":"seedream-5","image_url":"https://example.com/photo.jpg"}""");
    }

    [Fact]
    public async Task EditAsync_PresignedSourceUrl_IsSentUnchanged()
    {
        // Arrange
        const string presigned = "https://storage.example.com/bucket/in.png?X-Amz-Credential=AKIA%2F20260329%2Fus-east-1%2Fs3&X-Amz-Expires=600&X-Amz-Signature=0a1b2c%3D";
        using var api = new ConcurredApi();
        api.OnPost(ConcurredApi.EditUrl, () => ConcurredApi.Json(ConcurredApi.UrlResponse("qwen-image-edit", "fal")));
        using var client = api.CreateClient();

        // Act
        await client.EditAsync(new ImageEditRequest { Prompt = "p", Image = ImageInput.FromUri(presigned) });

        // Assert
        var body = System.Text.Json.Nodes.JsonNode.Parse(api.To(ConcurredApi.EditUrl).Single().Body!)!;
        body["image_url"]!.GetValue<string>().Should().Be(presigned);
    }

    [Fact]
    public async Task GenerateAsync_AnyRequest_SendsNoNullValues()
    {
        // Arrange
        using var api = new ConcurredApi();
        api.OnPost(ConcurredApi.GenerateUrl, () => ConcurredApi.Json(ConcurredApi.UrlResponse("imagen-4", "google")));
        using var client = api.CreateClient();

        // Act
        await client.GenerateAsync(new ImageGenerationRequest { Prompt = "p", Model = ConcurredModels.Imagen4, AspectRatio = ImageAspectRatio.Square });

        // Assert
        var body = api.To(ConcurredApi.GenerateUrl).Single().Body;
        body.Should().NotContain("null");
        JsonAssert.Equivalent(body, """{"prompt":"p","model":"imagen-4","aspect_ratio":"1:1"}""");
    }
}
