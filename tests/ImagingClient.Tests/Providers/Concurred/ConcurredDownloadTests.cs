using System.Net;

namespace ImagingClient.Tests.Providers.Concurred;

/// <summary>Downloading the URL images Concurred returns.</summary>
public sealed class ConcurredDownloadTests
{
    [Fact]
    public async Task GetBytesAsync_RemoteImage_DownloadsWithoutCredentialsAndCaches()
    {
        // Arrange
        using var api = new ConcurredApi();
        api.OnPost(ConcurredApi.GenerateUrl, () => ConcurredApi.Json(ConcurredApi.UrlResponse()));
        api.OnGet(ConcurredApi.ImageUrl, () => ConcurredApi.Bytes(SampleImages.Png, "image/png"));
        using var client = api.CreateClient();
        var result = await client.GenerateAsync(new ImageGenerationRequest { Prompt = "p" });
        var image = (RemoteGeneratedImage)result.Images.Single();

        // Act
        var first = await image.GetBytesAsync();
        var second = await image.GetBytesAsync();

        // Assert
        first.ToArray().Should().Equal(SampleImages.Png);
        second.ToArray().Should().Equal(SampleImages.Png);
        image.MediaType.Should().Be("image/png");
        var download = api.To(ConcurredApi.ImageUrl).Should().ContainSingle("the second call is served from the cache").Subject;
        download.Method.Should().Be(HttpMethod.Get);
        download.Header("Authorization").Should().BeNull();
        download.Header("X-API-Key").Should().BeNull();
        api.Unexpected.Should().BeEmpty();
    }

    [Fact]
    public async Task GetBytesAsync_ResultOnConcurredHost_StillSendsNoKey()
    {
        // Arrange
        const string url = "https://concurred.ai/files/abc.png?sig=1";
        using var api = new ConcurredApi();
        api.OnPost(ConcurredApi.GenerateUrl, () => ConcurredApi.Json(ConcurredApi.UrlResponse(url: url)));
        api.OnGet(url, () => ConcurredApi.Bytes(SampleImages.Png, "image/png"));
        using var client = api.CreateClient();
        var result = await client.GenerateAsync(new ImageGenerationRequest { Prompt = "p" });

        // Act
        await result.Images.Single().GetBytesAsync();

        // Assert
        var download = api.Requests.Should().ContainSingle(r => r.Method == HttpMethod.Get).Subject;
        download.Uri.AbsoluteUri.Should().Be(url);
        download.Header("Authorization").Should().BeNull("result downloads never carry the API key");
        api.Unexpected.Should().BeEmpty();
    }

    [Fact]
    public async Task GetBytesAsync_GenericContentType_SniffsMediaType()
    {
        // Arrange
        using var api = new ConcurredApi();
        api.OnPost(ConcurredApi.GenerateUrl, () => ConcurredApi.Json(ConcurredApi.UrlResponse()));
        api.OnGet(ConcurredApi.ImageUrl, () => ConcurredApi.Bytes(SampleImages.Jpeg, "application/octet-stream"));
        using var client = api.CreateClient();
        var result = await client.GenerateAsync(new ImageGenerationRequest { Prompt = "p" });
        var image = result.Images.Single();

        // Act
        var bytes = await image.GetBytesAsync();

        // Assert
        bytes.ToArray().Should().Equal(SampleImages.Jpeg);
        image.MediaType.Should().Be("image/jpeg");
    }

    [Fact]
    public async Task SaveAsync_AfterGetBytes_WritesCachedBytesWithoutAnotherRequest()
    {
        // Arrange
        using var api = new ConcurredApi();
        api.OnPost(ConcurredApi.GenerateUrl, () => ConcurredApi.Json(ConcurredApi.UrlResponse()));
        api.OnGet(ConcurredApi.ImageUrl, () => ConcurredApi.Bytes(SampleImages.Png, "image/png"));
        using var client = api.CreateClient();
        var result = await client.GenerateAsync(new ImageGenerationRequest { Prompt = "p" });
        var image = result.Images.Single();
        await image.GetBytesAsync();
        using var destination = new MemoryStream();

        // Act
        await image.SaveAsync(destination);

        // Assert
        destination.ToArray().Should().Equal(SampleImages.Png);
        api.To(ConcurredApi.ImageUrl).Should().ContainSingle();
    }

    [Fact]
    public async Task GetBytesAsync_FluxUrlAfterExpiry_ThrowsResultExpired()
    {
        // Arrange
        using var api = new ConcurredApi();
        api.OnPost(ConcurredApi.GenerateUrl, () => ConcurredApi.Json(ConcurredApi.UrlResponse()));
        api.OnGet(ConcurredApi.ImageUrl, () => ConcurredApi.Text("<Error>Request has expired</Error>", "application/xml", HttpStatusCode.Forbidden));
        using var client = api.CreateClient();
        var result = await client.GenerateAsync(new ImageGenerationRequest { Prompt = "p" });
        api.Time.Advance(TimeSpan.FromMinutes(11));

        // Act
        var act = async () => await result.Images.Single().GetBytesAsync();

        // Assert
        var ex = (await act.Should().ThrowAsync<ImagingApiException>()).Which;
        ex.ErrorCode.Should().Be(ImagingErrorCode.ResultExpired);
        ex.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        ex.Provider.Should().Be("concurred");
    }

    [Fact]
    public async Task GetBytesAsync_ForbiddenBeforeExpiry_ThrowsForbidden()
    {
        // Arrange
        using var api = new ConcurredApi();
        api.OnPost(ConcurredApi.GenerateUrl, () => ConcurredApi.Json(ConcurredApi.UrlResponse()));
        api.OnGet(ConcurredApi.ImageUrl, () => ConcurredApi.Text("denied", "text/plain", HttpStatusCode.Forbidden));
        using var client = api.CreateClient();
        var result = await client.GenerateAsync(new ImageGenerationRequest { Prompt = "p" });

        // Act
        var act = async () => await result.Images.Single().GetBytesAsync();

        // Assert
        var ex = (await act.Should().ThrowAsync<ImagingApiException>()).Which;
        ex.ErrorCode.Should().Be(ImagingErrorCode.Forbidden);
        api.To(ConcurredApi.ImageUrl).Should().ContainSingle("a 403 is not retried");
    }
}
