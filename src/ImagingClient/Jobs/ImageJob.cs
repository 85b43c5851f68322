namespace ImagingClient;

/// <summary>
/// Work a provider has accepted: its id, its status and, once it has succeeded, its images.
/// </summary>
/// <remarks>
/// A synchronous provider (such as Concurred) answers with finished images, so its job is complete as soon as it is
/// returned. Waiting for a job never cancels it at the provider: cancelling the wait only stops waiting.
/// </remarks>
public sealed class ImageJob
{
    private readonly ImageResult _result;

    internal ImageJob(string id, ImageResult result, string providerStatus)
    {
        Id = id;
        Provider = result.Provider;
        Model = result.Model;
        ProviderStatus = providerStatus;
        _result = result;
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

    /// <summary>The job's status as of the last update.</summary>
    public ImageJobStatus Status { get; } = ImageJobStatus.Succeeded;

    /// <summary>The status exactly as the provider reported it.</summary>
    public string ProviderStatus { get; }

    /// <summary>Progress from 0 to 1 as of the last update, when the provider reports one.</summary>
    public double? Progress { get; } = 1.0;

    /// <summary>Whether the job has finished (succeeded, failed or been cancelled).</summary>
    public bool IsCompleted => Status is ImageJobStatus.Succeeded or ImageJobStatus.Failed or ImageJobStatus.Cancelled;

    /// <summary>Asks the provider for the job's current status, unless the job has already finished.</summary>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The status.</returns>
    public ValueTask<ImageJobStatus> UpdateStatusAsync(CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return ValueTask.FromResult(Status);
    }

    /// <summary>Waits until the job finishes and returns its images.</summary>
    /// <param name="progress">Receives each status update while waiting.</param>
    /// <param name="cancellationToken">Stops waiting; the job itself goes on at the provider.</param>
    /// <returns>The images.</returns>
    public Task<ImageResult> WaitForCompletionAsync(IProgress<ImageJobProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        progress?.Report(new ImageJobProgress(Id, Status, ProviderStatus, Progress));
        return Task.FromResult(_result);
    }

    /// <summary>Describes the job.</summary>
    /// <returns>Provider, id and status.</returns>
    public override string ToString() => $"{Provider} job {Id}: {Status}";
}
