using ImagingClient.Http;
using ImagingClient.Providers.Concurred;
using RichardSzalay.MockHttp;

namespace ImagingClient.Tests.Http;

public sealed class ApiKeyHandlerTests
{
    private const string Key = "ck_handler_key_9876";

    [Theory]
    [InlineData("https://concurred.ai/api/v1/image/generate", true)]
    [InlineData("https://CONCURRED.ai/api/v1/image/edit", true)]
    [InlineData("https://cdn.concurred.ai/x.png", false)]
    [InlineData("http://concurred.ai/api/v1/image/generate", false)]
    [InlineData("https://concurred.ai:8443/api/v1/image/generate", false)]
    [InlineData("https://evil.example.com/?next=https://concurred.ai/", false)]
    public async Task SendAsync_AttachesTheKeyOnlyToTheProvidersOwnOrigin(string url, bool expectKey)
    {
        // Arrange
        using var mock = new MockHttpMessageHandler();
        string? authorization = null;
        mock.When("*").With(r =>
        {
            authorization = r.Headers.Authorization?.ToString();
            return true;
        }).Respond("text/plain", "ok");
        var options = new ConcurredClientOptions { ApiKey = Key };
        using var handler = new ApiKeyHandler(() => options, ApiKeyPlacement.Bearer, "concurred") { InnerHandler = mock };
        using var invoker = new HttpMessageInvoker(handler);

        // Act
        using var response = await invoker.SendAsync(new HttpRequestMessage(HttpMethod.Get, url), CancellationToken.None);

        // Assert
        authorization.Should().Be(expectKey ? $"Bearer {Key}" : null);
    }

    [Fact]
    public async Task SendAsync_WithHeaderPlacement_SendsXApiKey()
    {
        // Arrange
        using var mock = new MockHttpMessageHandler();
        mock.When("*").WithHeaders("X-API-Key", Key).Respond("text/plain", "ok");
        var options = new ConcurredClientOptions { ApiKey = Key };
        using var handler = new ApiKeyHandler(() => options, ApiKeyPlacement.XApiKeyHeader, "concurred") { InnerHandler = mock };
        using var invoker = new HttpMessageInvoker(handler);

        // Act
        using var response = await invoker.SendAsync(new HttpRequestMessage(HttpMethod.Get, "https://concurred.ai/x"), CancellationToken.None);

        // Assert
        response.IsSuccessStatusCode.Should().BeTrue("the X-API-Key header must match");
    }
}
