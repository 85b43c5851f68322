using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using ImagingClient.Emulator.Hosting;
using ImagingClient.Emulator.Imaging;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing;
using Microsoft.Net.Http.Headers;

namespace ImagingClient.Emulator.RelayGpu;

/// <summary>
/// RelayGPU's image API as described in <c>shared/providers/relaygpu.md</c>: the image routes (sync by default,
/// <c>"async": true</c> for a task), <c>GET /v2/tasks/{task_id}</c> with long-polling, the model catalog, idempotent
/// async submits and Standard Webhooks.
/// </summary>
/// <remarks>
/// Every response gets a fresh <c>X-Request-ID</c>; then an injected fault is answered if one is queued. Image routes
/// then check the credential (401), the rate limit (429), the body (422 FastAPI lists), the model (403), idempotency
/// (409/422/replay) and credits (402), and answer 200 (sync) or 202 (async). Tasks advance on
/// <see cref="TimeProvider"/> time; their outcome is worked out lazily, at the first look at or after their end.
/// </remarks>
internal sealed class RelayGpuRoutes : IDisposable
{
    public const string TasksPath = "/v2/tasks";
    public const string ModelsPath = "/v2/models";
    public const string ApiKeyHeader = "X-API-Key";
    public const string IdempotencyKeyHeader = "Idempotency-Key";
    public const string ReplayedHeader = "Idempotency-Replayed";
    public const string UserAgent = "OpenGPU-Relay/2";
    public const int MaxIdempotencyKeyLength = 255;

    /// <summary>How many tasks are kept; beyond that the oldest are forgotten (polling them answers 404).</summary>
    public const int TaskCapacity = 1000;

    /// <summary>How many idempotency keys are remembered at most.</summary>
    public const int IdempotencyCapacity = 1000;

    /// <summary>The most attempts one webhook gets: the first delivery and 7 retries.</summary>
    public const int MaxWebhookAttempts = 8;

    /// <summary>How long an idempotency key is remembered.</summary>
    public static readonly TimeSpan IdempotencyWindow = TimeSpan.FromHours(24);

    /// <summary>The delays before each retry of a failed webhook: 30 s doubling, capped at 1800 s.</summary>
    public static readonly IReadOnlyList<TimeSpan> WebhookRetryDelays =
        [.. Enumerable.Range(0, MaxWebhookAttempts - 1).Select(i => TimeSpan.FromSeconds(Math.Min(1800, 30 << i)))];

    private readonly EmulatorContext _emulator;
    private readonly IEndpointRouteBuilder _endpoints;
    private readonly RelayGpuEmulatorOptions _options;
    private readonly HashSet<string> _retired;
    private readonly byte[] _apiKey;
    private readonly byte[] _secret;
    private readonly byte[]? _previousSecret;
    private readonly RateLimiter? _limiter;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, RelayGpuTask> _tasks = new(StringComparer.Ordinal);
    private readonly Queue<string> _order = new();
    private readonly Dictionary<string, IdempotencyEntry> _idempotency = new(StringComparer.Ordinal);
    private readonly Queue<string> _idempotencyOrder = new();
    private readonly Dictionary<string, int> _held = new(StringComparer.Ordinal);
    private decimal _credits;
    private bool _disposed;
    private RouteEndpoint? _otherEndpoint;
    private bool _otherEndpointFound;

    private RelayGpuRoutes(IEndpointRouteBuilder endpoints, EmulatorContext emulator, RelayGpuEmulatorOptions options)
    {
        _endpoints = endpoints;
        _emulator = emulator;
        _options = new RelayGpuEmulatorOptions
        {
            ApiKey = options.ApiKey,
            WebhookSecret = options.WebhookSecret,
            PreviousWebhookSecret = options.PreviousWebhookSecret,
            AllowGuests = options.AllowGuests,
            TaskDuration = options.TaskDuration,
            TaskRetention = options.TaskRetention,
            WebhookResultLimit = options.WebhookResultLimit,
            InitialCredits = options.InitialCredits,
            RateLimitPerMinute = options.RateLimitPerMinute,
            ClaimKeylessModelList = options.ClaimKeylessModelList,
        };
        _retired = new HashSet<string>(options.RetiredModels, StringComparer.Ordinal);
        _apiKey = Encoding.UTF8.GetBytes(options.ApiKey);
        RelayGpuEmulatorOptions.TryDecodeSecret(options.WebhookSecret, out _secret);
        _previousSecret = RelayGpuEmulatorOptions.TryDecodeSecret(options.PreviousWebhookSecret, out var previous) ? previous : null;
        _limiter = options.RateLimitPerMinute > 0 ? new RateLimiter(options.RateLimitPerMinute, TimeSpan.FromMinutes(1), emulator.TimeProvider) : null;
        _credits = options.InitialCredits;
    }

    /// <summary>Gets the account's credit balance now, in US dollars.</summary>
    public decimal Credits
    {
        get
        {
            lock (_gate)
            {
                return _credits;
            }
        }
    }

    /// <summary>
    /// Gets the ids of the tasks kept now (including any whose retention ran out but nobody asked for since), in no
    /// particular order.
    /// </summary>
    public IReadOnlyCollection<string> TaskIds
    {
        get
        {
            lock (_gate)
            {
                return [.. _tasks.Keys];
            }
        }
    }

    /// <summary>Maps the routes; dispose the result to stop pending task timers.</summary>
    public static RelayGpuRoutes Map(IEndpointRouteBuilder endpoints, EmulatorContext emulator, RelayGpuEmulatorOptions options)
    {
        var routes = new RelayGpuRoutes(endpoints, emulator, options);
        foreach (var route in RelayGpuCatalog.Routes)
        {
            endpoints.MapPost(route.Path, context => routes.HandleAsync(context, () => routes.SubmitAsync(context, route)));
        }

        endpoints.MapGet(TasksPath + "/{task_id}", context => routes.HandleAsync(context, () => routes.GetTaskAsync(context)));

        // Another emulated provider may serve GET /v2/models too: this endpoint is tried first and hands over the
        // requests that are not RelayGPU's (see ClaimsModelList).
        endpoints.MapGet(ModelsPath, routes.ListModelsAsync).WithOrder(-1).WithMetadata(OwnEndpoint.Instance);
        endpoints.MapGet(ModelsPath + "/{**name}", context => routes.HandleAsync(context, () => routes.GetModelAsync(context)));
        return routes;
    }

    /// <summary>Makes the next <paramref name="count"/> async submits with <paramref name="key"/> answer 409 <c>IDEMPOTENCY_IN_PROGRESS</c>.</summary>
    public void Hold(string key, int count)
    {
        lock (_gate)
        {
            _held[key] = _held.GetValueOrDefault(key) + count;
        }
    }

    /// <summary>Computes the <c>webhook-signature</c> value for one attempt.</summary>
    public string Signature(string id, long timestamp, string body)
    {
        var signed = Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{id}.{timestamp}.{body}"));
        var current = "v1," + Convert.ToBase64String(HMACSHA256.HashData(_secret, signed));
        return _previousSecret is null ? current : current + " v1," + Convert.ToBase64String(HMACSHA256.HashData(_previousSecret, signed));
    }

    /// <summary>The <c>webhook-id</c> of a task's webhook, stable across retries.</summary>
    public static string WebhookId(string taskId) => "msg_" + taskId;

    /// <summary>Whether a recorded callback is a webhook attempt for <paramref name="taskId"/>.</summary>
    public static bool IsWebhook(EmulatorCallback callback, string taskId) =>
        string.Equals(callback.TaskId, taskId, StringComparison.Ordinal) &&
        callback.Headers.TryGetValue("webhook-id", out var id) && id == WebhookId(taskId);

    /// <summary>Stops every pending task timer.</summary>
    public void Dispose()
    {
        RelayGpuTask[] tasks;
        lock (_gate)
        {
            _disposed = true;
            tasks = [.. _tasks.Values];
        }

        foreach (var task in tasks)
        {
            task.Stop();
        }
    }

    private static RelayGpuHook HookOf(string? prompt)
    {
        if (prompt is null)
        {
            return RelayGpuHook.None;
        }

        if (prompt.Contains("[blocked]", StringComparison.OrdinalIgnoreCase))
        {
            return RelayGpuHook.Blocked;
        }

        if (prompt.Contains("[no-output]", StringComparison.OrdinalIgnoreCase))
        {
            return RelayGpuHook.NoOutput;
        }

        return prompt.Contains("[fail]", StringComparison.OrdinalIgnoreCase) ? RelayGpuHook.Fail : RelayGpuHook.None;
    }

    private static RelayGpuFailure FailureOf(RelayGpuHook hook) => hook switch
    {
        RelayGpuHook.Blocked => new RelayGpuFailure(
            StatusCodes.Status422UnprocessableEntity,
            "CONTENT_POLICY_DECLINED",
            "The provider declined the request under its content policy.",
            """{"finish_reason":"SAFETY","block_reason":"PROHIBITED_CONTENT","text":"I can't create that image."}"""),
        RelayGpuHook.NoOutput => new RelayGpuFailure(
            StatusCodes.Status502BadGateway,
            "IMAGE_NO_OUTPUT",
            "The provider finished without returning an image.",
            """{"finish_reason":"STOP","block_reason":null,"text":"Here is a description of the image instead."}"""),
        _ => new RelayGpuFailure(StatusCodes.Status502BadGateway, "UPSTREAM_ERROR", "The upstream provider returned an error.", DetailJson: null),
    };

    /// <summary>The key a request carries: <c>X-API-Key</c> (wins), else a Bearer token; <c>Malformed</c> for another scheme.</summary>
    private static (string? Key, bool Malformed) CredentialOf(HttpRequest request)
    {
        var header = request.Headers[ApiKeyHeader].ToString();
        if (header.Length > 0)
        {
            return (header, false);
        }

        var authorization = request.Headers.Authorization.ToString();
        if (authorization.Length == 0)
        {
            return (null, false);
        }

        const string Bearer = "Bearer ";
        return authorization.StartsWith(Bearer, StringComparison.OrdinalIgnoreCase) && authorization.Length > Bearer.Length
            ? (authorization[Bearer.Length..].Trim(), false)
            : (null, true);
    }

    private static bool IsJson(HttpRequest request) =>
        MediaTypeHeaderValue.TryParse(request.ContentType, out var mediaType) &&
        mediaType.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase);

    private static bool IsPrintableAscii(string text) => text.All(c => c is >= ' ' and <= '~');

    private bool IsOurKey(string key) => CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(key), _apiKey);

    /// <summary>Assigns the request id, answers a queued fault, else runs <paramref name="process"/>.</summary>
    private async Task HandleAsync(HttpContext context, Func<Task> process)
    {
        RelayGpuErrors.AssignRequestId(context);
        if (_emulator.Faults.TryTake(out var fault))
        {
            await WriteFaultAsync(context, fault).ConfigureAwait(false);
            return;
        }

        await process().ConfigureAwait(false);
    }

    private static Task WriteFaultAsync(HttpContext context, InjectedFault fault)
    {
        if (fault.IsRaw)
        {
            return HttpResponses.WriteRawFaultAsync(context, fault);
        }

        var code = fault.Form is RelayGpuCodedFault coded ? coded.Code : RelayGpuErrors.CodeFor(fault.StatusCode);
        var retryAfter = fault.RetryAfterSeconds is { } seconds ? (int)Math.Min(int.MaxValue, seconds) : (int?)null;
        return RelayGpuErrors.WriteAsync(
            context,
            fault.StatusCode,
            code,
            $"{code ?? "Error"}: HTTP {fault.StatusCode.ToString(CultureInfo.InvariantCulture)} (fault injected by the emulator)",
            retryAfterSeconds: retryAfter);
    }

    private async Task SubmitAsync(HttpContext context, RelayGpuRoute route)
    {
        var (key, malformed) = CredentialOf(context.Request);
        if (malformed || (key is not null && !IsOurKey(key)))
        {
            await RelayGpuErrors.WriteAsync(context, StatusCodes.Status401Unauthorized, "INVALID_API_KEY", "Invalid API key.").ConfigureAwait(false);
            return;
        }

        var guest = key is null;
        if (guest && !_options.AllowGuests)
        {
            await RelayGpuErrors.WriteAsync(context, StatusCodes.Status401Unauthorized, "MISSING_CREDENTIALS", "An API key is required: send X-API-Key or Authorization: Bearer.").ConfigureAwait(false);
            return;
        }

        if (_limiter?.Acquire() is { Allowed: false } decision)
        {
            await RelayGpuErrors.WriteAsync(
                context,
                StatusCodes.Status429TooManyRequests,
                "RATE_LIMITED",
                $"Rate limit exceeded: {decision.Limit}/{decision.Limit} RPM used for direct mode (tier: emulator)").ConfigureAwait(false);
            return;
        }

        var bytes = RecordedBody.Of(context);
        if (!IsJson(context.Request) || bytes.Length == 0)
        {
            var issue = bytes.Length == 0
                ? new RelayGpuIssue("missing", ["body"], "Field required")
                : new RelayGpuIssue("model_attributes_type", ["body"], "Input should be a valid dictionary or object to extract fields from (send Content-Type: application/json)");
            await RelayGpuErrors.WriteValidationAsync(context, [issue]).ConfigureAwait(false);
            return;
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(bytes);
        }
        catch (JsonException exception)
        {
            await RelayGpuErrors.WriteValidationAsync(context, [new RelayGpuIssue("json_invalid", ["body", (int)(exception.BytePositionInLine ?? 0)], "JSON decode error")]).ConfigureAwait(false);
            return;
        }

        using (document)
        {
            var body = document.RootElement;
            var issues = RelayGpuValidator.Validate(route, body, guest);
            var isAsync = body.ValueKind == JsonValueKind.Object && RelayGpuValidator.Flag(body, "async");
            string? idempotencyKey = null;
            if (isAsync && !guest && context.Request.Headers.TryGetValue(IdempotencyKeyHeader, out var values))
            {
                idempotencyKey = values.ToString();
                if (idempotencyKey.Length is 0 or > MaxIdempotencyKeyLength || !IsPrintableAscii(idempotencyKey))
                {
                    issues.Add(new RelayGpuIssue("value_error", ["header", "idempotency-key"], "Value error, Idempotency-Key must be 1-255 printable ASCII characters"));
                }
            }

            if (issues.Count > 0)
            {
                await RelayGpuErrors.WriteValidationAsync(context, issues).ConfigureAwait(false);
                return;
            }

            var bodyValue = route.ModelInBody ? RelayGpuValidator.Text(body, "model") ?? route.DefaultModel.BodyValue : route.DefaultModel.BodyValue;
            if (route.ModelFor(bodyValue) is not { } model)
            {
                var available = string.Join(", ", route.Models.Select(entry => $"'{entry.BodyValue}'"));
                await RelayGpuErrors.WriteAsync(context, StatusCodes.Status403Forbidden, "MODEL_NOT_AVAILABLE", $"Model '{bodyValue}' is not available on {route.Path}. Available: {available}.").ConfigureAwait(false);
                return;
            }

            if (_retired.Contains(model.Name))
            {
                await RelayGpuErrors.WriteAsync(context, StatusCodes.Status403Forbidden, "MODEL_RETIRED", $"Model '{model.Name}' has been retired.").ConfigureAwait(false);
                return;
            }

            var answer = Accept(route, model, body, bytes.Span, isAsync, idempotencyKey);
            await answer(context).ConfigureAwait(false);
        }
    }

    /// <summary>Decides what a valid request gets; creates its task when it is accepted.</summary>
    private Func<HttpContext, Task> Accept(RelayGpuRoute route, RelayGpuModel model, JsonElement body, ReadOnlySpan<byte> bytes, bool isAsync, string? idempotencyKey)
    {
        var now = _emulator.TimeProvider.GetUtcNow();
        var hash = Convert.ToHexStringLower(SHA256.HashData(bytes));
        var plan = Plan(route, model, body);
        var prompt = RelayGpuValidator.Text(body, "prompt");
        var hook = HookOf(prompt);
        var store = RelayGpuValidator.Text(body, "store_output") ?? "provider";
        var retention = store switch
        {
            "relay1d" => TimeSpan.FromDays(1),
            "relay7d" => TimeSpan.FromDays(7),
            "relay30d" => TimeSpan.FromDays(30),
            _ => _options.TaskRetention,
        };
        var webhookUrl = RelayGpuValidator.Text(body, "webhook_url") is { } url ? new Uri(url) : null;
        RelayGpuTask task;
        lock (_gate)
        {
            if (idempotencyKey is not null)
            {
                if (_held.TryGetValue(idempotencyKey, out var held) && held > 0)
                {
                    _held[idempotencyKey] = held - 1;
                    return context => RelayGpuErrors.WriteAsync(context, StatusCodes.Status409Conflict, "IDEMPOTENCY_IN_PROGRESS", "A request with this Idempotency-Key is still being accepted; retry after a moment.");
                }

                if (_idempotency.TryGetValue(idempotencyKey, out var known) && now < known.At + IdempotencyWindow)
                {
                    if (known.Path != route.Path || known.Hash != hash)
                    {
                        return context => RelayGpuErrors.WriteAsync(context, StatusCodes.Status422UnprocessableEntity, "IDEMPOTENCY_KEY_REUSED", "This Idempotency-Key was already used with a different request.");
                    }

                    var original = known.TaskId;
                    return context =>
                    {
                        context.Response.Headers[ReplayedHeader] = "true";
                        return WriteAcceptedAsync(context, original);
                    };
                }
            }

            if (_credits < plan.Cost)
            {
                var (cost, balance) = (plan.Cost, _credits);
                return context => RelayGpuErrors.WriteAsync(
                    context,
                    StatusCodes.Status402PaymentRequired,
                    "INSUFFICIENT_CREDITS",
                    string.Create(CultureInfo.InvariantCulture, $"Insufficient credits: this request costs ${cost} and the balance is ${balance}."));
            }

            if (_disposed)
            {
                return context => RelayGpuErrors.WriteAsync(context, StatusCodes.Status503ServiceUnavailable, "CAPACITY_EXHAUSTED", "The emulator is stopping.");
            }

            _credits -= plan.Cost;
            var duration = isAsync ? _options.TaskDuration * (prompt?.Contains("[slow]", StringComparison.OrdinalIgnoreCase) == true ? 10 : 1) : TimeSpan.Zero;
            task = new RelayGpuTask(new RelayGpuTaskInit(
                "direct:" + Guid.NewGuid().ToString("D"),
                route,
                plan.ResponseModel,
                now,
                duration,
                retention,
                plan.Cost,
                hook,
                webhookUrl,
                current => Complete(current, plan)));
            AddTask(task, now);
            if (idempotencyKey is not null)
            {
                RememberKey(idempotencyKey, new IdempotencyEntry(route.Path, hash, task.Id, now));
            }
        }

        if (isAsync)
        {
            if (webhookUrl is not null)
            {
                task.SetTimer(_emulator.TimeProvider.CreateTimer(OnCompleteDue, task, task.Init.Duration, Timeout.InfiniteTimeSpan));
            }

            return context => WriteAcceptedAsync(context, task.Id);
        }

        var (_, outcome) = task.Observe(now);
        if (outcome!.Failure is { } failure)
        {
            return context => RelayGpuErrors.WriteAsync(context, failure.Status, failure.Code, failure.Message, failure.DetailJson);
        }

        return context => HttpResponses.WriteJsonAsync(
            context,
            StatusCodes.Status200OK,
            writer =>
            {
                writer.WriteStartObject();
                outcome.WriteResultMembers!(writer);
                writer.WriteString("task_id", task.Id);
                writer.WriteNull("task_address");
                if (route.Path is not (RelayGpuCatalog.GptImagePath or RelayGpuCatalog.GptImageEditPath))
                {
                    writer.WriteString("mode", "direct");
                }

                writer.WriteEndObject();
            },
            RelayGpuErrors.WriterOptions);
    }

    /// <summary>What an accepted request produces: its images, the model it reports, its cost and its extra result fields.</summary>
    private RelayGpuPlan Plan(RelayGpuRoute route, RelayGpuModel model, JsonElement body)
    {
        var prompt = RelayGpuValidator.Text(body, "prompt") ?? string.Empty;
        var seed = RelayGpuValidator.Integer(body, "seed") ?? StableRandom.SeedFromPrompt(prompt);
        var count = (int)(RelayGpuValidator.Integer(body, "n") ?? 1);
        var inputs = new List<string>();
        foreach (var name in new[] { "image", "images", "input_image", "input_image_2", "input_image_3", "input_image_4" })
        {
            inputs.AddRange(RelayGpuValidator.Strings(body, name));
        }

        (int Width, int Height) size;
        var extras = new List<Action<Utf8JsonWriter>>();
        switch (route.Path)
        {
            case RelayGpuCatalog.FluxPath:
            case RelayGpuCatalog.StableDiffusionPath:
                var fallback = route.Path == RelayGpuCatalog.FluxPath ? 1024 : 512;
                size = ((int)(RelayGpuValidator.Integer(body, "width") ?? fallback), (int)(RelayGpuValidator.Integer(body, "height") ?? fallback));
                if (route.Path == RelayGpuCatalog.FluxPath)
                {
                    extras.Add(writer => writer.WriteNumber("width", size.Width));
                    extras.Add(writer => writer.WriteNumber("height", size.Height));
                }
                else
                {
                    extras.Add(writer => WriteStableDiffusionInfo(writer, body, model, seed, size));
                }

                break;
            case RelayGpuCatalog.GeminiPath:
                var ratio = RelayGpuValidator.Text(body, "aspect_ratio") ?? "1:1";
                var imageSize = RelayGpuValidator.Text(body, "image_size") ?? "1K";
                size = AspectRatio.ToSize(model.Name == RelayGpuCatalog.GeminiFlashPreview ? "1:1" : ratio, RelayGpuImages.LongSideOf(imageSize));
                extras.Add(writer => writer.WriteString("aspect_ratio", ratio));
                extras.Add(writer => writer.WriteString("image_size", imageSize));
                extras.Add(writer => writer.WriteString("finish_reason", "STOP"));
                break;
            case RelayGpuCatalog.GptImagePath:
            case RelayGpuCatalog.GptImageEditPath:
            case RelayGpuCatalog.GptImage2Path:
                var text = RelayGpuValidator.Text(body, "size") ?? "1024x1024";
                size = RelayGpuImages.SizeOf(text, (1024, 1024));
                extras.Add(writer => writer.WriteString("size", text));
                if (route.Path != RelayGpuCatalog.GptImage2Path)
                {
                    extras.Add(writer => writer.WriteString("mode", "direct"));
                }

                break;
            default:
                var defaultSize = route.Path == RelayGpuCatalog.SeedreamPath ? "2048x2048" : "1024x1024";
                var sizeText = RelayGpuValidator.Text(body, "size") ?? defaultSize;
                size = RelayGpuImages.SizeOf(sizeText, (1024, 1024));
                var reported = RelayGpuImages.SizeText(size);
                extras.Add(writer => writer.WriteString("size", reported));
                break;
        }

        var responseModel = route.Path == RelayGpuCatalog.StableDiffusionPath ? model.BodyValue : model.Name;
        var firstInput = inputs.FirstOrDefault();
        return new RelayGpuPlan(
            route,
            responseModel,
            model.PerImage * count,
            () => RelayGpuImages.Render(model.Name, prompt, seed, count, size, firstInput is null ? null : RelayGpuImages.Read(_emulator, firstInput)),
            size,
            extras);
    }

    private static void WriteStableDiffusionInfo(Utf8JsonWriter writer, JsonElement body, RelayGpuModel model, long seed, (int Width, int Height) size)
    {
        var steps = RelayGpuValidator.Integer(body, "steps") ?? 20;
        var cfg = RelayGpuValidator.Number(body, "cfg_scale") ?? 7;
        var prompt = RelayGpuValidator.Text(body, "prompt") ?? string.Empty;
        var negative = RelayGpuValidator.Text(body, "negative_prompt") ?? string.Empty;
        writer.WriteStartObject("parameters");
        writer.WriteString("prompt", prompt);
        writer.WriteString("negative_prompt", negative);
        writer.WriteString("model", model.BodyValue);
        writer.WriteNumber("steps", steps);
        writer.WriteNumber("width", size.Width);
        writer.WriteNumber("height", size.Height);
        writer.WriteNumber("cfg_scale", cfg);
        writer.WriteEndObject();
        var info = JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["prompt"] = prompt,
            ["negative_prompt"] = negative,
            ["seed"] = seed,
            ["steps"] = steps,
            ["cfg_scale"] = cfg,
            ["width"] = size.Width,
            ["height"] = size.Height,
            ["sd_model_name"] = Path.GetFileNameWithoutExtension(model.BodyValue),
        });
        writer.WriteString("info", info);
    }

    /// <summary>Works out a task's outcome: the hook's failure (refunded), or its rendered images.</summary>
    private RelayGpuOutcome Complete(RelayGpuTask task, RelayGpuPlan plan)
    {
        if (task.Init.Hook != RelayGpuHook.None)
        {
            lock (_gate)
            {
                _credits += task.Init.Cost;
            }

            return new RelayGpuOutcome(null, FailureOf(task.Init.Hook));
        }

        var pngs = plan.Render();
        IReadOnlyList<string> values = plan.Route.Output == RelayGpuOutput.Base64
            ? [.. pngs.Select(Convert.ToBase64String)]
            : [.. pngs.Select(png =>
            {
                var (width, height) = PngDecoder.ReadSize(png);
                return _emulator.UrlOf(_emulator.Images.Add(png, width, height, task.ExpiresAt)).AbsoluteUri;
            })];
        var listName = plan.Route.Output == RelayGpuOutput.Base64 ? "images" : "urls";
        return new RelayGpuOutcome(
            writer =>
            {
                writer.WriteStartArray(listName);
                foreach (var value in values)
                {
                    writer.WriteStringValue(value);
                }

                writer.WriteEndArray();
                writer.WriteString("model", plan.ResponseModel);
                foreach (var extra in plan.Extras)
                {
                    extra(writer);
                }
            },
            null);
    }

    private void AddTask(RelayGpuTask task, DateTimeOffset now)
    {
        _tasks.Add(task.Id, task);
        _order.Enqueue(task.Id);
        while (_order.Count > TaskCapacity && _tasks.Remove(_order.Dequeue(), out var oldest))
        {
            oldest.Stop();
        }

        // Forget the oldest tasks whose retention has run out.
        while (_order.TryPeek(out var head) && _tasks.TryGetValue(head, out var candidate) && candidate.ExpiresAt <= now)
        {
            _order.Dequeue();
            _tasks.Remove(head);
        }
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

    private static Task WriteAcceptedAsync(HttpContext context, string taskId) =>
        HttpResponses.WriteJsonAsync(
            context,
            StatusCodes.Status202Accepted,
            writer =>
            {
                writer.WriteStartObject();
                writer.WriteString("task_id", taskId);
                writer.WriteString("status", RelayGpuTask.Queued);
                writer.WriteString("poll_url", TasksPath + "/" + taskId);
                writer.WriteString("message", "Task started. Poll task URL for status.");
                writer.WriteEndObject();
            },
            RelayGpuErrors.WriterOptions);

    private async Task GetTaskAsync(HttpContext context)
    {
        var taskId = context.Request.RouteValues["task_id"]?.ToString() ?? string.Empty;
        int? wait = null;
        if (context.Request.Query.TryGetValue("wait", out var waitValues))
        {
            var text = waitValues.ToString();
            RelayGpuIssue? issue = null;
            if (!int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var seconds))
            {
                issue = new RelayGpuIssue("int_parsing", ["query", "wait"], "Input should be a valid integer, unable to parse string as an integer");
            }
            else if (seconds < 1)
            {
                issue = new RelayGpuIssue("greater_than_equal", ["query", "wait"], "Input should be greater than or equal to 1");
            }
            else if (seconds > 30)
            {
                issue = new RelayGpuIssue("less_than_equal", ["query", "wait"], "Input should be less than or equal to 30");
            }

            if (issue is not null)
            {
                await RelayGpuErrors.WriteValidationAsync(context, [issue]).ConfigureAwait(false);
                return;
            }

            wait = seconds;
        }

        var arrived = _emulator.TimeProvider.GetUtcNow();
        var task = FindTask(taskId, arrived);
        if (task is null)
        {
            await RelayGpuErrors.WriteAsync(context, StatusCodes.Status404NotFound, "TASK_NOT_FOUND", $"Task '{taskId}' not found (task records are kept 1 hour after they finish).").ConfigureAwait(false);
            return;
        }

        if (wait is { } waitSeconds && task.Observe(arrived).Outcome is null)
        {
            var limit = arrived + TimeSpan.FromSeconds(waitSeconds);
            await WaitUntilAsync(task.CompleteAt < limit ? task.CompleteAt : limit, context.RequestAborted).ConfigureAwait(false);
        }

        var now = _emulator.TimeProvider.GetUtcNow();
        var (status, outcome) = task.Observe(now);
        if (outcome is not null)
        {
            NotifyTerminal(task, now);
        }

        await HttpResponses.WriteJsonAsync(
            context,
            StatusCodes.Status200OK,
            writer => WriteTask(writer, task, status, outcome, now, webhookEvent: null),
            RelayGpuErrors.WriterOptions).ConfigureAwait(false);
    }

    private RelayGpuTask? FindTask(string taskId, DateTimeOffset now)
    {
        lock (_gate)
        {
            if (!_tasks.TryGetValue(taskId, out var task))
            {
                return null;
            }

            if (now >= task.ExpiresAt)
            {
                _tasks.Remove(taskId);
                task.Stop();
                return null;
            }

            return task;
        }
    }

    /// <summary>
    /// Completes at <paramref name="deadline"/> on the emulator's clock. The timer is re-armed until the clock reads the
    /// same before and after arming, so a manual clock moved meanwhile cannot leave it due too late.
    /// </summary>
    private async Task WaitUntilAsync(DateTimeOffset deadline, CancellationToken cancellationToken)
    {
        var clock = _emulator.TimeProvider;
        var due = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var timer = clock.CreateTimer(_ => due.TrySetResult(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        while (true)
        {
            var before = clock.GetUtcNow();
            if (before >= deadline)
            {
                return;
            }

            timer.Change(deadline - before, Timeout.InfiniteTimeSpan);
            if (clock.GetUtcNow() == before)
            {
                break;
            }
        }

        using var registration = cancellationToken.Register(() => due.TrySetResult());
        await due.Task.ConfigureAwait(false);
    }

    private static void WriteTask(Utf8JsonWriter writer, RelayGpuTask task, string status, RelayGpuOutcome? outcome, DateTimeOffset now, string? webhookEvent, bool omitResult = false)
    {
        writer.WriteStartObject();
        writer.WriteString("task_id", task.Id);
        writer.WriteString("status", status);
        writer.WriteNumber("elapsed_seconds", task.ElapsedSeconds(now));
        writer.WriteNull("task_address");
        writer.WriteString("mode", "direct");
        writer.WriteString("model", task.Init.Model);
        writer.WriteString("created_at", task.CreatedAtText);
        var failure = outcome?.Failure;
        var webhook = webhookEvent is not null;
        if (!webhook || outcome is { Succeeded: true })
        {
            if (omitResult)
            {
                writer.WriteBoolean("result_omitted", true);
            }
            else
            {
                writer.WritePropertyName("result");
                if (outcome is { Succeeded: true })
                {
                    writer.WriteStartObject();
                    outcome.WriteResultMembers!(writer);
                    writer.WriteBoolean("success", true);
                    writer.WriteEndObject();
                }
                else
                {
                    writer.WriteNullValue();
                }
            }
        }

        if (!webhook || failure is not null)
        {
            Nullable(writer, "error", failure?.Message);
            Nullable(writer, "error_code", failure?.Code);
            writer.WritePropertyName("error_detail");
            if (failure?.DetailJson is { } detail)
            {
                writer.WriteRawValue(detail);
            }
            else
            {
                writer.WriteNullValue();
            }
        }

        if (webhookEvent is not null)
        {
            writer.WriteString("event", webhookEvent);
        }

        writer.WriteEndObject();

        static void Nullable(Utf8JsonWriter writer, string name, string? value)
        {
            if (value is null)
            {
                writer.WriteNull(name);
            }
            else
            {
                writer.WriteString(name, value);
            }
        }
    }

    /// <summary>Timer callback: the task's duration has passed, so complete it and send its webhook.</summary>
    private void OnCompleteDue(object? state)
    {
        var task = (RelayGpuTask)state!;

        // Rendering can take a moment; keep it off the timer's thread (a test clock's Advance call, in tests).
        _ = Task.Run(() =>
        {
            var now = _emulator.TimeProvider.GetUtcNow();
            var at = now > task.CompleteAt ? now : task.CompleteAt;
            task.Observe(at);
            NotifyTerminal(task, at);
        });
    }

    /// <summary>Sends the terminal webhook, if the task asked for one and nobody sent it yet.</summary>
    private void NotifyTerminal(RelayGpuTask task, DateTimeOffset now)
    {
        if (task.Init.WebhookUrl is not { } url || !task.TryClaimWebhook())
        {
            return;
        }

        var (status, outcome) = task.Observe(now);
        var webhookEvent = outcome!.Succeeded ? "task.completed" : "task.failed";
        var body = Serialize(writer => WriteTask(writer, task, status, outcome, now, webhookEvent));
        if (outcome.Succeeded && Encoding.UTF8.GetByteCount(body) > _options.WebhookResultLimit)
        {
            body = Serialize(writer => WriteTask(writer, task, status, outcome, now, webhookEvent, omitResult: true));
        }

        var id = WebhookId(task.Id);
        _emulator.Webhooks.Send(
            task.Id,
            url,
            body,
            at =>
            {
                var timestamp = at.ToUnixTimeSeconds();
                return
                [
                    new("webhook-id", id),
                    new("webhook-timestamp", timestamp.ToString(CultureInfo.InvariantCulture)),
                    new("webhook-signature", Signature(id, timestamp, body)),
                    new("User-Agent", UserAgent),
                ];
            },
            WebhookRetryDelays);
    }

    private static string Serialize(Action<Utf8JsonWriter> write)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, RelayGpuErrors.WriterOptions))
        {
            write(writer);
        }

        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    /// <summary>
    /// <c>GET /v2/models</c>: RelayGPU's catalog, unless another emulated provider also serves this path and the
    /// request is not RelayGPU's (it carries another key, or no key while <see cref="RelayGpuEmulatorOptions.ClaimKeylessModelList"/> is off).
    /// </summary>
    private Task ListModelsAsync(HttpContext context)
    {
        var other = OtherEndpoint();
        if (other is not null && !ClaimsModelList(context.Request))
        {
            context.SetEndpoint(other);
            return other.RequestDelegate!(context);
        }

        return HandleAsync(context, () => HttpResponses.WriteJsonAsync(
            context,
            StatusCodes.Status200OK,
            writer => RelayGpuModelsWriter.WriteList(writer, _retired),
            RelayGpuErrors.WriterOptions));
    }

    private bool ClaimsModelList(HttpRequest request)
    {
        var (key, malformed) = CredentialOf(request);
        return key is not null ? !malformed && IsOurKey(key) : !malformed && _options.ClaimKeylessModelList;
    }

    /// <summary>Another provider's endpoint for this request's path and method, if one is mapped.</summary>
    private RouteEndpoint? OtherEndpoint()
    {
        lock (_gate)
        {
            if (!_otherEndpointFound)
            {
                // The data sources are complete once the server runs; look once (reading them builds new endpoints).
                _otherEndpoint = FindOtherEndpoint();
                _otherEndpointFound = true;
            }

            return _otherEndpoint;
        }
    }

    private RouteEndpoint? FindOtherEndpoint() =>
        _endpoints.DataSources
            .SelectMany(source => source.Endpoints)
            .OfType<RouteEndpoint>()
            .Where(endpoint => endpoint.Metadata.GetMetadata<OwnEndpoint>() is null &&
                endpoint.RequestDelegate is not null &&
                string.Equals(endpoint.RoutePattern.RawText?.TrimStart('/'), ModelsPath.TrimStart('/'), StringComparison.OrdinalIgnoreCase) &&
                (endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods.Contains(HttpMethods.Get, StringComparer.OrdinalIgnoreCase) ?? true))
            .OrderBy(endpoint => endpoint.Order)
            .FirstOrDefault();

    private Task GetModelAsync(HttpContext context)
    {
        var name = context.Request.RouteValues["name"]?.ToString() ?? string.Empty;
        if (!RelayGpuCatalog.Models.TryGetValue(name, out var entry))
        {
            return RelayGpuErrors.WriteAsync(context, StatusCodes.Status404NotFound, "MODEL_NOT_FOUND", $"Model '{name}' not found. Model names are case-sensitive, for example 'Qwen/qwen-image'.");
        }

        return HttpResponses.WriteJsonAsync(
            context,
            StatusCodes.Status200OK,
            writer => RelayGpuModelsWriter.WriteDetail(writer, entry.Model, entry.Route, _retired),
            RelayGpuErrors.WriterOptions);
    }

    /// <summary>Marks this room's own <c>GET /v2/models</c> endpoint, so it never hands a request to itself.</summary>
    private sealed class OwnEndpoint
    {
        public static readonly OwnEndpoint Instance = new();
    }

    /// <summary>A remembered idempotency key: the route and body hash it was first used with, and its task.</summary>
    private sealed record IdempotencyEntry(string Path, string Hash, string TaskId, DateTimeOffset At);
}

/// <summary>What an accepted request becomes.</summary>
internal sealed record RelayGpuPlan(
    RelayGpuRoute Route,
    string ResponseModel,
    decimal Cost,
    Func<IReadOnlyList<byte[]>> Render,
    (int Width, int Height) Size,
    IReadOnlyList<Action<Utf8JsonWriter>> Extras);

/// <summary>The marker of a fault queued with <see cref="RelayGpuEmulatorExtensions"/>' coded form: the error <c>code</c> to send.</summary>
internal sealed record RelayGpuCodedFault(string? Code);
