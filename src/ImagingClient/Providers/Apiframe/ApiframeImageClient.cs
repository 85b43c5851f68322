using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using ImagingClient.Diagnostics;
using ImagingClient.Http;
using ImagingClient.Jobs;
using ImagingClient.Models;
using ImagingClient.Providers.Apiframe.Wire;
using ImagingClient.Serialization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ImagingClient.Providers.Apiframe;

/// <summary>
/// Apiframe v2: every creating POST (<c>/v2/images/generate</c>, <c>/edit</c>, <c>/upscale</c>,
/// <c>/background-remove</c>, <c>/midjourney/action</c>) answers 202 with a job, followed with <c>GET /v2/jobs/{id}</c>;
/// local input images go through <c>POST /v2/uploads</c> first; every creating POST carries an <c>Idempotency-Key</c>.
/// </summary>
internal sealed partial class ApiframeImageClient : IImageClient, IImageJobSource, IApiframeApi
{
    private const string DisplayName = "Apiframe";
    private const string JobsPath = "v2/jobs";
    private const string UploadsPath = "v2/uploads";
    private const string MePath = "v2/me";
    private const string ModelsPath = "v2/models";
    private const string RequestIdState = "requestId";

    /// <summary>The largest answer read (or MaxResponseBytes, when smaller): job listings with their inputs are the largest Apiframe sends.</summary>
    private const int MaxAnswerBytes = 16 * 1024 * 1024;

    /// <summary>The largest mask whose base64 fits the action's 12,000,000 characters.</summary>
    private const int MaxMaskBytes = 9_000_000;

    /// <summary>How many uploads this client remembers, to refuse a URL of one that has expired.</summary>
    private const int KnownUploadCapacity = 1024;

    private readonly IHttpClientFactory _httpClientFactory;
    private readonly IOptionsMonitor<ApiframeClientOptions> _options;
    private readonly TimeProvider _timeProvider;
    private readonly ImageDownloader _downloader;
    private readonly ILogger _logger;
    private readonly JobRunner _jobs;
    private readonly ImagingTelemetry _telemetry;
    private readonly ConditionalWeakTable<ImageInput, ApiframeUpload> _uploadsByInput = [];
    private readonly ConcurrentDictionary<string, DateTimeOffset> _uploadExpiry = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, ApiframeUpload> _uploadsByContent = new(StringComparer.Ordinal);

    public ApiframeImageClient(
        IHttpClientFactory httpClientFactory,
        IOptionsMonitor<ApiframeClientOptions> options,
        TimeProvider timeProvider,
        ImageDownloader downloader,
        ILogger<ApiframeImageClient> logger,
        ImagingTelemetry? telemetry = null)
    {
        _httpClientFactory = httpClientFactory;
        _options = options;
        _timeProvider = timeProvider;
        _downloader = downloader;
        _logger = logger;
        _telemetry = telemetry ?? ImagingTelemetry.Shared;
        _jobs = new JobRunner(ApiframeModels.ProviderName, DisplayName, this, timeProvider, () => _options.CurrentValue.Polling, _telemetry);
        _ = options.CurrentValue;
    }

    public TimeSpan CheckTimeout => _options.CurrentValue.Timeout;

    public Task<ImageResult> GenerateAsync(ImageGenerationRequest request, CancellationToken cancellationToken = default) =>
        _jobs.RunAsync(request, r => StartGenerateAsync((ImageGenerationRequest)r, cancellationToken), cancellationToken);

    public Task<ImageResult> EditAsync(ImageEditRequest request, CancellationToken cancellationToken = default) =>
        _jobs.RunAsync(request, r => StartEditAsync((ImageEditRequest)r, cancellationToken), cancellationToken);

    public Task<ImageJob> StartGenerateAsync(ImageGenerationRequest request, CancellationToken cancellationToken = default)
    {
        var options = _options.CurrentValue;
        var validated = RequestValidator.Validate(ApiframeCatalog.Catalog, request, ImageOperationKind.Generate, options.UnsupportedFields);
        RefuseExpiredUploads(validated);
        return _jobs.StartAsync(() => SubmitAsync(validated, options, cancellationToken), validated.Model.Id, options.BaseAddress);
    }

    public Task<ImageJob> StartEditAsync(ImageEditRequest request, CancellationToken cancellationToken = default)
    {
        var options = _options.CurrentValue;
        var validated = RequestValidator.Validate(ApiframeCatalog.Catalog, request, ImageOperationKind.Edit, options.UnsupportedFields);
        RequireWhatTheModeNeeds(validated);
        RefuseExpiredUploads(validated);
        return _jobs.StartAsync(() => SubmitAsync(validated, options, cancellationToken), validated.Model.Id, options.BaseAddress);
    }

    public Task<ImageJob> ResumeJobAsync(ImageJobToken token, CancellationToken cancellationToken = default) =>
        _jobs.ResumeAsync(token, cancellationToken);

    public Task<ImageJob> StartUpscaleAsync(ApiframeUpscaleRequest request, CancellationToken cancellationToken = default) =>
        StartJobAsync(request, ApiframeCatalog.UpscaleModels, cancellationToken);

    public Task<ImageResult> UpscaleAsync(ApiframeUpscaleRequest request, CancellationToken cancellationToken = default) =>
        RunJobAsync(request, StartUpscaleAsync(request, cancellationToken), cancellationToken);

    public Task<ImageJob> StartBackgroundRemovalAsync(ApiframeBackgroundRemovalRequest request, CancellationToken cancellationToken = default) =>
        StartJobAsync(request, ApiframeCatalog.BackgroundRemovalModels, cancellationToken);

    public Task<ImageResult> RemoveBackgroundAsync(ApiframeBackgroundRemovalRequest request, CancellationToken cancellationToken = default) =>
        RunJobAsync(request, StartBackgroundRemovalAsync(request, cancellationToken), cancellationToken);

    public async Task<ImageJob> StartMidjourneyActionAsync(ApiframeMidjourneyActionRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!Guid.TryParseExact(request.ParentJobId, "D", out _))
        {
            throw new ArgumentException($"ParentJobId must be an Apiframe job id (a UUID); '{request.ParentJobId}' is not.", nameof(request));
        }

        if (request is ApiframeMidjourneyInpaintRequest { MaskBase64: null } inpaint)
        {
            // The mask travels as base64 in the body: read it (locally, nothing is sent) before validating.
            var mask = await ReadLocalAsync(inpaint.Mask, nameof(ApiframeMidjourneyInpaintRequest.Mask), cancellationToken).ConfigureAwait(false);
            if (mask.Length > MaxMaskBytes)
            {
                throw new ArgumentOutOfRangeException(
                    nameof(ApiframeMidjourneyInpaintRequest.Mask),
                    mask.Length,
                    $"Mask is {mask.Length} bytes; Apiframe takes a mask of at most {MaxMaskBytes} bytes (12,000,000 characters of base64).");
            }

            request = inpaint with { MaskBase64 = Convert.ToBase64String(mask) };
        }

        return await StartJobAsync(request, ApiframeCatalog.MidjourneyActions, cancellationToken).ConfigureAwait(false);
    }

    public Task<ImageResult> RunMidjourneyActionAsync(ApiframeMidjourneyActionRequest request, CancellationToken cancellationToken = default) =>
        RunJobAsync(request, StartMidjourneyActionAsync(request, cancellationToken), cancellationToken);

    public async Task<JobSnapshot> CheckAsync(ImageJob job, CancellationToken cancellationToken)
    {
        var options = _options.CurrentValue;
        var call = Call(options, createsPaidWork: false, "the status check", job.Id, job.ResumeToken);
        var (record, requestId, now) = await GetAsync($"{JobsPath}/{Uri.EscapeDataString(job.Id)}", ApiframeJsonContext.Default.ApiframeJobRecord, call, options, cancellationToken).ConfigureAwait(false);
        var submitRequestId = job.ResumeToken?.State.GetValueOrDefault(RequestIdState);
        var snapshot = ApiframeJobReader.ToSnapshot(job, record, now, _downloader, submitRequestId ?? requestId, options.ApiKey);
        LogStatus(_logger, job.Id, snapshot.ProviderStatus ?? "unknown", record.Progress);
        return snapshot;
    }

    public async Task<ImageJob> GetJobAsync(string jobId, CancellationToken cancellationToken = default)
    {
        if (!Guid.TryParseExact(jobId, "D", out _))
        {
            throw new ArgumentException($"An Apiframe job id is a UUID; '{jobId}' is not.", nameof(jobId));
        }

        var options = _options.CurrentValue;
        var call = Call(options, createsPaidWork: false, "the job request", jobId);
        var (record, requestId, now) = await GetAsync($"{JobsPath}/{jobId}", ApiframeJsonContext.Default.ApiframeJobRecord, call, options, cancellationToken).ConfigureAwait(false);
        var token = ImageJobToken.TryCreate(ApiframeModels.ProviderName, jobId, record.Model, ImageOperationKind.Generate, record.CreatedAt ?? now)
            ?? new ImageJobToken(ApiframeModels.ProviderName, jobId, "unknown", ImageOperationKind.Generate, record.CreatedAt ?? now);
        var placeholder = _jobs.NewJob(token, new JobSnapshot(ImageJobStatus.Queued, record.Status, null), []);
        return _jobs.NewJob(token, ApiframeJobReader.ToSnapshot(placeholder, record, now, _downloader, requestId, options.ApiKey), []);
    }

    public async IAsyncEnumerable<ApiframeJobInfo> ListJobsAsync(ApiframeJobQuery? query = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        query ??= new ApiframeJobQuery();
        var filters = ListQuery(query);
        var options = _options.CurrentValue;
        string? cursor = null;
        var seen = new HashSet<string>(StringComparer.Ordinal);

        // Bounded: a cursor Apiframe gives twice would otherwise loop for ever.
        for (var page = 0; page < 100_000; page++)
        {
            var call = Call(options, createsPaidWork: false, "the job listing");
            var path = cursor is null ? $"{JobsPath}{filters}" : $"{JobsPath}{filters}{(filters.Length == 0 ? "?" : "&")}cursor={Uri.EscapeDataString(cursor)}";
            var (list, _, _) = await GetAsync(path, ApiframeJsonContext.Default.ApiframeJobList, call, options, cancellationToken).ConfigureAwait(false);
            foreach (var record in list.Jobs ?? [])
            {
                if (ToInfo(record) is { } info)
                {
                    yield return info;
                }
            }

            if (list.HasMore != true || string.IsNullOrEmpty(list.NextCursor) || !seen.Add(list.NextCursor))
            {
                yield break;
            }

            cursor = list.NextCursor;
        }
    }

    public async Task<ApiframeUpload> UploadAsync(ImageInput image, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(image);
        if (image.Kind == ImageInputKind.Url)
        {
            throw new ArgumentException("The image is already a URL: pass it as it is; only bytes, streams and files are uploaded.", nameof(image));
        }

        var bytes = await ReadLocalAsync(image, nameof(image), cancellationToken).ConfigureAwait(false);
        var upload = await UploadBytesAsync(bytes, _options.CurrentValue, cancellationToken).ConfigureAwait(false);

        // A job given the same input, or the same bytes, later reuses this upload while it lasts.
        _uploadsByInput.AddOrUpdate(image, upload);
        Remember(Convert.ToHexString(SHA256.HashData(bytes)), upload);
        return upload;
    }

    public async Task<ApiframeAccount> GetAccountAsync(CancellationToken cancellationToken = default)
    {
        var options = _options.CurrentValue;
        var (me, _, _) = await GetAsync(MePath, ApiframeJsonContext.Default.ApiframeMeRecord, Call(options, createsPaidWork: false, "the account request"), options, cancellationToken).ConfigureAwait(false);
        return new ApiframeAccount(me.User?.Id, me.User?.Email, me.User?.Role, me.Team?.Id, me.Team?.Name, me.Team?.Credits, me.Team?.Plan, me.ApiKey?.Name, me.ApiKey?.Prefix);
    }

    public async Task<IReadOnlyList<ApiframeModelInfo>> GetModelsAsync(string? modality = null, CancellationToken cancellationToken = default)
    {
        if (modality is not null and not ("image" or "video" or "music"))
        {
            throw new ArgumentException($"modality must be image, video or music (or null for all); it was '{modality}'.", nameof(modality));
        }

        var options = _options.CurrentValue;
        var path = modality is null ? ModelsPath : $"{ModelsPath}?modality={modality}";
        var (list, _, _) = await GetAsync(path, ApiframeJsonContext.Default.ApiframeModelList, Call(options, createsPaidWork: false, "the model catalog request"), options, cancellationToken).ConfigureAwait(false);
        var models = new List<ApiframeModelInfo>();
        foreach (var entry in list.Models ?? [])
        {
            if (entry.ValueKind == JsonValueKind.Object && JsonFields.String(entry, "id") is { } id)
            {
                models.Add(new ApiframeModelInfo(id, JsonFields.String(entry, "label"), JsonFields.String(entry, "modality"), JsonFields.String(entry, "description"), JsonFields.Number(entry, "costMin"), JsonFields.Number(entry, "costMax"), JsonFields.String(entry, "pricingMode"), JsonFields.RawText(entry)));
            }
        }

        return models;
    }

    /// <summary>Does nothing: the HTTP resources belong to the <see cref="IHttpClientFactory"/> and its container.</summary>
    public void Dispose()
    {
    }

    private Task<ImageJob> StartJobAsync(ApiframeJobRequest request, IReadOnlyList<ModelSpec> models, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.WaitTimeout is { } timeout)
        {
            ImageJob.ValidateTimeout(timeout, nameof(ApiframeJobRequest.WaitTimeout));
        }

        if (request.WebhookUrl is { } webhook && (!webhook.IsAbsoluteUri || (webhook.Scheme != Uri.UriSchemeHttps && webhook.Scheme != Uri.UriSchemeHttp)))
        {
            throw new ArgumentException($"WebhookUrl must be an absolute http or https URL Apiframe can reach; '{webhook}' is not.", nameof(ApiframeJobRequest.WebhookUrl));
        }

        var options = _options.CurrentValue;
        var model = models.Single(m => m.Id == request.ModelId);
        var validated = RequestValidator.ValidateFields(ApiframeCatalog.Catalog, model, request.Fields(), UnsupportedFieldHandling.Throw);
        RefuseExpiredUploads(validated);
        return _jobs.StartAsync(() => SubmitAsync(validated, options, cancellationToken), validated.Model.Id, options.BaseAddress);
    }

    private async Task<ImageResult> RunJobAsync(ApiframeJobRequest request, Task<ImageJob> start, CancellationToken cancellationToken)
    {
        var job = await start.ConfigureAwait(false);
        return await job.WaitForCompletionAsync(request.WaitTimeout ?? (_options.CurrentValue.Polling ?? new ImagingPollingOptions()).Timeout, progress: null, cancellationToken).ConfigureAwait(false);
    }

    private async Task<JobSubmission> SubmitAsync(ValidatedRequest validated, ApiframeClientOptions options, CancellationToken cancellationToken)
    {
        foreach (var warning in validated.Warnings)
        {
            ImagingLog.RequestWarning(_logger, ApiframeModels.ProviderName, validated.Model.Id, warning);
        }

        // One key per logical operation, made before anything is sent: the retry handler resends this very request,
        // so every attempt carries it, and Apiframe answers a repeat with the first job instead of a second paid one.
        var idempotencyKey = validated.Headers().FirstOrDefault(h => h.Name == RetryStrategy.IdempotencyKeyHeader).Value ?? NewIdempotencyKey();
        var urls = new Dictionary<ImageInput, string>(ReferenceEqualityComparer.Instance);
        foreach (var image in validated.LocalImages())
        {
            urls[image] = (await UploadCachedAsync(image, options, cancellationToken).ConfigureAwait(false)).Url.OriginalString;
        }

        var call = Call(options, createsPaidWork: true, "the job submission");
        var route = validated.Model.Route;
        using var request = new HttpRequestMessage(route.Method, ProviderHttp.Endpoint(options.BaseAddress, route.Path))
        {
            Content = ProviderHttp.JsonContent(validated.WriteJsonBody((image, _) => urls[image])),
        };
        foreach (var (name, value) in validated.Headers())
        {
            if (name != RetryStrategy.IdempotencyKeyHeader)
            {
                request.Headers.TryAddWithoutValidation(name, value);
            }
        }

        request.Headers.TryAddWithoutValidation(RetryStrategy.IdempotencyKeyHeader, idempotencyKey);
        byte[] body;
        string? requestId;
        DateTimeOffset now;
        try
        {
            (body, requestId, now) = await SendAsync(request, call, options, cancellationToken).ConfigureAwait(false);
        }
        catch (ImagingApiException ex) when (urls.Count > 0 && (ex.MayHaveCreatedWork || ex.ErrorCode == ImagingErrorCode.Conflict))
        {
            // The key replays the first job only for the same body, and the body holds the uploads' URLs.
            throw ex.Copy(
                $"{ex.Message} The request's local images were uploaded to {string.Join(", ", urls.Values.Distinct())}: this client sends the same URLs for the same image bytes while those uploads last, "
                + "so resubmit from this client; from another process, pass those URLs (ImageInput.FromUri) so that the body is the same.");
        }
        var accepted = JsonFields.Read(body, ApiframeJsonContext.Default.ApiframeJobAccepted);
        var jobId = accepted?.JobId?.Trim();
        var token = ImageJobToken.TryCreate(ApiframeModels.ProviderName, jobId, validated.Model.Id, validated.Model.Operation, now);
        if (token is null)
        {
            throw ProviderErrors.Create(call, null, new ProviderErrors.Failure
            {
                Code = ImagingErrorCode.InvalidResponse,
                Message = $"Apiframe accepted the job but its answer has no readable jobId, so it cannot be followed{(requestId is null ? string.Empty : $" (request id {requestId})")}. "
                    + $"It may have created (and charged for) it: submit again with IdempotencyKey = \"{idempotencyKey}\" to get the same job back, or look for it in Apiframe's dashboard.",
                RequestId = requestId,
                MayHaveCreatedWork = true,
            }).Copy(idempotencyKey: idempotencyKey);
        }

        LogSubmitted(_logger, token.JobId, validated.Model.Id, accepted!.Status ?? "QUEUED");
        if (requestId is not null)
        {
            token = token.WithState(RequestIdState, requestId);
        }

        return JobSubmission.Accepted(token, accepted.Status ?? "QUEUED", validated.Warnings);
    }

    /// <summary>
    /// Apiframe's edit route says what its schema does not: <c>mode: "inpaint"</c> requires a <c>mask</c>, and
    /// <c>mode: "outpaint"</c> an <c>outpaint</c> preset. Refused here, before anything is sent or uploaded.
    /// </summary>
    private static void RequireWhatTheModeNeeds(ValidatedRequest validated)
    {
        if (validated.Model.IsCatalogued && validated.Model.Field("mode") is not null)
        {
            var (needs, property, how) = validated["mode"] switch
            {
                "inpaint" => ("mask", nameof(ApiframeFluxFillOptions.Mask), "the image's region to repaint, white on black"),
                "outpaint" => ("outpaint", nameof(ApiframeFluxFillOptions.Outpaint), "one of its presets, such as \"Zoom out 1.5x\""),
                _ => (null, null, null),
            };
            if (needs is not null && validated[needs] is null)
            {
                throw new ArgumentException(
                    $"Model '{validated.QualifiedModel}' in mode '{validated["mode"]}' requires {nameof(ApiframeFluxFillOptions)}.{property} ({how}); set it, "
                    + (needs == "mask" ? $"or set {nameof(ApiframeFluxFillOptions)}.{nameof(ApiframeFluxFillOptions.Outpaint)} to extend the image instead." : "or edit in mode 'inpaint' with a Mask."),
                    property);
            }
        }
    }

    /// <summary>
    /// Uploads a local image once and reuses the upload while it has more than the margin left — for the same input,
    /// and for the same bytes given again (a rebuilt request, the same file), so that a resubmission with the same
    /// idempotency key sends the same body.
    /// </summary>
    private async Task<ApiframeUpload> UploadCachedAsync(ImageInput image, ApiframeClientOptions options, CancellationToken cancellationToken)
    {
        if (_uploadsByInput.TryGetValue(image, out var earlier))
        {
            if (IsFresh(earlier, options))
            {
                return earlier;
            }

            if (image.Kind == ImageInputKind.Stream)
            {
                throw new ArgumentException(
                    $"This stream was uploaded to Apiframe before, and that upload expires at {earlier.ExpiresAt:O}; a stream cannot be read a second time to upload it anew. Pass the image again (as bytes, a file or a fresh stream).",
                    nameof(image));
            }
        }

        var bytes = await ReadLocalAsync(image, "the input image", cancellationToken).ConfigureAwait(false);
        var content = Convert.ToHexString(SHA256.HashData(bytes));
        if (!_uploadsByContent.TryGetValue(content, out var upload) || !IsFresh(upload, options))
        {
            upload = await UploadBytesAsync(bytes, options, cancellationToken).ConfigureAwait(false);
            Remember(content, upload);
        }

        _uploadsByInput.AddOrUpdate(image, upload);
        return upload;
    }

    private bool IsFresh(ApiframeUpload upload, ApiframeClientOptions options) =>
        upload.ExpiresAt - options.UploadExpiryMargin > _timeProvider.GetUtcNow();

    /// <summary>Keeps an upload by its content.</summary>
    private void Remember(string content, ApiframeUpload upload) => Keep(_uploadsByContent, content, upload, static u => u.ExpiresAt);

    /// <summary>
    /// Adds an entry to one of the bounded upload tables: when full, the expired entries go first, then as many as it
    /// takes to make room.
    /// </summary>
    private void Keep<TValue>(ConcurrentDictionary<string, TValue> table, string key, TValue value, Func<TValue, DateTimeOffset> expiresAt)
    {
        if (table.Count >= KnownUploadCapacity)
        {
            var now = _timeProvider.GetUtcNow();
            foreach (var (known, entry) in table)
            {
                if (expiresAt(entry) <= now || table.Count >= KnownUploadCapacity)
                {
                    table.TryRemove(known, out _);
                }
            }
        }

        table[key] = value;
    }

    private async Task<ApiframeUpload> UploadBytesAsync(byte[] bytes, ApiframeClientOptions options, CancellationToken cancellationToken)
    {
        var mediaType = LocalImageReader.CheckType(bytes, ApiframeCatalog.Catalog.LocalImages!, DisplayName, "the image");
        var call = new ProviderCall(ApiframeModels.ProviderName, DisplayName, options.Timeout, _timeProvider, options.ApiKey, createsPaidWork: false, what: "the upload")
        {
            Operation = ImagingTelemetry.Operations.Upload,
            Telemetry = _telemetry,
        };
        using var content = new MultipartFormDataContent();
        var file = new ByteArrayContent(bytes);
        file.Headers.ContentType = new MediaTypeHeaderValue(mediaType);
        content.Add(file, "file", "image." + mediaType["image/".Length..]);
        using var request = new HttpRequestMessage(HttpMethod.Post, ProviderHttp.Endpoint(options.BaseAddress, UploadsPath)) { Content = content };
        var (body, requestId, now) = await SendAsync(request, call, options, cancellationToken).ConfigureAwait(false);
        var record = JsonFields.Read(body, ApiframeJsonContext.Default.ApiframeUploadRecord);
        if (record?.Url is null || !Uri.TryCreate(record.Url, UriKind.Absolute, out var url))
        {
            throw Unexpected(call, $"the upload answer has no URL{(requestId is null ? string.Empty : $" (request id {requestId})")}");
        }

        var upload = new ApiframeUpload(record.Id ?? string.Empty, url, record.Kind ?? "image", record.ContentType ?? mediaType, record.ByteSize ?? bytes.Length, record.ExpiresAt ?? now + TimeSpan.FromHours(1));
        RememberUpload(upload);
        LogUploaded(_logger, upload.Id, bytes.Length, upload.ExpiresAt);
        return upload;
    }

    private void RememberUpload(ApiframeUpload upload) => Keep(_uploadExpiry, upload.Url.OriginalString, upload.ExpiresAt, static expiresAt => expiresAt);

    /// <summary>A URL of an upload this client made, whose time has run out, would fail the job: refuse it before anything is sent.</summary>
    private void RefuseExpiredUploads(ValidatedRequest validated)
    {
        if (_uploadExpiry.IsEmpty)
        {
            return;
        }

        var now = _timeProvider.GetUtcNow();
        foreach (var value in validated.Values)
        {
            if (value.Field.Type is not (FieldType.ImageUrl or FieldType.ImageUrlList))
            {
                continue;
            }

            foreach (var url in (value.Value as IEnumerable<object> ?? [value.Value]).OfType<string>())
            {
                if (_uploadExpiry.TryGetValue(url, out var expiresAt) && expiresAt <= now)
                {
                    throw new ArgumentException(
                        $"{value.SetBy} is an Apiframe upload that expired at {expiresAt:O}, so Apiframe can no longer fetch it. "
                        + "Upload the image again (or pass it as bytes or a file: the client uploads it for the job).",
                        value.SetBy);
                }
            }
        }
    }

    /// <summary>The bytes of a local image, checked against Apiframe's limits (25 MB; PNG, JPEG, WebP, GIF) before anything is sent.</summary>
    private static Task<byte[]> ReadLocalAsync(ImageInput image, string name, CancellationToken cancellationToken) =>
        LocalImageReader.ReadAsync(image, ApiframeCatalog.Catalog.LocalImages!, DisplayName, name, cancellationToken);

    private static string ListQuery(ApiframeJobQuery query)
    {
        var parts = new List<string>();
        if (query.Status is { } status)
        {
            parts.Add("status=" + status switch
            {
                ImageJobStatus.Queued => "QUEUED",
                ImageJobStatus.Running => "PROCESSING",
                ImageJobStatus.Succeeded => "COMPLETED",
                ImageJobStatus.Failed => "FAILED",
                ImageJobStatus.Cancelled => "CANCELLED",
                _ => throw new ArgumentException($"Status has the undefined value {(int)status}.", nameof(query)),
            });
        }

        if (query.Model is { } model)
        {
            var id = model.StartsWith(ApiframeModels.ProviderName + ":", StringComparison.OrdinalIgnoreCase) ? model[(ApiframeModels.ProviderName.Length + 1)..] : model;
            if (string.IsNullOrWhiteSpace(id))
            {
                throw new ArgumentException("Model must not be blank; leave it null for every model.", nameof(query));
            }

            parts.Add("model=" + Uri.EscapeDataString(id));
        }

        if (query.PageSize is { } size)
        {
            if (size is < 1 or > 100)
            {
                throw new ArgumentOutOfRangeException(nameof(query), size, $"PageSize must be between 1 and 100; it was {size}.");
            }

            parts.Add("limit=" + size.ToString(CultureInfo.InvariantCulture));
        }

        if (query.TeamScope)
        {
            parts.Add("scope=team");
        }

        if (query.Search is { } search)
        {
            parts.Add("search=" + search.ToString("D"));
        }

        return parts.Count == 0 ? string.Empty : "?" + string.Join('&', parts);
    }

    private static ApiframeJobInfo? ToInfo(ApiframeJobRecord record)
    {
        if (record.IdOrJobId is not { Length: > 0 } id)
        {
            return null;
        }

        var (images, grid) = ApiframeJobReader.Urls(record.Result);
        return new ApiframeJobInfo(
            id,
            ApiframeJobReader.MapStatus(record.Status),
            record.Status ?? "unknown",
            record.Model,
            ApiframeJobReader.Progress(record.Progress),
            record.Error,
            record.CreditCost is { } cost ? (long)cost : null,
            images,
            grid,
            record.Expired == true,
            record.CreatedAt,
            record.CompletedAt);
    }

    private async Task<(T Value, string? RequestId, DateTimeOffset ReceivedAt)> GetAsync<T>(string path, JsonTypeInfo<T> type, ProviderCall call, ApiframeClientOptions options, CancellationToken cancellationToken)
        where T : class
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, ProviderHttp.Endpoint(options.BaseAddress, path));
        var (body, requestId, now) = await SendAsync(request, call, options, cancellationToken).ConfigureAwait(false);
        return (JsonFields.Read(body, type) ?? throw Unexpected(call, $"the answer is not the JSON object expected{(requestId is null ? string.Empty : $" (request id {requestId})")}"), requestId, now);
    }

    /// <summary>Sends one Apiframe call and returns its body; an HTTP error or an unreadable body throws.</summary>
    private async Task<(byte[] Body, string? RequestId, DateTimeOffset ReceivedAt)> SendAsync(HttpRequestMessage request, ProviderCall call, ApiframeClientOptions options, CancellationToken cancellationToken)
    {
        var cap = (int)Math.Min(options.MaxResponseBytes, MaxAnswerBytes);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        return await ProviderHttp.SendAsync(
            _httpClientFactory.CreateClient(ApiframeClientOptions.HttpClientName),
            request,
            call,
            async (response, token) =>
            {
                var now = _timeProvider.GetUtcNow();
                var requestId = call.Redact(ResponseHeaders.ReadRequestId(response.Headers));
                if (!response.IsSuccessStatusCode)
                {
                    var error = await ProviderErrors.FromResponseAsync(call, response, ApiframeErrors.Format, now, token).ConfigureAwait(false);
                    throw response.StatusCode == HttpStatusCode.Conflict && call.CreatesPaidWork
                        ? error.Copy($"{error.Message} Apiframe answers 409 when an Idempotency-Key is reused with a different body (use a new key for a changed request), or when the parent job does not offer a Midjourney action.")
                        : error;
                }

                var (body, truncated) = await ResponseBody.ReadCappedAsync(response.Content, cap, token).ConfigureAwait(false);
                return truncated
                    ? throw ProviderErrors.TooLarge(call, response, cap, options.MaxResponseBytes)
                    : (body, requestId, now);
            },
            cancellationToken).ConfigureAwait(false);
    }

    private ProviderCall Call(ApiframeClientOptions options, bool createsPaidWork, string what, string? jobId = null, ImageJobToken? token = null) =>
        new(ApiframeModels.ProviderName, DisplayName, options.Timeout, _timeProvider, options.ApiKey, createsPaidWork, jobId, token, what);

    private static ImagingApiException Unexpected(ProviderCall call, string what) =>
        ProviderErrors.Create(call, null, new ProviderErrors.Failure
        {
            Code = ImagingErrorCode.InvalidResponse,
            Message = $"Apiframe's answer to {call.What} could not be used: {what}.",
            MayHaveCreatedWork = call.CreatesPaidWork,
        });

    private static string NewIdempotencyKey() => "imagingclient-" + Guid.NewGuid().ToString("N");

    [LoggerMessage(EventId = 21, Level = LogLevel.Debug, Message = "Apiframe job {JobId} submitted for model {Model} ({Status})")]
    private static partial void LogSubmitted(ILogger logger, string jobId, string model, string status);

    [LoggerMessage(EventId = 22, Level = LogLevel.Debug, Message = "Apiframe job {JobId} is {Status} ({Progress} %)")]
    private static partial void LogStatus(ILogger logger, string jobId, string status, double? progress);

    [LoggerMessage(EventId = 24, Level = LogLevel.Debug, Message = "Apiframe upload {UploadId} ({Bytes} bytes) expires at {ExpiresAt}")]
    private static partial void LogUploaded(ILogger logger, string uploadId, int bytes, DateTimeOffset expiresAt);
}
