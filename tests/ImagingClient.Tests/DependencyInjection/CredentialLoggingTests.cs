using System.Net;
using System.Text;
using ImagingClient.Providers.Kie;
using ImagingClient.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using RichardSzalay.MockHttp;

namespace ImagingClient.Tests.DependencyInjection;

/// <summary>
/// Nothing the library registers logs a credential, at any level, in the formatted text or in the structured state,
/// for any provider and for downloads, whether the call succeeds or fails — even when the server echoes the key back.
/// </summary>
public sealed class CredentialLoggingTests
{
    private const string ImageUrl = "https://cdn.example.com/result.png";
    private static readonly byte[] Png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Concurred_LoggingAtTrace_NeverCarriesTheKey(bool succeed)
    {
        // Arrange
        var logs = new CapturingLoggerProvider();
        using var mock = new MockHttpMessageHandler();
        var calls = 0;
        mock.When(HttpMethod.Post, "https://concurred.ai/api/v1/image/generate").Respond(request => Echo(request, ++calls switch
        {
            1 => Json("""{"error":{"code":"RATE_LIMIT_EXCEEDED","message":"slow down","details":{"retryAfter":1}}}""", HttpStatusCode.TooManyRequests),
            _ when succeed => Json($$$"""{"success":true,"data":{"model":"qwen-image","provider":"fal","images":[{"url":"{{{ImageUrl}}}"}]}}"""),
            _ => Json("""{"error":{"code":"INVALID_API_KEY","message":"bad key"}}""", HttpStatusCode.Unauthorized),
        }));
        mock.When(HttpMethod.Get, ImageUrl).Respond(_ => new HttpResponseMessage(HttpStatusCode.OK) { Content = new ByteArrayContent(Png) });
        using var client = ImageClient.Create(imaging =>
        {
            Arrange(imaging, logs, mock);
            imaging.AddConcurred(o => o.ApiKey = TestClients.ConcurredKey, http => http.ConfigurePrimaryHttpMessageHandler(() => mock));
        });

        // Act
        try
        {
            var result = await client.GenerateAsync(new ImageGenerationRequest { Prompt = "a cat", Model = "concurred:qwen-image" });
            await result.Images[0].GetBytesAsync();
        }
        catch (ImagingApiException) when (!succeed)
        {
        }

        // Assert
        calls.Should().Be(2, "the 429 was retried, so both paths ran");
        AssertNoKey(logs, TestClients.ConcurredKey);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Kie_LoggingAtTrace_NeverCarriesTheKey(bool succeed)
    {
        // Arrange
        var logs = new CapturingLoggerProvider();
        using var mock = new MockHttpMessageHandler();
        mock.When(HttpMethod.Post, "https://api.kie.ai/api/v1/flux/kontext/generate")
            .Respond(request => Echo(request, Json("""{"code":200,"msg":"success","data":{"taskId":"task1"}}""")));
        mock.When(HttpMethod.Get, "https://api.kie.ai/api/v1/flux/kontext/record-info").Respond(request => Echo(request, succeed
            ? Json($$$$"""{"code":200,"msg":"success","data":{"taskId":"task1","successFlag":1,"response":{"resultImageUrl":"{{{{ImageUrl}}}}"}}}""")
            : Json("""{"code":401,"msg":"You do not have access permissions","data":null}""", HttpStatusCode.Unauthorized)));
        mock.When(HttpMethod.Get, ImageUrl).Respond(_ => new HttpResponseMessage(HttpStatusCode.OK) { Content = new ByteArrayContent(Png) });
        using var client = ImageClient.Create(imaging =>
        {
            Arrange(imaging, logs, mock);
            imaging.AddKie(o => o.ApiKey = TestClients.KieKey, http => http.ConfigurePrimaryHttpMessageHandler(() => mock));
        });

        // Act
        try
        {
            var result = await client.GenerateAsync(new ImageGenerationRequest { Prompt = "a cat", Model = KieModels.FluxKontextPro });
            await result.Images[0].GetBytesAsync();
        }
        catch (ImagingApiException) when (!succeed)
        {
        }

        // Assert
        AssertNoKey(logs, TestClients.KieKey);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Apiframe_LoggingAtTrace_NeverCarriesTheKey(bool succeed)
    {
        // Arrange
        const string key = "afk_logging_test_key_9";
        const string jobId = "3f2a9c1e-8d4b-4e6f-a1b2-c3d4e5f60718";
        var logs = new CapturingLoggerProvider();
        using var mock = new MockHttpMessageHandler();
        mock.When(HttpMethod.Post, "https://api.apiframe.ai/v2/uploads")
            .Respond(request => Echo(request, Json($$$"""{"id":"u1","url":"https://cdn.apiframe.ai/uploads/u1.png","kind":"image","contentType":"image/png","byteSize":8,"expiresAt":"2099-01-01T00:00:00Z"}""", HttpStatusCode.Created)));
        mock.When(HttpMethod.Post, "https://api.apiframe.ai/v2/images/generate")
            .Respond(request => Echo(request, Json($$$"""{"jobId":"{{{jobId}}}","status":"QUEUED"}""", HttpStatusCode.Accepted)));
        mock.When(HttpMethod.Get, $"https://api.apiframe.ai/v2/jobs/{jobId}").Respond(request => Echo(request, succeed
            ? Json($$$$"""{"id":"{{{{jobId}}}}","status":"COMPLETED","model":"kling-image","progress":100,"result":{"images":["{{{{ImageUrl}}}}"]}}""")
            : Json($"{{\"error\":\"Invalid API key {key}\"}}", HttpStatusCode.Unauthorized)));
        mock.When(HttpMethod.Get, ImageUrl).Respond(_ => new HttpResponseMessage(HttpStatusCode.OK) { Content = new ByteArrayContent(Png) });
        using var client = ImageClient.Create(imaging =>
        {
            Arrange(imaging, logs, mock);
            imaging.AddApiframe(o => o.ApiKey = key, http => http.ConfigurePrimaryHttpMessageHandler(() => mock));
        });

        // Act
        try
        {
            var result = await client.GenerateAsync(new ImageGenerationRequest
            {
                Prompt = "a cat",
                Model = "apiframe:kling-image",
                ReferenceImages = [ImageInput.FromBytes(Convert.FromBase64String("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=="))],
            });
            await result.Images[0].GetBytesAsync();
        }
        catch (ImagingApiException ex) when (!succeed)
        {
            ex.Message.Should().NotContain(key);
        }

        // Assert
        AssertNoKey(logs, key);
    }

    private static void Arrange(IImagingClientBuilder imaging, CapturingLoggerProvider logs, MockHttpMessageHandler mock)
    {
        imaging.Services.AddSingleton<TimeProvider>(new InstantTimeProvider());
        imaging.Services.AddLogging(b => b.AddProvider(logs).SetMinimumLevel(LogLevel.Trace));
        imaging.Services.AddHttpClient(ImagingHttpClientNames.Downloads).ConfigurePrimaryHttpMessageHandler(() => mock);
    }

    private static void AssertNoKey(CapturingLoggerProvider logs, string key)
    {
        var captured = logs.Logs;
        captured.Should().NotBeEmpty("logging at Trace must have recorded the calls");
        var leaks = captured
            .Where(log => log.AllText().Any(text => text.Contains(key, StringComparison.Ordinal)))
            .Select(log => $"{log.Category} [{log.Level}] {log.Message}")
            .ToList();
        leaks.Should().BeEmpty("no log record may carry the API key, in its text or its state");
    }

    /// <summary>A hostile server: it sends the request's Authorization header back in a response header.</summary>
    private static HttpResponseMessage Echo(HttpRequestMessage request, HttpResponseMessage response)
    {
        response.Headers.TryAddWithoutValidation("X-Echo-Authorization", request.Headers.Authorization?.ToString());
        if (request.Headers.TryGetValues("X-API-Key", out var keys))
        {
            response.Headers.TryAddWithoutValidation("X-Echo-Api-Key", keys.First());
        }

        return response;
    }

    private static HttpResponseMessage Json(string json, HttpStatusCode status = HttpStatusCode.OK) =>
        new(status) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
}
