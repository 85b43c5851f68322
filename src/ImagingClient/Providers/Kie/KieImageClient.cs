using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json;
using ImagingClient.Diagnostics;
using ImagingClient.Http;
using ImagingClient.Jobs;
using ImagingClient.Models;
using ImagingClient.Providers.Kie.Wire;
using ImagingClient.Serialization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ImagingClient.Providers.Kie;

/// <summary>
/// Kie.ai's Flux Kontext API: <c>POST /api/v1/flux/kontext/generate</c> creates a task, polled with
/// <c>GET /api/v1/flux/kontext/record-info</c>; plus the download-url and credit endpoints.
/// </summary>
internal sealed partial class KieImageClient : IImageClient, IImageJobSource, IKieApi
{
    /// <summary>How long a download-url link works.</summary>
    public static readonly TimeSpan DownloadLinkLifetime = TimeSpan.FromMinutes(20);

    private const string GeneratePath = "api/v1/flux/kontext/generate";
    private const string RecordInfoPath = "api/v1/flux/kontext/record-info";
    private const string DownloadUrlPath = "api/v1/common/download-url";
    private const string CreditPath = "api/v1/chat/credit";

    /// <summary>The largest answer read (or MaxResponseBytes, when smaller): Kie's answers are small JSON documents; anything larger is not one.</summary>
    private const int MaxAnswerBytes = 1024 * 1024;

    private readonly IHttpClientFactory _httpClientFactory;
    private readonly IOptionsMonitor<KieClientOptions> _options;
    private readonly TimeProvider _timeProvider;
    private readonly ImageDownloader _downloader;
    private readonly ILogger _logger;
    private readonly JobRunner _jobs;
    private readonly ImagingTelemetry _telemetry;

    public KieImageClient(
        IHttpClientFactory httpClientFactory,
        IOptionsMonitor<KieClientOptions> options,
        TimeProvider timeProvider,
        ImageDownloader downloader,
        ILogger<KieImageClient> logger,
        ImagingTelemetry? telemetry = null)
    {
        _httpClientFactory = httpClientFactory;
        _options = options;
        _timeProvider = timeProvider;
        _downloader = downloader;
        _logger = logger;
        _telemetry = telemetry ?? ImagingTelemetry.Shared;
        _jobs = new JobRunner(KieModels.ProviderName, "Kie", this, timeProvider, () => _options.CurrentValue.Polling, _telemetry);
        _ = options.CurrentValue;
    }

    public Task<ImageResult> GenerateAsync(ImageGenerationRequest request, CancellationToken cancellationToken = default) =>
        _jobs.RunAsync(request, r => StartGenerateAsync((ImageGenerationRequest)r, cancellationToken), cancellationToken);

    public Task<ImageResult> EditAsync(ImageEditRequest request, CancellationToken cancellationToken = default) =>
        _jobs.RunAsync(request, r => StartEditAsync((ImageEditRequest)r, cancellationToken), cancellationToken);

    public Task<ImageJob> StartGenerateAsync(ImageGenerationRequest request, CancellationToken cancellationToken = default)
    {
        var options = _options.CurrentValue;
        var validated = RequestValidator.Validate(KieCatalog.Catalog, request, ImageOperationKind.Generate, options.UnsupportedFields);
        return _jobs.StartAsync(() => SubmitAsync(validated, options, cancellationToken), validated.Model.Id, options.BaseAddress);
    }

    public Task<ImageJob> StartEditAsync(ImageEditRequest request, CancellationToken cancellationToken = default)
    {
        var options = _options.CurrentValue;
        var validated = RequestValidator.Validate(KieCatalog.Catalog, request, ImageOperationKind.Edit, options.UnsupportedFields);
        return _jobs.StartAsync(() => SubmitAsync(validated, options, cancellationToken), validated.Model.Id, options.BaseAddress);
    }

    public Task<ImageJob> ResumeJobAsync(ImageJobToken token, CancellationToken cancellationToken = default) =>
        _jobs.ResumeAsync(token, cancellationToken);

    public TimeSpan CheckTimeout => _options.CurrentValue.Timeout;

    public async Task<JobSnapshot> CheckAsync(ImageJob job, CancellationToken cancellationToken)
    {
        var options = _options.CurrentValue;
        var call = new ProviderCall(KieModels.ProviderName, "Kie", options.Timeout, _timeProvider, options.ApiKey, createsPaidWork: false, job.Id, job.ResumeToken, "the status check");
        using var request = new HttpRequestMessage(HttpMethod.Get, ProviderHttp.Endpoint(options.BaseAddress, $"{RecordInfoPath}?taskId={Uri.EscapeDataString(job.Id)}"));
        var (data, now) = await SendAsync(request, call, options, cancellationToken).ConfigureAwait(false);
        var record = ReadData(data, KieJsonContext.Default.KieTaskRecord, call, "the status answer has no task record in data");
        var snapshot = KieTaskReader.ToSnapshot(job, record, now, _downloader, options.ApiKey);
        LogStatus(_logger, job.Id, snapshot.ProviderStatus ?? "unknown");
        return snapshot;
    }

    public async Task<KieDownloadLink> GetDownloadUrlAsync(Uri kieFileUrl, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(kieFileUrl);
        if (!kieFileUrl.IsAbsoluteUri)
        {
            throw new ArgumentException("The URL must be an absolute URL that Kie generated.", nameof(kieFileUrl));
        }

        var options = _options.CurrentValue;
        var call = new ProviderCall(KieModels.ProviderName, "Kie", options.Timeout, _timeProvider, options.ApiKey, createsPaidWork: false, what: "the download-url request");
        using var request = new HttpRequestMessage(HttpMethod.Post, ProviderHttp.Endpoint(options.BaseAddress, DownloadUrlPath))
        {
            Content = ProviderHttp.JsonContent(JsonSerializer.SerializeToUtf8Bytes(new KieDownloadUrlBody { Url = kieFileUrl.OriginalString }, KieJsonContext.Default.KieDownloadUrlBody)),
        };
        var (data, now) = await SendAsync(request, call, options, cancellationToken).ConfigureAwait(false);
        return Uri.TryCreate(JsonFields.Text(data), UriKind.Absolute, out var link)
            ? new KieDownloadLink(link, now + DownloadLinkLifetime)
            : throw Unexpected(call, "the download-url answer has no URL in data");
    }

    public async Task<decimal> GetCreditsAsync(CancellationToken cancellationToken = default)
    {
        var options = _options.CurrentValue;
        var call = new ProviderCall(KieModels.ProviderName, "Kie", options.Timeout, _timeProvider, options.ApiKey, createsPaidWork: false, what: "the credit request");
        using var request = new HttpRequestMessage(HttpMethod.Get, ProviderHttp.Endpoint(options.BaseAddress, CreditPath));
        var (data, _) = await SendAsync(request, call, options, cancellationToken).ConfigureAwait(false);
        return data.ValueKind switch
        {
            JsonValueKind.Number when data.TryGetDecimal(out var credits) => credits,
            JsonValueKind.String when decimal.TryParse(JsonFields.Text(data), NumberStyles.Number, CultureInfo.InvariantCulture, out var credits) => credits,
            _ => throw Unexpected(call, "the credit answer has no number in data"),
        };
    }

    /// <summary>Does nothing: the HTTP resources belong to the <see cref="IHttpClientFactory"/> and its container.</summary>
    public void Dispose()
    {
    }

    private async Task<JobSubmission> SubmitAsync(ValidatedRequest validated, KieClientOptions options, CancellationToken cancellationToken)
    {
        foreach (var warning in validated.Warnings)
        {
            ImagingLog.RequestWarning(_logger, KieModels.ProviderName, validated.Model.Id, warning);
        }

        var call = new ProviderCall(KieModels.ProviderName, "Kie", options.Timeout, _timeProvider, options.ApiKey, createsPaidWork: true, what: "the task");
        var route = validated.Model.Route;
        using var request = new HttpRequestMessage(route.Method, ProviderHttp.Endpoint(options.BaseAddress, route.Path))
        {
            Content = ProviderHttp.JsonContent(validated.WriteJsonBody()),
        };
        var (data, now) = await SendAsync(request, call, options, cancellationToken).ConfigureAwait(false);
        var token = ImageJobToken.TryCreate(KieModels.ProviderName, ReadTaskId(data), validated.Model.Id, validated.Model.Operation, now) ?? throw ProviderErrors.Create(call, null, new ProviderErrors.Failure
        {
            Code = ImagingErrorCode.InvalidResponse,
            Message = "Kie accepted the task (code 200) but its answer has no readable data.taskId, so it cannot be followed. "
                + "Kie may have created (and charged for) it: look for it in Kie's logs.",
            MayHaveCreatedWork = true,
        });

        LogSubmitted(_logger, token.JobId, validated.Model.Id);
        return JobSubmission.Accepted(token, "SUBMITTED", validated.Warnings);
    }

    /// <summary>Sends one Kie call and returns its <c>data</c>; an HTTP error, a body <c>code</c> other than 200 or an unreadable body throws.</summary>
    private async Task<(JsonElement Data, DateTimeOffset ReceivedAt)> SendAsync(
        HttpRequestMessage request,
        ProviderCall call,
        KieClientOptions options,
        CancellationToken cancellationToken)
    {
        var cap = (int)Math.Min(options.MaxResponseBytes, MaxAnswerBytes);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        return await ProviderHttp.SendAsync(
            _httpClientFactory.CreateClient(KieClientOptions.HttpClientName),
            request,
            call,
            async (response, token) =>
            {
                var now = _timeProvider.GetUtcNow();
                var (body, truncated) = await ResponseBody.ReadCappedAsync(response.Content, cap, token).ConfigureAwait(false);
                if (truncated && response.IsSuccessStatusCode)
                {
                    throw ProviderErrors.TooLarge(call, response, cap, options.MaxResponseBytes);
                }

                var envelope = truncated ? null : KieErrors.TryParse(body);
                return response.IsSuccessStatusCode && envelope?.Code == 200
                    ? (envelope.Data, now)
                    : throw ProviderErrors.FromBody(call, response, KieErrors.ToErrorBody(envelope), body, KieErrors.Format, now);
            },
            cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The task id of a submit answer, as a string or a number: whatever form it takes, it must reach the caller.</summary>
    private static string? ReadTaskId(JsonElement data)
    {
        if (data.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        foreach (var name in (ReadOnlySpan<string>)["taskId", "task_id"])
        {
            if (data.TryGetProperty(name, out var id))
            {
                var text = id.ValueKind switch
                {
                    JsonValueKind.String => JsonFields.Text(id),
                    JsonValueKind.Number => JsonFields.RawText(id),
                    _ => null,
                };
                if (!string.IsNullOrWhiteSpace(text))
                {
                    return text.Trim();
                }
            }
        }

        return null;
    }

    private static T ReadData<T>(JsonElement data, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type, ProviderCall call, string problem)
        where T : class
    {
        try
        {
            return data.ValueKind == JsonValueKind.Object && data.Deserialize(type) is { } value ? value : throw Unexpected(call, problem);
        }
        catch (JsonException ex)
        {
            throw Unexpected(call, problem, ex);
        }
    }

    private static ImagingApiException Unexpected(ProviderCall call, string what, Exception? inner = null) =>
        ProviderErrors.Create(call, null, new ProviderErrors.Failure
        {
            Code = ImagingErrorCode.InvalidResponse,
            Message = $"Kie's answer could not be used: {what}.",
            Inner = inner,
        });

    [LoggerMessage(EventId = 11, Level = LogLevel.Debug, Message = "Kie task {TaskId} submitted for model {Model}")]
    private static partial void LogSubmitted(ILogger logger, string taskId, string model);

    [LoggerMessage(EventId = 12, Level = LogLevel.Debug, Message = "Kie task {TaskId} is {Status}")]
    private static partial void LogStatus(ILogger logger, string taskId, string status);
}
