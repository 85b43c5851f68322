namespace ImagingClient.Providers.RelayGpu;

/// <summary>
/// The parameters of GPT Image 2 and its 2.5 variants (<see cref="RelayGpuModels.GptImage2"/>,
/// <see cref="RelayGpuModels.GptImage25Sunburst"/>, <see cref="RelayGpuModels.GptImage25Flare"/>;
/// <c>POST /v2/image/gpt-image-2/generate</c>, for generating and editing), with those every route takes. Set as
/// <see cref="ImageRequest.ProviderOptions"/>; a record of another family is refused before anything is sent.
/// Properties left <see langword="null"/> are not sent, so RelayGPU's defaults apply.
/// </summary>
/// <remarks>
/// Unified fields set these parameters too (a unified field and a property may both be set only to the same value):
/// <see cref="ImageRequest.Count"/> sets <c>n</c>; <see cref="ImageRequest.Width"/> and <see cref="ImageRequest.Height"/>
/// together set <c>size</c> as <c>"WxH"</c>; <see cref="ImageRequest.OutputFormat"/> sets <c>output_format</c>;
/// <see cref="ImageGenerationRequest.ReferenceImages"/> (generating) or <see cref="ImageEditRequest.Image"/> (editing)
/// is <c>image</c>, as base64 (local images, sent inline). The prompt is at most 32,000 characters.
/// </remarks>
public sealed record RelayGpuGptImage2Options : RelayGpuImageOptions
{
    internal override string? Family => RelayGpuCatalog.GptImage2Family;

    /// <summary>Rendering quality (<c>quality</c>: <c>low</c>, <c>medium</c> or <c>high</c>).</summary>
    public string? Quality { get; init; }

    /// <summary>The encoding of the image (<c>output_format</c>: <c>png</c> or <c>jpeg</c>). Also set by <see cref="ImageRequest.OutputFormat"/>.</summary>
    public string? OutputFormat { get; init; }

    /// <summary>Compression of a jpeg image (<c>output_compression</c>: from 0 to 100).</summary>
    public int? OutputCompression { get; init; }

    /// <summary>
    /// The output size (<c>size</c>: <c>1024x768</c>, <c>1024x1024</c>, <c>1024x1536</c>, <c>1536x1024</c>,
    /// <c>1920x1080</c>, <c>2560x1440</c> or <c>3840x2160</c>). Also set by <see cref="ImageRequest.Width"/> and
    /// <see cref="ImageRequest.Height"/>.
    /// </summary>
    public string? Size { get; init; }

    /// <summary>How many images to make (<c>n</c>: at least 1). Also set by <see cref="ImageRequest.Count"/>.</summary>
    public int? N { get; init; }

    /// <summary>
    /// When editing only: a PNG of the image's size with an alpha channel whose fully transparent pixels mark the area
    /// to edit (<c>mask</c>: a local image, sent as bare base64; URLs are refused).
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
