namespace ImagingClient.Providers.Apiframe;

/// <summary>
/// The parameters of Apiframe's models <c>stable-diffusion-3.5-large</c>, <c>stable-diffusion-3.5-large-turbo</c>, <c>stable-diffusion-3.5-medium</c>, <c>stable-diffusion-3</c> (<c>stableDiffusionParams</c>).
/// Set as <see cref="ImageRequest.ProviderOptions"/>; a record of another family is refused before anything is sent.
/// Properties left <see langword="null"/> are not sent, so Apiframe's defaults apply.
/// </summary>
/// <remarks>
/// Unified fields set these parameters too (a unified field and a property may both be set only to the same value):
/// <see cref="ImageRequest.AspectRatio"/> sets <c>aspect_ratio</c>;
/// <see cref="ImageGenerationRequest.ReferenceImages"/> (with one image) sets <c>image</c>;
/// <see cref="ImageRequest.NegativePrompt"/> sets <c>negative_prompt</c>;
/// <see cref="ImageRequest.OutputFormat"/> sets <c>output_format</c>;
/// <see cref="ImageRequest.Seed"/> sets <c>seed</c>.
/// </remarks>
public sealed record ApiframeStableDiffusionOptions : ApiframeImageOptions
{
    internal override string? Family => "stableDiffusion";

    /// <summary>The aspect ratio (<c>aspect_ratio</c>: one of <c>1:1</c>, <c>16:9</c>, <c>21:9</c>, <c>3:2</c>, <c>2:3</c>, <c>4:5</c>, <c>5:4</c>, <c>9:16</c>, <c>9:21</c>). Also set by <see cref="ImageRequest.AspectRatio"/>.</summary>
    public string? AspectRatio { get; init; }

    /// <summary>How closely the image follows the prompt (classifier-free guidance) (<c>cfg</c>: from 0 to 20).</summary>
    public double? Cfg { get; init; }

    /// <summary>An input image for image-to-image (<c>image</c>). A URL, or a local image, which is uploaded first. Also set by <see cref="ImageGenerationRequest.ReferenceImages"/> (with one image).</summary>
    public ImageInput? Image { get; init; }

    /// <summary>What the image should not contain (<c>negative_prompt</c>: at most 2000 characters). Also set by <see cref="ImageRequest.NegativePrompt"/>.</summary>
    public string? NegativePrompt { get; init; }

    /// <summary>The encoding of the image (<c>output_format</c>: one of <c>webp</c>, <c>jpg</c>, <c>png</c>; the unified <c>jpeg</c> is sent as <c>jpg</c>). Also set by <see cref="ImageRequest.OutputFormat"/>.</summary>
    public string? OutputFormat { get; init; }

    /// <summary>Encoding quality of a jpg or webp image (<c>output_quality</c>: from 0 to 100).</summary>
    public int? OutputQuality { get; init; }

    /// <summary>How much the prompt changes <see cref="Image"/> (image-to-image) (<c>prompt_strength</c>: from 0 to 1).</summary>
    public double? PromptStrength { get; init; }

    /// <summary>Seed for reproducible output (<c>seed</c>). Also set by <see cref="ImageRequest.Seed"/>.</summary>
    public long? Seed { get; init; }

    /// <summary>Number of inference steps (<c>steps</c>: from 1 to 40).</summary>
    public int? Steps { get; init; }

    internal override void AddFields(Models.OptionFields fields)
    {
        base.AddFields(fields);
        fields
            .Add(nameof(AspectRatio), "aspect_ratio", AspectRatio)
            .Add(nameof(Cfg), "cfg", Cfg)
            .Add(nameof(Image), "image", Image)
            .Add(nameof(NegativePrompt), "negative_prompt", NegativePrompt)
            .Add(nameof(OutputFormat), "output_format", OutputFormat)
            .Add(nameof(OutputQuality), "output_quality", OutputQuality)
            .Add(nameof(PromptStrength), "prompt_strength", PromptStrength)
            .Add(nameof(Seed), "seed", Seed)
            .Add(nameof(Steps), "steps", Steps);
    }
}
