using System.Globalization;
using System.Text;
using System.Text.Json;
using ImagingClient.Http;
using ImagingClient.Jobs;
using ImagingClient.Providers.Kie.Wire;
using ImagingClient.Webhooks;

namespace ImagingClient.Providers.Kie;

/// <summary>
/// Verifies and reads the callbacks Kie POSTs to a task's <c>callBackUrl</c>. A signed callback carries
/// <c>X-Webhook-Timestamp</c> (unix seconds) and <c>X-Webhook-Signature</c> =
/// Base64(HMAC-SHA256(webhook HMAC key, taskId + "." + timestamp)); the signature is compared in constant time and the
/// timestamp must be within <see cref="KieCallbackOptions.TimestampTolerance"/> of now. Unsigned callbacks are refused
/// unless no key is configured and <see cref="KieCallbackOptions.AllowUnsigned"/> is on.
/// </summary>
/// <remarks>
/// <para>
/// It is Kie's <see cref="IImageWebhookVerifier"/>: <c>AddKie</c> registers it as itself, as the keyed
/// <see cref="IImageWebhookVerifier"/> <c>"kie"</c> and among the unkeyed ones, and it yields
/// <see cref="KieCallback"/>, an <see cref="ImageWebhookEvent"/>. It throws <see cref="KieCallbackException"/>, a
/// <see cref="WebhookVerificationException"/>.
/// </para>
/// <para>
/// Kie signs the task id and the timestamp, not the body: a signature proves Kie sent a callback about that task at
/// that time, but a captured one could be replayed with another body within the tolerance. Where that matters (before
/// acting on a failure, or fetching a URL from a server inside a private network), confirm with
/// <see cref="IImageClient.ResumeJobAsync"/>, which asks Kie directly, and set
/// <see cref="ImageWebhookOptions.ReplayCache"/> on <see cref="KieClientOptions.Callbacks"/>: a second callback about a
/// task already accepted is then refused as <see cref="WebhookFailureReason.Replayed"/>. Kie's callbacks carry no event
/// id: deduplicate on the task id. A body over <see cref="ImageWebhookOptions.MaxBodyBytes"/> (2 MiB) is refused
/// before it is read.
/// </para>
/// </remarks>
/// <example>
/// <code>
/// app.MapPost("/kie/callback", async (HttpRequest http, KieCallbackVerifier verifier) =>
/// {
///     var body = await BinaryData.FromStreamAsync(http.Body);
///     var callback = verifier.Verify(name => http.Headers[name], body.ToMemory().Span);
///     ImageResult result = callback.GetResult();   // or throws as polling would
///     return Results.Ok();
/// });
/// </code>
/// </example>
public sealed class KieCallbackVerifier : ImageWebhookVerifier<KieCallback>
{
    /// <summary>The header with the callback's unix timestamp.</summary>
    public const string TimestampHeader = "X-Webhook-Timestamp";

    /// <summary>The header with the callback's signature.</summary>
    public const string SignatureHeader = "X-Webhook-Signature";

    private const string NeedsKeyOrAllowUnsigned = "Kie callbacks: set WebhookHmacKey (from Kie's settings page), or set AllowUnsigned = true to accept unsigned callbacks.";

    private readonly byte[]? _key;
    private readonly KieCallbackOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly ImageDownloader _downloader;
    private readonly bool _refusesAll;

    /// <summary>Creates a verifier.</summary>
    /// <param name="options">The HMAC key and whether unsigned callbacks are accepted.</param>
    /// <param name="timeProvider">The clock for the timestamp check; the system clock when <see langword="null"/>.</param>
    /// <param name="downloadClient">
    /// The client result images are downloaded with; when <see langword="null"/>, one shared client whose handler
    /// checks addresses at connect time as the registered downloads client does (or one of this verifier's own, when
    /// <paramref name="downloadOptions"/> are given: create the verifier once, then).
    /// </param>
    /// <param name="downloadOptions">
    /// The limits of those downloads (<see cref="ImagingClientOptions.DownloadTimeout"/>,
    /// <see cref="ImagingClientOptions.MaxDownloadBytes"/>, <see cref="ImagingClientOptions.AllowedDownloadHosts"/>,
    /// <see cref="ImagingClientOptions.BlockPrivateNetworkDownloads"/>); the defaults when <see langword="null"/>.
    /// </param>
    /// <exception cref="ArgumentException">Neither a key is set nor unsigned callbacks are allowed, so no callback could ever be accepted.</exception>
    public KieCallbackVerifier(KieCallbackOptions options, TimeProvider? timeProvider = null, HttpClient? downloadClient = null, ImagingClientOptions? downloadOptions = null)
        : this(options, timeProvider ?? TimeProvider.System, ImageDownloader.Standalone(downloadClient, timeProvider ?? TimeProvider.System, downloadOptions))
    {
    }

    /// <summary>Creates a verifier.</summary>
    /// <param name="options">The settings.</param>
    /// <param name="timeProvider">The clock.</param>
    /// <param name="downloader">Downloads result images.</param>
    /// <param name="refuseAllWhenUnconfigured">
    /// Without a key and with unsigned callbacks refused, build a verifier that refuses every callback
    /// (<see cref="WebhookFailureReason.NotConfigured"/>) rather than throw: what dependency injection resolves as
    /// <see cref="IImageWebhookVerifier"/>, so that listing every provider's verifier never fails for one that is
    /// only polled.
    /// </param>
    internal KieCallbackVerifier(KieCallbackOptions options, TimeProvider timeProvider, ImageDownloader downloader, bool refuseAllWhenUnconfigured = false)
    {
        ArgumentNullException.ThrowIfNull(options);
        Telemetry = downloader.Telemetry;
        var problems = options.Validate("Kie callbacks").ToList();
        var unconfigured = string.IsNullOrEmpty(options.WebhookHmacKey) && !options.AllowUnsigned;
        if (unconfigured && !refuseAllWhenUnconfigured)
        {
            problems.Add(NeedsKeyOrAllowUnsigned);
        }

        if (problems.Count > 0)
        {
            throw new ArgumentException(string.Join(" ", problems), nameof(options));
        }

        _options = options;
        _key = string.IsNullOrEmpty(options.WebhookHmacKey) ? null : Encoding.UTF8.GetBytes(options.WebhookHmacKey);
        _timeProvider = timeProvider;
        _downloader = downloader;
        _refusesAll = unconfigured;
    }

    /// <summary>The provider whose callbacks this verifies: <c>"kie"</c>.</summary>
    public override string Provider => KieModels.ProviderName;

    /// <summary>Computes the signature Kie sends for a task id and timestamp.</summary>
    /// <param name="webhookHmacKey">The webhook HMAC key.</param>
    /// <param name="taskId">The task id.</param>
    /// <param name="timestamp">The <c>X-Webhook-Timestamp</c> value, as sent.</param>
    /// <returns>The Base64 signature.</returns>
    public static string ComputeSignature(string webhookHmacKey, string taskId, string timestamp)
    {
        ArgumentException.ThrowIfNullOrEmpty(webhookHmacKey);
        ArgumentNullException.ThrowIfNull(taskId);
        ArgumentNullException.ThrowIfNull(timestamp);
        return TimestampedIdSignature.Compute(Encoding.UTF8.GetBytes(webhookHmacKey), taskId, timestamp);
    }

    /// <summary>Verifies a callback and reads it.</summary>
    /// <param name="getHeader">Reads a request header by name (for ASP.NET Core: <c>name =&gt; request.Headers[name]</c>).</param>
    /// <param name="body">The request body, exactly as received.</param>
    /// <returns>The callback.</returns>
    /// <exception cref="KieCallbackException">The callback is not authentic, is stale, or cannot be read: answer 400 or 401 and do not use it.</exception>
    private protected override KieCallback VerifyCore(Func<string, string?> getHeader, ReadOnlySpan<byte> body)
    {
        ArgumentNullException.ThrowIfNull(getHeader);
        if (_refusesAll)
        {
            throw new KieCallbackException("No Kie callback can be accepted: " + NeedsKeyOrAllowUnsigned) { Reason = WebhookFailureReason.NotConfigured };
        }

        ThrowIfFailed(CheckBodySize(body, _options));

        KieCallbackBody? parsed;
        try
        {
            parsed = JsonSerializer.Deserialize(body, KieJsonContext.Default.KieCallbackBody);
        }
        catch (JsonException ex)
        {
            throw new KieCallbackException("The callback body is not Kie's callback JSON.", ex) { Reason = WebhookFailureReason.UnreadableBody };
        }

        var taskId = parsed?.Data?.TaskId ?? parsed?.Data?.TaskIdSnakeCase;
        if (parsed is null || string.IsNullOrWhiteSpace(taskId))
        {
            throw new KieCallbackException("The callback body has no data.taskId (nor data.task_id).") { Reason = WebhookFailureReason.UnreadableBody };
        }

        var timestamp = getHeader(TimestampHeader);
        var signature = getHeader(SignatureHeader);
        var signed = !string.IsNullOrEmpty(timestamp) || !string.IsNullOrEmpty(signature);
        DateTimeOffset? sentAt = null;
        if (!signed)
        {
            if (_key is not null)
            {
                // With a key configured, a callback without a signature is a forgery, whatever AllowUnsigned says.
                throw new KieCallbackException($"The callback carries no {SignatureHeader}, but a WebhookHmacKey is configured, so every callback must be signed.") { Reason = WebhookFailureReason.MissingHeader };
            }

            if (!_options.AllowUnsigned)
            {
                throw new KieCallbackException($"The callback carries no {SignatureHeader}; unsigned callbacks are refused unless AllowUnsigned is on.") { Reason = WebhookFailureReason.MissingHeader };
            }
        }
        else
        {
            if (_key is null)
            {
                throw new KieCallbackException("The callback is signed but no WebhookHmacKey is configured to check it.") { Reason = WebhookFailureReason.NotConfigured };
            }

            ThrowIfFailed(WebhookTimestamp.Check(timestamp, TimestampHeader, _timeProvider, _options.TimestampTolerance, out var signedAt));
            ThrowIfFailed(TimestampedIdSignature.Verify(_key, taskId, timestamp!, signature, SignatureHeader));
            sentAt = signedAt;
        }

        var callback = new KieCallback(taskId, parsed.Code, parsed.Message, parsed.Data?.Info, signed, sentAt, this);

        // Kie sends one callback per task (retried with the same task id), so the task id is the delivery's id.
        ThrowIfFailed(CheckReplay(_options, callback, sentAt is { } at ? ToleranceEnds(at, _options.TimestampTolerance) : null, _timeProvider.GetUtcNow()));
        return callback;
    }

    /// <summary>Builds what polling would have produced from a callback.</summary>
    internal JobSnapshot ToSnapshot(KieCallback callback, ImageJobToken? token, DateTimeOffset receivedAt)
    {
        // The callback does not name the model; the job's token does, when the caller has it.
        var model = token?.Model ?? "flux-kontext";
        var job = new ImageJob(callback.TaskId, KieModels.ProviderName, model, token, new JobSnapshot(ImageJobStatus.Running, null, null), source: null, _timeProvider, new ImagingPollingOptions());
        return KieTaskReader.ToSnapshot(
            job,
            successFlag: callback.Code == 200 ? 1 : 3,
            errorCode: callback.Code is 200 ? null : callback.Code,
            callback.Message,
            callback.Info,
            createdAt: null,
            completedAt: callback.SentAt,
            paramJson: null,
            receivedAt,
            _downloader,
            apiKey: null);
    }

    internal DateTimeOffset Now => _timeProvider.GetUtcNow();

    private static void ThrowIfFailed(WebhookCheck check)
    {
        if (!check.Succeeded)
        {
            throw new KieCallbackException(check.Message!) { Reason = check.Reason };
        }
    }
}

/// <summary>
/// A verified Kie callback: the shared <see cref="ImageWebhookEvent"/> (<see cref="ImageWebhookEvent.JobId"/> is the
/// task id; <see cref="ImageWebhookEvent.Kind"/> is completed for code 200, failed otherwise;
/// <see cref="ImageWebhookEvent.ProviderStatus"/> is the code; no event type or id) plus what Kie sends.
/// </summary>
/// <remarks>
/// A callback does not name the model or carry the completion time: pass the job's token (saved when it was started)
/// to <see cref="ImageWebhookEvent.GetResult"/> to get its model and resume token; without it the model reads
/// <c>flux-kontext</c>, and the 14-day lifetime is counted from the callback's timestamp.
/// </remarks>
public sealed class KieCallback : ImageWebhookEvent
{
    private readonly KieCallbackVerifier _verifier;

    internal KieCallback(string taskId, int? code, string? message, KieTaskImages? info, bool isSigned, DateTimeOffset? sentAt, KieCallbackVerifier verifier)
        : base(
            KieModels.ProviderName,
            taskId,
            code == 200 ? ImageWebhookEventKind.Completed : ImageWebhookEventKind.Failed,
            code == 200 ? ImageJobStatus.Succeeded : ImageJobStatus.Failed,
            eventType: null,
            eventId: null,
            providerStatus: code?.ToString(CultureInfo.InvariantCulture),
            progress: code == 200 ? 1.0 : null,
            isSigned,
            sentAt)
    {
        Code = code;
        Message = message;
        Info = info;
        _verifier = verifier;
        ResultImageUrl = Url(info?.ResultImageUrl);
        OriginImageUrl = Url(info?.OriginImageUrl);
    }

    /// <summary>The task the callback is about (the same as <see cref="ImageWebhookEvent.JobId"/>).</summary>
    public string TaskId => JobId;

    /// <summary>Kie's code: 200 success, 400 content policy, 500 internal error, 501 generation failed.</summary>
    public int? Code { get; }

    /// <summary>Kie's message.</summary>
    public string? Message { get; }

    /// <summary>Whether the task succeeded.</summary>
    public bool Succeeded => Code == 200;

    /// <summary>The result image (kept 14 days), when the task succeeded.</summary>
    public Uri? ResultImageUrl { get; }

    /// <summary>The origin image (10 minutes), when the task succeeded.</summary>
    public Uri? OriginImageUrl { get; }

    internal KieTaskImages? Info { get; }

    internal override string ReplayKey => TaskId;

    private protected override JobSnapshot ReadOutcome(ImageJobToken? token) => _verifier.ToSnapshot(this, token, _verifier.Now);

    private static Uri? Url(string? text) =>
        !string.IsNullOrWhiteSpace(text) && Uri.TryCreate(text, UriKind.Absolute, out var url) && (url.Scheme == Uri.UriSchemeHttps || url.Scheme == Uri.UriSchemeHttp)
            ? url
            : null;
}

/// <summary>A Kie callback was refused: not authentic, stale, or unreadable. <see cref="WebhookVerificationException.Reason"/> says which check failed.</summary>
public sealed class KieCallbackException : WebhookVerificationException
{
    /// <summary>Creates the exception.</summary>
    public KieCallbackException()
        : this("The Kie callback was refused.")
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">Why.</param>
    public KieCallbackException(string message)
        : this(message, innerException: null)
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">Why.</param>
    /// <param name="innerException">The cause.</param>
    public KieCallbackException(string message, Exception? innerException)
        : base(message, innerException)
    {
        Provider = KieModels.ProviderName;
    }
}
