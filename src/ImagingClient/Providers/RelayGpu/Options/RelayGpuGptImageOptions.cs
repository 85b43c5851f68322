namespace ImagingClient.Providers.RelayGpu;

/// <summary>
/// The parameters of GPT Image 1.5 (<see cref="RelayGpuModels.GptImage15T2I"/> on <c>POST /v2/image/gpt-image/generate</c>,
/// <see cref="RelayGpuModels.GptImage15I2I"/> on <c>POST /v2/image/gpt-image/edit</c>), with those every route takes.
/// Set as <see cref="ImageRequest.ProviderOptions"/>; a record of another family is refused before anything is sent.
/// Properties left <see langword="null"/> are not sent, so RelayGPU's defaults apply.
/// </summary>
/// <remarks>
/// Unified fields set these parameters too (a unified field and a property may both be set only to the same value):
/// <see cref="ImageRequest.Count"/> sets <c>n</c>; <see cref="ImageRequest.Width"/> and <see cref="ImageRequest.Height"/>
/// together set <c>size</c> as <c>"WxH"</c>; <see cref="ImageRequest.OutputFormat"/> sets <c>output_format</c>; the
/// edit's <see cref="ImageEditRequest.Image"/> is <c>image</c> (a local image, sent as base64). The prompt is at most
/// 32,000 characters.
/// </remarks>
public sealed record RelayGpuGptImageOptions : RelayGpuImageOptions
{
    internal override string? Family => RelayGpuCatalog.GptImageFamily;

    /// <summary>Rendering quality (<c>quality</c>: <c>low</c>, <c>medium</c> (default) or <c>high</c>).</summary>
    public string? Quality { get; init; }

    /// <summary>The encoding of the image (<c>output_format</c>: <c>png</c> (default), <c>jpeg</c> or <c>webp</c>). Also set by <see cref="ImageRequest.OutputFormat"/>.</summary>
    public string? OutputFormat { get; init; }

    /// <summary>Compression of a jpeg or webp image (<c>output_compression</c>: from 0 to 100; default 100).</summary>
    public int? OutputCompression { get; init; }

    /// <summary>
    /// The output size (<c>size</c>: <c>1024x1024</c> (default), <c>1024x1536</c> or <c>1536x1024</c>). Also set by
    /// <see cref="ImageRequest.Width"/> and <see cref="ImageRequest.Height"/>.
    /// </summary>
    public string? Size { get; init; }

    /// <summary>How many images to make (<c>n</c>: from 1 to 4; default 1). Also set by <see cref="ImageRequest.Count"/>.</summary>
    public int? N { get; init; }

    /// <summary>
    /// For the edit model only: a PNG of the image's size with an alpha channel whose fully transparent pixels mark
    /// the area to edit (<c>mask</c>: a local image, sent as bare base64; URLs are refused).
    /// </summary>
    public ImageInput? Mask { get; init; }

    internal override void AddFields(Models.OptionFields fields)
    {
        base.AddFields(fields);
        fields
            .Add(nameof(Quality), "quality", Quality)
            .Add(nameof(OutputFormat), "output_format", OutputFormat)
            .Add(nameof(OutputCompression), "output_compression", OutputCompression)
            .Add(nameof(Size), "size", Size)
            .Add(nameof(N), "n", N)
            .Add(nameof(Mask), "mask", Mask);
    }
}
