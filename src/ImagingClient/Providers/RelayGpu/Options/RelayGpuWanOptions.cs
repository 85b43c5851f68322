namespace ImagingClient.Providers.RelayGpu;

/// <summary>
/// The parameters of <see cref="RelayGpuModels.Wan27ImagePro"/> (<c>POST /v2/image/wan-2-7-image-pro/generate</c>),
/// with those every route takes. Set as <see cref="ImageRequest.ProviderOptions"/>; a record of another family is
/// refused before anything is sent. Properties left <see langword="null"/> are not sent, so RelayGPU's defaults apply.
/// </summary>
/// <remarks>
/// Unified fields set these parameters too (a unified field and a property may both be set only to the same value):
/// <see cref="ImageGenerationRequest.ReferenceImages"/> sets <c>images</c>; <see cref="ImageRequest.Width"/> and
/// <see cref="ImageRequest.Height"/> together set <c>size</c> as <c>"WxH"</c>; <see cref="ImageRequest.Count"/> sets
/// <c>n</c>; <see cref="ImageRequest.Seed"/> sets <c>seed</c>. The route answers URLs.
/// </remarks>
public sealed record RelayGpuWanOptions : RelayGpuImageOptions
{
    internal override string? Family => RelayGpuCatalog.WanFamily;

    /// <summary>Input images (<c>images</c>: 1 to 14, URLs or data URIs; a local image is sent inline as a data URI). Also set by <see cref="ImageGenerationRequest.ReferenceImages"/>.</summary>
    public IReadOnlyList<ImageInput>? Images { get; init; }

    /// <summary>One input image (<c>image</c>: a URL or a data URI; a local image is sent inline as a data URI).</summary>
    public ImageInput? Image { get; init; }

    /// <summary>The output size (<c>size</c>: <c>1K</c>, <c>2K</c>, <c>4K</c> or <c>"WxH"</c>). Also set by <see cref="ImageRequest.Width"/> and <see cref="ImageRequest.Height"/>.</summary>
    public string? Size { get; init; }

    /// <summary>
    /// How many images to make (<c>n</c>: from 1 to 4, or up to 16 with <see cref="EnableSequential"/>; the SDK checks
    /// 1 to 16). Also set by <see cref="ImageRequest.Count"/>.
    /// </summary>
    public int? N { get; init; }

    /// <summary>Seed for reproducible output (<c>seed</c>). Also set by <see cref="ImageRequest.Seed"/>.</summary>
    public long? Seed { get; init; }

    /// <summary>Whether to add a watermark (<c>watermark</c>).</summary>
    public bool? Watermark { get; init; }

    /// <summary>Whether the model reasons about the prompt before drawing (<c>thinking_mode</c>).</summary>
    public bool? ThinkingMode { get; init; }

    /// <summary>Whether to make the images as a coherent sequence, which allows up to 16 (<c>enable_sequential</c>).</summary>
    public bool? EnableSequential { get; init; }

    internal override void AddFields(Models.OptionFields fields)
    {
        base.AddFields(fields);
        fields
            .Add(nameof(Images), "images", Images)
            .Add(nameof(Image), "image", Image)
            .Add(nameof(Size), "size", Size)
            .Add(nameof(N), "n", N)
            .Add(nameof(Seed), "seed", Seed)
            .Add(nameof(Watermark), "watermark", Watermark)
            .Add(nameof(ThinkingMode), "thinking_mode", ThinkingMode)
            .Add(nameof(EnableSequential), "enable_sequential", EnableSequential);
    }
}
