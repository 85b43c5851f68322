namespace ImagingClient.Providers.Apiframe;

/// <summary>
/// The parameters of Apiframe's model <c>midjourney</c> (<c>midjourneyParams</c>).
/// Set as <see cref="ImageRequest.ProviderOptions"/>; a record of another family is refused before anything is sent.
/// Properties left <see langword="null"/> are not sent, so Apiframe's defaults apply.
/// </summary>
/// <remarks>
/// Unified fields set these parameters too (a unified field and a property may both be set only to the same value):
/// <see cref="ImageRequest.AspectRatio"/> sets <c>aspect_ratio</c>.
/// </remarks>
public sealed record ApiframeMidjourneyOptions : ApiframeImageOptions
{
    internal override string? Family => "midjourney";

    /// <summary>The aspect ratio (<c>aspect_ratio</c>: in the form <c>W:H</c> (<c>^\d+:\d+$</c>)). Also set by <see cref="ImageRequest.AspectRatio"/>.</summary>
    public string? AspectRatio { get; init; }

    internal override void AddFields(Models.OptionFields fields)
    {
        base.AddFields(fields);
        fields
            .Add(nameof(AspectRatio), "aspect_ratio", AspectRatio);
    }
}
