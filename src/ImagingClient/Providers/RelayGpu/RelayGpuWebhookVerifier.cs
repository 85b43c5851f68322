using System.Text.Json;
using ImagingClient.Http;
using ImagingClient.Jobs;
using ImagingClient.Providers.RelayGpu.Wire;
using ImagingClient.Webhooks;

namespace ImagingClient.Providers.RelayGpu;

/// <summary>
/// Verifies and reads RelayGPU's webhooks (Standard Webhooks): <c>webhook-signature</c> holds one or more
/// space-separated <c>v1,&lt;base64&gt;</c> HMAC-SHA256 signatures of <c>"{webhook-id}.{webhook-timestamp}.{raw body}"</c>,
/// keyed with the base64-decoded bytes after <c>whsec_</c>; any one matching (constant-time) is enough, and the
/// timestamp must be within <see cref="RelayGpuWebhookOptions.TimestampTolerance"/> of now. Events: <c>task.completed</c>
/// and <c>task.failed</c>.
/// </summary>
/// <remarks>
/// <para>
/// It is RelayGPU's <see cref="IImageWebhookVerifier"/>: <c>AddRelayGpu</c> registers it as itself, keyed
/// <c>"relaygpu"</c> and among the unkeyed ones. Deliveries are at least once: deduplicate on
/// <see cref="ImageWebhookEvent.EventId"/> (<c>webhook-id</c>, stable across retries). With
/// <see cref="ImageWebhookOptions.ReplayCache"/> set on <see cref="RelayGpuClientOptions.Webhooks"/>, a delivery whose
/// <c>webhook-id</c> was accepted within the timestamp tolerance is refused as <see cref="WebhookFailureReason.Replayed"/>.
/// A body over <see cref="ImageWebhookOptions.MaxBodyBytes"/> (2 MiB; RelayGPU sends at most 1 MiB) is refused before
/// its signature is computed.
/// </para>
/// <para>
/// The <c>StandardWebhooks</c> package (MIT) was considered: it verifies a string (not the raw bytes) against the wall
/// clock with a fixed tolerance and no <see cref="TimeProvider"/>, so the library's own constant-time helper is used.
/// </para>
/// </remarks>
public sealed class RelayGpuWebhookVerifier : ImageWebhookVerifier<RelayGpuWebhookEvent>
{
    private const string NeedsSecret = "RelayGPU webhooks: set Webhooks.Secret (the account's whsec_… secret) in the RelayGPU options.";

    private readonly byte[][] _keys;
    private readonly TimeSpan _tolerance;
    private readonly RelayGpuWebhookOptions _limits;
    private readonly TimeProvider _timeProvider;
    private readonly ImageDownloader _downloader;

    /// <summary>Creates a verifier.</summary>
    /// <param name="options">The secret (and, during a rotation, the previous one) and the timestamp tolerance.</param>
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
    /// <exception cref="ArgumentException">No usable secret is set.</exception>
    public RelayGpuWebhookVerifier(RelayGpuWebhookOptions options, TimeProvider? timeProvider = null, HttpClient? downloadClient = null, ImagingClientOptions? downloadOptions = null)
        : this(options, timeProvider ?? TimeProvider.System, ImageDownloader.Standalone(downloadClient, timeProvider ?? TimeProvider.System, downloadOptions), refuseAllWhenUnconfigured: false)
    {
    }

    internal RelayGpuWebhookVerifier(RelayGpuWebhookOptions options, TimeProvider timeProvider, ImageDownloader downloader, bool refuseAllWhenUnconfigured)
    {
        ArgumentNullException.ThrowIfNull(options);
        Telemetry = downloader.Telemetry;
        var problems = options.Validate("RelayGPU webhooks").ToList();
        if (string.IsNullOrEmpty(options.Secret) && !refuseAllWhenUnconfigured)
        {
            problems.Add(NeedsSecret);
        }

        if (problems.Count > 0)
        {
            throw new ArgumentException(string.Join(" ", problems), nameof(options));
        }

        _keys = [.. new[] { options.Secret, options.PreviousSecret }
            .Select(secret => StandardWebhooksSignature.TryDecodeSecret(secret, out var key) ? key : null)
            .OfType<byte[]>()];
        _tolerance = options.TimestampTolerance;
        _limits = options;
        _timeProvider = timeProvider;
        _downloader = downloader;
    }

    /// <summary>The provider whose deliveries this verifies: <c>"relaygpu"</c>.</summary>
    public override string Provider => RelayGpuModels.ProviderName;

    /// <summary>Computes the <c>webhook-signature</c> entry RelayGPU sends (<c>v1,&lt;base64&gt;</c>), to test a webhook endpoint.</summary>
    /// <param name="secret">The <c>whsec_…</c> secret.</param>
    /// <param name="webhookId">The <c>webhook-id</c>.</param>
    /// <param name="timestamp">The <c>webhook-timestamp</c>, as sent.</param>
    /// <param name="body">The raw body.</param>
    /// <returns>The signature entry.</returns>
    /// <exception cref="ArgumentException">The secret is not a Standard Webhooks secret.</exception>
    public static string ComputeSignature(string secret, string webhookId, string timestamp, ReadOnlySpan<byte> body) =>
        StandardWebhooksSignature.TryDecodeSecret(secret, out var key)
            ? StandardWebhooksSignature.Compute(key, webhookId, timestamp, body)
            : throw new ArgumentException("The secret is not a Standard Webhooks secret (\"whsec_\" and base64).", nameof(secret));

    /// <summary>Verifies a delivery and reads it.</summary>
    /// <param name="getHeader">Reads a request header by name (for ASP.NET Core: <c>name =&gt; request.Headers[name]</c>).</param>
    /// <param name="body">The request body, exactly as received.</param>
    /// <returns>The event.</returns>
    /// <exception cref="WebhookVerificationException">The delivery is not authentic, is stale, or cannot be read.</exception>
    private protected override RelayGpuWebhookEvent VerifyCore(Func<string, string?> getHeader, ReadOnlySpan<byte> body)
    {
        ArgumentNullException.ThrowIfNull(getHeader);
        if (_keys.Length == 0)
        {
            throw Refused("No RelayGPU webhook can be accepted: " + NeedsSecret, WebhookFailureReason.NotConfigured);
        }

        ThrowIfFailed(CheckBodySize(body, _limits));

        var id = getHeader(StandardWebhooksSignature.IdHeader);
        var timestamp = getHeader(StandardWebhooksSignature.TimestampHeader);
        var signatures = getHeader(StandardWebhooksSignature.SignatureHeader);
        var check = default(WebhookCheck);
        var sentAt = default(DateTimeOffset);
        foreach (var key in _keys)
        {
            check = StandardWebhooksSignature.Verify(key, id, timestamp, signatures, body, _timeProvider, out sentAt, _tolerance);
            if (check.Succeeded || check.Reason != WebhookFailureReason.SignatureMismatch)
            {
                break;
            }
        }

        if (!check.Succeeded)
        {
            throw Refused(check.Message!, check.Reason);
        }

        RelayGpuTaskStatus? task;
        try
        {
            task = JsonSerializer.Deserialize(body, RelayGpuJsonContext.Default.RelayGpuTaskStatus);
        }
        catch (JsonException ex)
        {
            throw Refused("The delivery's body is not RelayGPU's task JSON.", WebhookFailureReason.UnreadableBody, ex);
        }

        if (task?.TaskId is not { Length: > 0 } taskId)
        {
            throw Refused("The delivery's body has no task_id.", WebhookFailureReason.UnreadableBody);
        }

        var kind = task.Event switch
        {
            "task.completed" => ImageWebhookEventKind.Completed,
            "task.failed" => ImageWebhookEventKind.Failed,
            _ => throw Refused($"The delivery's event '{task.Event}' is neither task.completed nor task.failed.", WebhookFailureReason.UnreadableBody),
        };
        var delivery = new RelayGpuWebhookEvent(taskId, kind, task, id!, sentAt, this);
        ThrowIfFailed(CheckReplay(_limits, delivery, ToleranceEnds(sentAt, _tolerance), _timeProvider.GetUtcNow()));
        return delivery;
    }

    internal JobSnapshot ToSnapshot(RelayGpuWebhookEvent delivery, ImageJobToken? token)
    {
        if (delivery.ResultOmitted)
        {
            throw new InvalidOperationException(
                $"RelayGPU left task {delivery.JobId}'s result out of the delivery (it was over 1 MiB): fetch it with client.GetRequiredService<IRelayGpuApi>().GetTaskAsync(\"{delivery.JobId}\") "
                + "(or ResumeJobAsync with the job's token) within the hour RelayGPU keeps it.");
        }

        var job = new ImageJob(delivery.JobId, RelayGpuModels.ProviderName, token?.Model ?? delivery.Model ?? "unknown", token, new JobSnapshot(ImageJobStatus.Running, null, null), source: null, _timeProvider, new ImagingPollingOptions());
        return RelayGpuTaskReader.ToSnapshot(job, delivery.Task, _timeProvider.GetUtcNow(), _downloader, requestId: null);
    }

    private static RelayGpuWebhookException Refused(string message, WebhookFailureReason reason, Exception? inner = null) =>
        new(message, inner) { Reason = reason };

    private static void ThrowIfFailed(WebhookCheck check)
    {
        if (!check.Succeeded)
        {
            throw Refused(check.Message!, check.Reason);
        }
    }
}

/// <summary>
/// A verified RelayGPU webhook: the shared <see cref="ImageWebhookEvent"/> (<see cref="ImageWebhookEvent.EventType"/>
/// <c>task.completed</c> or <c>task.failed</c>; <see cref="ImageWebhookEvent.EventId"/> the <c>webhook-id</c>) plus what
/// RelayGPU sends.
/// </summary>
public sealed class RelayGpuWebhookEvent : ImageWebhookEvent
{
    private readonly RelayGpuWebhookVerifier _verifier;

    internal RelayGpuWebhookEvent(string taskId, ImageWebhookEventKind kind, RelayGpuTaskStatus task, string webhookId, DateTimeOffset sentAt, RelayGpuWebhookVerifier verifier)
        : base(
            RelayGpuModels.ProviderName,
            taskId,
            kind,
            kind == ImageWebhookEventKind.Completed ? ImageJobStatus.Succeeded : ImageJobStatus.Failed,
            task.Event,
            webhookId,
            task.Status,
            kind == ImageWebhookEventKind.Completed ? 1.0 : null,
            isSigned: true,
            sentAt)
    {
        Task = task;
        _verifier = verifier;
    }

    /// <summary>The task (the same as <see cref="ImageWebhookEvent.JobId"/>).</summary>
    public string TaskId => JobId;

    /// <summary>The model, as the delivery names it.</summary>
    public string? Model => Task.Model;

    /// <summary>
    /// Whether RelayGPU left the result out (the delivery would have exceeded 1 MiB): <see cref="ImageWebhookEvent.GetResult"/>
    /// then says so; fetch the result with <see cref="FetchResultAsync"/>.
    /// </summary>
    public bool ResultOmitted => Task.ResultOmitted == true;

    /// <summary>Why the task failed (failed deliveries).</summary>
    public string? Error => Task.Error;

    /// <summary>RelayGPU's error code (failed deliveries).</summary>
    public string? ErrorCode => Task.ErrorCode;

    internal RelayGpuTaskStatus Task { get; }

    /// <summary>The <c>webhook-id</c>, the same on every retry of one event.</summary>
    internal override string ReplayKey => EventId!;

    /// <summary>Fetches the task's result from RelayGPU (for a delivery whose result was omitted, or to confirm it).</summary>
    /// <param name="api">RelayGPU's API, from <c>client.GetRequiredService&lt;IRelayGpuApi&gt;()</c>.</param>
    /// <param name="cancellationToken">Stops waiting.</param>
    /// <returns>The images, as polling returns them.</returns>
    /// <exception cref="ImagingApiException">The task failed, or RelayGPU no longer has it.</exception>
    public async Task<ImageResult> FetchResultAsync(IRelayGpuApi api, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(api);
        var job = await api.GetTaskAsync(TaskId, cancellationToken).ConfigureAwait(false);
        return await job.WaitForCompletionAsync(progress: null, cancellationToken).ConfigureAwait(false);
    }

    private protected override JobSnapshot ReadOutcome(ImageJobToken? token) => _verifier.ToSnapshot(this, token);
}

/// <summary>A RelayGPU webhook was refused. <see cref="WebhookVerificationException.Reason"/> says which check failed.</summary>
public sealed class RelayGpuWebhookException : WebhookVerificationException
{
    /// <summary>Creates the exception.</summary>
    public RelayGpuWebhookException()
        : this("The RelayGPU webhook was refused.")
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">Why.</param>
    public RelayGpuWebhookException(string message)
        : this(message, innerException: null)
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">Why.</param>
    /// <param name="innerException">The cause.</param>
    public RelayGpuWebhookException(string message, Exception? innerException)
        : base(message, innerException)
    {
        Provider = RelayGpuModels.ProviderName;
    }
}
