using System.Net;
using ImagingClient.Providers.Concurred;

namespace ImagingClient.Tests.Providers.Concurred;

/// <summary>How Concurred's success responses become an <see cref="ImageResult"/>.</summary>
public sealed class ConcurredResponseTests
{
    private static readonly ImageGenerationRequest Imagen = new() { Prompt = "p", Model = ConcurredModels.Imagen4 };

    [Fact]
    public async Task GenerateAsync_DocsUrlResponse_ReturnsRemoteImageWithRequestIdAndModel()
    {
        // Arrange
        using var api = new ConcurredApi();
        api.OnPost(ConcurredApi.GenerateUrl, () => ConcurredApi.Json("""
            {
              "success": true,
              "data": {
                "model": "flux-2-pro",
                "provider": "flux",
                "images": [ { "url": "https://signed-url.example.com/image.png" } ]
              },
              "meta": { "requestId": "req_abc123", "timestamp": "2026-03-29T00:00:00.000Z" }
            }
            """));
        using var client = api.CreateClient();

        // Act
        var result = await client.GenerateAsync(new ImageGenerationRequest { Prompt = "A cat astronaut" });

        // Assert
        var image = result.Images.Should().ContainSingle().Which.Should().BeOfType<RemoteGeneratedImage>().Subject;
        image.Url.Should().Be(new Uri("https://signed-url.example.com/image.png"));
        image.MediaType.Should().BeNull("nothing has been downloaded yet");
        result.RequestId.Should().Be("req_abc123");
        result.Model.Should().Be("flux-2-pro");
        result.Provider.Should().Be("concurred");
        result.JobId.Should().BeNull();
        result.Warnings.Should().BeEmpty();
        result.RateLimit.Should().BeNull("no rate-limit headers were sent");
        api.Requests.Should().ContainSingle("the image is not downloaded until asked for");
    }

    [Fact]
    public async Task GenerateAsync_ModelInResponse_IsReportedOverTheRequestedOne()
    {
        // Arrange
        using var api = new ConcurredApi();
        api.OnPost(ConcurredApi.GenerateUrl, () => ConcurredApi.Json(ConcurredApi.UrlResponse(model: "flux-2-pro-2026-03")));
        using var client = api.CreateClient();

        // Act
        var result = await client.GenerateAsync(new ImageGenerationRequest { Prompt = "p" });

        // Assert
        result.Model.Should().Be("flux-2-pro-2026-03");
    }

    [Fact]
    public async Task EditAsync_DocsResponseWithoutMeta_ReturnsImageWithoutRequestId()
    {
        // Arrange
        using var api = new ConcurredApi();
        api.OnPost(ConcurredApi.EditUrl, () => ConcurredApi.Json("""
            {
              "success": true,
              "data": {
                "model": "qwen-image-edit",
                "provider": "fal",
                "images": [ { "url": "https://fal-cdn.example.com/edited.png" } ]
              }
            }
            """));
        using var client = api.CreateClient();

        // Act
        var result = await client.EditAsync(new ImageEditRequest { Prompt = "Change the sky", Image = ImageInput.FromUri("https://example.com/photo.jpg") });

        // Assert
        result.RequestId.Should().BeNull();
        result.Model.Should().Be("qwen-image-edit");
        result.Provider.Should().Be("concurred");
        var image = result.Images.Should().ContainSingle().Which.Should().BeOfType<RemoteGeneratedImage>().Subject;
        image.Url.Should().Be(new Uri("https://fal-cdn.example.com/edited.png"));
        image.ExpiresAt.Should().BeNull("fal.ai URLs have no documented lifetime");
    }

    [Fact]
    public async Task GenerateAsync_NoMetaButRequestIdHeader_UsesTheHeader()
    {
        // Arrange
        using var api = new ConcurredApi();
        api.OnPost(ConcurredApi.GenerateUrl, () => ConcurredApi.Json(ConcurredApi.UrlResponse(requestId: null), HttpStatusCode.OK, ("X-Request-Id", "req_from_header")));
        using var client = api.CreateClient();

        // Act
        var result = await client.GenerateAsync(new ImageGenerationRequest { Prompt = "p" });

        // Assert
        result.RequestId.Should().Be("req_from_header");
    }

    [Fact]
    public async Task GenerateAsync_ImagenBase64Items_ReturnInlineImagesWithOriginalBytes()
    {
        // Arrange
        var first = SampleImages.Png;
        var second = SampleImages.Jpeg;
        using var api = new ConcurredApi();
        api.OnPost(ConcurredApi.GenerateUrl, () => ConcurredApi.Json($$"""
            {
              "success": true,
              "data": {
                "model": "imagen-4",
                "provider": "google",
                "images": [
                  { "base64": "{{Convert.ToBase64String(first)}}", "mimeType": "image/png" },
                  { "base64": "{{Convert.ToBase64String(second)}}", "mimeType": "image/jpeg" }
                ]
              },
              "meta": { "requestId": "req_imagen" }
            }
            """));
        using var client = api.CreateClient();

        // Act
        var result = await client.GenerateAsync(Imagen with { Count = 2 });

        // Assert
        result.Images.Should().HaveCount(2).And.AllBeOfType<InlineGeneratedImage>();
        var png = (InlineGeneratedImage)result.Images[0];
        png.Data.ToArray().Should().Equal(first);
        png.MediaType.Should().Be("image/png");
        var jpeg = (InlineGeneratedImage)result.Images[1];
        jpeg.Data.ToArray().Should().Equal(second);
        jpeg.MediaType.Should().Be("image/jpeg");
        (await png.GetBytesAsync()).ToArray().Should().Equal(first);
        result.RequestId.Should().Be("req_imagen");
        api.Requests.Should().ContainSingle("inline images need no download");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task GenerateAsync_Base64WithoutMimeType_SniffsMediaTypeFromBytes(bool jpeg)
    {
        // Arrange
        var bytes = jpeg ? SampleImages.Jpeg : SampleImages.Png;
        using var api = new ConcurredApi();
        api.OnPost(ConcurredApi.GenerateUrl, () => ConcurredApi.Json($$"""
            {"success":true,"data":{"model":"imagen-4","provider":"google","images":[{"base64":"{{Convert.ToBase64String(bytes)}}"} ] } }
            """));
        using var client = api.CreateClient();

        // Act
        var result = await client.GenerateAsync(Imagen);

        // Assert
        var image = result.Images.Should().ContainSingle().Which.Should().BeOfType<InlineGeneratedImage>().Subject;
        image.MediaType.Should().Be(jpeg ? "image/jpeg" : "image/png");
        image.Data.ToArray().Should().Equal(bytes);
    }

    [Fact]
    public async Task GenerateAsync_Base64WithEscapedSlashes_DecodesTheOriginalBytes()
    {
        // Arrange
        var bytes = SampleImages.WithSlashes;
        var base64 = Convert.ToBase64String(bytes);
        base64.Should().Contain("/", "the test needs a payload with slashes to escape");
        var escaped = base64.Replace("/", "\\/", StringComparison.Ordinal).Replace("+", "\\u002B", StringComparison.Ordinal);
        using var api = new ConcurredApi();
        api.OnPost(ConcurredApi.GenerateUrl, () => ConcurredApi.Json($$"""
            {"success":true,"data":{"model":"imagen-4","provider":"google","images":[{"base64":"{{escaped}}","mimeType":"image\/png"} ] } }
            """));
        using var client = api.CreateClient();

        // Act
        var result = await client.GenerateAsync(Imagen);

        // Assert
        var image = result.Images.Should().ContainSingle().Which.Should().BeOfType<InlineGeneratedImage>().Subject;
        image.Data.ToArray().Should().Equal(bytes);
        image.MediaType.Should().Be("image/png");
    }

    [Fact]
    public async Task GenerateAsync_LargeBase64Image_IsDecodedCompletely()
    {
        // Arrange
        var bytes = new byte[300_000];
        SampleImages.Png.CopyTo(bytes, 0);
        for (var i = SampleImages.Png.Length; i < bytes.Length; i++)
        {
            bytes[i] = (byte)(i * 31);
        }

        using var api = new ConcurredApi();
        api.OnPost(ConcurredApi.GenerateUrl, () => ConcurredApi.Json($$"""
            {"success":true,"data":{"model":"imagen-4-ultra","provider":"google","images":[{"mimeType":"image/png","base64":"{{Convert.ToBase64String(bytes)}}"} ] } }
            """));
        using var client = api.CreateClient();

        // Act
        var result = await client.GenerateAsync(new ImageGenerationRequest { Prompt = "p", Model = ConcurredModels.Imagen4Ultra });

        // Assert
        var image = result.Images.Should().ContainSingle().Which.Should().BeOfType<InlineGeneratedImage>().Subject;
        image.Data.Length.Should().Be(bytes.Length);
        image.Data.ToArray().Should().Equal(bytes);
    }

    [Fact]
    public async Task GenerateAsync_FluxUrl_ExpiresTenMinutesAfterReceipt()
    {
        // Arrange
        using var api = new ConcurredApi();
        var sentAt = api.Time.GetUtcNow();
        api.OnPost(ConcurredApi.GenerateUrl, () =>
        {
            // The generation takes 37 s of (fake) time: the lifetime counts from the answer, not the request.
            api.Time.Advance(TimeSpan.FromSeconds(37));
            return ConcurredApi.Json(ConcurredApi.UrlResponse());
        });
        using var client = api.CreateClient();

        // Act
        var result = await client.GenerateAsync(new ImageGenerationRequest { Prompt = "p" });

        // Assert
        var image = result.Images.Should().ContainSingle().Which.Should().BeOfType<RemoteGeneratedImage>().Subject;
        image.ExpiresAt.Should().Be(sentAt + TimeSpan.FromSeconds(37) + TimeSpan.FromMinutes(10));
    }

    [Fact]
    public async Task EditAsync_FluxKontextUrl_ExpiresTenMinutesAfterReceipt()
    {
        // Arrange
        using var api = new ConcurredApi();
        var now = api.Time.GetUtcNow();
        api.OnPost(ConcurredApi.EditUrl, () => ConcurredApi.Json(ConcurredApi.UrlResponse("flux-kontext", "flux")));
        using var client = api.CreateClient();

        // Act
        var result = await client.EditAsync(new ImageEditRequest { Prompt = "p", Model = ConcurredModels.FluxKontext, Image = ImageInput.FromUri("https://example.com/a.png") });

        // Assert
        result.Images.Single().Should().BeOfType<RemoteGeneratedImage>().Which.ExpiresAt.Should().Be(now + TimeSpan.FromMinutes(10));
    }

    [Theory]
    [InlineData("concurred:recraft-v4", "recraft-v4")]
    [InlineData("concurred:ideogram-v3", "ideogram-v3")]
    [InlineData("concurred:sd-3.5", "sd-3.5")]
    public async Task GenerateAsync_FalUrl_HasNoExpiry(string model, string wireModel)
    {
        // Arrange
        using var api = new ConcurredApi();
        api.OnPost(ConcurredApi.GenerateUrl, () => ConcurredApi.Json(ConcurredApi.UrlResponse(wireModel, "fal", "https://fal-cdn.example.com/out.png")));
        using var client = api.CreateClient();

        // Act
        var result = await client.GenerateAsync(new ImageGenerationRequest { Prompt = "p", Model = model });

        // Assert
        var image = result.Images.Should().ContainSingle().Which.Should().BeOfType<RemoteGeneratedImage>().Subject;
        image.ExpiresAt.Should().BeNull();
        image.Url.Should().Be(new Uri("https://fal-cdn.example.com/out.png"));
    }

    [Fact]
    public async Task GenerateAsync_RateLimitHeaders_AreReportedOnTheResult()
    {
        // Arrange
        using var api = new ConcurredApi();
        api.OnPost(ConcurredApi.GenerateUrl, () => ConcurredApi.Json(
            ConcurredApi.UrlResponse(),
            HttpStatusCode.OK,
            ("X-RateLimit-Limit", "60"),
            ("X-RateLimit-Remaining", "59"),
            ("X-RateLimit-Reset", "1795305600")));
        using var client = api.CreateClient();

        // Act
        var result = await client.GenerateAsync(new ImageGenerationRequest { Prompt = "p" });

        // Assert
        result.RateLimit.Should().Be(new RateLimitInfo(60, 59, DateTimeOffset.FromUnixTimeSeconds(1795305600)));
        result.RateLimit!.ResetsAt.Should().Be(new DateTimeOffset(2026, 11, 22, 0, 0, 0, TimeSpan.Zero));
    }

    [Fact]
    public async Task GenerateAsync_SuccessFalseWithImages_ReturnsImagesWithWarning()
    {
        // Arrange
        using var api = new ConcurredApi();
        api.OnPost(ConcurredApi.GenerateUrl, () => ConcurredApi.Json(
            """{"success":false,"data":{"model":"flux-2-pro","provider":"flux","images":[{"url":"https://signed-url.example.com/image.png"}]}}"""));
        using var client = api.CreateClient();

        // Act
        var result = await client.GenerateAsync(new ImageGenerationRequest { Prompt = "p" });

        // Assert
        result.Images.Should().ContainSingle();
        result.Warnings.Should().ContainSingle().Which.Should().Contain("success=false");
    }

    [Fact]
    public async Task StartGenerateAsync_SyncProvider_ReturnsCompletedJobWithRequestId()
    {
        // Arrange
        using var api = new ConcurredApi();
        api.OnPost(ConcurredApi.GenerateUrl, () => ConcurredApi.Json(ConcurredApi.UrlResponse()));
        using var client = api.CreateClient();
        var reports = new List<ImageJobProgress>();

        // Act
        var job = await client.StartGenerateAsync(new ImageGenerationRequest { Prompt = "p" });
        var result = await job.WaitForCompletionAsync(new SynchronousProgress(reports));

        // Assert
        job.Id.Should().Be(ConcurredApi.RequestId);
        job.Status.Should().Be(ImageJobStatus.Succeeded);
        job.IsCompleted.Should().BeTrue();
        job.Provider.Should().Be("concurred");
        job.Model.Should().Be("flux-2-pro");
        (await job.UpdateStatusAsync()).Should().Be(ImageJobStatus.Succeeded);
        result.Images.Should().ContainSingle().Which.Should().BeOfType<RemoteGeneratedImage>()
            .Which.Url.Should().Be(new Uri(ConcurredApi.ImageUrl));
        result.RequestId.Should().Be(ConcurredApi.RequestId);
        reports.Should().ContainSingle().Which.Status.Should().Be(ImageJobStatus.Succeeded);
        api.Requests.Should().ContainSingle("waiting for a finished job polls nothing");
    }

    [Fact]
    public async Task StartEditAsync_NoRequestId_ReturnsCompletedJobWithLocalId()
    {
        // Arrange
        using var api = new ConcurredApi();
        api.OnPost(ConcurredApi.EditUrl, () => ConcurredApi.Json(ConcurredApi.UrlResponse("qwen-image-edit", "fal", requestId: null)));
        using var client = api.CreateClient();

        // Act
        var job = await client.StartEditAsync(new ImageEditRequest { Prompt = "p", Image = ImageInput.FromUri("https://example.com/a.png") });
        var result = await job.WaitForCompletionAsync();

        // Assert
        job.Id.Should().StartWith("local_");
        job.Status.Should().Be(ImageJobStatus.Succeeded);
        result.Images.Should().ContainSingle();
    }

    /// <summary>Reports at once, on the caller's thread (unlike <see cref="Progress{T}"/>).</summary>
    private sealed class SynchronousProgress(List<ImageJobProgress> reports) : IProgress<ImageJobProgress>
    {
        public void Report(ImageJobProgress value) => reports.Add(value);
    }
}
