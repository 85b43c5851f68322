namespace ImagingClient.Providers.RelayGpu;

/// <summary>
/// The parameters of the Stable Diffusion route (<see cref="RelayGpuModels.Automatic1111"/>,
/// <c>POST /v2/automatic1111/sdapi/v1/txt2img</c>), as RelayGPU's original image page documents it; the route is not
/// in RelayGPU's current public specification. Set as <see cref="ImageRequest.ProviderOptions"/>; a record of another
/// family is refused before anything is sent. Properties left <see langword="null"/> are not sent, so RelayGPU's
/// defaults apply.
/// </summary>
/// <remarks>
/// Unified fields set these parameters too: <see cref="ImageRequest.NegativePrompt"/> sets <c>negative_prompt</c>;
/// <see cref="ImageRequest.Width"/> and <see cref="ImageRequest.Height"/> set <c>width</c> and <c>height</c> (default
/// 512). The route takes neither <see cref="RelayGpuImageOptions.Mode"/> nor <see cref="RelayGpuImageOptions.StoreOutput"/>,
/// and runs synchronously only. It answers base64 images.
/// </remarks>
public sealed record RelayGpuAutomatic1111Options : RelayGpuImageOptions
{
    internal override string? Family => RelayGpuCatalog.Automatic1111Family;

    /// <summary>
    /// The checkpoint (<c>model</c>: a file name such as <c>Realistic_Vision_V5.1.safetensors</c>, the default,
    /// <c>illustriousRealismBy_v10VAE.safetensors</c> or <c>stable-diffusion-v1-5-pruned.safetensors</c>). A model id
    /// that names a checkpoint (<see cref="RelayGpuModels.Automatic1111Checkpoint"/>) sends that one, and this may then
    /// only repeat it.
    /// </summary>
    public string? Checkpoint { get; init; }

    /// <summary>Denoising steps (<c>steps</c>: at least 1; default 20).</summary>
    public int? Steps { get; init; }

    /// <summary>How closely the image follows the prompt (<c>cfg_scale</c>; default 7).</summary>
    public double? CfgScale { get; init; }

    internal override void AddFields(Models.OptionFields fields)
    {
        base.AddFields(fields);
        fields
            .Add(nameof(Checkpoint), "model", Checkpoint)
            .Add(nameof(Steps), "steps", Steps)
            .Add(nameof(CfgScale), "cfg_scale", CfgScale);
    }
}
