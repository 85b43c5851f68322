// Telemetry.cs
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

static class Telemetry
{
    // Spans and metrics of every call, exported over OTLP; Polly's meter adds what the retry handler did.
    public static IServiceCollection AddObservedImaging(this IServiceCollection services, string apiKey)
    {
        services.AddImagingClient(o => o.Telemetry.IncludePrompts = false)   // the default: prompts stay out of traces and logs
            .AddConcurred(o => o.ApiKey = apiKey);
        services.AddOpenTelemetry()
            .WithTracing(tracing => tracing.AddSource("ImagingClient").AddOtlpExporter())
            .WithMetrics(metrics => metrics.AddMeter("ImagingClient", "Polly").AddOtlpExporter());
        return services;
    }
}
