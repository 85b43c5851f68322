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
public sealed record RelayGpuOptions : RelayGpuImageOptions
{
    /// <summary>
    /// Fields of a model only RelayGPU's live catalog knows (see <see cref="RelayGpuClientOptions.ResolveUnknownModels"/>),
    /// by wire name, such as <c>["steps"] = 30</c>; checked against the model's request schema before anything is sent.
    /// A catalogued model's fields are set with its family's record instead.
    /// </summary>
    public IReadOnlyDictionary<string, object>? Fields { get; init; }

    internal override void AddFields(Models.OptionFields fields)
    {
        base.AddFields(fields);
        foreach (var (name, value) in Fields ?? new Dictionary<string, object>())
        {
            fields.Add($"Fields[\"{name}\"]", name, value);
        }
    }
}
