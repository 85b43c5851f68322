namespace ImagingClient;

/// <summary>
/// The caller stopped waiting for a job. The job itself was not cancelled at the provider and may still finish (and be
/// charged): resume it with <see cref="ResumeToken"/>.
/// </summary>
public sealed class ImageJobWaitCanceledException : OperationCanceledException
{
    /// <summary>Creates the exception.</summary>
    public ImageJobWaitCanceledException()
        : this("Stopped waiting for an image job; the job itself goes on at the provider.")
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">What happened.</param>
    public ImageJobWaitCanceledException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">What happened.</param>
    /// <param name="innerException">The cancellation.</param>
    public ImageJobWaitCanceledException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    internal ImageJobWaitCanceledException(ImageJob job, OperationCanceledException inner, CancellationToken callerToken)
        : base(
            $"Stopped waiting for {job.Provider} job {job.Id} (last seen {job.Status}). The job was not cancelled at {job.Provider} and may still finish"
            + (job.ResumeToken is { } token ? $"; resume it with the token {token}." : "."),
            inner,
            callerToken)
    {
        JobId = job.Id;
        ResumeToken = job.ResumeToken;
    }

    /// <summary>The job's id.</summary>
    public string? JobId { get; }

    /// <summary>The token to resume the job with.</summary>
    public ImageJobToken? ResumeToken { get; }
}
