namespace ImagingClient.Providers.Apiframe;

/// <summary>
/// The parameters of Apiframe's models <c>ideogram-v2</c>, <c>ideogram-v2-turbo</c>, <c>ideogram-v2a</c>, <c>ideogram-v2a-turbo</c>, <c>ideogram-v3-balanced</c>, <c>ideogram-v3-turbo</c>, <c>ideogram-v3-quality</c>, <c>ideogram-v4-balanced</c>, <c>ideogram-v4-turbo</c>, <c>ideogram-v4-quality</c>, <c>ideogram-character</c> (<c>ideogramParams</c>).
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
public sealed record ApiframeIdeogramOptions : ApiframeImageOptions
{
    internal override string? Family => "ideogram";

    /// <summary>The aspect ratio (<c>aspect_ratio</c>). Also set by <see cref="ImageRequest.AspectRatio"/>.</summary>
    public string? AspectRatio { get; init; }

    /// <summary>A picture of the character to keep consistent (<c>character_reference_image</c>). Required by <c>ideogram-character</c>. A URL, or a local image, which is uploaded first.</summary>
    public ImageInput? CharacterReferenceImage { get; init; }

    /// <summary>An image to remix or edit (<c>image</c>). A URL, or a local image, which is uploaded first. Also set by <see cref="ImageGenerationRequest.ReferenceImages"/> (with one image).</summary>
    public ImageInput? Image { get; init; }

    /// <summary>Ideogram's prompt enhancement (<c>magic_prompt_option</c>: one of <c>Auto</c>, <c>On</c>, <c>Off</c>).</summary>
    public string? MagicPromptOption { get; init; }

    /// <summary>A mask of the areas of <see cref="Image"/> to change (<c>mask</c>). A URL, or a local image, which is uploaded first.</summary>
    public ImageInput? Mask { get; init; }

    /// <summary>What the image should not contain (<c>negative_prompt</c>). Also set by <see cref="ImageRequest.NegativePrompt"/>.</summary>
    public string? NegativePrompt { get; init; }

    /// <summary>Speed against quality (<c>rendering_speed</c>: one of <c>default</c>, <c>turbo</c>, <c>quality</c>).</summary>
    public string? RenderingSpeed { get; init; }

    /// <summary>The output resolution, a free string such as <c>1024x1024</c> (<c>resolution</c>).</summary>
    public string? Resolution { get; init; }

    /// <summary>Seed for reproducible output (<c>seed</c>). Also set by <see cref="ImageRequest.Seed"/>.</summary>
    public long? Seed { get; init; }

    /// <summary>A style preset, a free string (<c>style_preset</c>).</summary>
    public string? StylePreset { get; init; }

    /// <summary>Images whose style to follow (<c>style_reference_images</c>: at most 3 images). URLs, or local images, which are uploaded first.</summary>
    public IReadOnlyList<ImageInput>? StyleReferenceImages { get; init; }

    /// <summary>The style type, a free string such as <c>REALISTIC</c> (<c>style_type</c>).</summary>
    public string? StyleType { get; init; }

    internal override void AddFields(Models.OptionFields fields)
    {
        base.AddFields(fields);
        fields
            .Add(nameof(AspectRatio), "aspect_ratio", AspectRatio)
            .Add(nameof(CharacterReferenceImage), "character_reference_image", CharacterReferenceImage)
            .Add(nameof(Image), "image", Image)
            .Add(nameof(MagicPromptOption), "magic_prompt_option", MagicPromptOption)
            .Add(nameof(Mask), "mask", Mask)
            .Add(nameof(NegativePrompt), "negative_prompt", NegativePrompt)
            .Add(nameof(RenderingSpeed), "rendering_speed", RenderingSpeed)
            .Add(nameof(Resolution), "resolution", Resolution)
            .Add(nameof(Seed), "seed", Seed)
            .Add(nameof(StylePreset), "style_preset", StylePreset)
            .Add(nameof(StyleReferenceImages), "style_reference_images", StyleReferenceImages)
            .Add(nameof(StyleType), "style_type", StyleType);
    }
}
