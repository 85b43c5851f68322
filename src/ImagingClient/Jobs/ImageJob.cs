using ImagingClient.Diagnostics;
using ImagingClient.Jobs;
using Microsoft.Extensions.Logging;

namespace ImagingClient;

/// <summary>
/// Work a provider has accepted: its id, its status and, once it has succeeded, its images.
/// </summary>
/// <remarks>
/// <para>
/// A synchronous provider answers with finished images, so its job is complete as soon as it is
/// returned. An asynchronous provider's job is checked with <see cref="UpdateStatusAsync"/>, or polled until it
/// finishes with <see cref="WaitForCompletionAsync(IProgress{ImageJobProgress}?, CancellationToken)"/>.
/// </para>
/// <para>
/// Waiting never cancels the job at the provider: cancelling the wait, or reaching its time limit, only stops waiting,
/// and the exception carries <see cref="Id"/> and <see cref="ResumeToken"/> so that the paid work is not lost. Save
/// <see cref="ResumeToken"/> to re-attach from another process with <see cref="IImageClient.ResumeJobAsync"/>.
/// </para>
/// <para>Members are safe to call from several threads; a job does not hold a thread while it waits.</para>
/// </remarks>
public sealed class ImageJob
{
    private readonly IImageJobSource? _source;
    private readonly Lock _gate = new();
    private volatile JobSnapshot _snapshot;
    private DateTimeOffset _lastUpdated;

    /// <summary>A job that finished in the response that created it, stamped on the client's clock.</summary>
    internal static ImageJob Completed(string id, ImageResult result, string providerStatus, TimeProvider timeProvider) =>
        new(id, result.Provider, result.Model, resumeToken: null, new JobSnapshot(ImageJobStatus.Succeeded, providerStatus, 1.0, result), source: null, timeProvider, new ImagingPollingOptions());

    /// <summary>A job to be checked through <paramref name="source"/>.</summary>
    internal ImageJob(
        string id,
        string provider,
        string model,
        ImageJobToken? resumeToken,
        JobSnapshot initial,
        IImageJobSource? source,
        TimeProvider timeProvider,
        ImagingPollingOptions polling,
        IReadOnlyList<string>? submissionWarnings = null,
        ImagingTelemetry? telemetry = null)
    {
        Id = id;
        Provider = provider;
        Model = model;
        ResumeToken = resumeToken;
        _snapshot = initial;
        _source = source;
        TimeProvider = timeProvider;
        Polling = polling;
        _lastUpdated = timeProvider.GetUtcNow();
        SubmissionWarnings = submissionWarnings ?? [];
        Telemetry = telemetry ?? ImagingTelemetry.Shared;
    }

    /// <summary>
    /// The job's id: the provider's job or task id, or for a synchronous provider its request id (or, where it sent
    /// none, an id made by this library, prefixed <c>local_</c>).
    /// </summary>
    public string Id { get; }

    /// <summary>The provider running the job.</summary>
    public string Provider { get; }

    /// <summary>The model running the job, as the provider names it.</summary>
    public string Model { get; }

    /// <summary>
    /// The token to re-attach to this job from another process with <see cref="IImageClient.ResumeJobAsync"/>, or
    /// <see langword="null"/> for a job that finished in the response that created it (there is nothing to resume).
    /// </summary>
    public ImageJobToken? ResumeToken { get; }

    /// <summary>The job's status as of the last check.</summary>
    public ImageJobStatus Status => _snapshot.Status;

    /// <summary>The status exactly as the provider reported it at the last check.</summary>
    public string? ProviderStatus => _snapshot.ProviderStatus;

    /// <summary>Progress from 0 to 1 as of the last check, when the provider reports one.</summary>
    public double? Progress => _snapshot.Progress;

    /// <summary>When the status was last checked (on the client's clock).</summary>
    public DateTimeOffset LastUpdated
    {
        get
        {
            lock (_gate)
            {
                return _lastUpdated;
            }
        }
    }

    /// <summary>Whether the job has finished (succeeded, failed or been cancelled).</summary>
    public bool IsCompleted => Status is ImageJobStatus.Succeeded or ImageJobStatus.Failed or ImageJobStatus.Cancelled;

    /// <summary>The images, once the job has succeeded; otherwise <see langword="null"/>.</summary>
    public ImageResult? Result => _snapshot.Result;

    /// <summary>Why the job failed, once it has failed or been cancelled; otherwise <see langword="null"/>.</summary>
    public ImagingApiException? Failure => _snapshot.Failure;

    internal TimeProvider TimeProvider { get; }

    internal ImagingPollingOptions Polling { get; }

    /// <summary>Where the job's status checks are traced, measured and logged.</summary>
    internal ImagingTelemetry Telemetry { get; }

    internal TimeSpan? RetryAfter => _snapshot.RetryAfter;

    /// <summary>The longest one status check can take on its own; zero for a job with nothing to check.</summary>
    internal TimeSpan CheckTimeout => _source?.CheckTimeout ?? TimeSpan.Zero;

    /// <summary>What was noticed when the job was submitted, for the result's warnings.</summary>
    internal IReadOnlyList<string> SubmissionWarnings { get; }

    /// <summary>Asks the provider for the job's current status, unless the job has already finished.</summary>
    /// <param name="cancellationToken">Cancels the check (not the job).</param>
    /// <returns>The status.</returns>
    /// <exception cref="ImagingApiException">The check failed; <see cref="ImagingApiException.JobId"/> and
    /// <see cref="ImagingApiException.ResumeToken"/> identify the job, which is not lost.</exception>
    public async ValueTask<ImageJobStatus> UpdateStatusAsync(CancellationToken cancellationToken = default)
    {
        if (IsCompleted || _source is null)
        {
            return Status;
        }

        var telemetry = Telemetry;
        var scope = telemetry.Start(ImagingTelemetry.Operations.Poll, Provider, Model, server: null, Id);
        JobSnapshot checkedNow;
        try
        {
            checkedNow = await _source.CheckAsync(this, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            telemetry.Failed(scope, ex, Id);
            throw;
        }

        ImageJobStatus previous;
        lock (_gate)
        {
            previous = Status;

            // Checks may overlap; a finished job never goes back to running because an older check answered late.
            if (!IsCompleted)
            {
                _snapshot = checkedNow;
            }

            _lastUpdated = TimeProvider.GetUtcNow();
        }

        var status = Status;
        telemetry.Succeeded(scope, jobId: Id, jobStatus: ImageJobStatusNames.Of(status));
        if (status != previous && telemetry.Logger.IsEnabled(LogLevel.Information))
        {
            var now = ImageJobStatusNames.Of(status);
            var before = ImageJobStatusNames.Of(previous);
            ImagingLog.JobStatusChanged(telemetry.Logger, Provider, Id, now, before, ProviderStatus);
        }

        return status;
    }

    /// <summary>
    /// Waits until the job finishes and returns its images, polling with the provider's settings and for at most its
    /// <see cref="ImagingPollingOptions.Timeout"/> (10 minutes by default).
    /// </summary>
    /// <param name="progress">Receives each status change while waiting.</param>
    /// <param name="cancellationToken">Stops waiting; the job itself goes on at the provider.</param>
    /// <returns>The images.</returns>
    /// <exception cref="ImagingApiException">The job failed (<see cref="ImagingApiException.JobId"/> set), or was still
    /// running when the time ran out (<see cref="ImagingErrorCode.Timeout"/>, with <see cref="ImagingApiException.ResumeToken"/>).</exception>
    /// <exception cref="ImageJobWaitCanceledException">The caller cancelled the wait; the job goes on.</exception>
    public Task<ImageResult> WaitForCompletionAsync(IProgress<ImageJobProgress>? progress = null, CancellationToken cancellationToken = default) =>
        WaitForCompletionAsync(Polling.Timeout, progress, cancellationToken);

    /// <summary>Waits until the job finishes and returns its images, for at most <paramref name="timeout"/>.</summary>
    /// <param name="timeout">The longest to wait, or <see cref="Timeout.InfiniteTimeSpan"/>.</param>
    /// <param name="progress">Receives each status change while waiting.</param>
    /// <param name="cancellationToken">Stops waiting; the job itself goes on at the provider.</param>
    /// <returns>The images.</returns>
    /// <exception cref="ImagingApiException">The job failed, or was still running when the time ran out.</exception>
    /// <exception cref="ImageJobWaitCanceledException">The caller cancelled the wait; the job goes on.</exception>
    public Task<ImageResult> WaitForCompletionAsync(TimeSpan timeout, IProgress<ImageJobProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ValidateTimeout(timeout, nameof(timeout));
        return JobPoller.WaitAsync(this, timeout, progress, cancellationToken);
    }

    /// <summary>Describes the job.</summary>
    /// <returns>Provider, id and status.</returns>
    public override string ToString() => $"{Provider} job {Id}: {Status}{(ProviderStatus is null ? string.Empty : $" ({ProviderStatus})")}";

    internal ImageJobProgress Snapshot() => new(Id, Status, ProviderStatus, Progress);

    /// <summary>A wait's timeout must be positive (or infinite); very long ones are taken as infinite.</summary>
    internal static void ValidateTimeout(TimeSpan timeout, string parameterName)
    {
        if (timeout <= TimeSpan.Zero && timeout != Timeout.InfiniteTimeSpan)
        {
            throw new ArgumentOutOfRangeException(parameterName, timeout, "A wait's timeout must be positive, or Timeout.InfiniteTimeSpan.");
        }
    }

    /// <summary>The images of a succeeded job, or the failure of a failed one, thrown.</summary>
    internal ImageResult ResultOrThrow() => Status switch
    {
        ImageJobStatus.Succeeded when Result is not null => Result,
        _ => throw Failure?.Copy() ?? new ImagingApiException($"{Provider} job {Id} ended as {Status} without saying why.")
        {
            Provider = Provider,
            ErrorCode = ImagingErrorCode.GenerationFailed,
            JobId = Id,
            ResumeToken = ResumeToken,
        },
    };
}
