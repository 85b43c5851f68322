namespace ImagingClient.Providers.Apiframe;

/// <summary>
/// The parameters of Apiframe's models <c>imagen-3</c>, <c>imagen-3-fast</c>, <c>imagen-4</c>, <c>imagen-4-ultra</c>, <c>imagen-4-fast</c> (<c>imagenParams</c>).
/// Set as <see cref="ImageRequest.ProviderOptions"/>; a record of another family is refused before anything is sent.
/// Properties left <see langword="null"/> are not sent, so Apiframe's defaults apply.
/// </summary>
/// <remarks>
/// Unified fields set these parameters too (a unified field and a property may both be set only to the same value):
/// <see cref="ImageRequest.AspectRatio"/> sets <c>aspect_ratio</c>;
/// <see cref="ImageRequest.OutputFormat"/> sets <c>output_format</c>.
/// </remarks>
public sealed record ApiframeImagenOptions : ApiframeImageOptions
{
    internal override string? Family => "imagen";

    /// <summary>The aspect ratio (<c>aspect_ratio</c>: one of <c>1:1</c>, <c>9:16</c>, <c>16:9</c>, <c>3:4</c>, <c>4:3</c>). Also set by <see cref="ImageRequest.AspectRatio"/>.</summary>
    public string? AspectRatio { get; init; }

    /// <summary>The output resolution class (<c>image_size</c>: one of <c>1K</c>, <c>2K</c>).</summary>
    public string? ImageSize { get; init; }

    /// <summary>The encoding of the image (<c>output_format</c>: one of <c>jpg</c>, <c>png</c>; the unified <c>jpeg</c> is sent as <c>jpg</c>). Also set by <see cref="ImageRequest.OutputFormat"/>.</summary>
    public string? OutputFormat { get; init; }

    internal override void AddFields(Models.OptionFields fields)
    {
        base.AddFields(fields);
        fields
            .Add(nameof(AspectRatio), "aspect_ratio", AspectRatio)
            .Add(nameof(ImageSize), "image_size", ImageSize)
            .Add(nameof(OutputFormat), "output_format", OutputFormat);
    }
}
