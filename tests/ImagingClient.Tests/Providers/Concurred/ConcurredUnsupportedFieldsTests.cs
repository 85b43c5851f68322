using ImagingClient.Providers.Concurred;

namespace ImagingClient.Tests.Providers.Concurred;

/// <summary>UnsupportedFields = WarnAndDrop, and models that are not in the catalog.</summary>
public sealed class ConcurredUnsupportedFieldsTests
{
    private static void WarnAndDrop(ConcurredClientOptions options) => options.UnsupportedFields = UnsupportedFieldHandling.WarnAndDrop;

    [Fact]
    public async Task GenerateAsync_WidthOnImagenWithWarnAndDrop_DropsWidthAndWarns()
    {
        // Arrange
        using var api = new ConcurredApi();
        api.OnPost(ConcurredApi.GenerateUrl, () => ConcurredApi.Json(ConcurredApi.UrlResponse("imagen-4", "google")));
        using var client = api.CreateClient(WarnAndDrop);

        // Act
        var result = await client.GenerateAsync(new ImageGenerationRequest
        {
            Prompt = "p",
            Model = ConcurredModels.Imagen4,
            Width = 1024,
            AspectRatio = ImageAspectRatio.Portrait9x16,
        });

        // Assert
        JsonAssert.Equivalent(api.To(ConcurredApi.GenerateUrl).Single().Body, """{"prompt":"p","model":"imagen-4","aspect_ratio":"9:16"}""");
        result.Warnings.Should().ContainSingle().Which.Should().Contain("concurred:imagen-4").And.Contain("Width").And.Contain("not sent");
    }

    [Fact]
    public async Task GenerateAsync_SeveralUnsupportedFieldsWithWarnAndDrop_DropsEachWithItsOwnWarning()
    {
        // Arrange
        using var api = new ConcurredApi();
        api.OnPost(ConcurredApi.GenerateUrl, () => ConcurredApi.Json(ConcurredApi.UrlResponse()));
        using var client = api.CreateClient(WarnAndDrop);

        // Act
        var result = await client.GenerateAsync(new ImageGenerationRequest
        {
            Prompt = "p",
            Model = ConcurredModels.Flux2Pro,
            Width = 512,
            AspectRatio = ImageAspectRatio.Square,
            Count = 2,
            NegativePrompt = "blurry",
            OutputFormat = ImageOutputFormat.Webp,
            WebhookUrl = new Uri("https://hooks.example.com/x"),
            IdempotencyKey = "k",
            ProviderOptions = new ConcurredImageOptions { ImageSize = ConcurredImageSize.TwoK },
        });

        // Assert
        JsonAssert.Equivalent(api.To(ConcurredApi.GenerateUrl).Single().Body, """{"prompt":"p","model":"flux-2-pro","width":512}""");
        result.Warnings.Should().HaveCount(7);
        foreach (var field in new[] { "AspectRatio", "Count", "ImageSize", "NegativePrompt", "OutputFormat", "WebhookUrl", "IdempotencyKey" })
        {
            result.Warnings.Should().ContainSingle(w => w.Contains(field, StringComparison.Ordinal), field + " was dropped");
        }

        result.Warnings.Should().OnlyContain(w => w.Contains("concurred:flux-2-pro", StringComparison.Ordinal));
    }

    [Fact]
    public async Task EditAsync_SeedOnQwenEditWithWarnAndDrop_DropsSeedAndWarns()
    {
        // Arrange
        using var api = new ConcurredApi();
        api.OnPost(ConcurredApi.EditUrl, () => ConcurredApi.Json(ConcurredApi.UrlResponse("qwen-image-edit", "fal")));
        using var client = api.CreateClient(WarnAndDrop);

        // Act
        var result = await client.EditAsync(new ImageEditRequest
        {
            Prompt = "p",
            Model = ConcurredModels.QwenImageEdit,
            Image = ImageInput.FromUri("https://example.com/photo.jpg"),
            Seed = 9,
            Width = 1024,
        });

        // Assert
        JsonAssert.Equivalent(
            api.To(ConcurredApi.EditUrl).Single().Body,
            """{"prompt":"p","model":"qwen-image-edit","image_url":"https://example.com/photo.jpg"}""");
        result.Warnings.Should().HaveCount(2);
        result.Warnings.Should().Contain(w => w.Contains("Seed", StringComparison.Ordinal) && w.Contains("concurred:qwen-image-edit", StringComparison.Ordinal));
        result.Warnings.Should().Contain(w => w.Contains("Width", StringComparison.Ordinal));
    }

    [Fact]
    public async Task GenerateAsync_OutOfRangeValueWithWarnAndDrop_StillThrows()
    {
        // Arrange
        using var api = new ConcurredApi();
        using var client = api.CreateClient(WarnAndDrop);

        // Act
        var act = () => client.GenerateAsync(new ImageGenerationRequest { Prompt = "p", Model = ConcurredModels.Flux2Pro, Width = 4096 });

        // Assert
        await act.Should().ThrowExactlyAsync<ArgumentOutOfRangeException>();
        api.Requests.Should().BeEmpty();
    }

    [Fact]
    public async Task GenerateAsync_UnsupportedAspectOnImagenWithWarnAndDrop_StillThrows()
    {
        // Arrange
        using var api = new ConcurredApi();
        using var client = api.CreateClient(WarnAndDrop);

        // Act
        var act = () => client.GenerateAsync(new ImageGenerationRequest { Prompt = "p", Model = ConcurredModels.Imagen4, AspectRatio = new ImageAspectRatio("21:9") });

        // Assert
        (await act.Should().ThrowExactlyAsync<ArgumentException>()).Which.ParamName.Should().Be("AspectRatio");
        api.Requests.Should().BeEmpty();
    }

    [Fact]
    public async Task GenerateAsync_WrongOperationModelWithWarnAndDrop_StillThrows()
    {
        // Arrange
        using var api = new ConcurredApi();
        using var client = api.CreateClient(WarnAndDrop);

        // Act
        var act = () => client.GenerateAsync(new ImageGenerationRequest { Prompt = "p", Model = ConcurredModels.FluxKontext });

        // Assert
        (await act.Should().ThrowExactlyAsync<ArgumentException>()).Which.ParamName.Should().Be("Model");
        api.Requests.Should().BeEmpty();
    }

    [Theory]
    [InlineData(UnsupportedFieldHandling.WarnAndDrop)]
    [InlineData(UnsupportedFieldHandling.Throw)]
    public async Task GenerateAsync_UncataloguedModel_PassesEveryFieldThroughWithWarning(UnsupportedFieldHandling handling)
    {
        // Arrange
        using var api = new ConcurredApi();
        api.OnPost(ConcurredApi.GenerateUrl, () => ConcurredApi.Json(ConcurredApi.UrlResponse("flux-3-ultra")));
        using var client = api.CreateClient(o => o.UnsupportedFields = handling);

        // Act
        var result = await client.GenerateAsync(new ImageGenerationRequest
        {
            Prompt = "p",
            Model = "concurred:flux-3-ultra",
            Width = 3000,
            Height = 1000,
            AspectRatio = new ImageAspectRatio("21:9"),
            Count = 6,
            Seed = 5,
            ProviderOptions = new ConcurredImageOptions { ImageSize = new ConcurredImageSize("4K") },
        });

        // Assert
        JsonAssert.Equivalent(
            api.To(ConcurredApi.GenerateUrl).Single().Body,
            """
            {
              "prompt": "p",
              "model": "flux-3-ultra",
              "width": 3000,
              "height": 1000,
              "aspect_ratio": "21:9",
              "num_images": 6,
              "image_size": "4K",
              "seed": 5
            }
            """);
        result.Warnings.Should().ContainSingle().Which.Should().Contain("concurred:flux-3-ultra").And.Contain("catalog");
        result.Model.Should().Be("flux-3-ultra");
    }

    [Fact]
    public async Task EditAsync_UncataloguedModel_PassesSeedThroughWithWarning()
    {
        // Arrange
        using var api = new ConcurredApi();
        api.OnPost(ConcurredApi.EditUrl, () => ConcurredApi.Json(ConcurredApi.UrlResponse("flux-kontext-max", "flux")));
        using var client = api.CreateClient(WarnAndDrop);

        // Act
        var result = await client.EditAsync(new ImageEditRequest
        {
            Prompt = "p",
            Model = "concurred:flux-kontext-max",
            Image = ImageInput.FromUri("https://example.com/photo.jpg"),
            Seed = 11,
        });

        // Assert
        JsonAssert.Equivalent(
            api.To(ConcurredApi.EditUrl).Single().Body,
            """{"prompt":"p","model":"flux-kontext-max","image_url":"https://example.com/photo.jpg","seed":11}""");
        result.Warnings.Should().ContainSingle().Which.Should().Contain("catalog");
        result.Images.Single().Should().BeOfType<RemoteGeneratedImage>().Which.ExpiresAt.Should().NotBeNull("the response says the provider is flux");
    }

    [Fact]
    public async Task GenerateAsync_UncataloguedModelWithNonPositiveWidth_Throws()
    {
        // Arrange
        using var api = new ConcurredApi();
        using var client = api.CreateClient(WarnAndDrop);

        // Act
        var act = () => client.GenerateAsync(new ImageGenerationRequest { Prompt = "p", Model = "concurred:flux-3-ultra", Width = 0 });

        // Assert
        (await act.Should().ThrowExactlyAsync<ArgumentOutOfRangeException>()).Which.ParamName.Should().Be("Width");
        api.Requests.Should().BeEmpty();
    }
}
