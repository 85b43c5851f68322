using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using ImagingClient.Emulator;
using ImagingClient.Providers.Concurred;
using ImagingClient.Providers.Kie;
using ImagingClient.Tests.TestSupport;
using ImagingClient.Webhooks;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Time.Testing;

namespace ImagingClient.Tests.Diagnostics;

/// <summary>
/// The ImagingClient activity source and meter against the emulator: a span per operation with the GenAI attributes,
/// the metrics with their tags, nothing secret in any tag, and the log events with their ids.
/// </summary>
public sealed class TelemetryTests : IAsyncLifetime
{
    private const string Prompt = "a lighthouse at dawn, for telemetry";

    private readonly InstantTimeProvider _time = new(DateTimeOffset.UtcNow);
    private ImagingEmulator _emulator = null!;

    public async Task InitializeAsync() =>
        _emulator = await ImagingEmulator.StartAsync(new ImagingEmulatorOptions { TimeProvider = _time });

    public async Task DisposeAsync() => await _emulator.DisposeAsync();

    [Fact]
    public async Task GenerateAsync_SyncProvider_RecordsAGenerateContentSpanDurationAndImages()
    {
        // Arrange
        using var spans = new SpanCapture();
        using var container = TelemetryContainer.Create(_emulator, _time, "concurred");
        var meters = container.Services.GetRequiredService<IMeterFactory>();
        using var duration = new MetricCollector<double>(meters, "ImagingClient", "gen_ai.client.operation.duration");
        using var images = new MetricCollector<long>(meters, "ImagingClient", "imaging.client.images");

        // Act
        var result = await container.Client.GenerateAsync(new ImageGenerationRequest { Prompt = Prompt, Model = ConcurredModels.Imagen4 }).WithinLimitAsync("the generation");

        // Assert
        var span = spans.Spans.Should().ContainSingle(s => s.DisplayName == "generate_content imagen-4").Which;
        span.Kind.Should().Be(ActivityKind.Client);
        span.ParentSpanId.Should().Be(spans.RootId);
        span.GetTagItem("gen_ai.operation.name").Should().Be("generate_content");
        span.GetTagItem("gen_ai.provider.name").Should().Be("concurred");
        span.GetTagItem("gen_ai.request.model").Should().Be("imagen-4");
        span.GetTagItem("gen_ai.output.type").Should().Be("image");
        span.GetTagItem("imaging.operation").Should().Be("generate");
        span.GetTagItem("server.address").Should().Be(_emulator.BaseAddress.Host);
        span.GetTagItem("server.port").Should().Be(_emulator.BaseAddress.Port);
        span.GetTagItem("imaging.image.count").Should().Be(result.Images.Count);
        span.GetTagItem("gen_ai.response.model").Should().Be(result.Model);
        span.Status.Should().Be(ActivityStatusCode.Unset);

        var measured = duration.GetMeasurementSnapshot().Should().ContainSingle().Which;
        measured.Tags["gen_ai.operation.name"].Should().Be("generate_content");
        measured.Tags["gen_ai.provider.name"].Should().Be("concurred");
        measured.Tags["gen_ai.request.model"].Should().Be("imagen-4");
        measured.Tags.Should().NotContainKey("error.type");
        images.GetMeasurementSnapshot().EvaluateAsCounter().Should().Be(result.Images.Count);
    }

    [Fact]
    public async Task GenerateAsync_JobProvider_TracesTheSubmitAndEachPollUnderTheGeneration()
    {
        // Arrange
        using var spans = new SpanCapture();
        using var container = TelemetryContainer.Create(_emulator, _time, "kie");
        var meters = container.Services.GetRequiredService<IMeterFactory>();
        using var polls = new MetricCollector<int>(meters, "ImagingClient", "imaging.client.job.polls");
        using var operations = new MetricCollector<double>(meters, "ImagingClient", "imaging.client.operation.duration");

        // Act
        var result = await container.Client.GenerateAsync(new ImageGenerationRequest { Prompt = Prompt, Model = KieModels.FluxKontextPro }).WithinLimitAsync("the generation");

        // Assert
        var generate = spans.Spans.Should().ContainSingle(s => s.DisplayName == "generate_content flux-kontext-pro").Which;
        generate.GetTagItem("imaging.job.id").Should().Be(result.JobId);
        var submit = spans.Spans.Should().ContainSingle(s => s.DisplayName == "submit flux-kontext-pro").Which;
        submit.ParentSpanId.Should().Be(generate.SpanId);
        submit.GetTagItem("imaging.job.id").Should().Be(result.JobId);
        submit.GetTagItem("imaging.job.status").Should().Be("queued");
        submit.GetTagItem("server.port").Should().Be(_emulator.BaseAddress.Port);
        var pollSpans = spans.Spans.Where(s => s.DisplayName == "poll flux-kontext-pro").ToList();
        pollSpans.Should().NotBeEmpty();
        pollSpans.Should().OnlyContain(s => s.ParentSpanId == generate.SpanId && (string?)s.GetTagItem("imaging.job.id") == result.JobId);
        pollSpans[^1].GetTagItem("imaging.job.status").Should().Be("succeeded");

        polls.GetMeasurementSnapshot().Should().ContainSingle().Which.Value.Should().Be(pollSpans.Count);
        var byOperation = operations.GetMeasurementSnapshot().GroupBy(m => (string)m.Tags["imaging.operation"]!).ToDictionary(g => g.Key, g => g.Count());
        byOperation.Should().Contain("submit", 1).And.Contain("poll", pollSpans.Count);

        var changes = container.Logs.Logs.Where(l => l.EventId.Id == 210).ToList();
        changes.Should().NotBeEmpty();
        changes[^1]["Status"].Should().Be("succeeded");
        changes[^1]["JobId"].Should().Be(result.JobId);
    }

    [Fact]
    public async Task Download_RemoteImage_RecordsADownloadSpanAndTheBytesReceived()
    {
        // Arrange
        using var container = TelemetryContainer.Create(_emulator, _time, "kie");
        var meters = container.Services.GetRequiredService<IMeterFactory>();
        var result = await container.Client.GenerateAsync(new ImageGenerationRequest { Prompt = Prompt, Model = KieModels.FluxKontextPro }).WithinLimitAsync("the generation");
        using var bytes = new MetricCollector<long>(meters, "ImagingClient", "imaging.client.download.bytes");
        using var spans = new SpanCapture();

        // Act
        var data = await result.Images[0].GetBytesAsync().WithinLimitAsync("the download");

        // Assert
        var span = spans.Spans.Should().ContainSingle(s => s.DisplayName == "download").Which;
        span.GetTagItem("imaging.operation").Should().Be("download");
        span.GetTagItem("gen_ai.provider.name").Should().Be("kie");
        span.GetTagItem("server.port").Should().Be(((RemoteGeneratedImage)result.Images[0]).Url.Port);
        span.Tags.Select(t => t.Value).Should().NotContain(v => v != null && v.Contains('?'), "a URL's query is never a tag");
        bytes.GetMeasurementSnapshot().EvaluateAsCounter().Should().Be(data.Length);
    }

    [Fact]
    public async Task GenerateAsync_ProviderRefuses_RecordsTheErrorTypeOnTheSpanTheDurationAndTheLog()
    {
        // Arrange
        using var spans = new SpanCapture();
        using var container = TelemetryContainer.Create(_emulator, _time, "concurred");
        using var duration = new MetricCollector<double>(container.Services.GetRequiredService<IMeterFactory>(), "ImagingClient", "gen_ai.client.operation.duration");
        _emulator.Faults.FailNext(1, 401);

        // Act
        var act = () => container.Client.GenerateAsync(new ImageGenerationRequest { Prompt = Prompt, Model = ConcurredModels.Imagen4 }).WithinLimitAsync("the generation");

        // Assert
        var thrown = (await act.Should().ThrowAsync<ImagingApiException>()).Which;
        var span = spans.Spans.Should().ContainSingle(s => s.DisplayName == "generate_content imagen-4").Which;
        span.Status.Should().Be(ActivityStatusCode.Error);
        span.GetTagItem("error.type").Should().Be(thrown.ErrorCode.ToString());
        span.StatusDescription.Should().Be(thrown.ErrorCode.ToString(), "the status says the error type, never the message");
        duration.GetMeasurementSnapshot().Should().ContainSingle().Which.Tags["error.type"].Should().Be(thrown.ErrorCode.ToString());
        var failed = container.Logs.Logs.Should().ContainSingle(l => l.EventId.Id == 204).Which;
        failed["ErrorType"].Should().Be(thrown.ErrorCode.ToString());
        failed["Operation"].Should().Be("generate");
    }

    [Fact]
    public async Task GenerateAsync_RateLimitedOnce_CountsTheRetryWithItsReasonAndPollyMetersIt()
    {
        // Arrange
        using var container = TelemetryContainer.Create(_emulator, _time, "concurred");
        using var retries = new MetricCollector<long>(container.Services.GetRequiredService<IMeterFactory>(), "ImagingClient", "imaging.client.retries");
        var pollyEvents = new List<KeyValuePair<string, object?>[]>();
        using var polly = new MeterListener
        {
            InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name == "Polly" && instrument.Name == "resilience.polly.strategy.events")
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            },
        };
        polly.SetMeasurementEventCallback<int>((_, _, tags, _) =>
        {
            lock (pollyEvents)
            {
                pollyEvents.Add(tags.ToArray());
            }
        });
        polly.Start();
        _emulator.Faults.FailNext(1, 429, TimeSpan.Zero);

        // Act
        await container.Client.GenerateAsync(new ImageGenerationRequest { Prompt = Prompt, Model = ConcurredModels.Imagen4 }).WithinLimitAsync("the generation");

        // Assert
        var retry = retries.GetMeasurementSnapshot().Should().ContainSingle().Which;
        retry.Value.Should().Be(1);
        retry.Tags["imaging.retry.reason"].Should().Be("429");
        retry.Tags["gen_ai.provider.name"].Should().Be("concurred");
        retry.Tags["imaging.http.client"].Should().Be(ConcurredClientOptions.HttpClientName);
        var logged = container.Logs.Logs.Should().ContainSingle(l => l.EventId.Id == 103).Which;
        logged["Reason"].Should().Be("429");
        logged["Client"].Should().Be(ConcurredClientOptions.HttpClientName);
        lock (pollyEvents)
        {
            pollyEvents.Should().Contain(
                tags => tags.Any(t => t.Key == "event.name" && (string?)t.Value == "OnRetry")
                    && tags.Any(t => t.Key == "pipeline.name" && (string?)t.Value == ConcurredClientOptions.HttpClientName + "-retry"),
                "Polly's own meter reports the retries of our pipeline");
        }
    }

    [Fact]
    public async Task Tags_ByDefault_HoldNoPromptAndNoKey_AndWithIncludePrompts_HoldThePrompt()
    {
        // Arrange
        using var spans = new SpanCapture();
        using var quiet = TelemetryContainer.Create(_emulator, _time, "kie");
        using var open = TelemetryContainer.Create(_emulator, _time, "concurred", includePrompts: true);

        // Act
        await quiet.Client.GenerateAsync(new ImageGenerationRequest { Prompt = Prompt, Model = KieModels.FluxKontextPro }).WithinLimitAsync("the quiet generation");
        var quietSpans = spans.Spans.ToList();
        await open.Client.GenerateAsync(new ImageGenerationRequest { Prompt = Prompt, Model = ConcurredModels.Imagen4 }).WithinLimitAsync("the generation with prompts");

        // Assert
        var secrets = new[] { Prompt, KieEmulatorOptions.DefaultApiKey, ConcurredEmulatorOptions.DefaultApiKey };
        quietSpans.Should().NotBeEmpty();
        quietSpans.SelectMany(s => s.TagObjects).Select(t => t.Value?.ToString() ?? string.Empty)
            .Should().NotContain(v => secrets.Any(v.Contains));
        quiet.Logs.Logs.SelectMany(l => l.AllText()).Should().NotContain(v => secrets.Any(v.Contains));

        var opened = spans.Spans.Should().ContainSingle(s => s.DisplayName == "generate_content imagen-4").Which;
        opened.GetTagItem("imaging.request.prompt").Should().Be(Prompt);
        opened.TagObjects.Select(t => t.Value?.ToString() ?? string.Empty).Should().NotContain(v => v.Contains(ConcurredEmulatorOptions.DefaultApiKey));
        open.Logs.Logs.Should().ContainSingle(l => l.EventId.Id == 202).Which["Prompt"].Should().Be(Prompt);
    }

    [Fact]
    public void WebhookVerify_AcceptedAndRefused_TracesBothAndLogsTheRefusal()
    {
        // Arrange
        const string key = "whk_telemetry_key";
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 21, 12, 0, 0, TimeSpan.Zero));
        using var container = TelemetryContainer.Create(_emulator, time, "kie", configure: services =>
            services.Configure<KieClientOptions>(options => options.Callbacks.WebhookHmacKey = key));
        var verifier = container.Services.GetRequiredKeyedService<IImageWebhookVerifier>("kie");
        var body = Encoding.UTF8.GetBytes("""{"code":200,"msg":"ok","data":{"taskId":"task-otel-1","info":{"resultImageUrl":"https://cdn.kie.ai/r.png"}}}""");
        var stamp = time.GetUtcNow().ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var signature = Convert.ToBase64String(HMACSHA256.HashData(Encoding.UTF8.GetBytes(key), Encoding.UTF8.GetBytes($"task-otel-1.{stamp}")));
        var good = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase) { [KieCallbackVerifier.TimestampHeader] = stamp, [KieCallbackVerifier.SignatureHeader] = signature };
        var bad = new Dictionary<string, string?>(good, StringComparer.OrdinalIgnoreCase) { [KieCallbackVerifier.SignatureHeader] = Convert.ToBase64String(new byte[32]) };
        using var spans = new SpanCapture();

        // Act
        var accepted = verifier.Verify(name => good.GetValueOrDefault(name), body);
        var refused = verifier.TryVerify(name => bad.GetValueOrDefault(name), body, out _, out _);

        // Assert
        accepted.JobId.Should().Be("task-otel-1");
        refused.Should().BeFalse();
        var traced = spans.Spans.Where(s => s.DisplayName == "webhook_verify").ToList();
        traced.Should().HaveCount(2);
        traced[0].GetTagItem("imaging.job.id").Should().Be("task-otel-1");
        traced[0].GetTagItem("imaging.job.status").Should().Be("succeeded");
        traced[1].Status.Should().Be(ActivityStatusCode.Error);
        traced[1].GetTagItem("error.type").Should().Be("signature_mismatch");
        traced.SelectMany(s => s.TagObjects).Select(t => t.Value?.ToString() ?? string.Empty).Should().NotContain(v => v.Contains(key) || v.Contains(signature));
        var log = container.Logs.Logs.Should().ContainSingle(l => l.EventId.Id == 301).Which;
        log["Reason"].Should().Be("signature_mismatch");
        log.AllText().Should().NotContain(v => v.Contains(key) || v.Contains(signature));
        container.Logs.Logs.Should().ContainSingle(l => l.EventId.Id == 300);
    }

    [Fact]
    public async Task StandaloneVerifier_WithoutAContainer_UsesTheStaticMeter()
    {
        // Arrange
        using var collector = new MetricCollector<double>(null, "ImagingClient", "imaging.client.operation.duration");
        var verifier = new KieCallbackVerifier(new KieCallbackOptions { WebhookHmacKey = "whk_standalone" });

        // Act
        var refused = verifier.TryVerify(_ => null, "{}"u8, out _, out _);
        await Task.Yield();

        // Assert
        refused.Should().BeFalse();
        collector.GetMeasurementSnapshot().Should().Contain(m => (string?)m.Tags["imaging.operation"] == "webhook_verify"
            && (string?)m.Tags["error.type"] == "unreadable_body"
            && (string?)m.Tags["gen_ai.provider.name"] == "kie");
    }
}
