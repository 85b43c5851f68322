namespace ImagingClient.Jobs;

/// <summary>What one status check of a job found.</summary>
/// <param name="Status">The normalised status.</param>
/// <param name="ProviderStatus">The status as the provider reported it.</param>
/// <param name="Progress">Progress from 0 to 1, when reported.</param>
/// <param name="Result">The images, once the job has succeeded.</param>
/// <param name="Failure">Why the job failed, once it has failed or been cancelled.</param>
/// <param name="RetryAfter">How long the provider asked to wait before the next check.</param>
internal sealed record JobSnapshot(
    ImageJobStatus Status,
    string? ProviderStatus,
    double? Progress,
    ImageResult? Result = null,
    ImagingApiException? Failure = null,
    TimeSpan? RetryAfter = null);

/// <summary>A provider that can check the status of its jobs (implemented by the asynchronous provider clients).</summary>
internal interface IImageJobSource
{
    /// <summary>The longest one check can take on its own (the provider's call timeout).</summary>
    TimeSpan CheckTimeout { get; }

    /// <summary>Checks the job once. Throws <see cref="ImagingApiException"/> when the check itself fails.</summary>
    Task<JobSnapshot> CheckAsync(ImageJob job, CancellationToken cancellationToken);
}
