namespace ImagingClient.Providers.Apiframe;

/// <summary>
/// The parameters of Apiframe's model <c>flux-lora</c> (<c>fluxLoraParams</c>).
/// Set as <see cref="ImageRequest.ProviderOptions"/>; a record of another family is refused before anything is sent.
/// Properties left <see langword="null"/> are not sent, so Apiframe's defaults apply.
/// </summary>
/// <remarks>
/// Unified fields set these parameters too (a unified field and a property may both be set only to the same value):
/// <see cref="ImageRequest.AspectRatio"/> sets <c>aspect_ratio</c>;
/// <see cref="ImageRequest.Count"/> sets <c>num_outputs</c>;
/// <see cref="ImageRequest.OutputFormat"/> sets <c>output_format</c>;
/// <see cref="ImageRequest.Seed"/> sets <c>seed</c>.
/// </remarks>
public sealed record ApiframeFluxLoraOptions : ApiframeImageOptions
{
    internal override string? Family => "fluxLora";

    /// <summary>The aspect ratio (<c>aspect_ratio</c>: one of <c>1:1</c>, <c>16:9</c>, <c>9:16</c>, <c>4:3</c>, <c>3:4</c>, <c>3:2</c>, <c>2:3</c>). Also set by <see cref="ImageRequest.AspectRatio"/>.</summary>
    public string? AspectRatio { get; init; }

    /// <summary>How closely the image follows the prompt (<c>guidance_scale</c>: from 1 to 10).</summary>
    public double? GuidanceScale { get; init; }

    /// <summary>The LoRA to apply: the id of one of your LoRAs (<c>/v2/loras</c>) (<c>loraId</c>: a UUID). Required.</summary>
    public Guid? LoraId { get; init; }

    /// <summary>How strongly the LoRA is applied (<c>lora_strength</c>: from 0 to 1.5).</summary>
    public double? LoraStrength { get; init; }

    /// <summary>Number of inference steps (<c>num_inference_steps</c>: from 4 to 50).</summary>
    public int? NumInferenceSteps { get; init; }

    /// <summary>How many images to make (<c>num_outputs</c>: from 1 to 4). Also set by <see cref="ImageRequest.Count"/>.</summary>
    public int? NumOutputs { get; init; }

    /// <summary>The encoding of the image (<c>output_format</c>: one of <c>png</c>, <c>jpg</c>, <c>webp</c>; the unified <c>jpeg</c> is sent as <c>jpg</c>). Also set by <see cref="ImageRequest.OutputFormat"/>.</summary>
    public string? OutputFormat { get; init; }

    /// <summary>Seed for reproducible output (<c>seed</c>). Also set by <see cref="ImageRequest.Seed"/>.</summary>
    public long? Seed { get; init; }

    internal override void AddFields(Models.OptionFields fields)
    {
        base.AddFields(fields);
        fields
            .Add(nameof(AspectRatio), "aspect_ratio", AspectRatio)
            .Add(nameof(GuidanceScale), "guidance_scale", GuidanceScale)
            .Add(nameof(LoraId), "loraId", LoraId)
            .Add(nameof(LoraStrength), "lora_strength", LoraStrength)
            .Add(nameof(NumInferenceSteps), "num_inference_steps", NumInferenceSteps)
            .Add(nameof(NumOutputs), "num_outputs", NumOutputs)
            .Add(nameof(OutputFormat), "output_format", OutputFormat)
            .Add(nameof(Seed), "seed", Seed);
    }
}
