namespace ImagingClient.Providers.Apiframe;

/// <summary>
/// The parameters of Apiframe's edit model <c>flux-fill-pro</c> (<c>fluxFillParams</c>).
/// Set as <see cref="ImageRequest.ProviderOptions"/>; a record of another family is refused before anything is sent.
/// Properties left <see langword="null"/> are not sent, so Apiframe's defaults apply.
/// </summary>
/// <remarks>
/// <see cref="ImageRequest.Prompt"/> is sent as <c>fluxFillParams.prompt</c> and <see cref="ImageEditRequest.Image"/> as
/// <c>fluxFillParams.image</c>; <see cref="ImageRequest.Seed"/> and <see cref="ImageRequest.OutputFormat"/> (Jpeg is sent
/// as <c>jpg</c>) set the fields of the same name. A unified field and a property may both be set only to the same value.
/// </remarks>
public sealed record ApiframeFluxFillOptions : ApiframeImageOptions
{
    internal override string? Family => "fluxFill";

    /// <summary>How closely the image follows the prompt (<c>guidance</c>: from 2 to 5).</summary>
    public double? Guidance { get; init; }

    /// <summary>A mask of the areas to repaint, white where the image changes (<c>mask</c>). A URL, or a local image, which is uploaded first.</summary>
    public ImageInput? Mask { get; init; }

    /// <summary>Whether to repaint inside the image or extend it (<c>mode</c>: one of <c>inpaint</c>, <c>outpaint</c>). When <see langword="null"/>, <c>outpaint</c> is sent if <see cref="Outpaint"/> is set, otherwise <c>inpaint</c>.</summary>
    public string? Mode { get; init; }

    /// <summary>How to extend the image in outpaint mode (<c>outpaint</c>: one of <c>Zoom out 1.5x</c>, <c>Zoom out 2x</c>, <c>Make square</c>, <c>Left outpaint</c>, <c>Right outpaint</c>, <c>Top outpaint</c>, <c>Bottom outpaint</c>).</summary>
    public string? Outpaint { get; init; }

    /// <summary>The encoding of the image (<c>output_format</c>: one of <c>jpg</c>, <c>png</c>; the unified <c>jpeg</c> is sent as <c>jpg</c>). Also set by <see cref="ImageRequest.OutputFormat"/>.</summary>
    public string? OutputFormat { get; init; }

    /// <summary>Let the model rewrite and enrich the prompt (<c>prompt_upsampling</c>).</summary>
    public bool? PromptUpsampling { get; init; }

    /// <summary>Moderation level, from the strictest (<c>safety_tolerance</c>: from 1 to 6).</summary>
    public int? SafetyTolerance { get; init; }

    /// <summary>Seed for reproducible output (<c>seed</c>). Also set by <see cref="ImageRequest.Seed"/>.</summary>
    public long? Seed { get; init; }

    /// <summary>Number of inference steps (<c>steps</c>: from 1 to 50).</summary>
    public int? Steps { get; init; }

    internal override void AddFields(Models.OptionFields fields)
    {
        base.AddFields(fields);
        fields
            .Add(nameof(Guidance), "guidance", Guidance)
            .Add(nameof(Mask), "mask", Mask)
            .Add(nameof(Mode), "mode", Mode ?? (Outpaint is null ? null : "outpaint"))
            .Add(nameof(Outpaint), "outpaint", Outpaint)
            .Add(nameof(OutputFormat), "output_format", OutputFormat)
            .Add(nameof(PromptUpsampling), "prompt_upsampling", PromptUpsampling)
            .Add(nameof(SafetyTolerance), "safety_tolerance", SafetyTolerance)
            .Add(nameof(Seed), "seed", Seed)
            .Add(nameof(Steps), "steps", Steps);
    }
}
