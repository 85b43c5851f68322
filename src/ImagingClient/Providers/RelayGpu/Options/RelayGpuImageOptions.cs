namespace ImagingClient.Providers.RelayGpu;

/// <summary>
/// Base of RelayGPU's option records: what every RelayGPU image route takes beyond the unified fields, and how the
/// client runs the call. Use <see cref="RelayGpuOptions"/> for these alone, or the record of the model's family
/// (<see cref="RelayGpuFluxOptions"/>, <see cref="RelayGpuQwenOptions"/>, …) for its parameters too.
/// </summary>
/// <remarks>Properties left <see langword="null"/> are not sent, so RelayGPU's defaults apply.</remarks>
public abstract record RelayGpuImageOptions : ImageProviderOptions
{
    private protected RelayGpuImageOptions()
    {
    }

    /// <inheritdoc />
    public sealed override string Provider => RelayGpuModels.ProviderName;

    /// <summary>
    /// How RelayGPU routes the call (<c>mode</c>): <c>auto</c> (RelayGPU's default) or <c>direct</c>. Webhooks need
    /// <c>direct</c>. Not taken by the Stable Diffusion route.
    /// </summary>
    public string? Mode { get; init; }

    /// <summary>
    /// How long RelayGPU hosts the result's URLs and task record (<c>store_output</c>): <c>provider</c> (the default,
    /// one hour), <c>relay1d</c>, <c>relay7d</c> or <c>relay30d</c> (one, seven or 30 days, for a per-file fee; not
    /// for guests). Only the routes that answer URLs take it (<see cref="RelayGpuModels.QwenImage"/>,
    /// <see cref="RelayGpuModels.QwenImageEdit"/>, <see cref="RelayGpuModels.Seedream50Pro"/>,
    /// <see cref="RelayGpuModels.Wan27ImagePro"/>); on a base64 route it is an error before anything is sent.
    /// </summary>
    public string? StoreOutput { get; init; }

    /// <summary>
    /// Whether <see cref="IImageClient.GenerateAsync"/> and <see cref="IImageClient.EditAsync"/> submit the call as a
    /// RelayGPU task (<c>"async": true</c>) and wait for it, instead of calling the route synchronously;
    /// <see langword="null"/> for the client's setting (synchronous by default). Not a field of the request: the client
    /// sets <c>async</c> itself. Starting a job (<c>StartGenerateAsync</c>, <c>StartEditAsync</c>) is always asynchronous.
    /// </summary>
    public bool? RunAsynchronously { get; init; }

    internal override void AddFields(Models.OptionFields fields) => fields
        .Add(nameof(Mode), "mode", Mode)
        .Add(nameof(StoreOutput), "store_output", StoreOutput);
}
