namespace ImagingClient.Providers.Kie;

/// <summary>
/// Kie Flux Kontext fields that have no unified counterpart. Set as <see cref="ImageRequest.ProviderOptions"/>.
/// Unified fields map as: <see cref="ImageRequest.AspectRatio"/> to <c>aspectRatio</c> (on an edit, sent only when
/// set, so the source's ratio is kept otherwise), <see cref="ImageRequest.OutputFormat"/> to <c>outputFormat</c>,
/// <see cref="ImageRequest.WebhookUrl"/> to <c>callBackUrl</c>, <see cref="ImageEditRequest.Image"/> to <c>inputImage</c>.
/// </summary>
public sealed record KieFluxKontextOptions : ImageProviderOptions
{
    /// <inheritdoc />
    public override string Provider => KieModels.ProviderName;

    /// <summary>Translate a non-English prompt to English first (<c>enableTranslation</c>; Kie's default is on).</summary>
    public bool? EnableTranslation { get; init; }

    /// <summary>Use Kie's upload servers in China (<c>uploadCn</c>).</summary>
    public bool? UploadCn { get; init; }

    /// <summary>Let the model rewrite and enrich the prompt (<c>promptUpsampling</c>); may take longer.</summary>
    public bool? PromptUpsampling { get; init; }

    /// <summary>
    /// Moderation level (<c>safetyTolerance</c>), from 0 (strictest) to 6 when generating and to 2 when editing.
    /// Kie's default is 2.
    /// </summary>
    public int? SafetyTolerance { get; init; }

    /// <summary>A watermark identifier to add to the image (<c>watermark</c>).</summary>
    public string? Watermark { get; init; }

    internal override void AddFields(Models.OptionFields fields) => fields
        .Add(nameof(EnableTranslation), "enableTranslation", EnableTranslation)
        .Add(nameof(UploadCn), "uploadCn", UploadCn)
        .Add(nameof(PromptUpsampling), "promptUpsampling", PromptUpsampling)
        .Add(nameof(SafetyTolerance), "safetyTolerance", SafetyTolerance)
        .Add(nameof(Watermark), "watermark", Watermark);
}

/// <summary>What Kie said about a finished Flux Kontext task beyond its image. See <see cref="ImageResult.ProviderDetails"/>.</summary>
/// <param name="TaskId">Kie's task id.</param>
/// <param name="OriginImageUrl">The origin image URL, valid only 10 minutes after completion.</param>
/// <param name="OriginExpiresAt">When <paramref name="OriginImageUrl"/> stops working.</param>
/// <param name="CreatedAt">When Kie created the task, when it said.</param>
/// <param name="CompletedAt">When Kie completed the task, when it said.</param>
/// <param name="ParamJson">The request as Kie recorded it (a JSON string), when it said.</param>
public sealed record KieFluxKontextDetails(
    string TaskId,
    Uri? OriginImageUrl,
    DateTimeOffset? OriginExpiresAt,
    DateTimeOffset? CreatedAt,
    DateTimeOffset? CompletedAt,
    string? ParamJson) : ImageProviderDetails
{
    /// <inheritdoc />
    public override string Provider => KieModels.ProviderName;
}
