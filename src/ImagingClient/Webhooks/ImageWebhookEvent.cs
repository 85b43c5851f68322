using System.Globalization;
using ImagingClient.Jobs;

namespace ImagingClient.Webhooks;

/// <summary>What a webhook delivery says happened to a job.</summary>
public enum ImageWebhookEventKind
{
    /// <summary>The job is still running and reports its progress; it carries no result yet.</summary>
    Progress,

    /// <summary>The job finished with images.</summary>
    Completed,

    /// <summary>The job finished without images (failed, refused or cancelled).</summary>
    Failed,
}

/// <summary>
/// A verified webhook delivery about a job, the same shape whichever provider sent it: which job, what happened, and
/// — through <see cref="GetResult"/> — exactly what polling the job would have returned or thrown. Each provider's
/// verifier yields a type derived from this one that adds what only that provider sends.
/// </summary>
/// <remarks>
/// <para>
/// Providers deliver at least once: the same event may arrive again. Deduplicate on <see cref="EventId"/> where the
/// scheme has one, otherwise on <see cref="JobId"/> and <see cref="Kind"/>. A verifier given a
/// <see cref="WebhookReplayCache"/> (<see cref="ImageWebhookOptions.ReplayCache"/>) refuses a delivery it accepted
/// before, for as long as a replay could pass its other checks.
/// </para>
/// <para>
/// A signature proves who sent the delivery, not that it is the latest word on the job; before acting on a failure,
/// or fetching a URL from a server inside a private network, a careful app may confirm with
/// <see cref="IImageClient.ResumeJobAsync"/>, which asks the provider directly.
/// </para>
/// </remarks>
/// <example>
/// <code>
/// app.MapPost("/webhooks/{provider}", async (string provider, HttpRequest request, IServiceProvider services) =>
/// {
///     var verifier = services.GetRequiredKeyedService&lt;IImageWebhookVerifier&gt;(provider);
///     var body = (await BinaryData.FromStreamAsync(request.Body)).ToMemory();
///     ImageWebhookEvent webhookEvent = verifier.Verify(name => request.Headers[name], body.Span);
///     if (webhookEvent.EventId is { } id &amp;&amp; !await seen.TryAddAsync(id))
///     {
///         return Results.Ok();   // a retry of a delivery already handled
///     }
///
///     switch (webhookEvent.Kind)
///     {
///         case ImageWebhookEventKind.Progress:
///             await jobs.ReportAsync(webhookEvent.JobId, webhookEvent.Progress);
///             break;
///         default:
///             // The images, or the same ImagingApiException polling would throw (ErrorCode, JobId, ResumeToken).
///             ImageResult result = webhookEvent.GetResult(await jobs.FindTokenAsync(webhookEvent.JobId));
///             break;
///     }
///
///     return Results.Ok();
/// });
/// </code>
/// </example>
public abstract class ImageWebhookEvent
{
    /// <summary>Creates an event; only the library's verifiers derive from this type.</summary>
    private protected ImageWebhookEvent(
        string provider,
        string jobId,
        ImageWebhookEventKind kind,
        ImageJobStatus status,
        string? eventType,
        string? eventId,
        string? providerStatus,
        double? progress,
        bool isSigned,
        DateTimeOffset? sentAt)
    {
        Provider = provider;
        JobId = jobId;
        Kind = kind;
        Status = status;
        EventType = eventType;
        EventId = eventId;
        ProviderStatus = providerStatus;
        Progress = progress;
        IsSigned = isSigned;
        SentAt = sentAt;
    }

    /// <summary>The provider that sent the delivery, as in model ids.</summary>
    public string Provider { get; }

    /// <summary>The job the delivery is about: the provider's job or task id, as <see cref="ImageJob.Id"/> has it.</summary>
    public string JobId { get; }

    /// <summary>What happened: progress, completion or failure.</summary>
    public ImageWebhookEventKind Kind { get; }

    /// <summary>The job's normalised status, as <see cref="ImageJob.Status"/> would read after polling.</summary>
    public ImageJobStatus Status { get; }

    /// <summary>The event's type exactly as the provider named it, or <see langword="null"/> when it names none.</summary>
    public string? EventType { get; }

    /// <summary>
    /// The delivery's id, the same on every retry of one event, for deduplication; <see langword="null"/> where the
    /// provider's scheme has none.
    /// </summary>
    public string? EventId { get; }

    /// <summary>The job's status or result code exactly as the delivery states it, when it states one.</summary>
    public string? ProviderStatus { get; }

    /// <summary>Progress from 0 to 1, when the delivery reports one (1 once the job has completed).</summary>
    public double? Progress { get; }

    /// <summary>Whether the delivery was signed (and the signature checked); <see langword="false"/> only where unsigned deliveries were explicitly allowed.</summary>
    public bool IsSigned { get; }

    /// <summary>When the provider signed or sent the delivery, where its scheme says.</summary>
    public DateTimeOffset? SentAt { get; }

    /// <summary>Whether the job has finished, so that <see cref="GetResult"/> returns its images or throws its failure.</summary>
    public bool IsCompleted => Kind != ImageWebhookEventKind.Progress;

    /// <summary>
    /// The images, exactly as polling the job would return them — or, for a failed job, the same
    /// <see cref="ImagingApiException"/> polling would throw (<see cref="ImagingApiException.ErrorCode"/>,
    /// <see cref="ImagingApiException.ProviderErrorCode"/>, <see cref="ImagingApiException.JobId"/>). A delivery may not
    /// name the model or say when the job was submitted: pass the job's <paramref name="token"/> (saved when it was
    /// started) so that the result names its model and a failure carries its <see cref="ImagingApiException.ResumeToken"/>.
    /// </summary>
    /// <param name="token">The job's resume token, when the caller has it.</param>
    /// <returns>The result.</returns>
    /// <exception cref="ImagingApiException">The job failed: the failure polling would report, with the job id.</exception>
    /// <exception cref="ArgumentException"><paramref name="token"/> is for another job or provider.</exception>
    /// <exception cref="InvalidOperationException">The event reports progress; a job still running has no result yet.</exception>
    public ImageResult GetResult(ImageJobToken? token = null)
    {
        if (token is not null && (!string.Equals(token.Provider, Provider, StringComparison.Ordinal) || !string.Equals(token.JobId, JobId, StringComparison.Ordinal)))
        {
            throw new ArgumentException($"The token is for {token.Provider} job {token.JobId}, not {Provider} job {JobId}.", nameof(token));
        }

        if (!IsCompleted)
        {
            throw new InvalidOperationException($"The webhook reports progress of {Provider} job {JobId}, which is still running and has no result yet; wait for its completed or failed delivery, or poll the job.");
        }

        var snapshot = ReadOutcome(token);
        return snapshot.Result ?? throw snapshot.Failure ?? new ImagingApiException($"{Provider} job {JobId} ended as {snapshot.Status} without saying why.")
        {
            Provider = Provider,
            ErrorCode = ImagingErrorCode.GenerationFailed,
            JobId = JobId,
            ResumeToken = token,
        };
    }

    /// <summary>Describes the event, without anything secret.</summary>
    /// <returns>Provider, job, kind and status.</returns>
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{Provider} webhook for job {JobId}: {Kind} ({Status}{(ProviderStatus is null ? string.Empty : $", {ProviderStatus}")}){(IsSigned ? ", signed" : ", unsigned")}{(EventId is null ? string.Empty : $", event {EventId}")}");

    /// <summary>
    /// What a <see cref="WebhookReplayCache"/> knows this delivery by, within its provider: the delivery id where the
    /// scheme has one, otherwise the job (and the event, where a job sends several).
    /// </summary>
    internal abstract string ReplayKey { get; }

    /// <summary>What polling the job would have found, built the way the provider's own poll reader builds it.</summary>
    /// <param name="token">The job's token, when the caller passed it (already checked to be this job's).</param>
    /// <returns>The finished job's state: its result or its failure.</returns>
    private protected abstract JobSnapshot ReadOutcome(ImageJobToken? token);
}
