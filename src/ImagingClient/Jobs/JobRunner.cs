using ImagingClient.Diagnostics;

namespace ImagingClient.Jobs;

/// <summary>What a submission produced: a job accepted with a ticket to poll, or one finished at once.</summary>
internal sealed record JobSubmission
{
    private JobSubmission(ImageJobToken token, JobSnapshot initial, IReadOnlyList<string> warnings)
    {
        Token = token;
        Initial = initial;
        Warnings = warnings;
    }

    /// <summary>The job's token (for a job finished at once, it still names the job).</summary>
    public ImageJobToken Token { get; }

    /// <summary>What the submission's answer said of the job.</summary>
    public JobSnapshot Initial { get; }

    /// <summary>What was noticed when the request was checked, for the result's warnings.</summary>
    public IReadOnlyList<string> Warnings { get; }

    /// <summary>The provider accepted the job and gave a ticket (<paramref name="token"/>) to follow it with.</summary>
    public static JobSubmission Accepted(ImageJobToken token, string? providerStatus, IReadOnlyList<string> warnings) =>
        new(token, new JobSnapshot(ImageJobStatus.Queued, providerStatus, null), warnings);

    /// <summary>The provider answered with the finished images straight away.</summary>
    public static JobSubmission Completed(ImageJobToken token, ImageResult result, string? providerStatus) =>
        new(token, new JobSnapshot(ImageJobStatus.Succeeded, providerStatus, 1.0, result), result.Warnings);
}

/// <summary>
/// The job skeleton every asynchronous provider uses: submit, then either a job finished at once or one accepted with a
/// ticket; wait for it with the provider's polling settings (or the request's <see cref="ImageRequest.WaitTimeout"/>);
/// resume it from a token; time-outs and cancellation as <see cref="JobPoller"/> handles them. The provider supplies
/// only the submission and the status check (<see cref="IImageJobSource"/>).
/// </summary>
internal sealed class JobRunner(
    string provider,
    string displayName,
    IImageJobSource source,
    TimeProvider timeProvider,
    Func<ImagingPollingOptions> polling,
    ImagingTelemetry? telemetry = null)
{
    private readonly ImagingTelemetry _telemetry = telemetry ?? ImagingTelemetry.Shared;

    /// <summary>
    /// Submits (the <c>submit</c> operation of <see cref="ImagingTelemetry"/>) and returns the job as soon as the
    /// provider has accepted it.
    /// </summary>
    /// <param name="submit">Sends the submission; called here, inside the operation.</param>
    /// <param name="model">The model submitted to, for telemetry.</param>
    /// <param name="endpoint">The provider's endpoint, for telemetry (host and port only).</param>
    public async Task<ImageJob> StartAsync(Func<Task<JobSubmission>> submit, string model, Uri? endpoint)
    {
        var scope = _telemetry.Start(ImagingTelemetry.Operations.Submit, provider, model, endpoint);
        JobSubmission submission;
        try
        {
            submission = await submit().ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            _telemetry.Failed(scope, ex);
            throw;
        }

        _telemetry.Succeeded(scope, submission.Initial.Result, submission.Token.JobId, ImageJobStatusNames.Of(submission.Initial.Status));
        return NewJob(submission.Token, submission.Initial, submission.Warnings);
    }

    /// <summary>
    /// Submits and waits for the images. The wait's timeout is checked before anything is sent (this method throws
    /// synchronously for a bad one), so a bad one never costs a submitted job.
    /// </summary>
    public Task<ImageResult> RunAsync(ImageRequest request, Func<ImageRequest, Task<ImageJob>> start, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.WaitTimeout is { } timeout)
        {
            ImageJob.ValidateTimeout(timeout, nameof(ImageRequest.WaitTimeout));
        }

        return WaitAsync(start(request), request.WaitTimeout ?? (polling() ?? new ImagingPollingOptions()).Timeout, cancellationToken);
    }

    /// <summary>Re-attaches to a job from its token and checks its status once.</summary>
    public async Task<ImageJob> ResumeAsync(ImageJobToken token, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(token);
        if (!string.Equals(token.Provider, provider, StringComparison.OrdinalIgnoreCase))
        {
            throw new ArgumentException($"The job token is for provider '{token.Provider}', not {displayName}.", nameof(token));
        }

        var job = NewJob(token, new JobSnapshot(ImageJobStatus.Queued, "RESUMED", null), []);
        await job.UpdateStatusAsync(cancellationToken).ConfigureAwait(false);
        return job;
    }

    /// <summary>A job of this provider, polled through its source.</summary>
    public ImageJob NewJob(ImageJobToken token, JobSnapshot initial, IReadOnlyList<string> warnings) =>
        new(token.JobId, provider, token.Model, token, initial, source, timeProvider, polling() ?? new ImagingPollingOptions(), warnings, _telemetry);

    private static async Task<ImageResult> WaitAsync(Task<ImageJob> start, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var job = await start.ConfigureAwait(false);
        return await job.WaitForCompletionAsync(timeout, progress: null, cancellationToken).ConfigureAwait(false);
    }
}
