namespace ImagingClient.Providers.Apiframe;

/// <summary>
/// The parameters of Apiframe's models <c>nano-banana</c>, <c>nano-banana-pro</c>, <c>nano-banana-2</c>, <c>nano-banana-2-lite</c> (<c>nanoBananaParams</c>).
/// Set as <see cref="ImageRequest.ProviderOptions"/>; a record of another family is refused before anything is sent.
/// Properties left <see langword="null"/> are not sent, so Apiframe's defaults apply.
/// </summary>
/// <remarks>
/// Unified fields set these parameters too (a unified field and a property may both be set only to the same value):
/// <see cref="ImageRequest.AspectRatio"/> sets <c>aspect_ratio</c>;
/// <see cref="ImageGenerationRequest.ReferenceImages"/> sets <c>image_input</c>;
/// <see cref="ImageRequest.OutputFormat"/> sets <c>output_format</c>.
/// </remarks>
public sealed record ApiframeNanoBananaOptions : ApiframeImageOptions
{
    internal override string? Family => "nanoBanana";

    /// <summary>The aspect ratio (<c>aspect_ratio</c>). Also set by <see cref="ImageRequest.AspectRatio"/>.</summary>
    public string? AspectRatio { get; init; }

    /// <summary>Let the model ground the image in Google Search results (<c>google_search</c>).</summary>
    public bool? GoogleSearch { get; init; }

    /// <summary>Input images to combine, restyle or edit (<c>image_input</c>: at most 14 images). URLs, or local images, which are uploaded first. Also set by <see cref="ImageGenerationRequest.ReferenceImages"/>.</summary>
    public IReadOnlyList<ImageInput>? ImageInputs { get; init; }

    /// <summary>Let the model use Google Image Search results (<c>image_search</c>).</summary>
    public bool? ImageSearch { get; init; }

    /// <summary>The encoding of the image (<c>output_format</c>: one of <c>jpg</c>, <c>png</c>, <c>webp</c>; the unified <c>jpeg</c> is sent as <c>jpg</c>). Also set by <see cref="ImageRequest.OutputFormat"/>.</summary>
    public string? OutputFormat { get; init; }

    /// <summary>The output resolution (<c>resolution</c>: one of <c>512px</c>, <c>1K</c>, <c>2K</c>, <c>4K</c>).</summary>
    public string? Resolution { get; init; }

    internal override void AddFields(Models.OptionFields fields)
    {
        base.AddFields(fields);
        fields
            .Add(nameof(AspectRatio), "aspect_ratio", AspectRatio)
            .Add(nameof(GoogleSearch), "google_search", GoogleSearch)
            .Add(nameof(ImageInputs), "image_input", ImageInputs)
            .Add(nameof(ImageSearch), "image_search", ImageSearch)
            .Add(nameof(OutputFormat), "output_format", OutputFormat)
            .Add(nameof(Resolution), "resolution", Resolution);
    }
}
