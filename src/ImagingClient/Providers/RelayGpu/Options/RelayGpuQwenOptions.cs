namespace ImagingClient.Providers.RelayGpu;

/// <summary>
/// The parameters of the Qwen models (<see cref="RelayGpuModels.QwenImage"/> on <c>POST /v2/image/qwen/generate</c>,
/// <see cref="RelayGpuModels.QwenImageEdit"/> on <c>POST /v2/image/qwen/edit</c>), with those every route takes. Set
/// as <see cref="ImageRequest.ProviderOptions"/>; a record of another family is refused before anything is sent.
/// Properties left <see langword="null"/> are not sent, so RelayGPU's defaults apply.
/// </summary>
/// <remarks>
/// Unified fields set these parameters too (a unified field and a property may both be set only to the same value):
/// <see cref="ImageRequest.Width"/> and <see cref="ImageRequest.Height"/> together set <c>size</c> as <c>"WxH"</c>;
/// <see cref="ImageRequest.Seed"/> sets <c>seed</c>; the edit's <see cref="ImageEditRequest.Image"/> is <c>image</c>
/// (a URL, or a local image sent as base64). Both routes answer URLs.
/// </remarks>
public sealed record RelayGpuQwenOptions : RelayGpuImageOptions
{
    internal override string? Family => RelayGpuCatalog.QwenFamily;

    /// <summary>The output size (<c>size</c>: <c>"WxH"</c>, such as <c>1024x768</c>; default <c>1024x1024</c>). Also set by <see cref="ImageRequest.Width"/> and <see cref="ImageRequest.Height"/>.</summary>
    public string? Size { get; init; }

    /// <summary>Seed for reproducible output (<c>seed</c>). Also set by <see cref="ImageRequest.Seed"/>.</summary>
    public long? Seed { get; init; }

    internal override void AddFields(Models.OptionFields fields)
    {
        base.AddFields(fields);
        fields
            .Add(nameof(Size), "size", Size)
            .Add(nameof(Seed), "seed", Seed);
    }
}
