using System.Buffers.Text;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using ImagingClient.Emulator.Hosting;
using ImagingClient.Emulator.Imaging;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;

namespace ImagingClient.Emulator.Apiframe;

/// <summary>
/// Apiframe v2, as described in <c>shared/providers/apiframe.md</c>: the five job-creating image routes, jobs,
/// uploads, account and model catalog, plus webhooks.
/// </summary>
/// <remarks>
/// Every request gets a fresh <c>x-request-id</c>, then is handled in this order: answer an injected fault if one is
/// queued; check <c>X-API-Key</c> (401; <c>GET /v2/models</c> needs none); for job-creating POSTs check the content
/// type, the <c>Idempotency-Key</c> and the JSON, replay or refuse a known idempotency key, validate against the
/// generated schema (400 with Zod-style details), resolve input image URLs, check a Midjourney action's parent
/// (404/409), charge credits (402), and answer 202. Jobs advance on <see cref="TimeProvider"/> time; their outcome is
/// worked out lazily, on the first look at or after their completion instant.
/// </remarks>
internal sealed class ApiframeRoutes : IDisposable
{
    public const string GeneratePath = "/v2/images/generate";
    public const string EditPath = "/v2/images/edit";
    public const string UpscalePath = "/v2/images/upscale";
    public const string BackgroundRemovePath = "/v2/images/background-remove";
    public const string MidjourneyActionPath = "/v2/images/midjourney/action";
    public const string JobsPath = "/v2/jobs";
    public const string UploadsPath = "/v2/uploads";
    public const string MePath = "/v2/me";
    public const string ModelsPath = "/v2/models";

    /// <summary>Where uploaded files are served from, like Apiframe's CDN: no key needed.</summary>
    public const string UploadFilesPrefix = "/cdn/uploads/";

    public const string ApiKeyHeader = "X-API-Key";
    public const string IdempotencyKeyHeader = "Idempotency-Key";
    public const string RequestIdHeader = "x-request-id";
    public const int MaxIdempotencyKeyLength = 255;

    /// <summary>
    /// How many jobs are kept; beyond that the oldest are forgotten (polling them answers 404), finished or not. As many
    /// as the other rooms keep tasks and as this room remembers idempotency keys, so a thousand jobs started at once all
    /// run to the end.
    /// </summary>
    public const int JobCapacity = 1000;

    /// <summary>How many idempotency keys are remembered at most.</summary>
    public const int IdempotencyCapacity = 1000;

    /// <summary>How long an idempotency key is remembered.</summary>
    public static readonly TimeSpan IdempotencyWindow = TimeSpan.FromHours(24);

    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
    private static readonly string[] Statuses = ["QUEUED", "PROCESSING", "COMPLETED", "FAILED", "CANCELLED"];

    private readonly EmulatorContext _emulator;
    private readonly ApiframeEmulatorOptions _options;
    private readonly byte[] _apiKey;
    private readonly byte[] _signingKey;
    private readonly IReadOnlyList<TimeSpan> _retryDelays;
    private readonly ApiframeUploads _uploads = new();
    private readonly Lock _gate = new();
    private readonly Dictionary<string, ApiframeJob> _jobs = new(StringComparer.Ordinal);
    private readonly Queue<string> _order = new();
    private readonly Dictionary<string, IdempotencyEntry> _idempotency = new(StringComparer.Ordinal);
    private readonly Queue<string> _idempotencyOrder = new();
    private readonly string _userId = Guid.NewGuid().ToString("D");
    private readonly string _teamId = Guid.NewGuid().ToString("D");
    private readonly string _keyId = Guid.NewGuid().ToString("D");
    private long _sequence;
    private int _credits;
    private bool _disposed;

    private ApiframeRoutes(EmulatorContext emulator, ApiframeEmulatorOptions options)
    {
        _emulator = emulator;
        _options = new ApiframeEmulatorOptions
        {
            ApiKey = options.ApiKey,
            JobDuration = options.JobDuration,
            InitialCredits = options.InitialCredits,
            UploadLifetime = options.UploadLifetime,
            ResultRetention = options.ResultRetention,
            StringResults = options.StringResults,
            WebhookRetries = options.WebhookRetries,
        };
        _apiKey = Encoding.UTF8.GetBytes(options.ApiKey);
        _signingKey = ApiframeWebhooks.SigningKey(options.ApiKey);
        _retryDelays = options.WebhookRetries ? ApiframeWebhooks.RetryDelays : [];
        _credits = options.InitialCredits;
    }

    /// <summary>Gets the team's credit balance now.</summary>
    public int Credits => Volatile.Read(ref _credits);

    /// <summary>Gets the ids of the jobs kept now, in no particular order.</summary>
    public IReadOnlyCollection<string> JobIds
    {
        get
        {
            lock (_gate)
            {
                return [.. _jobs.Keys];
            }
        }
    }

    /// <summary>Gets the most attempts one webhook gets with these settings.</summary>
    public int MaxWebhookAttempts => _retryDelays.Count + 1;

    /// <summary>Maps the Apiframe routes; dispose the result to stop pending job timers.</summary>
    public static ApiframeRoutes Map(IEndpointRouteBuilder endpoints, EmulatorContext emulator, ApiframeEmulatorOptions options)
    {
        var routes = new ApiframeRoutes(emulator, options);
        foreach (var (path, schema) in ApiframeSchemas.ByPath)
        {
            endpoints.MapPost(path, routes.Handle(authenticate: true, context => routes.CreateAsync(context, path, schema)));
        }

        endpoints.MapGet(JobsPath + "/{id}", routes.Handle(authenticate: true, routes.GetJobAsync));
        endpoints.MapGet(JobsPath, routes.Handle(authenticate: true, routes.ListJobsAsync));
        endpoints.MapPost(UploadsPath, routes.Handle(authenticate: true, routes.UploadAsync));
        endpoints.MapGet(MePath, routes.Handle(authenticate: true, routes.MeAsync));
        endpoints.MapGet(ModelsPath, routes.Handle(authenticate: false, ModelsAsync));
        endpoints.MapMethods(UploadFilesPrefix + "{name}", [HttpMethods.Get, HttpMethods.Head], routes.ServeUploadAsync);
        return routes;
    }

    /// <summary>Stops every pending job timer.</summary>
    public void Dispose()
    {
        ApiframeJob[] jobs;
        lock (_gate)
        {
            _disposed = true;
            jobs = [.. _jobs.Values];
        }

        foreach (var job in jobs)
        {
            job.StopTimers();
        }
    }

    /// <summary>Whether a webhook attempt is for <paramref name="jobId"/>'s <paramref name="webhookEvent"/>.</summary>
    public static bool IsWebhook(EmulatorCallback callback, string jobId, string webhookEvent) =>
        string.Equals(callback.TaskId, jobId, StringComparison.Ordinal) &&
        callback.Headers.TryGetValue(ApiframeWebhooks.EventHeader, out var name) &&
        string.Equals(name, webhookEvent, StringComparison.Ordinal);

    private static bool IsJson(HttpRequest request) =>
        MediaTypeHeaderValue.TryParse(request.ContentType, out var mediaType) &&
        mediaType.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase);

    private static ApiframeHook HookOf(JsonElement value)
    {
        var hook = ApiframeHook.None;
        Scan(value);
        return hook;

        void Scan(JsonElement element)
        {
            switch (element.ValueKind)
            {
                case JsonValueKind.String:
                    var text = element.GetString()!;
                    if (text.Contains("[never]", StringComparison.OrdinalIgnoreCase))
                    {
                        hook = ApiframeHook.Never;
                    }
                    else if (hook != ApiframeHook.Never && text.Contains("[blocked]", StringComparison.OrdinalIgnoreCase))
                    {
                        hook = ApiframeHook.Blocked;
                    }
                    else if (hook == ApiframeHook.None && text.Contains("[fail]", StringComparison.OrdinalIgnoreCase))
                    {
                        hook = ApiframeHook.Fail;
                    }

                    break;
                case JsonValueKind.Object:
                    foreach (var member in element.EnumerateObject())
                    {
                        Scan(member.Value);
                    }

                    break;
                case JsonValueKind.Array:
                    foreach (var item in element.EnumerateArray())
                    {
                        Scan(item);
                    }

                    break;
            }
        }
    }

    private static string? StringOf(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static double? NumberOf(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number ? value.GetDouble() : null;

    private static JsonElement BlockOf(JsonElement body, string name) =>
        body.TryGetProperty(name, out var block) ? block : default;

    private static RgbImage Decode(StoredImage image) => ApiframeImages.Read(image.Png, image.Id);

    private RequestDelegate Handle(bool authenticate, Func<HttpContext, Task> process) => async context =>
    {
        context.Response.Headers[RequestIdHeader] = Guid.NewGuid().ToString("D");
        if (_emulator.Faults.TryTake(out var fault))
        {
            await WriteFaultAsync(context, fault).ConfigureAwait(false);
            return;
        }

        if (authenticate)
        {
            var key = context.Request.Headers[ApiKeyHeader].ToString();
            if (key.Length == 0)
            {
                await WriteErrorAsync(context, StatusCodes.Status401Unauthorized, "Missing API key: send it in the X-API-Key header.").ConfigureAwait(false);
                return;
            }

            if (!CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(key), _apiKey))
            {
                await WriteErrorAsync(context, StatusCodes.Status401Unauthorized, "Invalid API key.").ConfigureAwait(false);
                return;
            }
        }

        await process(context).ConfigureAwait(false);
    };

    private async Task CreateAsync(HttpContext context, string path, ApiframeSchema schema)
    {
        if (!IsJson(context.Request))
        {
            await WriteErrorAsync(context, StatusCodes.Status400BadRequest, "Content-Type must be application/json.").ConfigureAwait(false);
            return;
        }

        string? idempotencyKey = null;
        if (context.Request.Headers.TryGetValue(IdempotencyKeyHeader, out var keyValues))
        {
            idempotencyKey = keyValues.ToString();
            if (idempotencyKey.Length is 0 or > MaxIdempotencyKeyLength)
            {
                await WriteValidationAsync(context, new Dictionary<string, List<string>>
                {
                    [IdempotencyKeyHeader] = [idempotencyKey.Length == 0 ? "String must contain at least 1 character(s)" : "String must contain at most 255 character(s)"],
                }).ConfigureAwait(false);
                return;
            }
        }

        var bytes = RecordedBody.Of(context);
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(bytes);
        }
        catch (JsonException)
        {
            await WriteErrorAsync(context, StatusCodes.Status400BadRequest, "Invalid JSON body.").ConfigureAwait(false);
            return;
        }

        using (document)
        {
            var answer = Submit(path, schema, idempotencyKey, bytes.Span, document.RootElement);
            await answer(context).ConfigureAwait(false);
        }
    }

    /// <summary>Decides what a job-creating request gets; creates the job when it is accepted.</summary>
    private Func<HttpContext, Task> Submit(string path, ApiframeSchema schema, string? idempotencyKey, ReadOnlySpan<byte> bytes, JsonElement body)
    {
        var now = _emulator.TimeProvider.GetUtcNow();
        var hash = Convert.ToHexStringLower(SHA256.HashData(bytes));
        var inputJson = Encoding.UTF8.GetString(bytes);
        lock (_gate)
        {
            if (idempotencyKey is not null && _idempotency.TryGetValue(idempotencyKey, out var known) && now < known.At + IdempotencyWindow)
            {
                if (known.Path != path || known.Hash != hash)
                {
                    return context => WriteErrorAsync(context, StatusCodes.Status409Conflict, "Idempotency-Key was already used with a different request body.");
                }

                var status = _jobs.TryGetValue(known.JobId, out var original) ? original.Observe(now, Complete).Status : ApiframeJobState.Queued;
                return context => WriteAcceptedAsync(context, known.JobId, status);
            }
        }

        var validation = ApiframeSchemaValidator.Validate(schema, body);
        if (validation.Details.Count > 0)
        {
            var details = validation.Details;
            return context => WriteValidationAsync(context, details);
        }

        var inputs = new Dictionary<string, RgbImageSource>(StringComparer.Ordinal);
        var inputErrors = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var (uriPath, url) in validation.Uris)
        {
            if (uriPath == "webhookUrl")
            {
                continue;
            }

            if (ResolveInput(url, now, out var source) is { } problem)
            {
                inputErrors[uriPath] = [problem];
            }
            else
            {
                inputs[uriPath] = source!;
            }
        }

        var plan = path switch
        {
            GeneratePath => PlanGenerate(body, inputs),
            EditPath => PlanEdit(body, inputs, inputErrors),
            UpscalePath => PlanUpscale(body, inputs),
            BackgroundRemovePath => PlanBackgroundRemove(body, inputs),
            _ => null,
        };
        if (inputErrors.Count > 0)
        {
            return context => WriteValidationAsync(context, inputErrors);
        }

        lock (_gate)
        {
            if (path == MidjourneyActionPath)
            {
                var error = PlanMidjourneyAction(body, now, out plan);
                if (error is not null)
                {
                    return error;
                }
            }

            // Charges happen only here, under _gate; refunds only add, so the balance cannot drop below the check.
            var available = Credits;
            if (available < plan!.Cost)
            {
                var required = plan.Cost;
                return context => WriteJsonAsync(context, StatusCodes.Status402PaymentRequired, writer =>
                {
                    writer.WriteStartObject();
                    writer.WriteString("error", "Insufficient credits");
                    writer.WriteNumber("creditsRequired", required);
                    writer.WriteNumber("creditsAvailable", available);
                    writer.WriteEndObject();
                });
            }

            if (_disposed)
            {
                return context => WriteErrorAsync(context, StatusCodes.Status503ServiceUnavailable, "The emulator is stopping.");
            }

            Interlocked.Add(ref _credits, -plan.Cost);
            var webhookUrl = StringOf(body, "webhookUrl") is { } urlText ? new Uri(urlText) : null;
            IReadOnlySet<string> events = body.TryGetProperty("webhookEvents", out var list)
                ? new HashSet<string>(list.EnumerateArray().Select(item => item.GetString()!), StringComparer.Ordinal)
                : ApiframeWebhooks.DefaultEvents;
            var job = new ApiframeJob(new ApiframeJobInit(
                Guid.NewGuid().ToString("D"),
                ++_sequence,
                plan.Model,
                plan.Kind,
                inputJson,
                plan.Prompt,
                now,
                _options.JobDuration,
                plan.Cost,
                HookOf(body),
                webhookUrl,
                events,
                plan.Render));
            AddJob(job);
            if (idempotencyKey is not null)
            {
                RememberKey(idempotencyKey, new IdempotencyEntry(path, hash, job.Id, now));
            }

            ArmTimers(job);
            return context => WriteAcceptedAsync(context, job.Id, ApiframeJobState.Queued);
        }
    }

    private static JobPlan PlanGenerate(JsonElement body, Dictionary<string, RgbImageSource> inputs)
    {
        var modelId = body.GetProperty("model").GetString()!;
        var prompt = body.GetProperty("prompt").GetString()!;
        var model = ApiframeModels.Find(modelId) ?? new ApiframeModel(modelId, modelId, modelId + "Params", 8);
        var block = BlockOf(body, model.Block);
        var seed = ApiframeImages.SeedOf(block, prompt);
        var source = inputs.Values.FirstOrDefault(input => input.Served);
        if (modelId == ApiframeModels.Midjourney)
        {
            var cell = ApiframeImages.SizeOf(block, ApiframeImages.GridCellLongSide);
            return new JobPlan(modelId, ApiframeJobKind.MidjourneyGrid, model.Cost, prompt, _ => ApiframeImages.Generate(modelId, prompt, seed, 4, cell));
        }

        var count = ApiframeModels.CountOf(model, body);
        var size = ApiframeImages.SizeOf(block, ApiframeImages.LongSide);
        var cost = ApiframeModels.UnitCost(model, body) * count;
        return new JobPlan(modelId, ApiframeJobKind.Images, cost, prompt, _ =>
        {
            if (source is null)
            {
                return ApiframeImages.Generate(modelId, prompt, seed, count, size);
            }

            // An image-to-image request with an emulator image: edits of it, at the requested size.
            var scaled = ApiframeImages.Resize(source.Read(), size.Width, size.Height);
            return [.. Enumerable.Range(0, count).Select(i => ImageRenderer.Edit(scaled, modelId, prompt, seed + i))];
        });
    }

    private static JobPlan PlanEdit(JsonElement body, Dictionary<string, RgbImageSource> inputs, Dictionary<string, List<string>> errors)
    {
        const string Block = "fluxFillParams";
        var modelId = body.GetProperty("model").GetString()!;
        var block = body.GetProperty(Block);
        var prompt = block.GetProperty("prompt").GetString()!;
        var mode = block.GetProperty("mode").GetString()!;
        var preset = StringOf(block, "outpaint");
        if (mode == "inpaint" && StringOf(block, "mask") is null)
        {
            errors[Block + ".mask"] = ["Required when mode is 'inpaint'"];
        }

        if (mode == "outpaint" && preset is null)
        {
            errors[Block + ".outpaint"] = ["Required when mode is 'outpaint'"];
        }

        var source = inputs.GetValueOrDefault(Block + ".image");
        var url = StringOf(block, "image")!;
        var seed = ApiframeImages.SeedOf(block, prompt);
        var cost = ApiframeModels.Find(modelId)?.Cost ?? 10;
        return new JobPlan(modelId, ApiframeJobKind.Images, cost, prompt, _ =>
        {
            var image = source?.Read() ?? ApiframeImages.Read(null, url);
            if (mode == "outpaint")
            {
                image = preset switch
                {
                    "Zoom out 1.5x" => ApiframeImages.Expand(image, 1.5, 1.5, 0.5, 0.5),
                    "Zoom out 2x" => ApiframeImages.Expand(image, 2, 2, 0.5, 0.5),
                    "Make square" => ApiframeImages.Expand(image, Math.Max(1, (double)image.Height / image.Width), Math.Max(1, (double)image.Width / image.Height), 0.5, 0.5),
                    "Left outpaint" => ApiframeImages.Expand(image, 1.5, 1, 1, 0.5),
                    "Right outpaint" => ApiframeImages.Expand(image, 1.5, 1, 0, 0.5),
                    "Top outpaint" => ApiframeImages.Expand(image, 1, 1.5, 0.5, 1),
                    _ => ApiframeImages.Expand(image, 1, 1.5, 0.5, 0),
                };
            }

            return [ImageRenderer.Edit(image, modelId, prompt, seed)];
        });
    }

    private static JobPlan PlanUpscale(JsonElement body, Dictionary<string, RgbImageSource> inputs)
    {
        var modelId = body.GetProperty("model").GetString()!;
        var model = ApiframeModels.Find(modelId);
        var blockName = model?.Block ?? (modelId == "topaz-image-upscale" ? "topazUpscaleParams" : "clarityUpscaleParams");
        var block = body.GetProperty(blockName);
        var factor = NumberOf(block, "upscale_factor") ?? NumberOf(block, "scale_factor") ?? 2;
        var source = inputs.GetValueOrDefault(blockName + ".image");
        var url = StringOf(block, "image")!;
        return new JobPlan(modelId, ApiframeJobKind.Images, model?.Cost ?? 10, StringOf(block, "prompt") ?? string.Empty, _ =>
            [ApiframeImages.Upscale(source?.Read() ?? ApiframeImages.Read(null, url), factor)]);
    }

    private static JobPlan PlanBackgroundRemove(JsonElement body, Dictionary<string, RgbImageSource> inputs)
    {
        var modelId = body.GetProperty("model").GetString()!;
        var model = ApiframeModels.Find(modelId);
        var blockName = model?.Block ?? (modelId == "bria-bg-remove" ? "briaBgRemoveParams" : "lab851BgRemoveParams");
        var block = body.GetProperty(blockName);
        var threshold = NumberOf(block, "threshold") ?? 0.12;
        (byte, byte, byte) fill = StringOf(block, "background_type") switch
        {
            "green" => (0, 255, 0),
            "map" => (0, 0, 0),
            _ => (255, 255, 255),
        };
        var source = inputs.GetValueOrDefault(blockName + ".image");
        var url = StringOf(block, "image")!;
        return new JobPlan(modelId, ApiframeJobKind.Images, model?.Cost ?? 4, string.Empty, _ =>
            [ApiframeImages.RemoveBackground(source?.Read() ?? ApiframeImages.Read(null, url), threshold, fill)]);
    }

    /// <summary>Checks a Midjourney action's parent (under the lock); returns the error answer, or null with the plan.</summary>
    private Func<HttpContext, Task>? PlanMidjourneyAction(JsonElement body, DateTimeOffset now, out JobPlan? plan)
    {
        plan = null;
        var action = body.GetProperty("action").GetString()!;
        var parentId = body.GetProperty("parentJobId").GetString()!.ToLowerInvariant();
        if (!_jobs.TryGetValue(parentId, out var parent))
        {
            return context => WriteErrorAsync(context, StatusCodes.Status404NotFound, "Parent job not found");
        }

        var gridAction = action is "upsample" or "variation";
        var wanted = gridAction ? ApiframeJobKind.MidjourneyGrid : ApiframeJobKind.MidjourneyUpsample;
        if (parent.Model != ApiframeModels.Midjourney || parent.Init.Kind != wanted)
        {
            var needs = gridAction ? "a Midjourney grid job (an imagine, variation, inpaint, outpaint or pan)" : "a Midjourney upsample job";
            return context => WriteErrorAsync(context, StatusCodes.Status409Conflict, $"Action '{action}' is not available for this job: it needs {needs}.");
        }

        var state = parent.Observe(now, Complete);
        if (state.Status != ApiframeJobState.Completed || state.Outcome is null)
        {
            var status = state.Status;
            return context => WriteErrorAsync(context, StatusCodes.Status409Conflict, $"Action '{action}' is not available: the parent job is {status}, not COMPLETED.");
        }

        var images = state.Outcome.Images;
        var prompt = StringOf(body, "prompt") is { Length: > 0 } own ? own : parent.Init.Prompt;
        var seed = StableRandom.SeedFromPrompt(parent.Id + ":" + action);
        var index = (int)(NumberOf(body, "index") ?? 1);
        var zoom = NumberOf(body, "zoomRatio") ?? 2;
        var direction = StringOf(body, "direction") ?? "down";
        plan = action switch
        {
            "upsample" => new JobPlan(ApiframeModels.Midjourney, ApiframeJobKind.MidjourneyUpsample, ApiframeModels.UpsampleCost, prompt, _ => [Decode(images[index - 1])]),
            "variation" => Grid(_ => ApiframeImages.Variations(Decode(images[index - 1]), prompt, seed, "variation")),
            "inpaint" => Grid(_ => ApiframeImages.Variations(Decode(images[0]), prompt, seed, "inpaint")),
            "outpaint" => Grid(_ => ApiframeImages.Variations(ApiframeImages.Expand(Decode(images[0]), zoom, zoom, 0.5, 0.5), prompt, seed, "outpaint")),
            _ => Grid(_ => ApiframeImages.Variations(ApiframeImages.Pan(Decode(images[0]), direction), prompt, seed, "pan:" + direction)),
        };

        return null;

        JobPlan Grid(Func<ApiframeJob, IReadOnlyList<RgbImage>> render) =>
            new(ApiframeModels.Midjourney, ApiframeJobKind.MidjourneyGrid, ApiframeModels.GridActionCost, prompt, render);
    }

    /// <summary>Reads an input image URL: an emulator upload or file is used, anything else is never fetched.</summary>
    private string? ResolveInput(string url, DateTimeOffset now, out RgbImageSource? source)
    {
        source = null;
        var baseAddress = _emulator.BaseAddress;
        if (Uri.TryCreate(url, UriKind.Absolute, out var uri) &&
            uri.Scheme == baseAddress.Scheme &&
            string.Equals(uri.Host, baseAddress.Host, StringComparison.OrdinalIgnoreCase) &&
            uri.Port == baseAddress.Port)
        {
            if (uri.AbsolutePath.StartsWith(UploadFilesPrefix, StringComparison.Ordinal))
            {
                if (!_uploads.TryGet(uri.AbsolutePath[UploadFilesPrefix.Length..], out var upload) || upload.IsExpired(now))
                {
                    return "The uploaded file has expired or does not exist; upload it again.";
                }

                if (upload.Kind != "image")
                {
                    return $"Expected an image, but the upload is {upload.Kind} ({upload.ContentType}).";
                }

                source = new RgbImageSource(upload.ContentType == PngEncoder.MediaType ? upload.Bytes : null, upload.Id, Served: true);
                return null;
            }

            if (FileRoutes.TryFindServed(_emulator, url, out var image))
            {
                if (image.IsExpired(now))
                {
                    return "The file URL has expired.";
                }

                source = new RgbImageSource(image.Png, image.Id, Served: true);
                return null;
            }
        }

        source = new RgbImageSource(null, url, Served: false);
        return null;
    }

    private async Task GetJobAsync(HttpContext context)
    {
        var id = context.Request.RouteValues["id"]?.ToString() ?? string.Empty;
        if (!ApiframeSchemaValidator.IsUuid(id))
        {
            await WriteErrorAsync(context, StatusCodes.Status400BadRequest, "Invalid job id: expected a UUID.").ConfigureAwait(false);
            return;
        }

        ApiframeJob? job;
        lock (_gate)
        {
            _jobs.TryGetValue(id.ToLowerInvariant(), out job);
        }

        if (job is null)
        {
            await WriteErrorAsync(context, StatusCodes.Status404NotFound, "Job not found").ConfigureAwait(false);
            return;
        }

        var now = _emulator.TimeProvider.GetUtcNow();
        var state = Observe(job, now);
        var callbacks = _emulator.Callbacks.Snapshot();
        await WriteJsonAsync(context, StatusCodes.Status200OK, writer => WriteJob(writer, job, state, now, callbacks, withInput: true)).ConfigureAwait(false);
    }

    private async Task ListJobsAsync(HttpContext context)
    {
        var query = context.Request.Query;
        var details = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        var status = query["status"].ToString();
        if (query.ContainsKey("status") && !Statuses.Contains(status, StringComparer.Ordinal))
        {
            details["status"] = [$"Invalid enum value. Expected {string.Join(" | ", Statuses.Select(name => $"'{name}'"))}, received '{status}'"];
        }

        var limit = 20;
        if (query.ContainsKey("limit"))
        {
            if (!int.TryParse(query["limit"].ToString(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out limit))
            {
                details["limit"] = ["Expected number, received string"];
            }
            else if (limit < 1)
            {
                details["limit"] = ["Number must be greater than or equal to 1"];
            }
            else if (limit > 100)
            {
                details["limit"] = ["Number must be less than or equal to 100"];
            }
        }

        var scope = query["scope"].ToString();
        if (query.ContainsKey("scope") && scope is not ("user" or "team"))
        {
            details["scope"] = [$"Invalid enum value. Expected 'user' | 'team', received '{scope}'"];
        }

        var search = query["search"].ToString();
        if (query.ContainsKey("search") && !ApiframeSchemaValidator.IsUuid(search))
        {
            details["search"] = ["Invalid uuid"];
        }

        var includeModels = query["include_models"].ToString();
        if (query.ContainsKey("include_models") && includeModels is not ("true" or "false"))
        {
            details["include_models"] = [$"Invalid enum value. Expected 'true' | 'false', received '{includeModels}'"];
        }

        if (details.Count > 0)
        {
            await WriteValidationAsync(context, details, "Invalid query parameters").ConfigureAwait(false);
            return;
        }

        long? before = null;
        if (query.ContainsKey("cursor"))
        {
            before = DecodeCursor(query["cursor"].ToString());
            if (before is null)
            {
                await WriteErrorAsync(context, StatusCodes.Status400BadRequest, "Invalid cursor").ConfigureAwait(false);
                return;
            }
        }

        ApiframeJob[] all;
        lock (_gate)
        {
            all = [.. _jobs.Values.OrderByDescending(job => job.Init.Sequence)];
        }

        var now = _emulator.TimeProvider.GetUtcNow();
        var model = query["model"].ToString();
        var page = new List<(ApiframeJob Job, ApiframeJobState State)>();
        var hasMore = false;
        foreach (var job in all)
        {
            if ((before is { } cursor && job.Init.Sequence >= cursor) ||
                (model.Length > 0 && job.Model != model) ||
                (search.Length > 0 && !string.Equals(job.Id, search, StringComparison.OrdinalIgnoreCase)))
            {
                continue;
            }

            var state = Observe(job, now);
            if (status.Length > 0 && state.Status != status)
            {
                continue;
            }

            if (page.Count == limit)
            {
                hasMore = true;
                break;
            }

            page.Add((job, state));
        }

        var nextCursor = hasMore ? EncodeCursor(page[^1].Job.Init.Sequence) : null;
        var models = includeModels == "true" ? all.Select(job => job.Model).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray() : null;
        var callbacks = _emulator.Callbacks.Snapshot();
        await WriteJsonAsync(context, StatusCodes.Status200OK, writer =>
        {
            writer.WriteStartObject();
            writer.WriteStartArray("jobs");
            foreach (var (job, state) in page)
            {
                WriteJob(writer, job, state, now, callbacks, withInput: false);
            }

            writer.WriteEndArray();
            if (nextCursor is null)
            {
                writer.WriteNull("nextCursor");
            }
            else
            {
                writer.WriteString("nextCursor", nextCursor);
            }

            writer.WriteBoolean("hasMore", hasMore);
            if (models is not null)
            {
                writer.WriteStartArray("models");
                foreach (var name in models)
                {
                    writer.WriteStringValue(name);
                }

                writer.WriteEndArray();
            }

            writer.WriteEndObject();
        }).ConfigureAwait(false);
    }

    private static string EncodeCursor(long sequence) =>
        Base64Url.EncodeToString(Encoding.UTF8.GetBytes("seq:" + sequence.ToString(CultureInfo.InvariantCulture)));

    private static long? DecodeCursor(string cursor)
    {
        try
        {
            var text = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(cursor));
            return text.StartsWith("seq:", StringComparison.Ordinal) &&
                long.TryParse(text.AsSpan(4), NumberStyles.None, CultureInfo.InvariantCulture, out var sequence) && sequence > 0
                ? sequence
                : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }

    private async Task UploadAsync(HttpContext context)
    {
        var boundary = MediaTypeHeaderValue.TryParse(context.Request.ContentType, out var mediaType) &&
            mediaType.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase)
                ? HeaderUtilities.RemoveQuotes(mediaType.Boundary).Value
                : null;
        if (string.IsNullOrEmpty(boundary))
        {
            await WriteErrorAsync(context, StatusCodes.Status400BadRequest, "Expected a multipart/form-data body with a 'file' field.").ConfigureAwait(false);
            return;
        }

        byte[]? file = null;
        try
        {
            using var stream = new MemoryStream(RecordedBody.Of(context).ToArray(), writable: false);
            var reader = new MultipartReader(boundary, stream) { BodyLengthLimit = null };
            for (var section = await reader.ReadNextSectionAsync(context.RequestAborted).ConfigureAwait(false);
                 section is not null && file is null;
                 section = await reader.ReadNextSectionAsync(context.RequestAborted).ConfigureAwait(false))
            {
                if (ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition) &&
                    HeaderUtilities.RemoveQuotes(disposition.Name).Equals("file", StringComparison.Ordinal))
                {
                    using var buffer = new MemoryStream();
                    await section.Body.CopyToAsync(buffer, context.RequestAborted).ConfigureAwait(false);
                    file = buffer.ToArray();
                }
            }
        }
        catch (IOException)
        {
            await WriteErrorAsync(context, StatusCodes.Status400BadRequest, "Malformed multipart/form-data body.").ConfigureAwait(false);
            return;
        }

        if (file is null)
        {
            await WriteValidationAsync(context, new Dictionary<string, List<string>> { ["file"] = ["Required"] }, "No file uploaded").ConfigureAwait(false);
            return;
        }

        var type = ApiframeMediaType.Sniff(file);
        if (type is null)
        {
            await WriteValidationAsync(
                context,
                new Dictionary<string, List<string>> { ["file"] = ["Unsupported file type: expected PNG, JPEG, WebP, GIF, MP4, WebM, MOV, MP3, WAV, OGG or M4A."] },
                "Unsupported file type").ConfigureAwait(false);
            return;
        }

        if (file.Length > type.MaxBytes)
        {
            await WriteValidationAsync(
                context,
                new Dictionary<string, List<string>> { ["file"] = [$"File is {file.Length.ToString(CultureInfo.InvariantCulture)} bytes; the limit for {type.Kind} files is {(type.MaxBytes / (1024 * 1024)).ToString(CultureInfo.InvariantCulture)} MB."] },
                "File too large").ConfigureAwait(false);
            return;
        }

        var upload = _uploads.Add(file, type, _emulator.TimeProvider.GetUtcNow() + _options.UploadLifetime);
        var url = new Uri(_emulator.BaseAddress, UploadFilesPrefix.TrimStart('/') + upload.FileName).AbsoluteUri;
        await WriteJsonAsync(context, StatusCodes.Status201Created, writer =>
        {
            writer.WriteStartObject();
            writer.WriteString("id", upload.Id);
            writer.WriteString("url", url);
            writer.WriteString("kind", upload.Kind);
            writer.WriteString("contentType", upload.ContentType);
            writer.WriteNumber("byteSize", upload.Bytes.Length);
            writer.WriteString("expiresAt", ApiframeWebhooks.FormatTime(upload.ExpiresAt));
            writer.WriteEndObject();
        }).ConfigureAwait(false);
    }

    private Task ServeUploadAsync(HttpContext context)
    {
        var name = context.Request.RouteValues["name"]?.ToString() ?? string.Empty;
        if (!_uploads.TryGet(name, out var upload))
        {
            return WriteErrorAsync(context, StatusCodes.Status404NotFound, "Not found");
        }

        if (upload.IsExpired(_emulator.TimeProvider.GetUtcNow()))
        {
            return WriteErrorAsync(context, StatusCodes.Status403Forbidden, "The file has expired.");
        }

        return HttpResponses.WriteBytesAsync(context, StatusCodes.Status200OK, upload.ContentType, upload.Bytes);
    }

    private Task MeAsync(HttpContext context)
    {
        // Failed jobs refund their credits; settle those that are due so the balance is current.
        ApiframeJob[] failing;
        lock (_gate)
        {
            failing = [.. _jobs.Values.Where(job => job.Init.Hook is ApiframeHook.Fail or ApiframeHook.Blocked)];
        }

        var now = _emulator.TimeProvider.GetUtcNow();
        foreach (var job in failing)
        {
            Observe(job, now);
        }

        var credits = Credits;
        var key = _options.ApiKey;
        return WriteJsonAsync(context, StatusCodes.Status200OK, writer =>
        {
            writer.WriteStartObject();
            writer.WriteStartObject("user");
            writer.WriteString("id", _userId);
            writer.WriteString("email", "emulator@example.com");
            writer.WriteString("role", "OWNER");
            writer.WriteEndObject();
            writer.WriteStartObject("team");
            writer.WriteString("id", _teamId);
            writer.WriteString("name", "Emulator team");
            writer.WriteNumber("credits", credits);
            writer.WriteString("plan", "pro");
            writer.WriteNull("customerId");
            writer.WriteEndObject();
            writer.WriteStartObject("apiKey");
            writer.WriteString("id", _keyId);
            writer.WriteString("name", "Emulator key");
            writer.WriteString("prefix", key[..Math.Min(8, key.Length)]);
            writer.WriteEndObject();
            writer.WriteEndObject();
        });
    }

    private static Task ModelsAsync(HttpContext context)
    {
        var query = context.Request.Query;
        var modality = query["modality"].ToString();
        if (query.ContainsKey("modality") && modality is not ("image" or "video" or "music"))
        {
            return WriteValidationAsync(
                context,
                new Dictionary<string, List<string>> { ["modality"] = [$"Invalid enum value. Expected 'image' | 'video' | 'music', received '{modality}'"] },
                "Invalid modality");
        }

        var models = modality is "" or "image" ? ApiframeModels.All : [];
        return WriteJsonAsync(context, StatusCodes.Status200OK, writer =>
        {
            writer.WriteStartObject();
            writer.WriteStartArray("models");
            foreach (var model in models)
            {
                var (min, max) = ApiframeModels.CostRange(model);
                writer.WriteStartObject();
                writer.WriteString("id", model.Id);
                writer.WriteString("label", model.Label);
                writer.WriteString("modality", "image");
                writer.WriteString("description", $"{model.Label} (parameters in {model.Block}), emulated.");
                writer.WriteNumber("costMin", min);
                writer.WriteNumber("costMax", max);
                writer.WriteString("pricingMode", model.PricingMode);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        });
    }

    private ApiframeJobState Observe(ApiframeJob job, DateTimeOffset now)
    {
        var state = job.Observe(now, Complete);
        if (state.IsTerminal)
        {
            NotifyTerminal(job, state);
        }

        return state;
    }

    /// <summary>Works out a job's terminal state: the hook's failure (refunded), or its stored images.</summary>
    private ApiframeOutcome Complete(ApiframeJob job, IReadOnlyList<RgbImage>? images)
    {
        var at = job.CompleteAt;
        if (images is null)
        {
            // Not under _gate: this runs under the job's lock, which Submit takes while holding _gate.
            Interlocked.Add(ref _credits, job.Init.CreditCost);

            var error = job.Init.Hook == ApiframeHook.Blocked
                ? "Content moderation: the prompt or an input image was flagged by the upstream provider."
                : "Generation failed: the upstream provider returned an error.";
            return new ApiframeOutcome([], null, error, at);
        }

        var expiry = at + _options.ResultRetention;
        var stored = images.Select(image => _emulator.Images.Add(PngEncoder.Encode(image), image.Width, image.Height, expiry)).ToArray();
        StoredImage? grid = null;
        if (job.Init.Kind == ApiframeJobKind.MidjourneyGrid)
        {
            var pixels = ApiframeImages.Grid(images);
            grid = _emulator.Images.Add(PngEncoder.Encode(pixels), pixels.Width, pixels.Height, expiry);
        }

        return new ApiframeOutcome(stored, grid, null, at);
    }

    private void AddJob(ApiframeJob job)
    {
        ApiframeJob? evicted = null;
        _jobs.Add(job.Id, job);
        _order.Enqueue(job.Id);
        if (_order.Count > JobCapacity && _jobs.Remove(_order.Dequeue(), out var oldest))
        {
            evicted = oldest;
        }

        evicted?.StopTimers();
    }

    private void RememberKey(string key, IdempotencyEntry entry)
    {
        if (_idempotency.ContainsKey(key))
        {
            _idempotency[key] = entry;
            return;
        }

        _idempotency.Add(key, entry);
        _idempotencyOrder.Enqueue(key);
        if (_idempotencyOrder.Count > IdempotencyCapacity)
        {
            _idempotency.Remove(_idempotencyOrder.Dequeue());
        }
    }

    /// <summary>Arms the timers that send webhooks (and refund failures) on the emulator's clock.</summary>
    private void ArmTimers(ApiframeJob job)
    {
        var duration = _options.JobDuration;
        var webhooks = job.Init.WebhookUrl is not null;
        if (webhooks && job.Init.WebhookEvents.Contains(ApiframeWebhooks.Progress) && duration > TimeSpan.Zero)
        {
            job.AddTimer(_emulator.TimeProvider.CreateTimer(OnProgressDue, job, duration / 2, Timeout.InfiniteTimeSpan));
        }

        if ((webhooks || job.Init.Hook is ApiframeHook.Fail or ApiframeHook.Blocked) && job.Init.Hook != ApiframeHook.Never)
        {
            job.AddTimer(_emulator.TimeProvider.CreateTimer(OnCompleteDue, job, duration, Timeout.InfiniteTimeSpan));
        }
    }

    /// <summary>Timer callback: half the job's duration has passed, so send a progress webhook.</summary>
    private void OnProgressDue(object? state)
    {
        var job = (ApiframeJob)state!;
        var now = _emulator.TimeProvider.GetUtcNow();
        var half = job.CreatedAt + (_options.JobDuration / 2);
        var current = job.Observe(now > half ? now : half, Complete);
        if (current.Status != ApiframeJobState.Processing || job.Init.WebhookUrl is not { } url)
        {
            return;
        }

        var body = ApiframeWebhooks.Body(
            writer =>
            {
                writer.WriteStartObject();
                writer.WriteString("event", ApiframeWebhooks.Progress);
                writer.WriteString("jobId", job.Id);
                writer.WriteString("status", ApiframeJobState.Processing);
                writer.WriteNumber("progress", current.Progress ?? 0);
                writer.WriteString("model", job.Model);
                writer.WriteEndObject();
            },
            WriterOptions);
        Send(job, url, ApiframeWebhooks.Progress, body);
    }

    /// <summary>Timer callback: the job's duration has passed, so complete it and send its webhook.</summary>
    private void OnCompleteDue(object? state)
    {
        var job = (ApiframeJob)state!;

        // Rendering can take a moment; keep it off the timer's thread (a test clock's Advance call, in tests).
        _ = Task.Run(() =>
        {
            // The timer means the duration has elapsed, even if the clock reads a hair earlier.
            var now = _emulator.TimeProvider.GetUtcNow();
            Observe(job, now > job.CompleteAt ? now : job.CompleteAt);
        });
    }

    /// <summary>Sends the terminal webhook, if the job asked for it and nobody sent it yet.</summary>
    private void NotifyTerminal(ApiframeJob job, ApiframeJobState state)
    {
        var outcome = state.Outcome!;
        var webhookEvent = outcome.Succeeded ? ApiframeWebhooks.Completed : ApiframeWebhooks.Failed;
        if (job.Init.WebhookUrl is not { } url || !job.Init.WebhookEvents.Contains(webhookEvent) || !job.TryClaimTerminalWebhook())
        {
            return;
        }

        var body = ApiframeWebhooks.Body(
            writer =>
            {
                writer.WriteStartObject();
                writer.WriteString("event", webhookEvent);
                writer.WriteString("jobId", job.Id);
                writer.WriteString("status", state.Status);
                if (outcome.Succeeded)
                {
                    writer.WriteNumber("progress", 100);
                    writer.WritePropertyName("result");
                    WriteResult(writer, job, outcome);
                    writer.WriteString("model", job.Model);
                    writer.WriteNumber("creditCost", job.Init.CreditCost);
                    writer.WriteString("completedAt", ApiframeWebhooks.FormatTime(outcome.CompletedAt));
                }
                else
                {
                    writer.WriteString("error", outcome.Error);
                    writer.WriteString("model", job.Model);
                }

                writer.WriteEndObject();
            },
            WriterOptions);
        Send(job, url, webhookEvent, body);
    }

    private void Send(ApiframeJob job, Uri url, string webhookEvent, string body)
    {
        var headers = ApiframeWebhooks.Headers(webhookEvent, ApiframeWebhooks.Signature(_signingKey, body));
        _emulator.Webhooks.Send(job.Id, url, body, _ => headers, _retryDelays);
    }

    /// <summary>
    /// <c>pending</c> until the job's last webhook (its terminal event, or progress when only that was asked for)
    /// is answered 2xx (<c>delivered</c>) or has no attempt left (<c>failed</c>); null without a <c>webhookUrl</c>.
    /// </summary>
    private string? WebhookStatusOf(ApiframeJob job, ApiframeJobState state, IReadOnlyList<EmulatorCallback> callbacks)
    {
        if (job.Init.WebhookUrl is null)
        {
            return null;
        }

        if (!state.IsTerminal)
        {
            return "pending";
        }

        var terminal = state.Outcome!.Succeeded ? ApiframeWebhooks.Completed : ApiframeWebhooks.Failed;
        var watched = job.Init.WebhookEvents.Contains(terminal) ? terminal : ApiframeWebhooks.Progress;
        var attempts = callbacks.Where(callback => IsWebhook(callback, job.Id, watched)).ToArray();
        if (attempts.Any(attempt => attempt.StatusCode is >= 200 and < 300))
        {
            return "delivered";
        }

        return attempts.Any(attempt => attempt.Refused || attempt.Attempt >= MaxWebhookAttempts) ? "failed" : "pending";
    }

    private void WriteJob(Utf8JsonWriter writer, ApiframeJob job, ApiframeJobState state, DateTimeOffset now, IReadOnlyList<EmulatorCallback> callbacks, bool withInput)
    {
        var outcome = state.Outcome;
        writer.WriteStartObject();
        writer.WriteString("id", job.Id);
        writer.WriteString("status", state.Status);
        writer.WriteString("model", job.Model);
        if (state.Progress is { } progress)
        {
            writer.WriteNumber("progress", progress);
        }
        else
        {
            writer.WriteNull("progress");
        }

        writer.WritePropertyName("result");
        if (outcome is { Succeeded: true })
        {
            WriteResult(writer, job, outcome);
        }
        else
        {
            writer.WriteNullValue();
        }

        if (outcome?.Error is { } error)
        {
            writer.WriteString("error", error);
        }
        else
        {
            writer.WriteNull("error");
        }

        writer.WriteNumber("creditCost", job.Init.CreditCost);
        if (WebhookStatusOf(job, state, callbacks) is { } webhookStatus)
        {
            writer.WriteString("webhookStatus", webhookStatus);
        }
        else
        {
            writer.WriteNull("webhookStatus");
        }

        writer.WriteString("createdAt", ApiframeWebhooks.FormatTime(job.CreatedAt));
        if (outcome is not null)
        {
            writer.WriteString("completedAt", ApiframeWebhooks.FormatTime(outcome.CompletedAt));
        }
        else
        {
            writer.WriteNull("completedAt");
        }

        writer.WriteBoolean("expired", outcome is { Succeeded: true } && now >= outcome.CompletedAt + _options.ResultRetention);
        if (withInput)
        {
            writer.WritePropertyName("input");
            writer.WriteRawValue(job.Init.InputJson, skipInputValidation: true);
        }

        writer.WriteEndObject();
    }

    /// <summary>
    /// A completed job's <c>result</c>: <c>{"images":[...]}</c>, with <c>gridUrl</c> for a Midjourney grid, or the
    /// single URL as a string when <see cref="ApiframeEmulatorOptions.StringResults"/> is on.
    /// </summary>
    private void WriteResult(Utf8JsonWriter writer, ApiframeJob job, ApiframeOutcome outcome)
    {
        if (_options.StringResults && outcome.Grid is null && outcome.Images.Count == 1)
        {
            writer.WriteStringValue(_emulator.UrlOf(outcome.Images[0]).AbsoluteUri);
            return;
        }

        writer.WriteStartObject();
        writer.WriteStartArray("images");
        foreach (var image in outcome.Images)
        {
            writer.WriteStringValue(_emulator.UrlOf(image).AbsoluteUri);
        }

        writer.WriteEndArray();
        if (outcome.Grid is { } grid && job.Init.Kind == ApiframeJobKind.MidjourneyGrid)
        {
            writer.WriteString("gridUrl", _emulator.UrlOf(grid).AbsoluteUri);
        }

        writer.WriteEndObject();
    }

    private Task WriteFaultAsync(HttpContext context, InjectedFault fault)
    {
        if (fault.IsRaw)
        {
            return HttpResponses.WriteRawFaultAsync(context, fault);
        }

        if (fault.Form is ApiframeHttpDateRetryAfter && fault.RetryAfter is { } delay)
        {
            context.Response.Headers.RetryAfter = (_emulator.TimeProvider.GetUtcNow() + delay).ToString("R", CultureInfo.InvariantCulture);
        }
        else if (fault.RetryAfter is not null)
        {
            HttpResponses.AddRetryAfter(context, fault);
        }
        else if (fault.StatusCode == StatusCodes.Status429TooManyRequests)
        {
            // Apiframe always tells a rate-limited client when to retry.
            context.Response.Headers.RetryAfter = "1";
        }

        return WriteErrorAsync(context, fault.StatusCode, FaultMessage(fault.StatusCode));
    }

    private static string FaultMessage(int statusCode) => statusCode switch
    {
        400 => "Bad request",
        401 => "Invalid API key",
        402 => "Insufficient credits",
        403 => "Forbidden: the API key is inactive or lacks permission",
        404 => "Not found",
        409 => "Conflict",
        429 => "Rate limit exceeded",
        500 => "Internal server error",
        502 => "Bad gateway",
        503 => "Service unavailable: queue or database outage",
        _ => "Error",
    } + " (fault injected by the emulator)";

    private static Task WriteAcceptedAsync(HttpContext context, string jobId, string status) =>
        WriteJsonAsync(context, StatusCodes.Status202Accepted, writer =>
        {
            writer.WriteStartObject();
            writer.WriteString("jobId", jobId);
            writer.WriteString("status", status);
            writer.WriteEndObject();
        });

    private static Task WriteValidationAsync(HttpContext context, IReadOnlyDictionary<string, List<string>> details, string error = "Validation failed") =>
        WriteJsonAsync(context, StatusCodes.Status400BadRequest, writer =>
        {
            writer.WriteStartObject();
            writer.WriteString("error", error);
            writer.WriteStartObject("details");
            foreach (var (path, messages) in details)
            {
                writer.WriteStartArray(path);
                foreach (var message in messages)
                {
                    writer.WriteStringValue(message);
                }

                writer.WriteEndArray();
            }

            writer.WriteEndObject();
            writer.WriteEndObject();
        });

    private static Task WriteErrorAsync(HttpContext context, int statusCode, string message) =>
        WriteJsonAsync(context, statusCode, writer =>
        {
            writer.WriteStartObject();
            writer.WriteString("error", message);
            writer.WriteEndObject();
        });

    private static Task WriteJsonAsync(HttpContext context, int statusCode, Action<Utf8JsonWriter> write) =>
        HttpResponses.WriteJsonAsync(context, statusCode, write, WriterOptions);

    /// <summary>A remembered idempotency key: the route and body hash it was first used with, and its job.</summary>
    private sealed record IdempotencyEntry(string Path, string Hash, string JobId, DateTimeOffset At);

    /// <summary>What an accepted request becomes.</summary>
    private sealed record JobPlan(string Model, ApiframeJobKind Kind, int Cost, string Prompt, Func<ApiframeJob, IReadOnlyList<RgbImage>> Render);
}

/// <summary>An input image: the PNG bytes when the emulator has them, else an identity its stand-in derives from.</summary>
/// <param name="Png">The bytes of an emulator PNG, or null.</param>
/// <param name="Identity">What a stand-in picture is derived from.</param>
/// <param name="Served">Whether the URL was an emulator upload or file.</param>
internal sealed record RgbImageSource(byte[]? Png, string Identity, bool Served)
{
    public RgbImage Read() => ApiframeImages.Read(Png, Identity);
}
