using System.Text.Json;
using ImagingClient.Http;
using ImagingClient.Jobs;
using ImagingClient.Providers.Apiframe.Wire;
using ImagingClient.Webhooks;

namespace ImagingClient.Providers.Apiframe;

/// <summary>
/// Verifies and reads the webhooks Apiframe POSTs to a job's <c>webhookUrl</c>: <c>X-Webhook-Signature:
/// sha256=&lt;hex&gt;</c> (bare hex accepted too) is the HMAC-SHA256 of the raw body, keyed with the raw 32-byte SHA-256
/// digest of the API key; it is compared in constant time. <c>X-Webhook-Event</c> names the event (<c>progress</c>,
/// <c>completed</c>, <c>failed</c>), as the body's <c>event</c> does (the signed body wins).
/// </summary>
/// <remarks>
/// <para>
/// It is Apiframe's <see cref="IImageWebhookVerifier"/>: <c>AddApiframe</c> registers it as itself, as the keyed
/// <see cref="IImageWebhookVerifier"/> <c>"apiframe"</c> and among the unkeyed ones, keyed with the configured API key.
/// It yields <see cref="ApiframeWebhookEvent"/>; a completed event's <see cref="ImageWebhookEvent.GetResult"/> gives
/// exactly what polling the job gives.
/// </para>
/// <para>
/// <b>Replays.</b> Apiframe's scheme signs the body only: it has no timestamp and no delivery id, so a captured delivery
/// verifies again later. Deduplicate on <see cref="ApiframeWebhookEvent.DeduplicationKey"/> (the job and the event;
/// for progress, also its value), and treat a job's completion as final once handled; or set
/// <see cref="ImageWebhookOptions.ReplayCache"/> on <see cref="ApiframeClientOptions.Webhooks"/>, which refuses a
/// delivery with a key it has accepted, as <see cref="WebhookFailureReason.Replayed"/>, for
/// <see cref="WebhookReplayCache.UntimedRetention"/>. A body over <see cref="ImageWebhookOptions.MaxBodyBytes"/> (2 MiB)
/// is refused before its signature is computed. Rotating the API key changes the
/// signing key: deliveries signed before the rotation no longer verify.
/// </para>
/// </remarks>
/// <example>
/// <code>
/// app.MapPost("/apiframe/webhook", async (HttpRequest http, ApiframeWebhookVerifier verifier) =>
/// {
///     var body = await BinaryData.FromStreamAsync(http.Body);
///     var delivery = verifier.Verify(name => http.Headers[name], body.ToMemory().Span);
///     if (!await seen.TryAddAsync(delivery.DeduplicationKey))
///     {
///         return Results.NoContent();   // a replay or a retry
///     }
///
///     if (delivery.IsCompleted)
///     {
///         ImageResult result = delivery.GetResult();   // or throws as polling would
///     }
///
///     return Results.NoContent();
/// });
/// </code>
/// </example>
public sealed class ApiframeWebhookVerifier : ImageWebhookVerifier<ApiframeWebhookEvent>
{
    /// <summary>The header with the signature.</summary>
    public const string SignatureHeader = "X-Webhook-Signature";

    /// <summary>The header with the event's name.</summary>
    public const string EventHeader = "X-Webhook-Event";

    private const string NeedsKey = "Apiframe webhooks are signed with a key derived from the API key: set ApiKey in the Apiframe options.";

    private readonly byte[]? _key;
    private readonly ApiframeWebhookOptions _limits;
    private readonly TimeProvider _timeProvider;
    private readonly ImageDownloader _downloader;

    /// <summary>Creates a verifier for the deliveries of jobs submitted with <paramref name="apiKey"/>.</summary>
    /// <param name="apiKey">The Apiframe API key (<c>afk_…</c>); only its SHA-256 digest is kept.</param>
    /// <param name="timeProvider">The clock for result lifetimes; the system clock when <see langword="null"/>.</param>
    /// <param name="downloadClient">The client result images are downloaded with; a shared plain client when <see langword="null"/>.</param>
    /// <exception cref="ArgumentException"><paramref name="apiKey"/> is null or blank.</exception>
    public ApiframeWebhookVerifier(string apiKey, TimeProvider? timeProvider = null, HttpClient? downloadClient = null)
        : this(apiKey, new ApiframeWebhookOptions(), timeProvider, downloadClient)
    {
    }

    /// <summary>Creates a verifier for the deliveries of jobs submitted with <paramref name="apiKey"/>, with limits.</summary>
    /// <param name="apiKey">The Apiframe API key (<c>afk_…</c>); only its SHA-256 digest is kept.</param>
    /// <param name="options">The largest body accepted and the replay cache, if any.</param>
    /// <param name="timeProvider">The clock for result lifetimes and the replay cache; the system clock when <see langword="null"/>.</param>
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
    /// <exception cref="ArgumentException"><paramref name="apiKey"/> is null or blank, or <paramref name="options"/> are not usable.</exception>
    public ApiframeWebhookVerifier(string apiKey, ApiframeWebhookOptions options, TimeProvider? timeProvider = null, HttpClient? downloadClient = null, ImagingClientOptions? downloadOptions = null)
        : this(
            string.IsNullOrWhiteSpace(apiKey) ? throw new ArgumentException(NeedsKey, nameof(apiKey)) : apiKey,
            Checked(options),
            timeProvider ?? TimeProvider.System,
            ImageDownloader.Standalone(downloadClient, timeProvider ?? TimeProvider.System, downloadOptions))
    {
    }

    /// <summary>A verifier; with no key, one that refuses every delivery as not configured (what DI resolves then).</summary>
    internal ApiframeWebhookVerifier(string? apiKey, ApiframeWebhookOptions options, TimeProvider timeProvider, ImageDownloader downloader)
    {
        _key = string.IsNullOrEmpty(apiKey) ? null : HexBodySignature.DeriveKey(apiKey);
        _limits = options;
        _timeProvider = timeProvider;
        _downloader = downloader;
        Telemetry = downloader.Telemetry;
    }

    /// <summary>The provider whose deliveries this verifies: <c>"apiframe"</c>.</summary>
    public override string Provider => ApiframeModels.ProviderName;

    /// <summary>Computes the <c>X-Webhook-Signature</c> Apiframe sends for a body (to test a webhook endpoint).</summary>
    /// <param name="apiKey">The API key.</param>
    /// <param name="body">The raw body.</param>
    /// <returns><c>sha256=</c> and the lowercase hex HMAC.</returns>
    public static string ComputeSignature(string apiKey, ReadOnlySpan<byte> body)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(apiKey);
        return HexBodySignature.Compute(HexBodySignature.DeriveKey(apiKey), body);
    }

    /// <summary>Verifies a delivery and reads it.</summary>
    /// <param name="getHeader">Reads a request header by name (for ASP.NET Core: <c>name =&gt; request.Headers[name]</c>).</param>
    /// <param name="body">The request body, exactly as received.</param>
    /// <returns>The event.</returns>
    /// <exception cref="WebhookVerificationException">The delivery is not authentic or cannot be read: answer 401 or 400 and do not use it.</exception>
    private protected override ApiframeWebhookEvent VerifyCore(Func<string, string?> getHeader, ReadOnlySpan<byte> body)
    {
        ArgumentNullException.ThrowIfNull(getHeader);
        if (_key is null)
        {
            throw Refused("No Apiframe webhook can be accepted: " + NeedsKey, WebhookFailureReason.NotConfigured);
        }

        ThrowIfFailed(CheckBodySize(body, _limits));
        ThrowIfFailed(HexBodySignature.Verify(_key, getHeader(SignatureHeader), body, SignatureHeader));

        ApiframeJobRecord? record;
        try
        {
            record = JsonSerializer.Deserialize(body, ApiframeJsonContext.Default.ApiframeJobRecord);
        }
        catch (JsonException ex)
        {
            throw Refused("The delivery's body is not Apiframe's webhook JSON.", WebhookFailureReason.UnreadableBody, ex);
        }

        var jobId = record?.IdOrJobId?.Trim();
        if (record is null || string.IsNullOrEmpty(jobId))
        {
            throw Refused("The delivery's body has no jobId.", WebhookFailureReason.UnreadableBody);
        }

        var eventName = record.Event ?? getHeader(EventHeader);
        var kind = ApiframeWebhookEvents.FromWire(eventName)
            ?? throw Refused($"The delivery's event '{eventName}' is none of progress, completed and failed.", WebhookFailureReason.UnreadableBody);
        var delivery = new ApiframeWebhookEvent(jobId, kind, eventName!.Trim().ToLowerInvariant(), record, this);

        // No timestamp: a delivery is remembered for the cache's UntimedRetention, by its DeduplicationKey.
        ThrowIfFailed(CheckReplay(_limits, delivery, expiresAt: null, _timeProvider.GetUtcNow()));
        return delivery;
    }

    /// <summary>What polling would have found, from a delivery.</summary>
    internal JobSnapshot ToSnapshot(ApiframeWebhookEvent delivery, ImageJobToken? token)
    {
        var model = token?.Model ?? delivery.Model ?? "unknown";
        var job = new ImageJob(delivery.JobId, ApiframeModels.ProviderName, model, token, new JobSnapshot(ImageJobStatus.Running, null, null), source: null, _timeProvider, new ImagingPollingOptions());
        var record = delivery.Record;
        if (delivery.Kind == ImageWebhookEventKind.Failed && !string.Equals(record.Status, "CANCELLED", StringComparison.OrdinalIgnoreCase))
        {
            record = new ApiframeJobRecord { JobId = record.IdOrJobId, Status = "FAILED", Model = record.Model, Error = record.Error, Progress = record.Progress };
        }
        else if (delivery.Kind == ImageWebhookEventKind.Completed && record.Status is null)
        {
            record = new ApiframeJobRecord { JobId = record.IdOrJobId, Status = "COMPLETED", Model = record.Model, Result = record.Result, CreditCost = record.CreditCost, CompletedAt = record.CompletedAt, Progress = 100 };
        }

        return ApiframeJobReader.ToSnapshot(job, record, _timeProvider.GetUtcNow(), _downloader, requestId: null, apiKey: null);
    }

    private static ApiframeWebhookException Refused(string message, WebhookFailureReason reason, Exception? inner = null) =>
        new(message, inner) { Reason = reason };

    private static void ThrowIfFailed(WebhookCheck check)
    {
        if (!check.Succeeded)
        {
            throw Refused(check.Message!, check.Reason);
        }
    }

    private static ApiframeWebhookOptions Checked(ApiframeWebhookOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var problems = options.Validate("Apiframe webhooks").ToList();
        return problems.Count == 0 ? options : throw new ArgumentException(string.Join(" ", problems), nameof(options));
    }
}

/// <summary>
/// A verified Apiframe webhook: the shared <see cref="ImageWebhookEvent"/> (<see cref="ImageWebhookEvent.EventType"/> is
/// <c>progress</c>, <c>completed</c> or <c>failed</c>; no event id exists) plus what Apiframe sends.
/// </summary>
public sealed class ApiframeWebhookEvent : ImageWebhookEvent
{
    private readonly ApiframeWebhookVerifier _verifier;

    internal ApiframeWebhookEvent(string jobId, ImageWebhookEventKind kind, string eventName, ApiframeJobRecord record, ApiframeWebhookVerifier verifier)
        : base(
            ApiframeModels.ProviderName,
            jobId,
            kind,
            kind switch
            {
                ImageWebhookEventKind.Completed => ImageJobStatus.Succeeded,
                ImageWebhookEventKind.Failed => string.Equals(record.Status, "CANCELLED", StringComparison.OrdinalIgnoreCase) ? ImageJobStatus.Cancelled : ImageJobStatus.Failed,
                _ => ImageJobStatus.Running,
            },
            eventName,
            eventId: null,
            record.Status,
            kind == ImageWebhookEventKind.Completed ? 1.0 : ApiframeJobReader.Progress(record.Progress),
            isSigned: true,
            sentAt: null)
    {
        Record = record;
        _verifier = verifier;
        var (images, grid) = ApiframeJobReader.Urls(record.Result);
        ImageUrls = images;
        GridUrl = grid;
    }

    /// <summary>The model, as the delivery names it.</summary>
    public string? Model => Record.Model;

    /// <summary>The credits the job cost (completed deliveries).</summary>
    public long? CreditCost => Record.CreditCost is { } cost ? (long)cost : null;

    /// <summary>Why the job failed (failed deliveries).</summary>
    public string? Error => Record.Error;

    /// <summary>When the job completed (completed deliveries).</summary>
    public DateTimeOffset? CompletedAt => Record.CompletedAt;

    /// <summary>The result's image URLs (completed deliveries): four for a Midjourney grid.</summary>
    public IReadOnlyList<Uri> ImageUrls { get; }

    /// <summary>A Midjourney grid's image (completed deliveries).</summary>
    public Uri? GridUrl { get; }

    /// <summary>
    /// A key to deduplicate deliveries on, since Apiframe's scheme has no delivery id or timestamp: the job, the event
    /// and, for progress, its value (<c>jobId:completed</c>, <c>jobId:progress:50</c>).
    /// </summary>
    public string DeduplicationKey => Kind == ImageWebhookEventKind.Progress
        ? string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{JobId}:{EventType}:{Record.Progress}")
        : $"{JobId}:{EventType}";

    internal ApiframeJobRecord Record { get; }

    internal override string ReplayKey => DeduplicationKey;

    private protected override JobSnapshot ReadOutcome(ImageJobToken? token) => _verifier.ToSnapshot(this, token);
}

/// <summary>An Apiframe webhook was refused: not authentic or unreadable. <see cref="WebhookVerificationException.Reason"/> says which check failed.</summary>
public sealed class ApiframeWebhookException : WebhookVerificationException
{
    /// <summary>Creates the exception.</summary>
    public ApiframeWebhookException()
        : this("The Apiframe webhook was refused.")
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">Why.</param>
    public ApiframeWebhookException(string message)
        : this(message, innerException: null)
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">Why.</param>
    /// <param name="innerException">The cause.</param>
    public ApiframeWebhookException(string message, Exception? innerException)
        : base(message, innerException)
    {
        Provider = ApiframeModels.ProviderName;
    }
}
