using System.Collections.Concurrent;
using System.Diagnostics;
using ImagingClient.Emulator;
using ImagingClient.Providers.Concurred;
using ImagingClient.Providers.Kie;
using ImagingClient.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ImagingClient.Tests.Diagnostics;

/// <summary>
/// Spans of the <c>ImagingClient</c> source under one root span of the test's own: the source is static and tests run
/// in parallel, so only the activities of the root's trace are this test's.
/// </summary>
internal sealed class SpanCapture : IDisposable
{
    private static readonly ActivitySource TestSource = new("ImagingClient.Tests.Telemetry");

    private readonly ConcurrentQueue<Activity> _stopped = new();
    private readonly ActivityListener _listener;
    private readonly Activity _root;

    public SpanCapture()
    {
        _listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name is "ImagingClient" or "ImagingClient.Tests.Telemetry",
            Sample = static (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = _stopped.Enqueue,
        };
        ActivitySource.AddActivityListener(_listener);
        _root = TestSource.StartActivity("test root")!;
    }

    /// <summary>This test's spans from the <c>ImagingClient</c> source, in the order they ended.</summary>
    public IReadOnlyList<Activity> Spans =>
        [.. _stopped.Where(a => a.Source.Name == "ImagingClient" && a.TraceId == _root.TraceId)];

    public ActivitySpanId RootId => _root.SpanId;

    public void Dispose()
    {
        _root.Dispose();
        _listener.Dispose();
    }
}

/// <summary>A container for one provider over the emulator, with metrics (its own meter factory) and captured logs.</summary>
internal sealed class TelemetryContainer : IDisposable
{
    private TelemetryContainer(ServiceProvider services, CapturingLoggerProvider logs)
    {
        Services = services;
        Logs = logs;
    }

    public ServiceProvider Services { get; }

    public CapturingLoggerProvider Logs { get; }

    public IImageClient Client => Services.GetRequiredService<IImageClient>();

    public static TelemetryContainer Create(ImagingEmulator emulator, TimeProvider time, string provider, bool includePrompts = false, Action<IServiceCollection>? configure = null)
    {
        var logs = new CapturingLoggerProvider();
        var services = new ServiceCollection();
        services.AddMetrics();
        services.AddLogging(logging => logging.AddProvider(logs).SetMinimumLevel(LogLevel.Trace));
        services.AddSingleton(time);
        var imaging = services.AddImagingClient(options => options.Telemetry.IncludePrompts = includePrompts);
        if (provider == "kie")
        {
            imaging.AddKie(options =>
            {
                options.ApiKey = KieEmulatorOptions.DefaultApiKey;
                options.BaseAddress = emulator.BaseAddress;
                options.Polling.Jitter = 0;
            });
        }
        else
        {
            imaging.AddConcurred(options =>
            {
                options.ApiKey = ConcurredEmulatorOptions.DefaultApiKey;
                options.BaseAddress = emulator.BaseAddress;
                options.Retry.BaseDelay = TimeSpan.FromMilliseconds(1);
            });
        }

        configure?.Invoke(services);
        return new TelemetryContainer(services.BuildServiceProvider(), logs);
    }

    public void Dispose() => Services.Dispose();
}
