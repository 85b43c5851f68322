namespace ImagingClient.Providers.Apiframe;

/// <summary>
/// The parameters of Apiframe's models <c>qwen-image-2</c>, <c>qwen-image-2-pro</c> (<c>qwenImage2Params</c>).
/// Set as <see cref="ImageRequest.ProviderOptions"/>; a record of another family is refused before anything is sent.
/// Properties left <see langword="null"/> are not sent, so Apiframe's defaults apply.
/// </summary>
/// <remarks>
/// Unified fields set these parameters too (a unified field and a property may both be set only to the same value):
/// <see cref="ImageRequest.AspectRatio"/> sets <c>aspect_ratio</c>;
/// <see cref="ImageGenerationRequest.ReferenceImages"/> (with one image) sets <c>image</c>;
/// <see cref="ImageRequest.NegativePrompt"/> sets <c>negative_prompt</c>;
/// <see cref="ImageRequest.Seed"/> sets <c>seed</c>.
/// </remarks>
public sealed record ApiframeQwenImage2Options : ApiframeImageOptions
{
    internal override string? Family => "qwenImage2";

    /// <summary>The aspect ratio (<c>aspect_ratio</c>: one of <c>1:1</c>, <c>2:3</c>, <c>3:2</c>, <c>3:4</c>, <c>4:3</c>, <c>9:16</c>, <c>16:9</c>, <c>21:9</c>, <c>2:1</c>, <c>1:2</c>). Also set by <see cref="ImageRequest.AspectRatio"/>.</summary>
    public string? AspectRatio { get; init; }

    /// <summary>An input image (<c>image</c>). A URL, or a local image, which is uploaded first. Also set by <see cref="ImageGenerationRequest.ReferenceImages"/> (with one image).</summary>
    public ImageInput? Image { get; init; }

    /// <summary>What the image should not contain (<c>negative_prompt</c>: at most 500 characters). Also set by <see cref="ImageRequest.NegativePrompt"/>.</summary>
    public string? NegativePrompt { get; init; }

    /// <summary>Seed for reproducible output (<c>seed</c>). Also set by <see cref="ImageRequest.Seed"/>.</summary>
    public long? Seed { get; init; }

    internal override void AddFields(Models.OptionFields fields)
    {
        base.AddFields(fields);
        fields
            .Add(nameof(AspectRatio), "aspect_ratio", AspectRatio)
            .Add(nameof(Image), "image", Image)
            .Add(nameof(NegativePrompt), "negative_prompt", NegativePrompt)
            .Add(nameof(Seed), "seed", Seed);
    }
}
