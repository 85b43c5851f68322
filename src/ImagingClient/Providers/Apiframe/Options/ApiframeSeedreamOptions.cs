namespace ImagingClient.Providers.Apiframe;

/// <summary>
/// The parameters of Apiframe's models <c>seedream-3</c>, <c>seedream-3.1</c>, <c>seedream-4</c>, <c>seedream-4.5</c>, <c>seedream-5-lite</c>, <c>seedream-5-pro</c> (<c>seedreamParams</c>).
/// Set as <see cref="ImageRequest.ProviderOptions"/>; a record of another family is refused before anything is sent.
/// Properties left <see langword="null"/> are not sent, so Apiframe's defaults apply.
/// </summary>
/// <remarks>
/// Unified fields set these parameters too (a unified field and a property may both be set only to the same value):
/// <see cref="ImageRequest.AspectRatio"/> sets <c>aspect_ratio</c>;
/// <see cref="ImageRequest.Height"/> sets <c>height</c>;
/// <see cref="ImageGenerationRequest.ReferenceImages"/> sets <c>image_input</c>;
/// <see cref="ImageRequest.OutputFormat"/> sets <c>output_format</c>;
/// <see cref="ImageRequest.Seed"/> sets <c>seed</c>;
/// <see cref="ImageRequest.Width"/> sets <c>width</c>.
/// </remarks>
public sealed record ApiframeSeedreamOptions : ApiframeImageOptions
{
    internal override string? Family => "seedream";

    /// <summary>The aspect ratio (<c>aspect_ratio</c>). Also set by <see cref="ImageRequest.AspectRatio"/>.</summary>
    public string? AspectRatio { get; init; }

    /// <summary>Let the model enhance the prompt (<c>enhance_prompt</c>).</summary>
    public bool? EnhancePrompt { get; init; }

    /// <summary>How closely the image follows the prompt (<c>guidance_scale</c>: from 1 to 10).</summary>
    public double? GuidanceScale { get; init; }

    /// <summary>Output height in pixels (<c>height</c>: from 512 to 4096). Also set by <see cref="ImageRequest.Height"/>.</summary>
    public int? Height { get; init; }

    /// <summary>Reference images (<c>image_input</c>: at most 14 images). URLs, or local images, which are uploaded first. Also set by <see cref="ImageGenerationRequest.ReferenceImages"/>.</summary>
    public IReadOnlyList<ImageInput>? ImageInputs { get; init; }

    /// <summary>The encoding of the image (<c>output_format</c>: one of <c>jpg</c>, <c>png</c>; the unified <c>jpeg</c> is sent as <c>jpg</c>). Also set by <see cref="ImageRequest.OutputFormat"/>.</summary>
    public string? OutputFormat { get; init; }

    /// <summary>The output resolution, a free string such as <c>2K</c> (<c>resolution</c>).</summary>
    public string? Resolution { get; init; }

    /// <summary>Seed for reproducible output (<c>seed</c>). Also set by <see cref="ImageRequest.Seed"/>.</summary>
    public long? Seed { get; init; }

    /// <summary>The output size, a free string (<c>size</c>).</summary>
    public string? Size { get; init; }

    /// <summary>Let a language model expand the prompt first (<c>use_pre_llm</c>).</summary>
    public bool? UsePreLlm { get; init; }

    /// <summary>Output width in pixels (<c>width</c>: from 512 to 4096). Also set by <see cref="ImageRequest.Width"/>.</summary>
    public int? Width { get; init; }

    internal override void AddFields(Models.OptionFields fields)
    {
        base.AddFields(fields);
        fields
            .Add(nameof(AspectRatio), "aspect_ratio", AspectRatio)
            .Add(nameof(EnhancePrompt), "enhance_prompt", EnhancePrompt)
            .Add(nameof(GuidanceScale), "guidance_scale", GuidanceScale)
            .Add(nameof(Height), "height", Height)
            .Add(nameof(ImageInputs), "image_input", ImageInputs)
            .Add(nameof(OutputFormat), "output_format", OutputFormat)
            .Add(nameof(Resolution), "resolution", Resolution)
            .Add(nameof(Seed), "seed", Seed)
            .Add(nameof(Size), "size", Size)
            .Add(nameof(UsePreLlm), "use_pre_llm", UsePreLlm)
            .Add(nameof(Width), "width", Width);
    }
}
