namespace ImagingClient.Providers.RelayGpu;

/// <summary>
/// The parameters of the Gemini models (<see cref="RelayGpuModels.Gemini3ProImage"/>,
/// <see cref="RelayGpuModels.Gemini25FlashImage"/>, <see cref="RelayGpuModels.Gemini31FlashImagePreview"/>;
/// <c>POST /v2/image/gemini-3/generate</c>), with those every route takes. Set as
/// <see cref="ImageRequest.ProviderOptions"/>; a record of another family is refused before anything is sent.
/// Properties left <see langword="null"/> are not sent, so RelayGPU's defaults apply.
/// </summary>
/// <remarks>
/// Unified fields set these parameters too (a unified field and a property may both be set only to the same value):
/// <see cref="ImageRequest.AspectRatio"/> sets <c>aspect_ratio</c>; <see cref="ImageGenerationRequest.ReferenceImages"/>
/// sets <c>images</c> on gemini-3-pro-image and <c>image</c> (exactly one) on the flash models.
/// </remarks>
public sealed record RelayGpuGeminiOptions : RelayGpuImageOptions
{
    internal override string? Family => RelayGpuCatalog.GeminiFamily;

    /// <summary>
    /// One reference image, which makes the call image-to-image (<c>image</c>: bare base64 or a data URI, so a local
    /// image, sent inline; URLs are refused). Not together with <see cref="Images"/>.
    /// </summary>
    public ImageInput? Image { get; init; }

    /// <summary>
    /// Reference images (<c>images</c>: 1 to 14, bare base64 or data URIs, so local images, sent inline), for
    /// gemini-3-pro-image only. Not together with <see cref="Image"/>. Also set by <see cref="ImageGenerationRequest.ReferenceImages"/>.
    /// </summary>
    public IReadOnlyList<ImageInput>? Images { get; init; }

    /// <summary>
    /// The output resolution (<c>image_size</c>: <c>1K</c> (default), <c>2K</c>, <c>4K</c>, and <c>0.5K</c> on
    /// gemini-3.1-flash-image-preview only).
    /// </summary>
    public string? ImageSize { get; init; }

    /// <summary>
    /// The aspect ratio (<c>aspect_ratio</c>: one of <c>1:1</c> (default), <c>2:3</c>, <c>3:2</c>, <c>3:4</c>,
    /// <c>4:3</c>, <c>4:5</c>, <c>5:4</c>, <c>9:16</c>, <c>16:9</c>, <c>21:9</c>; gemini-3.1-flash-image-preview ignores
    /// it). Also set by <see cref="ImageRequest.AspectRatio"/>.
    /// </summary>
    public string? AspectRatio { get; init; }

    internal override void AddFields(Models.OptionFields fields)
    {
        base.AddFields(fields);
        fields
            .Add(nameof(Image), "image", Image)
            .Add(nameof(Images), "images", Images)
            .Add(nameof(ImageSize), "image_size", ImageSize)
            .Add(nameof(AspectRatio), "aspect_ratio", AspectRatio);
    }
}
