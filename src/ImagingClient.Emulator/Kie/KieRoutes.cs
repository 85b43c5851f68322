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
using Microsoft.Net.Http.Headers;

namespace ImagingClient.Emulator.Kie;

/// <summary>
/// Kie.ai Flux Kontext, as described in <c>shared/providers/kie-flux-kontext.md</c>:
/// <c>POST /api/v1/flux/kontext/generate</c>, <c>GET /api/v1/flux/kontext/record-info</c>,
/// <c>POST /api/v1/common/download-url</c> and <c>GET /api/v1/chat/credit</c>, plus completion callbacks.
/// </summary>
/// <remarks>
/// Every request is handled in this order: answer an injected fault if one is queued; check the API key
/// (HTTP 401); for POSTs check the content type and JSON; validate; then act. Business errors are
/// answered the way Kie does, as HTTP 200 with <c>{"code":4xx/5xx,"msg":...,"data":null}</c>. Tasks stay
/// generating for <see cref="KieEmulatorOptions.TaskDuration"/> of <see cref="TimeProvider"/> time;
/// their outcome is worked out lazily, on the first poll or callback timer at or after that instant.
/// </remarks>
internal sealed class KieRoutes : IDisposable
{
    public const string GeneratePath = "/api/v1/flux/kontext/generate";
    public const string RecordInfoPath = "/api/v1/flux/kontext/record-info";
    public const string DownloadUrlPath = "/api/v1/common/download-url";
    public const string CreditPath = "/api/v1/chat/credit";

    /// <summary>How many tasks are kept; beyond that the oldest are forgotten (polling them answers code 404).</summary>
    public const int TaskCapacity = 1000;

    /// <summary>How long <c>resultImageUrl</c> stays valid: Kie keeps generated media 14 days.</summary>
    public static readonly TimeSpan ResultLifetime = TimeSpan.FromDays(14);

    /// <summary>How long <c>originImageUrl</c> stays valid.</summary>
    public static readonly TimeSpan OriginLifetime = TimeSpan.FromMinutes(10);

    /// <summary>How long a URL from <c>download-url</c> stays valid.</summary>
    public static readonly TimeSpan DownloadLifetime = TimeSpan.FromMinutes(20);

    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private readonly EmulatorContext _emulator;
    private readonly WebhookSender _webhooks;
    private readonly byte[] _apiKey;
    private readonly string? _hmacKey;
    private readonly IReadOnlyList<TimeSpan> _retryDelays;
    private readonly TimeSpan _duration;
    private readonly int _imageLongSide;
    private readonly KieCredits _credits;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, KieTask> _tasks = new(StringComparer.Ordinal);
    private readonly Queue<string> _order = new();
    private bool _disposed;

    private KieRoutes(EmulatorContext emulator, KieEmulatorOptions options)
    {
        _emulator = emulator;
        _webhooks = emulator.Webhooks;
        _apiKey = Encoding.UTF8.GetBytes(options.ApiKey);
        _hmacKey = options.WebhookHmacKey;
        _retryDelays = options.CallbackRetries ? KieCallbacks.RetryDelays : [];
        _duration = options.TaskDuration;
        _imageLongSide = options.ImageLongSide;
        _credits = new KieCredits(options.InitialCredits);
    }

    /// <summary>Maps the Kie routes; dispose the result to stop pending callback timers.</summary>
    public static KieRoutes Map(IEndpointRouteBuilder endpoints, EmulatorContext emulator, KieEmulatorOptions options)
    {
        var routes = new KieRoutes(emulator, options);
        endpoints.MapPost(GeneratePath, (RequestDelegate)(context => routes.HandlePostAsync(context, routes.GenerateAsync)));
        endpoints.MapGet(RecordInfoPath, (RequestDelegate)(context => routes.HandleGetAsync(context, routes.RecordInfoAsync)));
        endpoints.MapPost(DownloadUrlPath, (RequestDelegate)(context => routes.HandlePostAsync(context, routes.DownloadUrlAsync)));
        endpoints.MapGet(CreditPath, (RequestDelegate)(context => routes.HandleGetAsync(context, routes.CreditAsync)));
        return routes;
    }

    /// <summary>Gets the ids of the tasks kept now, in no particular order.</summary>
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

    /// <summary>Stops every pending callback timer.</summary>
    public void Dispose()
    {
        KieTask[] tasks;
        lock (_gate)
        {
            _disposed = true;
            tasks = [.. _tasks.Values];
        }

        foreach (var task in tasks)
        {
            task.StopTimer();
        }
    }

    private async Task HandleGetAsync(HttpContext context, Func<HttpContext, Task> process)
    {
        if (await TryAnswerFaultOrAuthAsync(context).ConfigureAwait(false))
        {
            return;
        }

        await process(context).ConfigureAwait(false);
    }

    private async Task HandlePostAsync(HttpContext context, Func<HttpContext, JsonElement, Task> process)
    {
        if (await TryAnswerFaultOrAuthAsync(context).ConfigureAwait(false))
        {
            return;
        }

        JsonDocument? document = null;
        var error = CheckContentType(context.Request) ?? KieRequests.TryParseObject(RecordedBody.Of(context), out document);
        if (error is not null || document is null)
        {
            await WriteErrorAsync(context, error!).ConfigureAwait(false);
            return;
        }

        using (document)
        {
            await process(context, document.RootElement).ConfigureAwait(false);
        }
    }

    /// <summary>Answers a queued fault or an authentication failure; returns whether it answered.</summary>
    private async Task<bool> TryAnswerFaultOrAuthAsync(HttpContext context)
    {
        if (_emulator.Faults.TryTake(out var fault))
        {
            await WriteFaultAsync(context, fault).ConfigureAwait(false);
            return true;
        }

        if (!IsAuthorized(context.Request))
        {
            await WriteErrorAsync(context, KieError.NoAccess).ConfigureAwait(false);
            return true;
        }

        return false;
    }

    private async Task GenerateAsync(HttpContext context, JsonElement body)
    {
        StoredImage? source = null;
        var error = KieRequests.ParseGenerate(body, out var request);
        if (error is null && request!.InputImage is { } inputImage)
        {
            error = ResolveInputImage(inputImage, out source);
        }

        if (error is null && !_credits.TryCharge(request!.Model.Cost))
        {
            error = new KieError(KieError.InsufficientCredits, "Insufficient credits");
        }

        if (error is not null)
        {
            await WriteErrorAsync(context, error).ConfigureAwait(false);
            return;
        }

        var paramJson = Encoding.UTF8.GetString(RecordedBody.Of(context).Span);
        var task = new KieTask(ImageStore.RandomHex(16), paramJson, request!, _emulator.TimeProvider.GetUtcNow(), _duration, source?.Png);
        if (Add(task) && request!.CallBackUrl is not null && task.Hook != KieHook.Never)
        {
            // The callback fires when the task completes, on the emulator's clock (a manual test clock fires it when advanced).
            task.SetTimer(_emulator.TimeProvider.CreateTimer(OnTaskDue, task, _duration, Timeout.InfiniteTimeSpan));
        }

        await WriteSuccessAsync(context, writer =>
        {
            writer.WriteStartObject();
            writer.WriteString("taskId", task.Id);
            writer.WriteEndObject();
        }).ConfigureAwait(false);
    }

    private async Task RecordInfoAsync(HttpContext context)
    {
        var taskId = context.Request.Query["taskId"].ToString();
        if (string.IsNullOrWhiteSpace(taskId))
        {
            await WriteErrorAsync(context, KieError.Validation("Query parameter 'taskId' is required.")).ConfigureAwait(false);
            return;
        }

        KieTask? task;
        lock (_gate)
        {
            _tasks.TryGetValue(taskId, out task);
        }

        if (task is null)
        {
            await WriteErrorAsync(context, new KieError(KieError.NotFound, $"Task not found: '{taskId}'.")).ConfigureAwait(false);
            return;
        }

        var outcome = task.Observe(_emulator.TimeProvider.GetUtcNow(), Complete);
        if (outcome is not null)
        {
            Notify(task, outcome);
        }

        await WriteSuccessAsync(context, writer =>
        {
            writer.WriteStartObject();
            writer.WriteString("taskId", task.Id);
            writer.WriteString("paramJson", task.ParamJson);
            if (outcome is null)
            {
                writer.WriteNull("completeTime");
            }
            else
            {
                writer.WriteString("completeTime", FormatTime(task.CompleteTime));
            }

            writer.WriteString("createTime", FormatTime(task.CreateTime));
            if (outcome is null)
            {
                writer.WriteNull("response");
            }
            else
            {
                writer.WriteStartObject("response");
                writer.WriteString("originImageUrl", outcome.OriginImageUrl?.AbsoluteUri ?? string.Empty);
                writer.WriteString("resultImageUrl", outcome.ResultImageUrl?.AbsoluteUri ?? string.Empty);
                writer.WriteEndObject();
            }

            writer.WriteNumber("successFlag", outcome?.SuccessFlag ?? KieOutcome.Generating);
            if (outcome?.ErrorCode is { } errorCode)
            {
                writer.WriteNumber("errorCode", errorCode);
            }
            else
            {
                writer.WriteNull("errorCode");
            }

            writer.WriteString("errorMessage", outcome?.ErrorMessage ?? string.Empty);
            writer.WriteEndObject();
        }).ConfigureAwait(false);
    }

    private async Task DownloadUrlAsync(HttpContext context, JsonElement body)
    {
        var error = KieRequests.ParseDownloadUrl(body, out var url);
        StoredImage? image = null;
        if (error is null && !FileRoutes.TryFindServed(_emulator, url, out image))
        {
            error = KieError.Validation(
                $"Only Kie-generated file URLs can be converted. The emulator only accepts URLs it served itself ({_emulator.BaseAddress}files/...), and this is not one of them.");
        }

        var now = _emulator.TimeProvider.GetUtcNow();
        if (error is null && image!.IsExpired(now))
        {
            error = KieError.Validation("The file URL has expired.");
        }

        if (error is not null)
        {
            await WriteErrorAsync(context, error).ConfigureAwait(false);
            return;
        }

        var download = _emulator.Images.Add(image!.Png, image.Width, image.Height, now + DownloadLifetime);
        var downloadUrl = _emulator.UrlOf(download).AbsoluteUri;
        await WriteSuccessAsync(context, writer => writer.WriteStringValue(downloadUrl)).ConfigureAwait(false);
    }

    private Task CreditAsync(HttpContext context)
    {
        var balance = _credits.Balance;
        return WriteSuccessAsync(context, writer => writer.WriteNumberValue(balance));
    }

    /// <summary>Adds a task, forgetting the oldest beyond <see cref="TaskCapacity"/>; false once disposed.</summary>
    private bool Add(KieTask task)
    {
        KieTask? evicted = null;
        lock (_gate)
        {
            _tasks.Add(task.Id, task);
            _order.Enqueue(task.Id);
            if (_order.Count > TaskCapacity && _tasks.Remove(_order.Dequeue(), out var oldest))
            {
                evicted = oldest;
            }

            if (_disposed)
            {
                return false;
            }
        }

        evicted?.StopTimer();
        return true;
    }

    /// <summary>Timer callback: the task's duration has passed, so complete it and send its callback.</summary>
    private void OnTaskDue(object? state)
    {
        var task = (KieTask)state!;

        // Rendering can take a moment; keep it off the timer's thread (a test clock's Advance call, in tests).
        _ = Task.Run(() =>
        {
            // The timer means the duration has elapsed, even if the clock reads a hair earlier.
            var now = _emulator.TimeProvider.GetUtcNow();
            var outcome = task.Observe(now > task.CompleteTime ? now : task.CompleteTime, Complete);
            if (outcome is not null)
            {
                Notify(task, outcome);
            }
        });
    }

    /// <summary>Works out a task's terminal state: the test hook's failure, or a rendered, stored image.</summary>
    private KieOutcome Complete(KieTask task, byte[]? sourcePng)
    {
        switch (task.Hook)
        {
            case KieHook.Blocked:
                return new KieOutcome(KieOutcome.GenerateFailed, 400, "Your prompt or image was flagged by the content policy.", null, null);
            case KieHook.CreateFail:
                return new KieOutcome(KieOutcome.CreateTaskFailed, KieError.ServerError, "Failed to create the generation task: internal error.", null, null);
            case KieHook.Fail:
                return new KieOutcome(KieOutcome.GenerateFailed, 501, "Image generation failed.", null, null);
        }

        var pixels = KieImages.Render(task.Request, sourcePng, _imageLongSide);
        var png = PngEncoder.Encode(pixels);
        var origin = _emulator.Images.Add(png, pixels.Width, pixels.Height, task.CompleteTime + OriginLifetime);
        var result = _emulator.Images.Add(png, pixels.Width, pixels.Height, task.CompleteTime + ResultLifetime);
        return new KieOutcome(KieOutcome.Success, null, string.Empty, _emulator.UrlOf(origin), _emulator.UrlOf(result));
    }

    /// <summary>
    /// Sends the task's callback, if it asked for one and nobody sent it yet, retried on failure unless
    /// <see cref="KieEmulatorOptions.CallbackRetries"/> is off; every attempt is signed when it is sent.
    /// </summary>
    private void Notify(KieTask task, KieOutcome outcome)
    {
        if (task.Request.CallBackUrl is not { } url || !task.TryClaimCallback())
        {
            return;
        }

        var body = KieCallbacks.Body(task, outcome, WriterOptions);
        var hmacKey = _hmacKey;
        _webhooks.Send(task.Id, url, body, now => KieCallbacks.Headers(task.Id, now, hmacKey), _retryDelays);
    }

    /// <summary>Checks that an edit's <c>inputImage</c> is a live URL this emulator served; it never fetches anything else.</summary>
    private KieError? ResolveInputImage(string inputImage, out StoredImage? image)
    {
        if (!FileRoutes.TryFindServed(_emulator, inputImage, out image))
        {
            return KieError.Validation(
                $"Could not fetch inputImage. The emulator never makes outbound requests: it only reads images it served itself ({_emulator.BaseAddress}files/...), and this URL is not one of them.");
        }

        if (image.IsExpired(_emulator.TimeProvider.GetUtcNow()))
        {
            image = null;
            return KieError.Validation("Could not fetch inputImage: the emulator only reads images it served itself, and this one's URL has expired.");
        }

        return null;
    }

    private bool IsAuthorized(HttpRequest request)
    {
        var authorization = request.Headers.Authorization.ToString();
        const string Bearer = "Bearer ";
        if (!authorization.StartsWith(Bearer, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        var key = authorization[Bearer.Length..].Trim();
        return key.Length > 0 && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(key), _apiKey);
    }

    private static KieError? CheckContentType(HttpRequest request) =>
        MediaTypeHeaderValue.TryParse(request.ContentType, out var mediaType) &&
        mediaType.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase)
            ? null
            : KieError.Validation("Content-Type must be application/json.");

    private static Task WriteFaultAsync(HttpContext context, InjectedFault fault)
    {
        if (fault.IsRaw)
        {
            return HttpResponses.WriteRawFaultAsync(context, fault);
        }

        var message = KieError.FaultMessage(fault.StatusCode);
        if (fault.Form is KieInBodyFault)
        {
            return WriteErrorAsync(context, new KieError(fault.StatusCode, message));
        }

        // Kie documents no Retry-After of its own; a delay given to FailNext is sent as a header, as a gateway would.
        HttpResponses.AddRetryAfter(context, fault);
        return WriteErrorAsync(context, new KieError(fault.StatusCode, message, fault.StatusCode));
    }

    private static Task WriteErrorAsync(HttpContext context, KieError error) =>
        HttpResponses.WriteJsonAsync(
            context,
            error.HttpStatus,
            writer =>
            {
                writer.WriteStartObject();
                writer.WriteNumber("code", error.Code);
                writer.WriteString("msg", error.Message);
                writer.WriteNull("data");
                writer.WriteEndObject();
            },
            WriterOptions);

    private static Task WriteSuccessAsync(HttpContext context, Action<Utf8JsonWriter> writeData) =>
        HttpResponses.WriteJsonAsync(
            context,
            StatusCodes.Status200OK,
            writer =>
            {
                writer.WriteStartObject();
                writer.WriteNumber("code", 200);
                writer.WriteString("msg", "success");
                writer.WritePropertyName("data");
                writeData(writer);
                writer.WriteEndObject();
            },
            WriterOptions);

    private static string FormatTime(DateTimeOffset instant) =>
        instant.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
}
