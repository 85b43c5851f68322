namespace ImagingClient.Providers.Apiframe;

/// <summary>
/// The parameters of Apiframe's models <c>wan-image-2.7</c>, <c>wan-image-2.7-pro</c> (<c>wanImage27Params</c>).
/// Set as <see cref="ImageRequest.ProviderOptions"/>; a record of another family is refused before anything is sent.
/// Properties left <see langword="null"/> are not sent, so Apiframe's defaults apply.
/// </summary>
/// <remarks>
/// Unified fields set these parameters too (a unified field and a property may both be set only to the same value):
/// <see cref="ImageRequest.AspectRatio"/> sets <c>aspect_ratio</c>;
/// <see cref="ImageGenerationRequest.ReferenceImages"/> (with one image) sets <c>image</c>;
/// <see cref="ImageRequest.Seed"/> sets <c>seed</c>.
/// </remarks>
public sealed record ApiframeWanImage27Options : ApiframeImageOptions
{
    internal override string? Family => "wanImage27";

    /// <summary>The aspect ratio (<c>aspect_ratio</c>: one of <c>1:1</c>, <c>2:3</c>, <c>3:2</c>, <c>3:4</c>, <c>4:3</c>, <c>9:16</c>, <c>16:9</c>, <c>21:9</c>). Also set by <see cref="ImageRequest.AspectRatio"/>.</summary>
    public string? AspectRatio { get; init; }

    /// <summary>An input image (<c>image</c>). A URL, or a local image, which is uploaded first. Also set by <see cref="ImageGenerationRequest.ReferenceImages"/> (with one image).</summary>
    public ImageInput? Image { get; init; }

    /// <summary>Seed for reproducible output (<c>seed</c>: from 0 to 2147483647). Also set by <see cref="ImageRequest.Seed"/>.</summary>
    public long? Seed { get; init; }

    /// <summary>Let the model reason about the prompt before it draws (<c>thinking_mode</c>).</summary>
    public bool? ThinkingMode { get; init; }

    internal override void AddFields(Models.OptionFields fields)
    {
        base.AddFields(fields);
        fields
            .Add(nameof(AspectRatio), "aspect_ratio", AspectRatio)
            .Add(nameof(Image), "image", Image)
            .Add(nameof(Seed), "seed", Seed)
            .Add(nameof(ThinkingMode), "thinking_mode", ThinkingMode);
    }
}
