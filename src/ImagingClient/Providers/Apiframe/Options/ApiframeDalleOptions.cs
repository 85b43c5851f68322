namespace ImagingClient.Providers.Apiframe;

/// <summary>
/// The parameters of Apiframe's models <c>dall-e-3</c>, <c>dall-e-2</c> (<c>dalleParams</c>).
/// Set as <see cref="ImageRequest.ProviderOptions"/>; a record of another family is refused before anything is sent.
/// Properties left <see langword="null"/> are not sent, so Apiframe's defaults apply.
/// </summary>
/// <remarks>
/// Unified fields set these parameters too (a unified field and a property may both be set only to the same value):
/// <see cref="ImageRequest.AspectRatio"/> sets <c>aspect_ratio</c>.
/// </remarks>
public sealed record ApiframeDalleOptions : ApiframeImageOptions
{
    internal override string? Family => "dalle";

    /// <summary>The aspect ratio (<c>aspect_ratio</c>: one of <c>1:1</c>, <c>3:2</c>, <c>2:3</c>). Also set by <see cref="ImageRequest.AspectRatio"/>.</summary>
    public string? AspectRatio { get; init; }

    /// <summary>The rendering style (<c>style</c>: one of <c>vivid</c>, <c>natural</c>).</summary>
    public string? Style { get; init; }

    internal override void AddFields(Models.OptionFields fields)
    {
        base.AddFields(fields);
        fields
            .Add(nameof(AspectRatio), "aspect_ratio", AspectRatio)
            .Add(nameof(Style), "style", Style);
    }
}
