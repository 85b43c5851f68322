using System.Globalization;
using ImagingClient.Emulator;
using ImagingClient.Providers.Apiframe;
using ImagingClient.Providers.Concurred;
using ImagingClient.Providers.Kie;
using ImagingClient.Providers.RelayGpu;
using Microsoft.Extensions.DependencyInjection;

namespace ImagingClient.Tests.Reliability;

/// <summary>
/// One call that creates paid work. <see cref="Prepare"/> runs first, unfaulted, through the same client (a grid to
/// act on); <see cref="Run"/> is the call under test and returns what the caller got.
/// </summary>
/// <param name="CreatesJob">Whether the call submits a job and then waits for it (so a job id exists once submitted).</param>
/// <param name="CarriesIdempotencyKey">Whether its creating POST carries an Idempotency-Key (so repeating it is harmless).</param>
/// <param name="Paid">Whether what it creates is paid for (an upload creates a stored file, which is not).</param>
public sealed record PaidOperation(
    string Name,
    bool CreatesJob,
    bool CarriesIdempotencyKey,
    Func<IImageClient, object?, CancellationToken, Task<object>> Run,
    Func<IImageClient, Task<object?>>? Prepare = null,
    bool Paid = true)
{
    public override string ToString() => Name;
}

/// <summary>How a provider's 429 says how long to wait.</summary>
public enum RetryAfterForm
{
    Seconds,
    HttpDate,
    Huge,
    Negative,
    Garbage,
    BodyOnly,
}

/// <summary>
/// What the fault suite needs to know about one provider: how to build its client against the hostile proxy, which
/// calls create paid work, and how the provider words a rate limit and a server error.
/// </summary>
public abstract class ProviderHarness
{
    /// <summary>Deadline of one synchronous call (ImagingProviderOptions.Timeout) in the suite: past the instant clock's auto-fire limit.</summary>
    public static readonly TimeSpan CallTimeout = TimeSpan.FromMinutes(3);

    /// <summary>How long a job is waited for in the suite (Polling.Timeout).</summary>
    public static readonly TimeSpan JobTimeout = TimeSpan.FromMinutes(3);

    /// <summary>The responses' size cap in the suite, so an oversized answer stays small.</summary>
    public const long MaxResponseBytes = 4 * 1024 * 1024;

    public abstract string Name { get; }

    /// <summary>Whether the provider's answers can carry images inline as base64.</summary>
    public virtual bool HasInlineImages => false;

    /// <summary>The webhook secret the client is configured with (it must never leak either), or null.</summary>
    public virtual string? WebhookSecret => null;

    public abstract IReadOnlyList<PaidOperation> Operations { get; }

    /// <summary>The ErrorCode of a job the provider ran and then failed (the emulator's "[fail]").</summary>
    public virtual ImagingErrorCode LateFailure => ImagingErrorCode.GenerationFailed;

    /// <summary>Whether a rate limit said only in the body (no Retry-After header) is waited out and retried.</summary>
    public virtual bool RetriesRateLimitsInTheBody => true;

    /// <summary>The prompt marker that makes the emulator's job run past the suite's job deadline.</summary>
    public virtual string NeverFinishesMarker => "[never]";

    /// <summary>Whether <paramref name="operation"/>'s results arrive as URLs to download (rather than inline).</summary>
    public virtual bool ReturnsResultUrls(string operation) => operation != "upload";

    public PaidOperation Operation(string name) => Operations.Single(o => o.Name == name);

    public virtual void ConfigureEmulator(ImagingEmulatorOptions options)
    {
    }

    /// <summary>Registers the provider, against <paramref name="baseAddress"/>, with the suite's settings.</summary>
    public abstract void Register(IImagingClientBuilder imaging, Uri baseAddress, string apiKey);

    /// <summary>A 429 in the provider's own form that asks for a wait written as <paramref name="form"/> says.</summary>
    public abstract ProxiedAnswer RateLimited(RetryAfterForm form, DateTimeOffset now, string echo);

    /// <summary>A server error with <paramref name="status"/> in the provider's own envelope, echoing <paramref name="echo"/>.</summary>
    public abstract ProxiedAnswer ServerError(int status, string echo);

    /// <summary>The provider's answer to a status check of a job whose record it no longer keeps.</summary>
    public virtual ProxiedAnswer TaskGone(string echo) => throw new NotSupportedException($"{Name} has no jobs.");

    /// <summary>Whether <paramref name="request"/> is a status check of a job.</summary>
    public virtual bool IsStatusCheck(ProxiedRequest request) => request.Method == "GET" && !IsDownload(request);

    /// <summary>Whether <paramref name="request"/> downloads a result image (the emulator serves them under /files/).</summary>
    public static bool IsDownload(ProxiedRequest request) => request.Path.StartsWith("/files/", StringComparison.Ordinal);

    /// <summary>Whether <paramref name="request"/> creates work: every POST of these four APIs does.</summary>
    public static bool IsCreating(ProxiedRequest request) => request.Method == "POST";

    /// <summary>An image made by the provider itself (the emulator reads only images it served), as an edit's input.</summary>
    protected static async Task<object?> SourceImageAsync(IImageClient client, string model)
    {
        var source = await client.GenerateAsync(new ImageGenerationRequest { Prompt = "a source picture", Model = model });
        return source.Images[0] is RemoteGeneratedImage remote
            ? ImageInput.FromUri(remote.Url)
            : ImageInput.FromBytes(await source.Images[0].GetBytesAsync(), "image/png");
    }

    protected static KeyValuePair<string, string> Header(string name, string value) => new(name, value);

    protected static string RetryAfterHeader(RetryAfterForm form, DateTimeOffset now) => form switch
    {
        RetryAfterForm.Seconds => "2",
        RetryAfterForm.HttpDate => now.AddSeconds(3).ToString("R", CultureInfo.InvariantCulture),
        RetryAfterForm.Huge => "999999999999999999999",
        RetryAfterForm.Negative => "-5",
        RetryAfterForm.Garbage => "soon, maybe",
        _ => throw new ArgumentOutOfRangeException(nameof(form)),
    };

    protected static ProxiedAnswer With429(string body, RetryAfterForm form, DateTimeOffset now, string echo) =>
        form == RetryAfterForm.BodyOnly
            ? ProxiedAnswer.Of(429, body, "application/json", Header("X-Request-Id", echo))
            : ProxiedAnswer.Of(429, body, "application/json", Header("Retry-After", RetryAfterHeader(form, now)), Header("X-Request-Id", echo));

    protected static void SuiteDefaults(ImagingProviderOptions options, Uri baseAddress, string apiKey)
    {
        options.ApiKey = apiKey;
        options.BaseAddress = baseAddress;
        options.Timeout = CallTimeout;
        options.MaxResponseBytes = MaxResponseBytes;
    }

    protected static void SuitePolling(ImagingPollingOptions polling)
    {
        polling.Jitter = 0;
        polling.Timeout = JobTimeout;
    }
}

public sealed class ConcurredHarness : ProviderHarness
{
    public override string Name => "concurred";

    public override bool HasInlineImages => true;

    public override IReadOnlyList<PaidOperation> Operations { get; } =
    [
        new("generate", CreatesJob: false, CarriesIdempotencyKey: false,
            async (client, _, ct) => await client.GenerateAsync(new ImageGenerationRequest { Prompt = "a lighthouse at dusk", Model = ConcurredModels.Flux2Pro }, ct)),
        new("generate-inline", CreatesJob: false, CarriesIdempotencyKey: false,
            async (client, _, ct) => await client.GenerateAsync(new ImageGenerationRequest { Prompt = "a lighthouse at dusk", Model = ConcurredModels.Imagen4 }, ct)),
        new("edit", CreatesJob: false, CarriesIdempotencyKey: false,
            async (client, source, ct) => await client.EditAsync(new ImageEditRequest { Prompt = "make it winter", Model = ConcurredModels.FluxKontext, Image = (ImageInput)source! }, ct),
            client => SourceImageAsync(client, ConcurredModels.Flux2Pro)),
    ];

    public override bool ReturnsResultUrls(string operation) => operation != "generate-inline";

    public override void Register(IImagingClientBuilder imaging, Uri baseAddress, string apiKey) =>
        imaging.AddConcurred(o => SuiteDefaults(o, baseAddress, apiKey));

    public override ProxiedAnswer RateLimited(RetryAfterForm form, DateTimeOffset now, string echo) =>
        With429(
            $$$"""{"success":false,"error":{"code":"RATE_LIMIT_EXCEEDED","message":"Too many requests for {{{echo}}}","details":{"retryAfter":{{{(form == RetryAfterForm.Huge ? "1e300" : "2")}}} } }}""",
            form,
            now,
            echo);

    public override ProxiedAnswer ServerError(int status, string echo) =>
        ProxiedAnswer.Of(status, $$$"""{"success":false,"error":{"code":"INTERNAL_ERROR","message":"failed for {{{echo}}}","details":{"key":"{{{echo}}}"} }}""", "application/json", Header("X-Request-Id", echo));
}

public sealed class KieHarness : ProviderHarness
{
    public const string HmacKey = "kie-hmac-secret-7f3a9c";

    public override string Name => "kie";

    public override string? WebhookSecret => HmacKey;

    // Kie's body form is HTTP 200 with code 429: an answer, not a status the HTTP retry sees.
    public override bool RetriesRateLimitsInTheBody => false;

    public override IReadOnlyList<PaidOperation> Operations { get; } =
    [
        new("generate", CreatesJob: true, CarriesIdempotencyKey: false,
            async (client, _, ct) => await client.GenerateAsync(new ImageGenerationRequest { Prompt = "a lighthouse at dusk", Model = KieModels.FluxKontextPro }, ct)),
        new("edit", CreatesJob: true, CarriesIdempotencyKey: false,
            async (client, source, ct) => await client.EditAsync(new ImageEditRequest { Prompt = "make it winter", Model = KieModels.FluxKontextPro, Image = (ImageInput)source! }, ct),
            client => SourceImageAsync(client, KieModels.FluxKontextPro)),
    ];

    public override void Register(IImagingClientBuilder imaging, Uri baseAddress, string apiKey) =>
        imaging.AddKie(o =>
        {
            SuiteDefaults(o, baseAddress, apiKey);
            SuitePolling(o.Polling);
            o.Callbacks.WebhookHmacKey = HmacKey;
        });

    // Kie words business errors, a rate limit among them, as HTTP 200 with its own code; a real 429 is the other form.
    public override ProxiedAnswer RateLimited(RetryAfterForm form, DateTimeOffset now, string echo) =>
        form == RetryAfterForm.BodyOnly
            ? ProxiedAnswer.Of(200, $$"""{"code":429,"msg":"rate limited for {{echo}}","data":null}""", "application/json", Header("X-Request-Id", echo))
            : With429($$"""{"code":429,"msg":"rate limited for {{echo}}","data":null}""", form, now, echo);

    public override ProxiedAnswer ServerError(int status, string echo) =>
        ProxiedAnswer.Of(status, $$"""{"code":{{status}},"msg":"failed for {{echo}}","data":null}""", "application/json", Header("X-Request-Id", echo));

    public override ProxiedAnswer TaskGone(string echo) =>
        ProxiedAnswer.Of(200, $$"""{"code":404,"msg":"task not found for {{echo}}","data":null}""", "application/json", Header("X-Request-Id", echo));
}

public sealed class ApiframeHarness : ProviderHarness
{
    public override string Name => "apiframe";

    public override IReadOnlyList<PaidOperation> Operations { get; } =
    [
        new("generate", CreatesJob: true, CarriesIdempotencyKey: true,
            async (client, _, ct) => await client.GenerateAsync(new ImageGenerationRequest { Prompt = "a lighthouse at dusk", Model = ApiframeModels.Flux2Pro }, ct)),
        new("edit", CreatesJob: true, CarriesIdempotencyKey: true,
            async (client, source, ct) => await client.EditAsync(new ImageEditRequest { Prompt = "make it winter", Model = ApiframeModels.FluxFillPro, Image = (ImageInput)source!, ProviderOptions = new ApiframeFluxFillOptions { Mask = (ImageInput)source! } }, ct),
            client => SourceImageAsync(client, ApiframeModels.Flux2Pro)),
        new("upscale", CreatesJob: true, CarriesIdempotencyKey: true,
            async (client, source, ct) => await client.GetRequiredService<IApiframeApi>().UpscaleAsync(new ApiframeTopazUpscaleRequest { Image = (ImageInput)source!, UpscaleFactor = 2 }, ct),
            client => SourceImageAsync(client, ApiframeModels.Flux2Pro)),
        new("upload", CreatesJob: false, CarriesIdempotencyKey: false,
            async (client, _, ct) => await client.GetRequiredService<IApiframeApi>().UploadAsync(ImageInput.FromBytes(TestImages.Png, "image/png"), ct),
            Paid: false),
        new("midjourney-upsample", CreatesJob: true, CarriesIdempotencyKey: true,
            async (client, grid, ct) => await client.GetRequiredService<IApiframeApi>().RunMidjourneyActionAsync(ApiframeMidjourney.Upsample((ImageResult)grid!, 1), ct),
            async client => await client.GenerateAsync(new ImageGenerationRequest { Prompt = "a castle on a hill", Model = ApiframeModels.Midjourney })),
    ];

    public override void Register(IImagingClientBuilder imaging, Uri baseAddress, string apiKey) =>
        imaging.AddApiframe(o =>
        {
            SuiteDefaults(o, baseAddress, apiKey);
            SuitePolling(o.Polling);
        });

    public override ProxiedAnswer RateLimited(RetryAfterForm form, DateTimeOffset now, string echo) =>
        With429($$"""{"error":"Too many requests for {{echo}}"}""", form, now, echo);

    public override ProxiedAnswer ServerError(int status, string echo) =>
        ProxiedAnswer.Of(status, $$"""{"error":"failed for {{echo}}"}""", "application/json", Header("x-request-id", echo));

    public override ProxiedAnswer TaskGone(string echo) =>
        ProxiedAnswer.Of(404, $$"""{"error":"Job not found for {{echo}}"}""", "application/json", Header("x-request-id", echo));
}

public sealed class RelayGpuHarness : ProviderHarness
{
    public const string Secret = "whsec_cmVsYXktd2ViaG9vay1zZWNyZXQtZm9yLXRoZS1zdWl0ZQ==";

    public override string Name => "relaygpu";

    public override bool HasInlineImages => true;

    public override string? WebhookSecret => Secret;

    public override string NeverFinishesMarker => "[slow]";

    public override bool ReturnsResultUrls(string operation) => operation != "generate-inline";

    // The emulator's "[fail]" is RelayGPU's UPSTREAM_ERROR: the model's provider failed, which RelayGPU files as a server error.
    public override ImagingErrorCode LateFailure => ImagingErrorCode.ServerError;

    public override IReadOnlyList<PaidOperation> Operations { get; } =
    [
        new("generate", CreatesJob: false, CarriesIdempotencyKey: false,
            async (client, _, ct) => await client.GenerateAsync(new ImageGenerationRequest { Prompt = "a lighthouse at dusk", Model = RelayGpuModels.QwenImage }, ct)),
        new("generate-inline", CreatesJob: false, CarriesIdempotencyKey: false,
            async (client, _, ct) => await client.GenerateAsync(new ImageGenerationRequest { Prompt = "a lighthouse at dusk", Model = RelayGpuModels.Flux2Pro }, ct)),
        new("edit", CreatesJob: false, CarriesIdempotencyKey: false,
            async (client, source, ct) => await client.EditAsync(new ImageEditRequest { Prompt = "make it winter", Model = RelayGpuModels.QwenImageEdit, Image = (ImageInput)source! }, ct),
            client => SourceImageAsync(client, RelayGpuModels.QwenImage)),
        new("submit", CreatesJob: true, CarriesIdempotencyKey: true,
            async (client, _, ct) => await (await client.StartGenerateAsync(new ImageGenerationRequest { Prompt = "a lighthouse at dusk", Model = RelayGpuModels.QwenImage }, ct)).WaitForCompletionAsync(cancellationToken: ct)),
    ];

    public override void ConfigureEmulator(ImagingEmulatorOptions options) =>

        // Tasks take 20 s of the instant clock (so "[slow]" ones take 200 s, past the suite's job deadline).
        options.RelayGpu.TaskDuration = TimeSpan.FromSeconds(20);

    public override void Register(IImagingClientBuilder imaging, Uri baseAddress, string apiKey) =>
        imaging.AddRelayGpu(o =>
        {
            SuiteDefaults(o, baseAddress, apiKey);
            SuitePolling(o.Polling);
            o.Webhooks.Secret = Secret;
        });

    public override ProxiedAnswer RateLimited(RetryAfterForm form, DateTimeOffset now, string echo) =>
        With429($$$"""{"detail":"Rate limit exceeded for {{{echo}}}","error":{"code":"RATE_LIMITED","type":"rate_limit","source":"relay","message":"Rate limit exceeded: 16/15 RPM for {{{echo}}}","request_id":"{{{echo}}}"}}""", form, now, echo);

    public override ProxiedAnswer ServerError(int status, string echo) =>
        ProxiedAnswer.Of(status, $$$"""{"detail":"failed for {{{echo}}}","error":{"code":null,"type":"internal","source":"relay","message":"failed for {{{echo}}}","request_id":"{{{echo}}}"}}""", "application/json", Header("X-Request-Id", echo));

    public override ProxiedAnswer TaskGone(string echo) =>
        ProxiedAnswer.Of(404, $$$"""{"detail":"Task not found","error":{"code":"TASK_NOT_FOUND","type":"validation","source":"relay","message":"Task not found for {{{echo}}}","request_id":"{{{echo}}}"}}""", "application/json", Header("X-Request-Id", echo));
}

/// <summary>A small valid PNG for uploads.</summary>
public static class TestImages
{
    public static readonly byte[] Png = Convert.FromBase64String(
        "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==");
}
