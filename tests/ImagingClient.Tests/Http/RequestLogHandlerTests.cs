using System.Net;
using System.Text;
using ImagingClient.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using RichardSzalay.MockHttp;

namespace ImagingClient.Tests.Http;

public sealed class RequestLogHandlerTests
{
    [Fact]
    public async Task SendAsync_EachAttempt_IsLoggedUnderTheClientNameWithoutQueryOrHeaders()
    {
        // Arrange
        const string signedUrl = "https://cdn.example.com/r/result.png?sig=secret-signature";
        var logs = new CapturingLoggerProvider();
        using var mock = new MockHttpMessageHandler();
        var calls = 0;
        mock.When(HttpMethod.Post, "https://concurred.ai/api/v1/image/generate").Respond(_ => ++calls < 2
            ? new HttpResponseMessage(HttpStatusCode.TooManyRequests)
            : new HttpResponseMessage(HttpStatusCode.OK)
            {
                Content = new StringContent($$$"""{"success":true,"data":{"model":"qwen-image","provider":"fal","images":[{"url":"{{{signedUrl}}}"}]}}""", Encoding.UTF8, "application/json"),
            });
        mock.When(HttpMethod.Get, "https://cdn.example.com/r/result.png").Respond(_ => new HttpResponseMessage(HttpStatusCode.OK) { Content = new ByteArrayContent([1, 2, 3]) });
        using var client = ImageClient.Create(imaging =>
        {
            imaging.Services.AddSingleton<TimeProvider>(new InstantTimeProvider());
            imaging.Services.AddLogging(b => b.AddProvider(logs).SetMinimumLevel(LogLevel.Debug));
            imaging.Services.AddHttpClient(ImagingHttpClientNames.Downloads).ConfigurePrimaryHttpMessageHandler(() => mock);
            imaging.AddConcurred(o => o.ApiKey = TestClients.ConcurredKey, http => http.ConfigurePrimaryHttpMessageHandler(() => mock));
        });

        // Act
        var result = await client.GenerateAsync(new ImageGenerationRequest { Prompt = "a cat", Model = "concurred:qwen-image" });
        await result.Images[0].GetBytesAsync();

        // Assert
        var attempts = logs.Logs.Where(l => l.EventId.Id == 101).ToList();
        attempts.Where(l => l.Category == "ImagingClient.Concurred").Select(l => l["Status"]).Should().Equal("429", "200");
        attempts.Should().ContainSingle(l => l.Category == ImagingHttpClientNames.Downloads)
            .Which.Message.Should().StartWith("HTTP GET https://cdn.example.com/r/result.png answered 200");
        logs.Logs.SelectMany(l => l.AllText()).Should().NotContain(text => text.Contains("secret-signature", StringComparison.Ordinal));
        logs.Logs.Should().NotContain(l => l.Category.StartsWith("System.Net.Http.HttpClient.ImagingClient", StringComparison.Ordinal), "the factory's default loggers are removed");
    }

    [Fact]
    public void Describe_UrlWithUserInfoQueryAndFragment_KeepsOnlySchemeAuthorityAndPath()
    {
        // Act
        var text = ImagingClient.Http.RequestLogHandler.Describe(new Uri("https://user:pass@cdn.example.com:8443/a/b.png?sig=s#f"));

        // Assert
        text.Should().Be("https://cdn.example.com:8443/a/b.png");
    }
}
