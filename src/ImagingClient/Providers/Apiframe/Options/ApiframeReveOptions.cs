namespace ImagingClient.Providers.Apiframe;

/// <summary>
/// The parameters of Apiframe's model <c>reve-create</c> (<c>reveParams</c>).
/// Set as <see cref="ImageRequest.ProviderOptions"/>; a record of another family is refused before anything is sent.
/// Properties left <see langword="null"/> are not sent, so Apiframe's defaults apply.
/// </summary>
/// <remarks>
/// Unified fields set these parameters too (a unified field and a property may both be set only to the same value):
/// <see cref="ImageRequest.AspectRatio"/> sets <c>aspect_ratio</c>;
/// <see cref="ImageRequest.Seed"/> sets <c>seed</c>.
/// </remarks>
public sealed record ApiframeReveOptions : ApiframeImageOptions
{
    internal override string? Family => "reve";

    /// <summary>The aspect ratio (<c>aspect_ratio</c>: one of <c>16:9</c>, <c>9:16</c>, <c>3:2</c>, <c>2:3</c>, <c>4:3</c>, <c>3:4</c>, <c>1:1</c>). Also set by <see cref="ImageRequest.AspectRatio"/>.</summary>
    public string? AspectRatio { get; init; }

    /// <summary>Seed for reproducible output (<c>seed</c>). Also set by <see cref="ImageRequest.Seed"/>.</summary>
    public long? Seed { get; init; }

    /// <summary>The Reve model version, a free string (<c>version</c>).</summary>
    public string? Version { get; init; }

    internal override void AddFields(Models.OptionFields fields)
    {
        base.AddFields(fields);
        fields
            .Add(nameof(AspectRatio), "aspect_ratio", AspectRatio)
            .Add(nameof(Seed), "seed", Seed)
            .Add(nameof(Version), "version", Version);
    }
}
