using Microsoft.Extensions.Logging;

namespace ImagingClient.Diagnostics;

/// <summary>
/// The library's own log events, written under the <c>ImagingClient</c> category. Every event of the library has a
/// stable id; docs/telemetry.md lists them all (a test keeps the table and the code in step). Ids 1–99 belong to the
/// providers (a decade each), 100–199 to HTTP, 200–299 to operations and jobs, 300–399 to webhooks.
/// </summary>
/// <remarks>
/// Nothing here takes a key, a header, a URL's query or an exception's message: failures are logged by their
/// <c>error.type</c>. A prompt is logged only by <see cref="Prompt"/>, which is called only when
/// <see cref="ImagingTelemetryOptions.IncludePrompts"/> is on.
/// </remarks>
internal static partial class ImagingLog
{
    [LoggerMessage(EventId = 103, Level = LogLevel.Information, Message = "HTTP {Method} {Url} is retried in {DelayMs:0} ms after {Reason} (retry {Attempt} on {Client})")]
    public static partial void RetryScheduled(ILogger logger, string method, string url, double delayMs, string reason, int attempt, string client);

    [LoggerMessage(EventId = 200, Level = LogLevel.Debug, Message = "{Operation} started for {Provider} model {Model}")]
    public static partial void OperationStarted(ILogger logger, string operation, string provider, string model);

    [LoggerMessage(EventId = 201, Level = LogLevel.Warning, Message = "{Provider} request for model {Model}: {Warning}")]
    public static partial void RequestWarning(ILogger logger, string provider, string model, string warning);

    [LoggerMessage(EventId = 202, Level = LogLevel.Debug, Message = "{Operation} for {Provider} model {Model} has the prompt: {Prompt}")]
    public static partial void Prompt(ILogger logger, string operation, string provider, string model, string prompt);

    [LoggerMessage(EventId = 203, Level = LogLevel.Debug, Message = "{Operation} for {Provider} model {Model} succeeded in {ElapsedMs:0} ms ({ImageCount} images)")]
    public static partial void OperationSucceeded(ILogger logger, string operation, string provider, string model, double elapsedMs, int imageCount);

    [LoggerMessage(EventId = 204, Level = LogLevel.Warning, Message = "{Operation} for {Provider} model {Model} failed with {ErrorType} after {ElapsedMs:0} ms")]
    public static partial void OperationFailed(ILogger logger, string operation, string provider, string model, string errorType, double elapsedMs);

    [LoggerMessage(EventId = 205, Level = LogLevel.Debug, Message = "{Operation} for {Provider} model {Model} was cancelled after {ElapsedMs:0} ms")]
    public static partial void OperationCancelled(ILogger logger, string operation, string provider, string model, double elapsedMs);

    [LoggerMessage(EventId = 210, Level = LogLevel.Information, Message = "{Provider} job {JobId} is {Status} (was {Previous}; the provider says {ProviderStatus})")]
    public static partial void JobStatusChanged(ILogger logger, string provider, string jobId, string status, string previous, string? providerStatus);

    [LoggerMessage(EventId = 211, Level = LogLevel.Debug, Message = "Stopped waiting for {Provider} job {JobId} after {Polls} status checks: it is {Status}")]
    public static partial void JobWaitEnded(ILogger logger, string provider, string jobId, int polls, string status);

    [LoggerMessage(EventId = 300, Level = LogLevel.Debug, Message = "{Provider} webhook for job {JobId} accepted: {Kind} ({Status})")]
    public static partial void WebhookAccepted(ILogger logger, string provider, string jobId, string kind, string status);

    [LoggerMessage(EventId = 301, Level = LogLevel.Warning, Message = "{Provider} webhook delivery refused ({Reason}): {Why}")]
    public static partial void WebhookRefused(ILogger logger, string provider, string reason, string why);
}
