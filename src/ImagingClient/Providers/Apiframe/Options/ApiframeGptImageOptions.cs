namespace ImagingClient.Providers.Apiframe;

/// <summary>
/// The parameters of Apiframe's model <c>gpt-image-1.5</c> (<c>gptImageParams</c>).
/// Set as <see cref="ImageRequest.ProviderOptions"/>; a record of another family is refused before anything is sent.
/// Properties left <see langword="null"/> are not sent, so Apiframe's defaults apply.
/// </summary>
/// <remarks>
/// Unified fields set these parameters too (a unified field and a property may both be set only to the same value):
/// <see cref="ImageRequest.AspectRatio"/> sets <c>aspect_ratio</c>;
/// <see cref="ImageGenerationRequest.ReferenceImages"/> sets <c>input_images</c>;
/// <see cref="ImageRequest.Count"/> sets <c>number_of_images</c>;
/// <see cref="ImageRequest.OutputFormat"/> sets <c>output_format</c>.
/// </remarks>
public sealed record ApiframeGptImageOptions : ApiframeImageOptions
{
    internal override string? Family => "gptImage";

    /// <summary>The aspect ratio (<c>aspect_ratio</c>: one of <c>1:1</c>, <c>3:2</c>, <c>2:3</c>). Also set by <see cref="ImageRequest.AspectRatio"/>.</summary>
    public string? AspectRatio { get; init; }

    /// <summary>The background (<c>background</c>: one of <c>auto</c>, <c>transparent</c>, <c>opaque</c>).</summary>
    public string? Background { get; init; }

    /// <summary>How closely the output keeps the details of the input images (<c>input_fidelity</c>: one of <c>low</c>, <c>high</c>).</summary>
    public string? InputFidelity { get; init; }

    /// <summary>Input images to edit or combine (<c>input_images</c>). URLs, or local images, which are uploaded first. Also set by <see cref="ImageGenerationRequest.ReferenceImages"/>.</summary>
    public IReadOnlyList<ImageInput>? InputImages { get; init; }

    /// <summary>How many images to make (<c>number_of_images</c>: from 1 to 10). Also set by <see cref="ImageRequest.Count"/>.</summary>
    public int? NumberOfImages { get; init; }

    /// <summary>The encoding of the image (<c>output_format</c>: one of <c>png</c>, <c>jpeg</c>, <c>webp</c>). Also set by <see cref="ImageRequest.OutputFormat"/>.</summary>
    public string? OutputFormat { get; init; }

    /// <summary>Rendering quality; a higher one costs more credits (<c>quality</c>: one of <c>low</c>, <c>medium</c>, <c>high</c>, <c>auto</c>).</summary>
    public string? Quality { get; init; }

    internal override void AddFields(Models.OptionFields fields)
    {
        base.AddFields(fields);
        fields
            .Add(nameof(AspectRatio), "aspect_ratio", AspectRatio)
            .Add(nameof(Background), "background", Background)
            .Add(nameof(InputFidelity), "input_fidelity", InputFidelity)
            .Add(nameof(InputImages), "input_images", InputImages)
            .Add(nameof(NumberOfImages), "number_of_images", NumberOfImages)
            .Add(nameof(OutputFormat), "output_format", OutputFormat)
            .Add(nameof(Quality), "quality", Quality);
    }
}
