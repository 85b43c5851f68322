namespace ImagingClient.Providers.Apiframe;

/// <summary>
/// The parameters of Apiframe's models <c>flux-1.1-pro</c>, <c>flux-1.1-pro-ultra</c>, <c>flux-2-pro</c>, <c>flux-2-dev</c>, <c>flux-2-flex</c>, <c>flux-2-max</c> (<c>fluxParams</c>).
/// Set as <see cref="ImageRequest.ProviderOptions"/>; a record of another family is refused before anything is sent.
/// Properties left <see langword="null"/> are not sent, so Apiframe's defaults apply.
/// </summary>
/// <remarks>
/// Unified fields set these parameters too (a unified field and a property may both be set only to the same value):
/// <see cref="ImageRequest.AspectRatio"/> sets <c>aspect_ratio</c>;
/// <see cref="ImageRequest.Height"/> sets <c>height</c>;
/// <see cref="ImageGenerationRequest.ReferenceImages"/> sets <c>input_images</c>;
/// <see cref="ImageRequest.OutputFormat"/> sets <c>output_format</c>;
/// <see cref="ImageRequest.Seed"/> sets <c>seed</c>;
/// <see cref="ImageRequest.Width"/> sets <c>width</c>.
/// </remarks>
public sealed record ApiframeFluxOptions : ApiframeImageOptions
{
    internal override string? Family => "flux";

    /// <summary>The aspect ratio (<c>aspect_ratio</c>: in the form <c>W:H</c> (<c>^\d+:\d+$</c>)). Also set by <see cref="ImageRequest.AspectRatio"/>.</summary>
    public string? AspectRatio { get; init; }

    /// <summary>Run a faster variant of the model (<c>go_fast</c>).</summary>
    public bool? GoFast { get; init; }

    /// <summary>How closely the image follows the prompt (<c>guidance</c>: from 1.5 to 10).</summary>
    public double? Guidance { get; init; }

    /// <summary>Output height in pixels (<c>height</c>: from 256 to 2048). Also set by <see cref="ImageRequest.Height"/>.</summary>
    public int? Height { get; init; }

    /// <summary>An image that guides the composition (<c>image_prompt</c>). A URL, or a local image, which is uploaded first.</summary>
    public ImageInput? ImagePrompt { get; init; }

    /// <summary>How strongly <see cref="ImagePrompt"/> steers the image (<c>image_prompt_strength</c>: from 0 to 1).</summary>
    public double? ImagePromptStrength { get; init; }

    /// <summary>Input images to edit or combine (<c>input_images</c>: at most 10 images). URLs, or local images, which are uploaded first. Also set by <see cref="ImageGenerationRequest.ReferenceImages"/>.</summary>
    public IReadOnlyList<ImageInput>? InputImages { get; init; }

    /// <summary>The encoding of the image (<c>output_format</c>: one of <c>jpg</c>, <c>png</c>, <c>webp</c>; the unified <c>jpeg</c> is sent as <c>jpg</c>). Also set by <see cref="ImageRequest.OutputFormat"/>.</summary>
    public string? OutputFormat { get; init; }

    /// <summary>Encoding quality of a jpg or webp image (<c>output_quality</c>: from 0 to 100).</summary>
    public int? OutputQuality { get; init; }

    /// <summary>Let the model rewrite and enrich the prompt (<c>prompt_upsampling</c>).</summary>
    public bool? PromptUpsampling { get; init; }

    /// <summary>Raw mode: a less processed, more natural look (<c>raw</c>).</summary>
    public bool? Raw { get; init; }

    /// <summary>The output resolution (<c>resolution</c>). For <c>flux-2-pro</c>, <c>flux-2-flex</c> and <c>flux-2-max</c> one of <c>0.5MP</c>, <c>1MP</c>, <c>2MP</c>, <c>4MP</c>, <c>match_input_image</c>; for <c>flux-1.1-pro</c>, <c>flux-1.1-pro-ultra</c> and <c>flux-2-dev</c> any string (Apiframe does not list the values).</summary>
    public string? Resolution { get; init; }

    /// <summary>Seed for reproducible output (<c>seed</c>). Also set by <see cref="ImageRequest.Seed"/>.</summary>
    public long? Seed { get; init; }

    /// <summary>Number of inference steps (<c>steps</c>: from 1 to 50).</summary>
    public int? Steps { get; init; }

    /// <summary>Output width in pixels (<c>width</c>: from 256 to 2048). Also set by <see cref="ImageRequest.Width"/>.</summary>
    public int? Width { get; init; }

    internal override void AddFields(Models.OptionFields fields)
    {
        base.AddFields(fields);
        fields
            .Add(nameof(AspectRatio), "aspect_ratio", AspectRatio)
            .Add(nameof(GoFast), "go_fast", GoFast)
            .Add(nameof(Guidance), "guidance", Guidance)
            .Add(nameof(Height), "height", Height)
            .Add(nameof(ImagePrompt), "image_prompt", ImagePrompt)
            .Add(nameof(ImagePromptStrength), "image_prompt_strength", ImagePromptStrength)
            .Add(nameof(InputImages), "input_images", InputImages)
            .Add(nameof(OutputFormat), "output_format", OutputFormat)
            .Add(nameof(OutputQuality), "output_quality", OutputQuality)
            .Add(nameof(PromptUpsampling), "prompt_upsampling", PromptUpsampling)
            .Add(nameof(Raw), "raw", Raw)
            .Add(nameof(Resolution), "resolution", Resolution)
            .Add(nameof(Seed), "seed", Seed)
            .Add(nameof(Steps), "steps", Steps)
            .Add(nameof(Width), "width", Width);
    }
}
