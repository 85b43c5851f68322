using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Reflection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace ImagingClient.Diagnostics;

/// <summary>
/// The library's traces, metrics and log sink, in one place: the <c>ImagingClient</c> <see cref="ActivitySource"/>
/// (static, as activity sources are), the <c>ImagingClient</c> <see cref="Meter"/> (from the container's
/// <see cref="IMeterFactory"/> when it has one, otherwise one static meter) and the <c>ImagingClient</c> logger.
/// Core code calls it at its choke points; providers pass their names as data.
/// </summary>
/// <remarks>
/// The hot path stays cheap when nobody listens: <see cref="Start"/> looks at <see cref="ActivitySource.HasListeners"/>
/// and the duration instrument's <see cref="Instrument.Enabled"/> before it reads the clock or builds a tag, and returns
/// an empty scope otherwise. Tags never carry a key, a secret, a URL's query or (unless
/// <see cref="ImagingTelemetryOptions.IncludePrompts"/>) a prompt; errors are recorded as their
/// <c>error.type</c>, never their message.
/// </remarks>
internal sealed class ImagingTelemetry
{
    /// <summary>The name of the activity source, the meter and the log category.</summary>
    public const string Name = "ImagingClient";

    /// <summary>The assembly's informational version, stamped on the source and the meter.</summary>
    public static readonly string Version =
        typeof(ImagingTelemetry).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0";

    /// <summary>The library's one activity source.</summary>
    public static readonly ActivitySource Source = new(Name, Version);

    /// <summary>The meter used where no <see cref="IMeterFactory"/> is at hand.</summary>
    private static readonly Meter SharedMeter = new(Name, Version);

    private static readonly Lazy<ImagingTelemetry> SharedInstance = new(static () => new ImagingTelemetry(null, null, TimeProvider.System, includePrompts: false));

    /// <summary>What logs say for a request that names no model (the provider's default).</summary>
    private const string DefaultModel = "(default)";

    /// <summary>Bucket boundaries the GenAI conventions give for <c>gen_ai.client.operation.duration</c>.</summary>
    private static readonly double[] DurationBuckets = [0.01, 0.02, 0.04, 0.08, 0.16, 0.32, 0.64, 1.28, 2.56, 5.12, 10.24, 20.48, 40.96, 81.92];

    private static readonly int[] PollBuckets = [0, 1, 2, 3, 5, 8, 13, 21, 34, 55, 89, 144];

    private readonly TimeProvider _time;
    private readonly Histogram<double> _genAiDuration;
    private readonly Histogram<double> _operationDuration;
    private readonly Counter<long> _images;
    private readonly Histogram<int> _polls;
    private readonly Counter<long> _retries;
    private readonly Counter<long> _downloadBytes;

    /// <param name="meterFactory">The container's meter factory; <see langword="null"/> for the static meter.</param>
    /// <param name="loggerFactory">Where logs go; <see langword="null"/> for nowhere.</param>
    /// <param name="timeProvider">The clock durations are measured on.</param>
    /// <param name="includePrompts">Whether prompts may appear in spans and logs.</param>
    public ImagingTelemetry(IMeterFactory? meterFactory, ILoggerFactory? loggerFactory, TimeProvider timeProvider, bool includePrompts)
    {
        _time = timeProvider;
        IncludePrompts = includePrompts;
        Logger = loggerFactory?.CreateLogger(Name) ?? NullLogger.Instance;
        Meter = meterFactory?.Create(new MeterOptions(Name) { Version = Version }) ?? SharedMeter;

        _genAiDuration = Meter.CreateHistogram(
            Metrics.GenAiOperationDuration,
            unit: "s",
            description: "GenAI operation duration: a whole GenerateAsync or EditAsync call, polling included.",
            tags: null,
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = DurationBuckets });
        _operationDuration = Meter.CreateHistogram(
            Metrics.OperationDuration,
            unit: "s",
            description: "Duration of one job submission, status check, upload, result download or webhook verification.",
            tags: null,
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = DurationBuckets });
        _images = Meter.CreateCounter<long>(Metrics.Images, unit: "{image}", description: "Images produced by successful generations and edits.");
        _polls = Meter.CreateHistogram(
            Metrics.JobPolls,
            unit: "{poll}",
            description: "Status checks made while waiting for one job.",
            tags: null,
            advice: new InstrumentAdvice<int> { HistogramBucketBoundaries = PollBuckets });
        _retries = Meter.CreateCounter<long>(Metrics.Retries, unit: "{retry}", description: "HTTP attempts repeated by the retry handler, by reason.");
        _downloadBytes = Meter.CreateCounter<long>(Metrics.DownloadBytes, unit: "By", description: "Bytes of result images received by downloads.");
    }

    /// <summary>The telemetry of code built without dependency injection: the static meter, no logs, no prompts.</summary>
    public static ImagingTelemetry Shared => SharedInstance.Value;

    /// <summary>The meter the instruments belong to.</summary>
    public Meter Meter { get; }

    /// <summary>The <c>ImagingClient</c> logger.</summary>
    public ILogger Logger { get; }

    /// <summary>Whether prompts may be recorded (<see cref="ImagingTelemetryOptions.IncludePrompts"/>).</summary>
    public bool IncludePrompts { get; }

    /// <summary>
    /// Starts an operation: a span (kind Client) when anything listens, and the clock when its duration is recorded.
    /// For <see cref="Operations.Generate"/> and <see cref="Operations.Edit"/> the span follows the GenAI inference
    /// conventions (<c>generate_content {model}</c>); other operations are named <c>{operation} {model}</c>.
    /// </summary>
    /// <param name="operation">One of <see cref="Operations"/>.</param>
    /// <param name="provider">The provider's name (data from the provider, never named by core).</param>
    /// <param name="model">The model, when known.</param>
    /// <param name="server">The URL called; only its host and port are recorded.</param>
    /// <param name="jobId">The job, when known.</param>
    public TelemetryScope Start(string operation, string provider, string? model, Uri? server = null, string? jobId = null)
    {
        var genAi = operation is Operations.Generate or Operations.Edit;
        var observed = (genAi ? _genAiDuration : _operationDuration).Enabled
            || (genAi && _images.Enabled)
            || Logger.IsEnabled(LogLevel.Warning);
        Activity? activity = null;
        if (Source.HasListeners())
        {
            var operationName = genAi ? Tags.GenerateContent : operation;
            activity = Source.StartActivity(model is null ? operationName : $"{operationName} {model}", ActivityKind.Client);
            if (activity is { IsAllDataRequested: true })
            {
                activity.SetTag(Tags.OperationName, operationName);
                activity.SetTag(Tags.ProviderName, provider);
                activity.SetTag(Tags.ImagingOperation, operation);
                if (model is not null)
                {
                    activity.SetTag(Tags.RequestModel, model);
                }

                if (genAi)
                {
                    activity.SetTag(Tags.OutputType, "image");
                }

                if (server is { IsAbsoluteUri: true })
                {
                    activity.SetTag(Tags.ServerAddress, server.IdnHost);
                    activity.SetTag(Tags.ServerPort, server.Port);
                }

                if (jobId is not null)
                {
                    activity.SetTag(Tags.JobId, jobId);
                }
            }
        }

        if (activity is null && !observed)
        {
            return default;
        }

        if (Logger.IsEnabled(LogLevel.Debug))
        {
            ImagingLog.OperationStarted(Logger, operation, provider, model ?? DefaultModel);
        }

        return new TelemetryScope(this, activity, operation, provider, model, _time.GetTimestamp(), server);
    }

    /// <summary>Whether <paramref name="operation"/> is traced or measured now (so its tags are worth computing).</summary>
    public bool Observes(string operation) =>
        Source.HasListeners()
        || (operation is Operations.Generate or Operations.Edit ? _genAiDuration : _operationDuration).Enabled;

    /// <summary>Ends <paramref name="scope"/> as a success: the span's result tags, the duration, the images made.</summary>
    /// <param name="scope">The operation.</param>
    /// <param name="result">The images, for a generation or edit (or a job that finished).</param>
    /// <param name="jobId">The job, when the answer named one.</param>
    /// <param name="jobStatus">The job's status at the end of the operation.</param>
    public void Succeeded(in TelemetryScope scope, ImageResult? result = null, string? jobId = null, string? jobStatus = null)
    {
        if (scope.Owner is null)
        {
            return;
        }

        if (scope.Activity is { IsAllDataRequested: true } activity)
        {
            if (result is not null)
            {
                activity.SetTag(Tags.ImageCount, result.Images.Count);
                activity.SetTag(Tags.ResponseModel, result.Model);
                if ((result.RequestId ?? result.JobId) is { } responseId)
                {
                    activity.SetTag(Tags.ResponseId, responseId);
                }
            }

            if ((jobId ?? result?.JobId) is { } job)
            {
                activity.SetTag(Tags.JobId, job);
            }

            if (jobStatus is { } status)
            {
                activity.SetTag(Tags.JobStatus, status);
            }
        }

        if (result is not null && result.Images.Count > 0 && scope.Operation is Operations.Generate or Operations.Edit && _images.Enabled)
        {
            CountImages(result, scope.Operation);
        }

        if (Logger.IsEnabled(LogLevel.Debug))
        {
            var elapsedMs = _time.GetElapsedTime(scope.Started).TotalMilliseconds;
            ImagingLog.OperationSucceeded(Logger, scope.Operation, scope.Provider, result?.Model ?? scope.Model ?? DefaultModel, elapsedMs, result?.Images.Count ?? 0);
        }

        End(scope, errorType: null);
    }

    /// <summary>Ends <paramref name="scope"/> as a failure: <c>error.type</c> on the span and the duration, status Error.</summary>
    /// <param name="scope">The operation.</param>
    /// <param name="error">What went wrong.</param>
    /// <param name="jobId">The job, when known.</param>
    /// <param name="errorType">The <c>error.type</c>, when the caller knows better than <see cref="ErrorType"/>.</param>
    public void Failed(in TelemetryScope scope, Exception error, string? jobId = null, string? errorType = null)
    {
        if (scope.Owner is null)
        {
            return;
        }

        errorType ??= ErrorType(error);
        if (scope.Activity is { } activity)
        {
            activity.SetStatus(ActivityStatusCode.Error, errorType);
            if (activity.IsAllDataRequested)
            {
                activity.SetTag(Tags.ErrorType, errorType);
                if ((jobId ?? (error as ImagingApiException)?.JobId) is { } job)
                {
                    activity.SetTag(Tags.JobId, job);
                }
            }
        }

        if (error is OperationCanceledException)
        {
            if (Logger.IsEnabled(LogLevel.Debug))
            {
                var elapsedMs = _time.GetElapsedTime(scope.Started).TotalMilliseconds;
                ImagingLog.OperationCancelled(Logger, scope.Operation, scope.Provider, scope.Model ?? DefaultModel, elapsedMs);
            }
        }
        else if (Logger.IsEnabled(LogLevel.Warning))
        {
            var elapsedMs = _time.GetElapsedTime(scope.Started).TotalMilliseconds;
            ImagingLog.OperationFailed(Logger, scope.Operation, scope.Provider, scope.Model ?? DefaultModel, errorType, elapsedMs);
        }

        End(scope, errorType);
    }

    /// <summary>Adds the request's prompt to the span and the log, only when prompts are opted in.</summary>
    public void AddPrompt(in TelemetryScope scope, string? prompt)
    {
        if (!IncludePrompts || prompt is null || scope.Owner is null)
        {
            return;
        }

        if (scope.Activity is { IsAllDataRequested: true } activity)
        {
            activity.SetTag(Tags.Prompt, prompt);
        }

        if (Logger.IsEnabled(LogLevel.Debug))
        {
            ImagingLog.Prompt(Logger, scope.Operation, scope.Provider, scope.Model ?? DefaultModel, prompt);
        }
    }

    /// <summary>Records how many status checks one wait for a job made.</summary>
    public void RecordPolls(string provider, string model, int polls, string finalStatus)
    {
        if (!_polls.Enabled)
        {
            return;
        }

        var tags = new TagList
        {
            { Tags.ProviderName, provider },
            { Tags.RequestModel, model },
            { Tags.JobStatus, finalStatus },
        };
        _polls.Record(polls, tags);
    }

    /// <summary>Counts one retry of an HTTP attempt.</summary>
    /// <param name="client">The HTTP client's name (such as <c>ImagingClient.Downloads</c>).</param>
    /// <param name="provider">The provider, for a provider's client; <see langword="null"/> for downloads.</param>
    /// <param name="reason">Why: the status code (<c>429</c>, <c>503</c>) or the kind of failure.</param>
    public void CountRetry(string client, string? provider, string reason)
    {
        if (!_retries.Enabled)
        {
            return;
        }

        var tags = new TagList
        {
            { Tags.HttpClientName, client },
            { Tags.RetryReason, reason },
        };
        if (provider is not null)
        {
            tags.Add(Tags.ProviderName, provider);
        }

        _retries.Add(1, tags);
    }

    /// <summary>Whether downloaded bytes are being counted (so a stream is worth wrapping).</summary>
    public bool CountsDownloadBytes => _downloadBytes.Enabled;

    /// <summary>Counts bytes of a result image received.</summary>
    public void CountDownloadBytes(string provider, long bytes)
    {
        if (bytes > 0 && _downloadBytes.Enabled)
        {
            _downloadBytes.Add(bytes, new KeyValuePair<string, object?>(Tags.ProviderName, provider));
        }
    }

    /// <summary>
    /// The <c>error.type</c> of a failure: an <see cref="ImagingApiException"/>'s error code (<c>rate_limited</c>,
    /// <c>timeout</c>…) or the exception's full type name. (A refused webhook's is its reason, given by the verifier.)
    /// </summary>
    public static string ErrorType(Exception error) => error switch
    {
        ImagingApiException api => api.ErrorCode.ToString(),
        _ => error.GetType().FullName ?? "_OTHER",
    };

    private void CountImages(ImageResult result, string operation)
    {
        var tags = new TagList
        {
            { Tags.ProviderName, result.Provider },
            { Tags.RequestModel, result.Model },
            { Tags.ImagingOperation, operation },
        };
        _images.Add(result.Images.Count, tags);
    }

    private void End(in TelemetryScope scope, string? errorType)
    {
        var genAi = scope.Operation is Operations.Generate or Operations.Edit;
        var histogram = genAi ? _genAiDuration : _operationDuration;
        if (histogram.Enabled)
        {
            var tags = new TagList
            {
                { Tags.OperationName, genAi ? Tags.GenerateContent : scope.Operation },
                { Tags.ProviderName, scope.Provider },
            };
            if (!genAi)
            {
                tags.Add(Tags.ImagingOperation, scope.Operation);
            }

            if (scope.Model is not null)
            {
                tags.Add(Tags.RequestModel, scope.Model);
            }

            if (scope.Server is { IsAbsoluteUri: true } server)
            {
                tags.Add(Tags.ServerAddress, server.IdnHost);
                tags.Add(Tags.ServerPort, server.Port);
            }

            if (errorType is not null)
            {
                tags.Add(Tags.ErrorType, errorType);
            }

            histogram.Record(_time.GetElapsedTime(scope.Started).TotalSeconds, tags);
        }

        scope.Activity?.Dispose();
    }

    /// <summary><c>SignatureMismatch</c> as <c>signature_mismatch</c>.</summary>
    internal static string SnakeCase(string pascal)
    {
        var builder = new System.Text.StringBuilder(pascal.Length + 4);
        for (var i = 0; i < pascal.Length; i++)
        {
            if (char.IsUpper(pascal[i]) && i > 0)
            {
                builder.Append('_');
            }

            builder.Append(char.ToLowerInvariant(pascal[i]));
        }

        return builder.ToString();
    }

    /// <summary>The operations, as <c>imaging.operation</c> (and span names) write them.</summary>
    public static class Operations
    {
        public const string Generate = "generate";
        public const string Edit = "edit";
        public const string Submit = "submit";
        public const string Poll = "poll";
        public const string Upload = "upload";
        public const string Download = "download";
        public const string WebhookVerify = "webhook_verify";
    }

    /// <summary>The instruments' names.</summary>
    public static class Metrics
    {
        public const string GenAiOperationDuration = "gen_ai.client.operation.duration";
        public const string OperationDuration = "imaging.client.operation.duration";
        public const string Images = "imaging.client.images";
        public const string JobPolls = "imaging.client.job.polls";
        public const string Retries = "imaging.client.retries";
        public const string DownloadBytes = "imaging.client.download.bytes";
    }

    /// <summary>The tag names, and the GenAI operation name.</summary>
    public static class Tags
    {
        public const string GenerateContent = "generate_content";
        public const string OperationName = "gen_ai.operation.name";
        public const string ProviderName = "gen_ai.provider.name";
        public const string RequestModel = "gen_ai.request.model";
        public const string ResponseModel = "gen_ai.response.model";
        public const string ResponseId = "gen_ai.response.id";
        public const string OutputType = "gen_ai.output.type";
        public const string ErrorType = "error.type";
        public const string ServerAddress = "server.address";
        public const string ServerPort = "server.port";
        public const string ImagingOperation = "imaging.operation";
        public const string JobId = "imaging.job.id";
        public const string JobStatus = "imaging.job.status";
        public const string ImageCount = "imaging.image.count";
        public const string Prompt = "imaging.request.prompt";
        public const string HttpClientName = "imaging.http.client";
        public const string RetryReason = "imaging.retry.reason";
        public const string WebhookKind = "imaging.webhook.kind";
    }
}

/// <summary>One operation in flight: its span (if any) and its start on the clock (if its duration is recorded).</summary>
internal readonly struct TelemetryScope
{
    internal TelemetryScope(ImagingTelemetry owner, Activity? activity, string operation, string provider, string? model, long started, Uri? server)
    {
        Owner = owner;
        Activity = activity;
        Operation = operation;
        Provider = provider;
        Model = model;
        Started = started;
        Server = server;
    }

    /// <summary><see langword="null"/> for an operation nobody observes.</summary>
    public ImagingTelemetry? Owner { get; }

    public Activity? Activity { get; }

    public string Operation { get; }

    public string Provider { get; }

    public string? Model { get; }

    public long Started { get; }

    public Uri? Server { get; }
}
