using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using ImagingClient.Diagnostics;
using ImagingClient.Http;
using ImagingClient.Jobs;
using ImagingClient.Models;
using ImagingClient.Providers.RelayGpu.Wire;
using ImagingClient.Serialization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ImagingClient.Providers.RelayGpu;

/// <summary>
/// RelayGPU: one route per model family, synchronous by default (<c>200</c> with the images) or asynchronous on request
/// (<c>"async": true</c> → <c>202</c> with a task, polled at <c>GET /v2/tasks/{task_id}</c> without the key).
/// </summary>
internal sealed partial class RelayGpuImageClient : IImageClient, IImageJobSource, IRelayGpuApi
{
    private const string DisplayName = "RelayGPU";
    private const string TasksPath = "v2/tasks/";
    private const string ModelsPath = "v2/models";
    private const string AsyncField = "async";
    private const string StoreOutputField = "store_output";
    private const string WebhookField = "webhook_url";
    private const string PollState = "poll";

    private readonly IHttpClientFactory _httpClientFactory;
    private readonly IOptionsMonitor<RelayGpuClientOptions> _options;
    private readonly TimeProvider _timeProvider;
    private readonly ImageDownloader _downloader;
    private readonly ILogger _logger;
    private readonly JobRunner _jobs;
    private readonly ConcurrentDictionary<string, (ModelCatalog Catalog, DateTimeOffset FetchedAt)> _live = new(StringComparer.Ordinal);

    public RelayGpuImageClient(
        IHttpClientFactory httpClientFactory,
        IOptionsMonitor<RelayGpuClientOptions> options,
        TimeProvider timeProvider,
        ImageDownloader downloader,
        ILogger<RelayGpuImageClient> logger,
        ImagingTelemetry? telemetry = null)
    {
        _httpClientFactory = httpClientFactory;
        _options = options;
        _timeProvider = timeProvider;
        _downloader = downloader;
        _logger = logger;
        _jobs = new JobRunner(RelayGpuModels.ProviderName, DisplayName, this, timeProvider, () => _options.CurrentValue.Polling, telemetry);
        _ = options.CurrentValue;
    }

    public TimeSpan CheckTimeout => _options.CurrentValue.Timeout;

    public Task<ImageResult> GenerateAsync(ImageGenerationRequest request, CancellationToken cancellationToken = default) =>
        RunAsync(request, ImageOperationKind.Generate, cancellationToken);

    public Task<ImageResult> EditAsync(ImageEditRequest request, CancellationToken cancellationToken = default) =>
        RunAsync(request, ImageOperationKind.Edit, cancellationToken);

    public Task<ImageJob> StartGenerateAsync(ImageGenerationRequest request, CancellationToken cancellationToken = default) =>
        StartAsync(request, ImageOperationKind.Generate, cancellationToken);

    public Task<ImageJob> StartEditAsync(ImageEditRequest request, CancellationToken cancellationToken = default) =>
        StartAsync(request, ImageOperationKind.Edit, cancellationToken);

    public Task<ImageJob> ResumeJobAsync(ImageJobToken token, CancellationToken cancellationToken = default) =>
        _jobs.ResumeAsync(token, cancellationToken);

    public async Task<JobSnapshot> CheckAsync(ImageJob job, CancellationToken cancellationToken)
    {
        var options = _options.CurrentValue;
        var call = Call(options, createsPaidWork: false, "the task poll", job.Id, job.ResumeToken);
        var path = PollPath(job.ResumeToken?.State.GetValueOrDefault(PollState), job.Id, options);
        var (task, requestId, now) = await GetTaskStatusAsync(path, call, options, cancellationToken).ConfigureAwait(false);
        var snapshot = RelayGpuTaskReader.ToSnapshot(job, task, now, _downloader, requestId);
        LogStatus(_logger, job.Id, snapshot.ProviderStatus ?? "unknown");
        return snapshot;
    }

    public async Task<ImageJob> GetTaskAsync(string taskId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(taskId);
        var options = _options.CurrentValue;
        var call = Call(options, createsPaidWork: false, "the task request", taskId);
        var (task, requestId, now) = await GetTaskStatusAsync(PollPath(null, taskId, options), call, options, cancellationToken).ConfigureAwait(false);
        var token = ImageJobToken.TryCreate(RelayGpuModels.ProviderName, taskId, task.Model, ImageOperationKind.Generate, task.CreatedAt ?? now)
            ?? new ImageJobToken(RelayGpuModels.ProviderName, taskId, "unknown", ImageOperationKind.Generate, task.CreatedAt ?? now);
        var placeholder = _jobs.NewJob(token, new JobSnapshot(ImageJobStatus.Queued, task.Status, null), []);
        return _jobs.NewJob(token, RelayGpuTaskReader.ToSnapshot(placeholder, task, now, _downloader, requestId), []);
    }

    public async Task<IReadOnlyList<RelayGpuModelInfo>> GetModelsAsync(CancellationToken cancellationToken = default)
    {
        var options = _options.CurrentValue;
        var call = Call(options, createsPaidWork: false, "the model catalog request");
        var (body, _, _) = await GetAsync(ModelsPath, call, options, cancellationToken, withKey: true).ConfigureAwait(false);
        var list = JsonFields.Read(body, RelayGpuJsonContext.Default.RelayGpuModelList);

        // An answer with no list at all (cut off, not JSON, another shape) is not an empty catalog.
        var entries = list?.Models ?? list?.Data ?? throw Unexpected(call, "the model catalog is not a JSON object with a list of models");
        return [.. entries.Select(ToModelInfo).OfType<RelayGpuModelInfo>()];
    }

    public async Task<RelayGpuModelInfo> GetModelAsync(string name, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        var id = name.StartsWith(RelayGpuModels.ProviderName + ":", StringComparison.OrdinalIgnoreCase) ? name[(RelayGpuModels.ProviderName.Length + 1)..] : name;
        var options = _options.CurrentValue;
        var call = Call(options, createsPaidWork: false, $"the model request for '{id}'");
        var path = ModelsPath + "/" + string.Join('/', id.Split('/').Select(Uri.EscapeDataString));
        var (body, _, _) = await GetAsync(path, call, options, cancellationToken, withKey: true).ConfigureAwait(false);
        JsonElement entry;
        try
        {
            using var document = JsonDocument.Parse(body);
            entry = document.RootElement.Clone();
        }
        catch (JsonException)
        {
            entry = default;
        }

        return ToModelInfo(entry) ?? throw Unexpected(call, "the model entry is not a JSON object with a name and a route");
    }

    /// <summary>Does nothing: the HTTP resources belong to the <see cref="IHttpClientFactory"/> and its container.</summary>
    public void Dispose()
    {
    }

    private async Task<ImageResult> RunAsync(ImageRequest request, ImageOperationKind operation, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var options = _options.CurrentValue;
        if (options.Asynchronous || request.ProviderOptions is RelayGpuImageOptions { RunAsynchronously: true })
        {
            return await _jobs.RunAsync(request, r => StartAsync(r, operation, cancellationToken), cancellationToken).ConfigureAwait(false);
        }

        var validated = await ValidateAsync(request, operation, options, cancellationToken).ConfigureAwait(false);
        if (validated[WebhookField] is not null)
        {
            throw new ArgumentException(
                "WebhookUrl needs an asynchronous call: use StartGenerateAsync/StartEditAsync, or set RunAsynchronously on the request's RelayGPU options (or Asynchronous in the provider's settings).",
                nameof(ImageRequest.WebhookUrl));
        }

        return await SendSyncAsync(validated, options, cancellationToken).ConfigureAwait(false);
    }

    private async Task<ImageJob> StartAsync(ImageRequest request, ImageOperationKind operation, CancellationToken cancellationToken)
    {
        var options = _options.CurrentValue;
        var validated = await ValidateAsync(request, operation, options, cancellationToken).ConfigureAwait(false);
        if (validated.Model.Field(AsyncField) is null)
        {
            // A route that runs only synchronously (the Stable Diffusion route): its job is complete when it returns.
            var result = await SendSyncAsync(validated, options, cancellationToken).ConfigureAwait(false);
            var completed = JobSubmission.Completed(CompletedToken(result.JobId, validated.Model.Id, operation, _timeProvider.GetUtcNow()), result, "completed");
            return _jobs.NewJob(completed.Token, completed.Initial, completed.Warnings);
        }

        return await _jobs.StartAsync(() => SubmitAsync(validated, options, cancellationToken), validated.Model.Id, options.BaseAddress).ConfigureAwait(false);
    }

    /// <summary>
    /// Checks a request against its model before anything is sent. A model the built-in catalog does not know is looked
    /// up in RelayGPU's live catalog when <see cref="RelayGpuClientOptions.ResolveUnknownModels"/> is on, and refused
    /// otherwise.
    /// </summary>
    private async Task<ValidatedRequest> ValidateAsync(ImageRequest request, ImageOperationKind operation, RelayGpuClientOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var catalog = RelayGpuCatalog.Catalog;
        var model = catalog.Resolve(request.Model, operation);
        if (!model.IsCatalogued)
        {
            if (!options.ResolveUnknownModels)
            {
                throw new ArgumentException(
                    $"Model 'relaygpu:{model.Id}' is not in ImagingClient's RelayGPU catalog. Choose one of RelayGpuModels, or set ResolveUnknownModels = true in the RelayGPU options to look it up in RelayGPU's live catalog.",
                    nameof(ImageRequest.Model));
            }

            catalog = await LiveCatalogAsync(model.Id, operation, options, cancellationToken).ConfigureAwait(false);
        }

        var validated = RequestValidator.Validate(catalog, request, operation, options.UnsupportedFields);
        if (string.IsNullOrEmpty(options.ApiKey))
        {
            foreach (var (field, name) in new[] { (WebhookField, "WebhookUrl"), (StoreOutputField, "StoreOutput") })
            {
                if (validated[field] is not null)
                {
                    throw new ArgumentException($"RelayGPU does not take {name} from a guest: set an API key to use it.", name);
                }
            }
        }

        if (validated[WebhookField] is string webhook)
        {
            // Plain http only to this machine, and only when RelayGPU itself is this machine (the emulator).
            if (Uri.TryCreate(webhook, UriKind.Absolute, out var url) && url.Scheme != Uri.UriSchemeHttps && !(url.IsLoopback && options.BaseAddress.IsLoopback))
            {
                throw new ArgumentException($"RelayGPU delivers webhooks only to https URLs; '{webhook}' is not one.", nameof(ImageRequest.WebhookUrl));
            }

            // Webhooks are sent only for tasks run in direct mode.
            switch (validated["mode"])
            {
                case null when validated.Model.Field("mode") is not null:
                    validated = validated.With("mode", "direct");
                    break;
                case string mode when mode != "direct":
                    throw new ArgumentException($"RelayGPU sends webhooks only for tasks in direct mode; Mode is '{mode}'. Leave it unset or set \"direct\".", "Mode");
            }
        }

        // wan takes up to 4 images, or up to 16 in sequential mode.
        if (validated["n"] is long n && n > 4 && validated.Model.Field("enable_sequential") is not null && validated["enable_sequential"] is not true)
        {
            throw new ArgumentOutOfRangeException("Count", n, $"Model '{validated.QualifiedModel}' makes at most 4 images unless EnableSequential is true (then up to 16); {n} were asked for.");
        }

        foreach (var warning in validated.Warnings)
        {
            ImagingLog.RequestWarning(_logger, RelayGpuModels.ProviderName, validated.Model.Id, warning);
        }

        return validated;
    }

    /// <summary>One synchronous call: the images in the answer. Never repeated once sent unless RelayGPU said it did not act.</summary>
    private async Task<ImageResult> SendSyncAsync(ValidatedRequest validated, RelayGpuClientOptions options, CancellationToken cancellationToken)
    {
        var warnings = new List<string>(validated.Warnings);
        if (validated[RetryStrategy.IdempotencyKeyHeader] is not null)
        {
            // RelayGPU never replays a synchronous call, so the key would protect nothing, and the retry handler would
            // take it as leave to repeat a paid call.
            validated = validated.Without(RetryStrategy.IdempotencyKeyHeader);
            warnings.Add("IdempotencyKey was not sent: RelayGPU never replays a synchronous call. Submit with StartGenerateAsync/StartEditAsync (or RunAsynchronously) to make retries safe.");
        }

        var body = await WriteBodyAsync(validated, cancellationToken).ConfigureAwait(false);
        var call = Call(options, createsPaidWork: true, "the request");
        using var request = new HttpRequestMessage(HttpMethod.Post, ProviderHttp.Endpoint(options.BaseAddress, validated.Model.Route.Path)) { Content = ProviderHttp.JsonContent(body) };
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        var lifetime = RelayGpuTaskReader.Lifetime(validated[StoreOutputField] as string);
        return await ProviderHttp.SendAsync(
            Client(),
            request,
            call,
            async (response, token) =>
            {
                var now = _timeProvider.GetUtcNow();
                if (!response.IsSuccessStatusCode)
                {
                    throw await ProviderErrors.FromResponseAsync(call, response, RelayGpuErrors.Format, now, token).ConfigureAwait(false);
                }

                var requestId = call.Redact(ResponseHeaders.ReadRequestId(response.Headers));
                using var pooled = await ResponseBody.ReadAllAsync(response.Content, options.MaxResponseBytes, token).ConfigureAwait(false)
                    ?? throw ProviderErrors.Create(call, response, new ProviderErrors.Failure
                    {
                        Code = ImagingErrorCode.InvalidResponse,
                        Message = $"RelayGPU's answer is larger than MaxResponseBytes ({options.MaxResponseBytes} bytes), so it was not read. RelayGPU has produced (and charged for) the images: raise MaxResponseBytes, or ask for fewer or smaller images.",
                        MayHaveCreatedWork = true,
                    });
                var image = ReadImageBody(pooled.Span, call, response);
                return RelayGpuTaskReader.ToResult(image, validated.Model.Id, requestId, image.TaskId, now, lifetime, validated["output_format"] as string, warnings, replayed: false, elapsedSeconds: null, _downloader)
                    ?? throw ProviderErrors.Create(Call(options, createsPaidWork: true, "the request", image.TaskId), response, new ProviderErrors.Failure
                    {
                        Code = ImagingErrorCode.InvalidResponse,
                        Message = $"RelayGPU answered HTTP {(int)response.StatusCode} without any usable image (task {image.TaskId ?? "unknown"}{(requestId is null ? string.Empty : $", request id {requestId}")}). "
                            + "The call was billed: " + (image.TaskId is null ? "ask RelayGPU's support with the request id." : $"fetch the task with GetTaskAsync(\"{image.TaskId}\") within the hour RelayGPU keeps it."),
                        RequestId = requestId,
                        MayHaveCreatedWork = true,
                    });
            },
            cancellationToken).ConfigureAwait(false);
    }

    /// <summary>An asynchronous submission: <c>"async": true</c> and an <c>Idempotency-Key</c> made once for the call.</summary>
    private async Task<JobSubmission> SubmitAsync(ValidatedRequest validated, RelayGpuClientOptions options, CancellationToken cancellationToken)
    {
        validated = validated.With(AsyncField, true);

        // Guests' keys are ignored by RelayGPU, so for them a key would only make the retry handler repeat the call.
        var idempotencyKey = string.IsNullOrEmpty(options.ApiKey) ? null : validated[RetryStrategy.IdempotencyKeyHeader] as string ?? "imagingclient-" + Guid.NewGuid().ToString("N");
        validated = validated.Without(RetryStrategy.IdempotencyKeyHeader);
        var body = await WriteBodyAsync(validated, cancellationToken).ConfigureAwait(false);
        var call = Call(options, createsPaidWork: true, "the task submission");
        using var request = new HttpRequestMessage(HttpMethod.Post, ProviderHttp.Endpoint(options.BaseAddress, validated.Model.Route.Path)) { Content = ProviderHttp.JsonContent(body) };
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        if (idempotencyKey is not null)
        {
            request.Headers.TryAddWithoutValidation(RetryStrategy.IdempotencyKeyHeader, idempotencyKey);
        }

        var (answer, requestId, now, replayed, status) = await ProviderHttp.SendAsync(
            Client(),
            request,
            call,
            async (response, token) =>
            {
                var received = _timeProvider.GetUtcNow();
                if (!response.IsSuccessStatusCode)
                {
                    throw await ProviderErrors.FromResponseAsync(call, response, RelayGpuErrors.Format, received, token).ConfigureAwait(false);
                }

                // A route that runs the call at once answers with its images (base64 where asked), not a ticket: MaxResponseBytes.
                using var pooled = await ResponseBody.ReadAllAsync(response.Content, options.MaxResponseBytes, token).ConfigureAwait(false)
                    ?? throw ProviderErrors.TooLarge(call, response, options.MaxResponseBytes, options.MaxResponseBytes);
                var isReplay = response.Headers.TryGetValues("Idempotency-Replayed", out var values) && values.Any(v => v.Equals("true", StringComparison.OrdinalIgnoreCase));
                return (pooled.Span.ToArray(), call.Redact(ResponseHeaders.ReadRequestId(response.Headers)), received, isReplay, (int)response.StatusCode);
            },
            cancellationToken).ConfigureAwait(false);

        var warnings = new List<string>(validated.Warnings);
        if (status == (int)HttpStatusCode.OK && JsonFields.Read(answer, RelayGpuJsonContext.Default.RelayGpuImageBody) is { } ranNow
            && RelayGpuTaskReader.ToResult(ranNow, validated.Model.Id, requestId, ranNow.TaskId, now, RelayGpuTaskReader.Lifetime(validated[StoreOutputField] as string), validated["output_format"] as string, warnings, replayed, elapsedSeconds: null, _downloader) is { } finished)
        {
            // The route ran the call at once despite "async": the paid images are in this answer.
            return JobSubmission.Completed(CompletedToken(finished.JobId, validated.Model.Id, validated.Model.Operation, now), finished, "completed");
        }

        var accepted = JsonFields.Read(answer, RelayGpuJsonContext.Default.RelayGpuTaskAccepted);
        var state = new Dictionary<string, string>(StringComparer.Ordinal);
        if (validated[StoreOutputField] is string store)
        {
            state[RelayGpuTaskReader.StoreOutputState] = store;
        }

        var jobToken = ImageJobToken.TryCreate(RelayGpuModels.ProviderName, accepted?.TaskId?.Trim(), validated.Model.Id, validated.Model.Operation, now, state);
        if (jobToken is null)
        {
            throw ProviderErrors.Create(call, null, new ProviderErrors.Failure
            {
                Code = ImagingErrorCode.InvalidResponse,
                Message = $"RelayGPU accepted the task (HTTP {status}) but its answer has no readable task_id, so it cannot be followed{(requestId is null ? string.Empty : $" (request id {requestId})")}. "
                    + (idempotencyKey is null ? "It may have created (and charged for) it." : $"It may have created (and charged for) it: submit again with IdempotencyKey = \"{idempotencyKey}\" to get the same task back."),
                RequestId = requestId,
                MayHaveCreatedWork = true,
            }).Copy(idempotencyKey: idempotencyKey);
        }

        if (replayed)
        {
            warnings.Add($"RelayGPU answered with the task of an earlier submission with the same Idempotency-Key ({jobToken.JobId}); no new task was started.");
        }

        LogSubmitted(_logger, jobToken.JobId, validated.Model.Id, replayed);
        if (accepted!.PollUrl is { Length: > 0 } poll && OwnPath(poll, options) is { } pollPath)
        {
            // A link too long to keep in the token is not needed: the task id gives the poll path too.
            jobToken = ImageJobToken.TryCreate(RelayGpuModels.ProviderName, jobToken.JobId, validated.Model.Id, validated.Model.Operation, now, new Dictionary<string, string>(state) { [PollState] = pollPath })
                ?? jobToken;
        }

        return JobSubmission.Accepted(jobToken, accepted.Status ?? "queued", warnings);
    }

    /// <summary>The token of a job finished at once: RelayGPU's task id, or one made here when it sent none a token can hold.</summary>
    private static ImageJobToken CompletedToken(string? taskId, string model, ImageOperationKind operation, DateTimeOffset now) =>
        ImageJobToken.TryCreate(RelayGpuModels.ProviderName, taskId, model, operation, now)
        ?? new ImageJobToken(RelayGpuModels.ProviderName, "local_" + Guid.NewGuid().ToString("N"), model, operation, now);

    /// <summary>The body, with each local input image read (within the limits) and written inline as its field takes it.</summary>
    private static async Task<byte[]> WriteBodyAsync(ValidatedRequest validated, CancellationToken cancellationToken)
    {
        var local = new Dictionary<ImageInput, byte[]>(ReferenceEqualityComparer.Instance);
        foreach (var image in validated.LocalImages())
        {
            local[image] = await LocalImageReader.ReadAsync(image, RelayGpuCatalog.Catalog.LocalImages!, DisplayName, "the input image", cancellationToken).ConfigureAwait(false);
        }

        return validated.WriteJsonBody((image, field) => LocalImageReader.Inline(local[image], field));
    }

    private async Task<(RelayGpuTaskStatus Task, string? RequestId, DateTimeOffset ReceivedAt)> GetTaskStatusAsync(string path, ProviderCall call, RelayGpuClientOptions options, CancellationToken cancellationToken)
    {
        var wait = (int)Math.Clamp(options.LongPollWait.TotalSeconds, 1, 30);
        var separator = path.Contains('?', StringComparison.Ordinal) ? '&' : '?';
        try
        {
            var (body, requestId, now) = await GetAsync($"{path}{separator}wait={wait}", call, options, cancellationToken).ConfigureAwait(false);
            return (JsonFields.Read(body, RelayGpuJsonContext.Default.RelayGpuTaskStatus) ?? throw Unexpected(call, "the task's status is not the JSON object expected"), requestId, now);
        }
        catch (ImagingApiException ex) when (ex.StatusCode == HttpStatusCode.NotFound && call.ResumeToken is { } token && _timeProvider.GetUtcNow() - token.SubmittedAt < TimeSpan.FromMinutes(1))
        {
            // Just submitted: the task may not be visible yet; the poller looks again before giving up.
            throw ex.Copy(errorCode: ImagingErrorCode.NotFound);
        }
        catch (ImagingApiException ex) when (ex.StatusCode == HttpStatusCode.NotFound)
        {
            throw ex.Copy(
                $"{ex.Message} RelayGPU keeps a task's record and links for 1 hour after it ends (longer with store_output): task {call.JobId} is gone or never existed. Its work was billed if it ran.",
                errorCode: ImagingErrorCode.ResultExpired);
        }
    }

    /// <summary>
    /// A GET on RelayGPU's endpoint. A task poll goes without the key (the task id is its own capability, so the key is
    /// not exposed where it is not needed); the catalog, which needs none either, is asked with it where one is set, so
    /// that a guest's and a customer's view are RelayGPU's to tell apart.
    /// </summary>
    private async Task<(byte[] Body, string? RequestId, DateTimeOffset ReceivedAt)> GetAsync(string path, ProviderCall call, RelayGpuClientOptions options, CancellationToken cancellationToken, bool withKey = false)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, ProviderHttp.Endpoint(options.BaseAddress, path));
        request.Options.Set(ApiKeyHandler.WithoutKey, !withKey);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        return await ProviderHttp.SendAsync(
            Client(),
            request,
            call,
            async (response, token) =>
            {
                var now = _timeProvider.GetUtcNow();
                if (!response.IsSuccessStatusCode)
                {
                    throw await ProviderErrors.FromResponseAsync(call, response, RelayGpuErrors.Format, now, token).ConfigureAwait(false);
                }

                using var pooled = await ResponseBody.ReadAllAsync(response.Content, options.MaxResponseBytes, token).ConfigureAwait(false)
                    ?? throw ProviderErrors.TooLarge(call, response, options.MaxResponseBytes, options.MaxResponseBytes);
                return (pooled.Span.ToArray(), call.Redact(ResponseHeaders.ReadRequestId(response.Headers)), now);
            },
            cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The poll path: the submission's <c>poll_url</c> when it is on RelayGPU's own origin, else <c>v2/tasks/{id}</c>.</summary>
    private static string PollPath(string? pollUrl, string taskId, RelayGpuClientOptions options) =>
        (pollUrl is null ? null : OwnPath(pollUrl, options))
        ?? TasksPath + string.Join(':', taskId.Split(':').Select(Uri.EscapeDataString));

    /// <summary>
    /// A link from an answer as a path on RelayGPU's endpoint, when it stays on RelayGPU's origin (a relative path, or an
    /// absolute URL of the same origin); <see langword="null"/> for a link elsewhere, which is never followed.
    /// </summary>
    private static string? OwnPath(string link, RelayGpuClientOptions options)
    {
        if (link.StartsWith('/') && !link.StartsWith("//", StringComparison.Ordinal))
        {
            return link.TrimStart('/');
        }

        return Uri.TryCreate(link, UriKind.Absolute, out var url) && ApiKeyHandler.IsSameOrigin(url, options.BaseAddress)
            ? url.PathAndQuery.TrimStart('/')
            : null;
    }

    /// <summary>A model the live catalog describes, as a one-model catalog (cached).</summary>
    private async Task<ModelCatalog> LiveCatalogAsync(string id, ImageOperationKind operation, RelayGpuClientOptions options, CancellationToken cancellationToken)
    {
        var key = $"{operation}:{id}";
        if (_live.TryGetValue(key, out var cached) && _timeProvider.GetUtcNow() - cached.FetchedAt < options.LiveCatalogCacheDuration)
        {
            return cached.Catalog;
        }

        var info = await GetModelAsync(id, cancellationToken).ConfigureAwait(false);
        var spec = RelayGpuLiveCatalog.ToModelSpec(info, operation);
        var catalog = new ModelCatalog(RelayGpuModels.ProviderName, DisplayName, [spec], new Dictionary<ImageOperationKind, string> { [operation] = spec.Id }, (unknown, op) => spec with { Id = unknown, IsCatalogued = false })
        {
            LocalImages = RelayGpuCatalog.Catalog.LocalImages,
        };
        _live[key] = (catalog, _timeProvider.GetUtcNow());
        return catalog;
    }

    private static RelayGpuModelInfo? ToModelInfo(JsonElement entry)
    {
        if (entry.ValueKind != JsonValueKind.Object || (JsonFields.String(entry, "name") ?? JsonFields.String(entry, "id")) is not { Length: > 0 } name)
        {
            return null;
        }

        // An entry without a route is not a model RelayGPU can run.
        if (!entry.TryGetProperty("endpoint", out var endpoint) || endpoint.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        return new RelayGpuModelInfo(
            name,
            JsonFields.String(entry, "status"),
            JsonFields.String(endpoint, "method"),
            JsonFields.String(endpoint, "path"),
            JsonFields.IsTrue(endpoint, "model_in_body"),
            JsonFields.IsTrue(endpoint, "async_default"),
            JsonFields.IsTrue(entry, "store_output_supported"),
            entry.TryGetProperty("request_schema", out var schema) && schema.ValueKind == JsonValueKind.Object ? JsonFields.RawText(schema) : null,
            JsonFields.RawText(entry));
    }

    private static RelayGpuImageBody ReadImageBody(ReadOnlySpan<byte> body, ProviderCall call, HttpResponseMessage response)
    {
        try
        {
            return (body.IsEmpty ? null : JsonSerializer.Deserialize(body, RelayGpuJsonContext.Default.RelayGpuImageBody))
                ?? throw Unexpected(call, "the answer is empty");
        }
        catch (JsonException ex)
        {
            var excerpt = ResponseBody.Excerpt(body[..Math.Min(body.Length, 512)], call.ApiKey);
            throw ProviderErrors.Create(call, response, new ProviderErrors.Failure
            {
                Code = ImagingErrorCode.InvalidResponse,
                Message = $"RelayGPU answered HTTP {(int)response.StatusCode} with a body that is not an image answer: {excerpt}. It has produced (and charged for) the work.",
                Excerpt = excerpt,
                Inner = ex,
                MayHaveCreatedWork = true,
            });
        }
    }

    private HttpClient Client() => _httpClientFactory.CreateClient(RelayGpuClientOptions.HttpClientName);

    private ProviderCall Call(RelayGpuClientOptions options, bool createsPaidWork, string what, string? jobId = null, ImageJobToken? token = null) =>
        new(RelayGpuModels.ProviderName, DisplayName, options.Timeout, _timeProvider, options.ApiKey, createsPaidWork, jobId, token, what);

    private static ImagingApiException Unexpected(ProviderCall call, string what) =>
        ProviderErrors.Create(call, null, new ProviderErrors.Failure
        {
            Code = ImagingErrorCode.InvalidResponse,
            Message = $"RelayGPU's answer to {call.What} could not be used: {what}.",
            MayHaveCreatedWork = call.CreatesPaidWork,
        });

    [LoggerMessage(EventId = 31, Level = LogLevel.Debug, Message = "RelayGPU task {TaskId} submitted for model {Model} (replayed: {Replayed})")]
    private static partial void LogSubmitted(ILogger logger, string taskId, string model, bool replayed);

    [LoggerMessage(EventId = 32, Level = LogLevel.Debug, Message = "RelayGPU task {TaskId} is {Status}")]
    private static partial void LogStatus(ILogger logger, string taskId, string status);
}
