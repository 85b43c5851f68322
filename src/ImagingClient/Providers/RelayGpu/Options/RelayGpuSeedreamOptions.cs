namespace ImagingClient.Providers.RelayGpu;

/// <summary>
/// The parameters of <see cref="RelayGpuModels.Seedream50Pro"/> (<c>POST /v2/image/seedream-5-0-pro/generate</c>),
/// with those every route takes. Set as <see cref="ImageRequest.ProviderOptions"/>; a record of another family is
/// refused before anything is sent. Properties left <see langword="null"/> are not sent, so RelayGPU's defaults apply.
/// </summary>
/// <remarks>
/// Unified fields set these parameters too (a unified field and a property may both be set only to the same value):
/// <see cref="ImageGenerationRequest.ReferenceImages"/> sets <c>images</c>; <see cref="ImageRequest.Width"/> and
/// <see cref="ImageRequest.Height"/> together set <c>size</c> as <c>"WxH"</c>; <see cref="ImageRequest.OutputFormat"/>
/// sets <c>output_format</c>. The route answers URLs.
/// </remarks>
public sealed record RelayGpuSeedreamOptions : RelayGpuImageOptions
{
    internal override string? Family => RelayGpuCatalog.SeedreamFamily;

    /// <summary>
    /// Reference images (<c>images</c>: 1 to 14, https URLs or data URIs; a local image is sent inline as a data URI).
    /// Also set by <see cref="ImageGenerationRequest.ReferenceImages"/>.
    /// </summary>
    public IReadOnlyList<ImageInput>? Images { get; init; }

    /// <summary>
    /// The output size (<c>size</c>: <c>1K</c>, <c>2K</c> or <c>"WxH"</c> of at most 4,624,220 pixels, about 4.6 MP;
    /// default <c>2048x2048</c>). Also set by <see cref="ImageRequest.Width"/> and <see cref="ImageRequest.Height"/>.
    /// </summary>
    public string? Size { get; init; }

    /// <summary>Whether to add a watermark (<c>watermark</c>; default false).</summary>
    public bool? Watermark { get; init; }

    /// <summary>The encoding of the image (<c>output_format</c>: <c>jpeg</c> (default) or <c>png</c>). Also set by <see cref="ImageRequest.OutputFormat"/>.</summary>
    public string? OutputFormat { get; init; }

    internal override void AddFields(Models.OptionFields fields)
    {
        base.AddFields(fields);
        fields
            .Add(nameof(Images), "images", Images)
            .Add(nameof(Size), "size", Size)
            .Add(nameof(Watermark), "watermark", Watermark)
            .Add(nameof(OutputFormat), "output_format", OutputFormat);
    }
}
