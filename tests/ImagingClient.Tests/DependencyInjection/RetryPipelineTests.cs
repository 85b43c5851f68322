using System.Net;
using System.Text;
using ImagingClient.Providers.Kie;
using Polly;
using ImagingClient.Tests.TestSupport;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Logging;
using RichardSzalay.MockHttp;

namespace ImagingClient.Tests.DependencyInjection;

/// <summary>
/// The retry pipeline each client gets from AddResilienceHandler: named per client, on the container's clock, and
/// visible in Polly's telemetry.
/// </summary>
public sealed class RetryPipelineTests
{
    private const string ImageUrl = "https://cdn.example.com/result.png";

    [Fact]
    public async Task GenerateAsync_After429_RetryShowsInPollyTelemetryUnderTheConcurredPipeline()
    {
        // Arrange
        using var metrics = new MetricCollector<int>(null, "Polly", "resilience.polly.strategy.events");
        using var mock = new MockHttpMessageHandler();
        var calls = 0;
        mock.When(HttpMethod.Post, "https://concurred.ai/api/v1/image/generate").Respond(_ => ++calls < 2
            ? Json("""{"error":{"code":"RATE_LIMIT_EXCEEDED","message":"slow down","details":{"retryAfter":2}}}""", HttpStatusCode.TooManyRequests)
            : Json($$$"""{"success":true,"data":{"model":"flux-2-pro","provider":"flux","images":[{"url":"{{{ImageUrl}}}"}]}}"""));
        var logs = new CapturingLoggerProvider();
        var time = new InstantTimeProvider();
        using var client = ImageClient.Create(imaging =>
        {
            imaging.Services.AddSingleton<TimeProvider>(time);
            imaging.Services.AddLogging(b => b.AddProvider(logs).SetMinimumLevel(LogLevel.Trace));
            imaging.AddConcurred(o => o.ApiKey = TestClients.ConcurredKey, http => http.ConfigurePrimaryHttpMessageHandler(() => mock));
        });

        // Act
        await client.GenerateAsync(new ImageGenerationRequest { Prompt = "a cat" });

        // Assert
        calls.Should().Be(2);
        time.Delays.Should().Equal(TimeSpan.FromSeconds(2));
        metrics.GetMeasurementSnapshot().Should().Contain(
            m => Tag(m, "pipeline.name") == "ImagingClient.Concurred-retry" && Tag(m, "event.name") == "OnRetry",
            "Polly's meter reports the retry with the provider's pipeline name");
        logs.Logs.Should().Contain(
            l => l.Category.StartsWith("Polly", StringComparison.Ordinal) && l.Message.Contains("OnRetry", StringComparison.Ordinal)
                && l.Message.Contains("ImagingClient.Concurred-retry", StringComparison.Ordinal),
            "Polly's logs name the pipeline that retried");
    }

    [Fact]
    public async Task UpdateStatusAsync_PollAfter503_IsRetriedUnderTheKiePipeline()
    {
        // Arrange
        var logs = new CapturingLoggerProvider();
        using var mock = new MockHttpMessageHandler();
        var polls = 0;
        mock.When(HttpMethod.Post, "https://api.kie.ai/api/v1/flux/kontext/generate").Respond(_ => Json("""{"code":200,"msg":"success","data":{"taskId":"task1"}}"""));
        mock.When(HttpMethod.Get, "https://api.kie.ai/api/v1/flux/kontext/record-info").Respond(_ => ++polls < 2
            ? new HttpResponseMessage(HttpStatusCode.ServiceUnavailable)
            : Json("""{"code":200,"msg":"success","data":{"taskId":"task1","successFlag":0}}"""));
        var time = new InstantTimeProvider();
        using var client = ImageClient.Create(imaging =>
        {
            imaging.Services.AddSingleton<TimeProvider>(time);
            imaging.Services.AddLogging(b => b.AddProvider(logs).SetMinimumLevel(LogLevel.Trace));
            imaging.AddKie(o => o.ApiKey = TestClients.KieKey, http => http.ConfigurePrimaryHttpMessageHandler(() => mock));
        });
        var job = await client.StartGenerateAsync(new ImageGenerationRequest { Prompt = "a cat", Model = KieModels.FluxKontextPro });

        // Act
        var status = await job.UpdateStatusAsync();

        // Assert
        status.Should().Be(ImageJobStatus.Running);
        polls.Should().Be(2, "a status check is a read: a 503 is retried");
        time.Delays.Should().ContainSingle();
        logs.Logs.Should().Contain(l => l.Message.Contains("OnRetry", StringComparison.Ordinal) && l.Message.Contains("ImagingClient.Kie-retry", StringComparison.Ordinal));
    }

    [Fact]
    public async Task GetBytesAsync_DownloadAfter503_IsRetriedAsAReadUnderTheDownloadsPipeline()
    {
        // Arrange
        var logs = new CapturingLoggerProvider();
        using var mock = new MockHttpMessageHandler();
        var downloads = 0;
        mock.When(HttpMethod.Post, "https://concurred.ai/api/v1/image/generate")
            .Respond(_ => Json($$$"""{"success":true,"data":{"model":"qwen-image","provider":"fal","images":[{"url":"{{{ImageUrl}}}"}]}}"""));
        mock.When(HttpMethod.Get, ImageUrl).Respond(_ => ++downloads < 2
            ? new HttpResponseMessage(HttpStatusCode.BadGateway)
            : new HttpResponseMessage(HttpStatusCode.OK) { Content = new ByteArrayContent([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) });
        var time = new InstantTimeProvider();
        using var client = ImageClient.Create(imaging =>
        {
            imaging.Services.AddSingleton<TimeProvider>(time);
            imaging.Services.AddLogging(b => b.AddProvider(logs).SetMinimumLevel(LogLevel.Trace));
            imaging.Services.AddHttpClient(ImagingHttpClientNames.Downloads).ConfigurePrimaryHttpMessageHandler(() => mock);
            imaging.AddConcurred(o => o.ApiKey = TestClients.ConcurredKey, http => http.ConfigurePrimaryHttpMessageHandler(() => mock));
        });
        var result = await client.GenerateAsync(new ImageGenerationRequest { Prompt = "a cat", Model = "concurred:qwen-image" });

        // Act
        var bytes = await result.Images[0].GetBytesAsync();

        // Assert
        bytes.Length.Should().Be(8);
        downloads.Should().Be(2);
        time.Delays.Should().ContainSingle("the back-off runs on the container's clock");
        logs.Logs.Should().Contain(l => l.Message.Contains("OnRetry", StringComparison.Ordinal) && l.Message.Contains("ImagingClient.Downloads-retry", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AddConcurred_ReadmeStrategyThroughConfigureHttpClient_KeepsTheLibrarysRetry()
    {
        // Arrange: the README's example, as written there.
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Imaging:Concurred:ApiKey"] = TestClients.ConcurredKey })
            .Build();
        var services = new ServiceCollection();
        var time = new InstantTimeProvider();
        services.AddSingleton<TimeProvider>(time);

        services.AddImagingClient()
            .AddConcurred(
                configuration.GetSection("Imaging:Concurred"),
                http => http.AddResilienceHandler("limit", pipeline => pipeline.AddConcurrencyLimiter(permitLimit: 4, queueLimit: 32)));

        using var mock = new MockHttpMessageHandler();
        var attempts = 0;
        mock.When(HttpMethod.Post, "https://concurred.ai/api/v1/image/generate").Respond(_ => ++attempts < 2
            ? new HttpResponseMessage(HttpStatusCode.TooManyRequests)
            : Json($$$"""{"success":true,"data":{"model":"flux-2-pro","provider":"flux","images":[{"url":"{{{ImageUrl}}}"}]}}"""));
        services.AddHttpClient(ImagingClient.Providers.Concurred.ConcurredClientOptions.HttpClientName).ConfigurePrimaryHttpMessageHandler(() => mock);
        using var provider = services.BuildServiceProvider();

        // Act
        var result = await provider.GetRequiredService<IImageClient>().GenerateAsync(new ImageGenerationRequest { Prompt = "a cat" });

        // Assert
        result.Images.Should().ContainSingle();
        attempts.Should().Be(2, "the library's retry still repeats the 429 with the caller's strategy in the pipeline");
        time.Delays.Should().ContainSingle();
    }

    [Fact]
    public async Task AddConcurred_HandlerAddedThroughConfigureHttpClient_RunsInsideTheRetryOncePerAttempt()
    {
        // Arrange
        using var mock = new MockHttpMessageHandler();
        var attempts = 0;
        mock.When(HttpMethod.Post, "https://concurred.ai/api/v1/image/generate").Respond(_ => ++attempts < 3
            ? new HttpResponseMessage(HttpStatusCode.TooManyRequests)
            : Json($$$"""{"success":true,"data":{"model":"flux-2-pro","provider":"flux","images":[{"url":"{{{ImageUrl}}}"}]}}"""));
        var counting = new CountingHandler();
        using var client = ImageClient.Create(imaging =>
        {
            imaging.Services.AddSingleton<TimeProvider>(new InstantTimeProvider());
            imaging.AddConcurred(
                o => o.ApiKey = TestClients.ConcurredKey,
                http => http.AddHttpMessageHandler(() => counting).ConfigurePrimaryHttpMessageHandler(() => mock));
        });

        // Act
        await client.GenerateAsync(new ImageGenerationRequest { Prompt = "a cat" });

        // Assert
        attempts.Should().Be(3);
        counting.Calls.Should().Be(3, "a handler added by the caller sits inside the library's retry and sees every attempt");
    }

    private static string? Tag(CollectedMeasurement<int> measurement, string name) =>
        measurement.Tags.TryGetValue(name, out var value) ? value?.ToString() : null;

    private static HttpResponseMessage Json(string json, HttpStatusCode status = HttpStatusCode.OK) =>
        new(status) { Content = new StringContent(json, Encoding.UTF8, "application/json") };

    private sealed class CountingHandler : DelegatingHandler
    {
        private int _calls;

        public int Calls => _calls;

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _calls);
            return base.SendAsync(request, cancellationToken);
        }
    }
}
