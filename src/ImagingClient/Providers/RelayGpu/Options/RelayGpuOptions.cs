namespace ImagingClient.Providers.RelayGpu;

/// <summary>
/// The RelayGPU options every image route takes (<see cref="RelayGpuImageOptions.Mode"/>,
/// <see cref="RelayGpuImageOptions.StoreOutput"/>, <see cref="RelayGpuImageOptions.RunAsynchronously"/>), for any
/// RelayGPU model. Set as <see cref="ImageRequest.ProviderOptions"/>. A model's own parameters are set with the record
/// of its family instead (<see cref="RelayGpuFluxOptions"/>, …), which takes these too.
/// </summary>
/// <example>
/// <code>
/// new ImageGenerationRequest
/// {
///     Prompt = "A lighthouse at dawn, watercolor",
///     Model = RelayGpuModels.QwenImage,
///     ProviderOptions = new RelayGpuOptions { StoreOutput = "relay7d", RunAsynchronously = true },
/// };
/// </code>
/// </example>
public sealed record RelayGpuOptions : RelayGpuImageOptions;
