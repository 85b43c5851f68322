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

namespace ImagingClient.Emulator.Concurred;

/// <summary>
/// The Concurred image API: <c>POST /api/v1/image/generate</c> and <c>POST /api/v1/image/edit</c>,
/// as described in <c>shared/providers/concurred.md</c>.
/// </summary>
/// <remarks>
/// Every request is handled in this order: count it against the fixed one-minute rate-limit window
/// and add the <c>X-RateLimit-*</c> headers; answer an injected fault if one is queued; answer
/// <c>429 RATE_LIMIT_EXCEEDED</c> when over the limit; check the API key; check the content type and
/// JSON; validate the fields; apply the content policy; render. Every request to these routes counts
/// against the one window the emulator keeps, including rejected ones.
/// </remarks>
internal sealed class ConcurredRoutes
{
    public const string GeneratePath = "/api/v1/image/generate";
    public const string EditPath = "/api/v1/image/edit";

    /// <summary>Prompts containing this text (any case) are refused with <c>GUARDRAIL_BLOCKED</c>.</summary>
    public const string BlockedMarker = "[blocked]";

    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private readonly EmulatorContext _emulator;
    private readonly byte[] _apiKey;
    private readonly RateLimiter _limiter;

    private ConcurredRoutes(EmulatorContext emulator, ConcurredEmulatorOptions options)
    {
        _emulator = emulator;
        _apiKey = Encoding.UTF8.GetBytes(options.ApiKey);
        _limiter = new RateLimiter(options.RateLimitPerMinute, TimeSpan.FromMinutes(1), emulator.TimeProvider);
    }

    public static void Map(IEndpointRouteBuilder endpoints, EmulatorContext emulator, ConcurredEmulatorOptions options)
    {
        var routes = new ConcurredRoutes(emulator, options);
        endpoints.MapPost(GeneratePath, (RequestDelegate)(context => routes.HandleAsync(context, routes.GenerateAsync)));
        endpoints.MapPost(EditPath, (RequestDelegate)(context => routes.HandleAsync(context, routes.EditAsync)));
    }

    private async Task HandleAsync(HttpContext context, Func<HttpContext, JsonElement, Task> process)
    {
        var decision = _limiter.Acquire();
        var headers = context.Response.Headers;
        headers["X-RateLimit-Limit"] = decision.Limit.ToString(CultureInfo.InvariantCulture);
        headers["X-RateLimit-Remaining"] = decision.Remaining.ToString(CultureInfo.InvariantCulture);
        headers["X-RateLimit-Reset"] = decision.ResetUnixSeconds.ToString(CultureInfo.InvariantCulture);

        if (_emulator.Faults.TryTake(out var fault))
        {
            await WriteFaultAsync(context, fault).ConfigureAwait(false);
            return;
        }

        if (!decision.Allowed)
        {
            var limited = new ConcurredError(
                ConcurredError.RateLimitExceeded,
                $"Rate limit exceeded. Try again in {decision.RetryAfterSeconds} seconds.")
                .With("retryAfter", decision.RetryAfterSeconds);
            await WriteErrorAsync(context, limited).ConfigureAwait(false);
            return;
        }

        JsonDocument? document = null;
        var error = Authenticate(context.Request)
            ?? CheckContentType(context.Request)
            ?? ConcurredRequests.TryParseObject(RecordedBody.Of(context), out document);
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

    private async Task GenerateAsync(HttpContext context, JsonElement body)
    {
        var error = ConcurredRequests.ParseGenerate(body, out var request) ?? CheckContentPolicy(request!.Prompt);
        if (error is not null)
        {
            await WriteErrorAsync(context, error).ConfigureAwait(false);
            return;
        }

        var model = request!.Model;
        var (width, height) = ConcurredSizes.For(request);
        var seed = request.Seed ?? StableRandom.SeedFromPrompt(request.Prompt);
        var now = _emulator.TimeProvider.GetUtcNow();
        var images = new List<ResultImage>();
        for (var index = 0; index < (request.NumImages ?? 1); index++)
        {
            var pixels = ImageRenderer.Generate(model.Id, request.Prompt, unchecked(seed + index), width, height);
            images.Add(ToResult(model, PngEncoder.Encode(pixels), width, height, now));
        }

        await WriteSuccessAsync(context, model, images, now, includeMeta: true).ConfigureAwait(false);
    }

    private async Task EditAsync(HttpContext context, JsonElement body)
    {
        StoredImage? source = null;
        var error = ConcurredRequests.ParseEdit(body, out var request)
            ?? ResolveSource(request!.ImageUrl, out source)
            ?? CheckContentPolicy(request.Prompt);
        if (error is not null)
        {
            await WriteErrorAsync(context, error).ConfigureAwait(false);
            return;
        }

        var model = request!.Model;
        var seed = request.Seed ?? StableRandom.SeedFromPrompt(request.Prompt);
        var edited = ImageRenderer.Edit(PngDecoder.Decode(source!.Png), model.Id, request.Prompt, seed);
        var now = _emulator.TimeProvider.GetUtcNow();
        var image = ToResult(model, PngEncoder.Encode(edited), edited.Width, edited.Height, now);

        // The docs' edit response example has no "meta" object, so the emulator omits it.
        await WriteSuccessAsync(context, model, [image], now, includeMeta: false).ConfigureAwait(false);
    }

    private ResultImage ToResult(ConcurredModel model, byte[] png, int width, int height, DateTimeOffset now)
    {
        if (model.Family == ConcurredFamily.Google)
        {
            return new ResultImage(png, Url: null);
        }

        var stored = _emulator.Images.Add(png, width, height, now + model.UrlLifetime);
        return new ResultImage(png, _emulator.UrlOf(stored));
    }

    private ConcurredError? Authenticate(HttpRequest request)
    {
        string? key = null;
        var authorization = request.Headers.Authorization.ToString();
        const string Bearer = "Bearer ";
        if (authorization.StartsWith(Bearer, StringComparison.OrdinalIgnoreCase))
        {
            key = authorization[Bearer.Length..].Trim();
        }
        else if (request.Headers.TryGetValue("X-API-Key", out var apiKey))
        {
            key = apiKey.ToString().Trim();
        }
        else if (authorization.Length > 0)
        {
            return new ConcurredError(
                ConcurredError.Unauthorized,
                "Unsupported Authorization scheme. Send 'Authorization: Bearer ck_...' or 'X-API-Key: ck_...'.");
        }

        if (string.IsNullOrEmpty(key))
        {
            return new ConcurredError(
                ConcurredError.Unauthorized,
                "Missing API key. Send 'Authorization: Bearer ck_...' or 'X-API-Key: ck_...'.");
        }

        return CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(key), _apiKey)
            ? null
            : new ConcurredError(ConcurredError.InvalidApiKey, "Invalid API key.");
    }

    private static ConcurredError? CheckContentType(HttpRequest request) =>
        MediaTypeHeaderValue.TryParse(request.ContentType, out var mediaType) &&
        mediaType.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase)
            ? null
            : new ConcurredError(ConcurredError.BadRequest, "Content-Type must be application/json.");

    private static ConcurredError? CheckContentPolicy(string prompt) =>
        prompt.Contains(BlockedMarker, StringComparison.OrdinalIgnoreCase)
            ? new ConcurredError(ConcurredError.GuardrailBlocked, "The prompt was blocked by the content policy.")
            : null;

    private ConcurredError? ResolveSource(string imageUrl, out StoredImage? image)
    {
        image = null;
        var baseAddress = _emulator.BaseAddress;
        var served =
            Uri.TryCreate(imageUrl, UriKind.Absolute, out var uri) &&
            uri.Scheme == baseAddress.Scheme &&
            string.Equals(uri.Host, baseAddress.Host, StringComparison.OrdinalIgnoreCase) &&
            uri.Port == baseAddress.Port &&
            FileRoutes.IdFromPath(uri.AbsolutePath) is { } id &&
            _emulator.Images.TryGet(id, out image) &&
            FileRoutes.SignatureMatches(image, QueryHelpers.ParseQuery(uri.Query).TryGetValue("sig", out var sig) ? sig.ToString() : null);
        if (!served)
        {
            image = null;
            return ConcurredError.InvalidField(
                "image_url",
                $"Could not fetch image_url. The emulator never makes outbound requests: it only fetches images it served itself ({baseAddress}files/...), and this URL is not one of them.");
        }

        if (image!.IsExpired(_emulator.TimeProvider.GetUtcNow()))
        {
            image = null;
            return ConcurredError.InvalidField(
                "image_url",
                "Could not fetch image_url: the emulator only fetches images it served itself, and this one's signed URL has expired.");
        }

        return null;
    }

    private static Task WriteFaultAsync(HttpContext context, InjectedFault fault)
    {
        if (fault.IsRaw)
        {
            return HttpResponses.WriteRawFaultAsync(context, fault);
        }

        var code = ConcurredError.CodeForStatus(fault.StatusCode);
        var message = code switch
        {
            ConcurredError.BadRequest => "Bad request",
            ConcurredError.Unauthorized => "Unauthorized",
            ConcurredError.Forbidden => "Forbidden",
            ConcurredError.RateLimitExceeded => "Rate limit exceeded",
            ConcurredError.ModelUnavailable => "Model temporarily unavailable",
            _ => "Internal server error",
        };
        var error = new ConcurredError(code, message + " (fault injected by the emulator).", fault.StatusCode);
        if (code == ConcurredError.RateLimitExceeded)
        {
            // Concurred's own 429 says how long to wait in details.retryAfter (seconds) and sends no Retry-After header.
            error.With("retryAfter", fault.RetryAfterSeconds ?? 1);
        }
        else
        {
            // Any other status with a delay: a Retry-After header, as a gateway in front of the API would send.
            HttpResponses.AddRetryAfter(context, fault);
        }

        return WriteErrorAsync(context, error);
    }

    private static Task WriteErrorAsync(HttpContext context, ConcurredError error) =>
        HttpResponses.WriteJsonAsync(context, error.StatusCode, error.WriteTo, WriterOptions);

    private static Task WriteSuccessAsync(
        HttpContext context,
        ConcurredModel model,
        IReadOnlyList<ResultImage> images,
        DateTimeOffset now,
        bool includeMeta) =>
        HttpResponses.WriteJsonAsync(
            context,
            StatusCodes.Status200OK,
            writer =>
            {
                writer.WriteStartObject();
                writer.WriteBoolean("success", true);
                writer.WriteStartObject("data");
                writer.WriteString("model", model.Id);
                writer.WriteString("provider", model.Provider);
                writer.WriteStartArray("images");
                foreach (var image in images)
                {
                    writer.WriteStartObject();
                    if (image.Url is null)
                    {
                        writer.WriteBase64String("base64", image.Png);
                        writer.WriteString("mimeType", PngEncoder.MediaType);
                    }
                    else
                    {
                        writer.WriteString("url", image.Url.AbsoluteUri);
                    }

                    writer.WriteEndObject();
                }

                writer.WriteEndArray();
                writer.WriteEndObject();
                if (includeMeta)
                {
                    writer.WriteStartObject("meta");
                    writer.WriteString("requestId", "req_" + ImageStore.RandomHex(12));
                    writer.WriteString("timestamp", now.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture));
                    writer.WriteEndObject();
                }

                writer.WriteEndObject();
            },
            WriterOptions);

    /// <summary>One result: inline base64 (Imagen) when <see cref="Url"/> is null, otherwise a signed URL.</summary>
    private sealed record ResultImage(byte[] Png, Uri? Url);
}
