namespace ImagingClient.Providers.RelayGpu;

/// <summary>
/// RelayGPU's operations beside generation and editing: its live model catalog and its tasks. Resolve it from
/// dependency injection, or get it from any client that has RelayGPU with <c>client.GetRequiredService&lt;IRelayGpuApi&gt;()</c>.
/// </summary>
public interface IRelayGpuApi
{
    /// <summary>RelayGPU's live model catalog (<c>GET /v2/models</c>, no key needed).</summary>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>Every model RelayGPU lists.</returns>
    /// <exception cref="ImagingApiException">RelayGPU refused or could not be reached.</exception>
    Task<IReadOnlyList<RelayGpuModelInfo>> GetModelsAsync(CancellationToken cancellationToken = default);

    /// <summary>One model of the live catalog (<c>GET /v2/models/{name}</c>): its route, whether it takes the model in the body, its request schema.</summary>
    /// <param name="name">The model's exact name, such as <c>Qwen/qwen-image</c> (a <c>relaygpu:</c> prefix is removed).</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The entry.</returns>
    /// <exception cref="ArgumentException"><paramref name="name"/> is blank.</exception>
    /// <exception cref="ImagingApiException">RelayGPU has no such model (<see cref="ImagingErrorCode.ModelNotFound"/>).</exception>
    Task<RelayGpuModelInfo> GetModelAsync(string name, CancellationToken cancellationToken = default);

    /// <summary>
    /// Gets a task by id (<c>GET /v2/tasks/{task_id}</c>, without the key: the id is the capability), to wait for it or
    /// to fetch a result a webhook omitted.
    /// </summary>
    /// <param name="taskId">The task's id, such as <c>direct:3f2a…</c>.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The task as a job, with its current status (and its result, once completed).</returns>
    /// <exception cref="ArgumentException"><paramref name="taskId"/> is blank.</exception>
    /// <exception cref="ImagingApiException">RelayGPU no longer has the task (<see cref="ImagingErrorCode.ResultExpired"/>: records last 1 hour after the end).</exception>
    Task<ImageJob> GetTaskAsync(string taskId, CancellationToken cancellationToken = default);
}
