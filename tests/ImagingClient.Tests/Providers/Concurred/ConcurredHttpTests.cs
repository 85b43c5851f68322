using ImagingClient.Tests.TestSupport;

namespace ImagingClient.Tests.Providers.Concurred;

/// <summary>Method, URL and headers of the requests the client sends.</summary>
public sealed class ConcurredHttpTests
{
    [Fact]
    public async Task GenerateAsync_AnyRequest_PostsJsonWithBearerKeyToGenerateEndpoint()
    {
        // Arrange
        using var api = new ConcurredApi();
        api.OnPost(ConcurredApi.GenerateUrl, () => ConcurredApi.Json(ConcurredApi.UrlResponse()));
        using var client = api.CreateClient();

        // Act
        await client.GenerateAsync(new ImageGenerationRequest { Prompt = "p" });

        // Assert
        var request = api.Requests.Should().ContainSingle().Subject;
        request.Method.Should().Be(HttpMethod.Post);
        request.Uri.AbsoluteUri.Should().Be("https://concurred.ai/api/v1/image/generate");
        request.Header("Authorization").Should().Be($"Bearer {TestClients.ConcurredKey}");
        request.Header("X-API-Key").Should().BeNull("the key is sent once, as a bearer token");
        request.ContentType.Should().Be("application/json");
        request.Header("Accept").Should().Be("application/json");
        api.Unexpected.Should().BeEmpty();
    }

    [Fact]
    public async Task EditAsync_AnyRequest_PostsJsonWithBearerKeyToEditEndpoint()
    {
        // Arrange
        using var api = new ConcurredApi();
        api.OnPost(ConcurredApi.EditUrl, () => ConcurredApi.Json(ConcurredApi.UrlResponse("qwen-image-edit", "fal", requestId: null)));
        using var client = api.CreateClient();

        // Act
        await client.EditAsync(new ImageEditRequest { Prompt = "p", Image = ImageInput.FromUri("https://example.com/photo.jpg") });

        // Assert
        var request = api.Requests.Should().ContainSingle().Subject;
        request.Method.Should().Be(HttpMethod.Post);
        request.Uri.AbsoluteUri.Should().Be("https://concurred.ai/api/v1/image/edit");
        request.Header("Authorization").Should().Be($"Bearer {TestClients.ConcurredKey}");
        request.ContentType.Should().Be("application/json");
        api.Unexpected.Should().BeEmpty();
    }

    [Theory]
    [InlineData("https://proxy.example.com/concurred")]
    [InlineData("https://proxy.example.com/concurred/")]
    public async Task GenerateAsync_BaseAddressWithPathPrefix_KeepsThePrefix(string baseAddress)
    {
        // Arrange
        const string expected = "https://proxy.example.com/concurred/api/v1/image/generate";
        using var api = new ConcurredApi();
        api.OnPost(expected, () => ConcurredApi.Json(ConcurredApi.UrlResponse()));
        using var client = api.CreateClient(o => o.BaseAddress = new Uri(baseAddress));

        // Act
        await client.GenerateAsync(new ImageGenerationRequest { Prompt = "p" });

        // Assert
        var request = api.Requests.Should().ContainSingle().Subject;
        request.Uri.AbsoluteUri.Should().Be(expected);
        request.Header("Authorization").Should().Be($"Bearer {TestClients.ConcurredKey}", "the proxy is the configured endpoint");
        api.Unexpected.Should().BeEmpty();
    }

    [Fact]
    public async Task EditAsync_BaseAddressWithPathPrefix_KeepsThePrefix()
    {
        // Arrange
        const string expected = "https://proxy.example.com/concurred/api/v1/image/edit";
        using var api = new ConcurredApi();
        api.OnPost(expected, () => ConcurredApi.Json(ConcurredApi.UrlResponse("qwen-image-edit", "fal")));
        using var client = api.CreateClient(o => o.BaseAddress = new Uri("https://proxy.example.com/concurred"));

        // Act
        await client.EditAsync(new ImageEditRequest { Prompt = "p", Image = ImageInput.FromUri("https://example.com/photo.jpg") });

        // Assert
        api.Requests.Should().ContainSingle().Which.Uri.AbsoluteUri.Should().Be(expected);
        api.Unexpected.Should().BeEmpty();
    }

    [Fact]
    public async Task GenerateAsync_Retried_SendsTheKeyOnEveryAttempt()
    {
        // Arrange
        using var api = new ConcurredApi();
        api.ExpectPost(ConcurredApi.GenerateUrl, () => ConcurredApi.Json(
            ConcurredApi.ErrorResponse("RATE_LIMIT_EXCEEDED", "Slow down", """{"retryAfter":1}"""),
            System.Net.HttpStatusCode.TooManyRequests));
        api.ExpectPost(ConcurredApi.GenerateUrl, () => ConcurredApi.Json(ConcurredApi.UrlResponse()));
        using var client = api.CreateClient();

        // Act
        await client.GenerateAsync(new ImageGenerationRequest { Prompt = "p" });

        // Assert
        api.Requests.Should().HaveCount(2);
        api.Requests.Should().OnlyContain(r => r.Header("Authorization") == $"Bearer {TestClients.ConcurredKey}");
        api.Requests.Select(r => r.Body).Distinct().Should().ContainSingle("a retry sends the same body");
    }
}
