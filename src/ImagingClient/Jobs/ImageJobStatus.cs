namespace ImagingClient;

/// <summary>Where an <see cref="ImageJob"/> is in its life.</summary>
public enum ImageJobStatus
{
    /// <summary>Accepted and waiting to start.</summary>
    Queued,

    /// <summary>Being generated.</summary>
    Running,

    /// <summary>Finished with images.</summary>
    Succeeded,

    /// <summary>Finished without images.</summary>
    Failed,

    /// <summary>Cancelled by the provider or the account owner.</summary>
    Cancelled,
}

/// <summary>A snapshot of a job's state, reported while waiting for it.</summary>
/// <param name="JobId">The job's id.</param>
/// <param name="Status">Its status.</param>
/// <param name="ProviderStatus">The status exactly as the provider reported it.</param>
/// <param name="Progress">Its progress from 0 to 1, when the provider reports one.</param>
public readonly record struct ImageJobProgress(string JobId, ImageJobStatus Status, string? ProviderStatus, double? Progress);

/// <summary>Job statuses as telemetry and logs write them.</summary>
internal static class ImageJobStatusNames
{
    /// <summary><c>queued</c>, <c>running</c>, <c>succeeded</c>, <c>failed</c> or <c>cancelled</c>.</summary>
    public static string Of(ImageJobStatus status) => status switch
    {
        ImageJobStatus.Queued => "queued",
        ImageJobStatus.Running => "running",
        ImageJobStatus.Succeeded => "succeeded",
        ImageJobStatus.Failed => "failed",
        ImageJobStatus.Cancelled => "cancelled",
        _ => "unknown",
    };
}
