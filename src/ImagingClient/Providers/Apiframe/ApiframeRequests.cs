using ImagingClient.Models;
using ImagingClient.Webhooks;

namespace ImagingClient.Providers.Apiframe;

/// <summary>
/// What every Apiframe job request beyond generation and editing shares (upscales, background removals, Midjourney
/// actions): the webhook, an idempotency key and how long to wait.
/// </summary>
public abstract record ApiframeJobRequest
{
    private protected ApiframeJobRequest()
    {
    }

    /// <summary>Where Apiframe should POST the job's events (<c>webhookUrl</c>); verify them with <see cref="ApiframeWebhookVerifier"/>.</summary>
    public Uri? WebhookUrl { get; init; }

    /// <summary>The events to POST (<c>webhookEvents</c>); Apiframe's default when <see langword="null"/>.</summary>
    public IReadOnlyList<ImageWebhookEventKind>? WebhookEvents { get; init; }

    /// <summary>
    /// The <c>Idempotency-Key</c> (at most 255 characters): a repeat within 24 hours is answered with the first job.
    /// When <see langword="null"/>, the client makes one for the call and sends it on every retry of it.
    /// </summary>
    public string? IdempotencyKey { get; init; }

    /// <summary>The longest the <c>…Async</c> methods that return the result wait for the job; the provider's polling timeout when <see langword="null"/>.</summary>
    public TimeSpan? WaitTimeout { get; init; }

    /// <summary>The model (or action) id, as in the catalog.</summary>
    internal abstract string ModelId { get; }

    /// <summary>The request's own fields, by wire name.</summary>
    internal abstract void AddFields(OptionFields fields);

    /// <summary>The common fields and the request's own, for the validator.</summary>
    internal OptionFields Fields()
    {
        var fields = new OptionFields();
        AddFields(fields);
        fields.Add(nameof(WebhookUrl), "webhookUrl", WebhookUrl?.OriginalString);
        fields.Add(nameof(WebhookEvents), "webhookEvents", ApiframeWebhookEvents.ToWire(WebhookEvents));
        fields.Add(nameof(IdempotencyKey), "Idempotency-Key", IdempotencyKey);
        return fields;
    }
}

/// <summary>An upscale (<c>POST /v2/images/upscale</c>): <see cref="ApiframeTopazUpscaleRequest"/> or <see cref="ApiframeClarityUpscaleRequest"/>.</summary>
public abstract record ApiframeUpscaleRequest : ApiframeJobRequest
{
    private protected ApiframeUpscaleRequest()
    {
    }

    /// <summary>The image to upscale (<c>image</c>): a URL, or bytes, a stream or a file, which are uploaded first. Required.</summary>
    public required ImageInput Image { get; init; }

    /// <summary>The image format of the result (<c>output_format</c>): Topaz takes <c>jpg</c> or <c>png</c>; Clarity also <c>webp</c>.</summary>
    public string? OutputFormat { get; init; }

    /// <summary>A seed for reproducible output (<c>seed</c>).</summary>
    public long? Seed { get; init; }
}

/// <summary>Topaz image upscale (<c>topaz-image-upscale</c>, priced per megapixel).</summary>
public sealed record ApiframeTopazUpscaleRequest : ApiframeUpscaleRequest
{
    /// <summary>How much larger (<c>upscale_factor</c>): 1, 2, 4 or 6.</summary>
    public int? UpscaleFactor { get; init; }

    /// <summary>Topaz's model (<c>model_type</c>): <c>standard-v2</c>, <c>low-res-v2</c>, <c>cgi</c>, <c>high-fidelity-v2</c>, <c>text-refine</c> or <c>redefine</c>.</summary>
    public string? ModelType { get; init; }

    /// <summary>Enhance faces (<c>face_enhance</c>).</summary>
    public bool? FaceEnhance { get; init; }

    /// <summary>How freely faces are enhanced (<c>face_enhance_creativity</c>), 0 to 1.</summary>
    public double? FaceEnhanceCreativity { get; init; }

    /// <summary>How strongly faces are enhanced (<c>face_enhance_strength</c>), 0 to 1.</summary>
    public double? FaceEnhanceStrength { get; init; }

    internal override string ModelId => "topaz-image-upscale";

    internal override void AddFields(OptionFields fields) => fields
        .Add(nameof(Image), "image", Image)
        .Add(nameof(UpscaleFactor), "upscale_factor", UpscaleFactor)
        .Add(nameof(ModelType), "model_type", ModelType)
        .Add(nameof(FaceEnhance), "face_enhance", FaceEnhance)
        .Add(nameof(FaceEnhanceCreativity), "face_enhance_creativity", FaceEnhanceCreativity)
        .Add(nameof(FaceEnhanceStrength), "face_enhance_strength", FaceEnhanceStrength)
        .Add(nameof(OutputFormat), "output_format", OutputFormat)
        .Add(nameof(Seed), "seed", Seed);
}

/// <summary>Clarity upscale (<c>clarity-upscale</c>, flat price): a creative upscaler guided by a prompt.</summary>
public sealed record ApiframeClarityUpscaleRequest : ApiframeUpscaleRequest
{
    /// <summary>How much larger (<c>scale_factor</c>): 1, 2, 4 or 8.</summary>
    public int? ScaleFactor { get; init; }

    /// <summary>What the image shows, to guide the details (<c>prompt</c>), at most 2000 characters.</summary>
    public string? Prompt { get; init; }

    /// <summary>What the details should not show (<c>negative_prompt</c>), at most 2000 characters.</summary>
    public string? NegativePrompt { get; init; }

    /// <summary>How much new detail is invented (<c>creativity</c>), 0 to 1.</summary>
    public double? Creativity { get; init; }

    /// <summary>How close the result stays to the input (<c>resemblance</c>), 0 to 3.</summary>
    public double? Resemblance { get; init; }

    /// <summary>The HDR strength (<c>dynamic</c>), 1 to 50.</summary>
    public double? Dynamic { get; init; }

    /// <summary>Sharpening (<c>sharpen</c>), 0 to 10.</summary>
    public double? Sharpen { get; init; }

    /// <summary>Denoising steps (<c>num_inference_steps</c>), 1 to 100.</summary>
    public int? InferenceSteps { get; init; }

    internal override string ModelId => "clarity-upscale";

    internal override void AddFields(OptionFields fields) => fields
        .Add(nameof(Image), "image", Image)
        .Add(nameof(ScaleFactor), "scale_factor", ScaleFactor)
        .Add(nameof(Prompt), "prompt", Prompt)
        .Add(nameof(NegativePrompt), "negative_prompt", NegativePrompt)
        .Add(nameof(Creativity), "creativity", Creativity)
        .Add(nameof(Resemblance), "resemblance", Resemblance)
        .Add(nameof(Dynamic), "dynamic", Dynamic)
        .Add(nameof(Sharpen), "sharpen", Sharpen)
        .Add(nameof(InferenceSteps), "num_inference_steps", InferenceSteps)
        .Add(nameof(OutputFormat), "output_format", OutputFormat)
        .Add(nameof(Seed), "seed", Seed);
}

/// <summary>A background removal (<c>POST /v2/images/background-remove</c>): <see cref="ApiframeBriaBackgroundRemovalRequest"/> or <see cref="Apiframe851BackgroundRemovalRequest"/>.</summary>
public abstract record ApiframeBackgroundRemovalRequest : ApiframeJobRequest
{
    private protected ApiframeBackgroundRemovalRequest()
    {
    }

    /// <summary>The image (<c>image</c>): a URL, or bytes, a stream or a file, which are uploaded first. Required.</summary>
    public required ImageInput Image { get; init; }
}

/// <summary>Bria RMBG 2.0 background removal (<c>bria-bg-remove</c>).</summary>
public sealed record ApiframeBriaBackgroundRemovalRequest : ApiframeBackgroundRemovalRequest
{
    /// <summary>Refuse images that fail content moderation (<c>content_moderation</c>).</summary>
    public bool? ContentModeration { get; init; }

    internal override string ModelId => "bria-bg-remove";

    internal override void AddFields(OptionFields fields) => fields
        .Add(nameof(Image), "image", Image)
        .Add(nameof(ContentModeration), "content_moderation", ContentModeration);
}

/// <summary>851-labs background removal (<c>851-bg-remove</c>).</summary>
public sealed record Apiframe851BackgroundRemovalRequest : ApiframeBackgroundRemovalRequest
{
    /// <summary>What replaces the background (<c>background_type</c>): <c>rgba</c>, <c>map</c>, <c>green</c>, <c>white</c>, <c>blur</c> or <c>overlay</c>.</summary>
    public string? BackgroundType { get; init; }

    /// <summary>The result's format (<c>format</c>): <c>png</c> or <c>jpg</c>.</summary>
    public string? Format { get; init; }

    /// <summary>Remove the foreground instead (<c>reverse</c>).</summary>
    public bool? Reverse { get; init; }

    /// <summary>The mask threshold (<c>threshold</c>), 0 to 1.</summary>
    public double? Threshold { get; init; }

    internal override string ModelId => "851-bg-remove";

    internal override void AddFields(OptionFields fields) => fields
        .Add(nameof(Image), "image", Image)
        .Add(nameof(BackgroundType), "background_type", BackgroundType)
        .Add(nameof(Format), "format", Format)
        .Add(nameof(Reverse), "reverse", Reverse)
        .Add(nameof(Threshold), "threshold", Threshold);
}

/// <summary>
/// A follow-up on a finished Midjourney job (<c>POST /v2/images/midjourney/action</c>). Make one with
/// <see cref="ApiframeMidjourney"/>: <see cref="ApiframeMidjourney.Upsample(ImageResult, int)"/> and
/// <see cref="ApiframeMidjourney.Variation(ImageResult, int)"/> act on a grid (a <c>midjourney</c> job, or a variation,
/// inpaint, outpaint or pan); inpaint, outpaint and pan act on an upsample. Apiframe answers 409
/// (<see cref="ImagingErrorCode.Conflict"/>) when the parent does not offer the action.
/// </summary>
public abstract record ApiframeMidjourneyActionRequest : ApiframeJobRequest
{
    private protected ApiframeMidjourneyActionRequest()
    {
    }

    /// <summary>The finished job acted on (<c>parentJobId</c>, a UUID). Required.</summary>
    public required string ParentJobId { get; init; }

    /// <summary>The action, as Apiframe names it.</summary>
    public abstract string Action { get; }

    internal override string ModelId => Action;
}

/// <summary>Upsample one image of a grid (U1–U4): the result is that image alone, on which inpaint, outpaint and pan act.</summary>
public sealed record ApiframeMidjourneyUpsampleRequest : ApiframeMidjourneyActionRequest
{
    /// <summary>Which image of the grid (<c>index</c>), 1 to 4. Required.</summary>
    public required int Index { get; init; }

    /// <inheritdoc />
    public override string Action => "upsample";

    internal override void AddFields(OptionFields fields) => fields
        .Add(nameof(ParentJobId), "parentJobId", ParentJobId)
        .Add(nameof(Index), "index", Index);
}

/// <summary>Four variations of one image of a grid (V1–V4): a new grid.</summary>
public sealed record ApiframeMidjourneyVariationRequest : ApiframeMidjourneyActionRequest
{
    /// <summary>Which image of the grid (<c>index</c>), 1 to 4. Required.</summary>
    public required int Index { get; init; }

    /// <inheritdoc />
    public override string Action => "variation";

    internal override void AddFields(OptionFields fields) => fields
        .Add(nameof(ParentJobId), "parentJobId", ParentJobId)
        .Add(nameof(Index), "index", Index);
}

/// <summary>Vary a region of an upsample (inpaint): a new grid.</summary>
public sealed record ApiframeMidjourneyInpaintRequest : ApiframeMidjourneyActionRequest
{
    /// <summary>
    /// The region to vary, as a mask image (<c>mask</c>, sent base64-encoded): bytes, a stream or a file, at most about
    /// 9 MB. Required.
    /// </summary>
    public required ImageInput Mask { get; init; }

    /// <summary>What to put in the region (<c>prompt</c>), at most 2000 characters.</summary>
    public string? Prompt { get; init; }

    /// <inheritdoc />
    public override string Action => "inpaint";

    /// <summary>The mask as base64, once read (the client reads it before anything is sent).</summary>
    internal string? MaskBase64 { get; init; }

    internal override void AddFields(OptionFields fields) => fields
        .Add(nameof(ParentJobId), "parentJobId", ParentJobId)
        .Add(nameof(Mask), "mask", MaskBase64 ?? throw new InvalidOperationException("The mask was not read."))
        .Add(nameof(Prompt), "prompt", Prompt);
}

/// <summary>Zoom out of an upsample (outpaint): a new grid.</summary>
public sealed record ApiframeMidjourneyOutpaintRequest : ApiframeMidjourneyActionRequest
{
    /// <summary>How far to zoom out (<c>zoomRatio</c>): 1.5 or 2. Required.</summary>
    public required double ZoomRatio { get; init; }

    /// <inheritdoc />
    public override string Action => "outpaint";

    internal override void AddFields(OptionFields fields) => fields
        .Add(nameof(ParentJobId), "parentJobId", ParentJobId)
        .Add(nameof(ZoomRatio), "zoomRatio", ZoomRatio);
}

/// <summary>Extend an upsample in one direction (pan): a new grid.</summary>
public sealed record ApiframeMidjourneyPanRequest : ApiframeMidjourneyActionRequest
{
    /// <summary>Which way (<c>direction</c>): <c>up</c>, <c>down</c>, <c>left</c> or <c>right</c>. Required.</summary>
    public required string Direction { get; init; }

    /// <inheritdoc />
    public override string Action => "pan";

    internal override void AddFields(OptionFields fields) => fields
        .Add(nameof(ParentJobId), "parentJobId", ParentJobId)
        .Add(nameof(Direction), "direction", Direction);
}

/// <summary>Makes Midjourney follow-ups from the job they act on (its result, its <see cref="ImageJob"/>, or its id).</summary>
public static class ApiframeMidjourney
{
    /// <summary>Upsample image <paramref name="index"/> (1–4) of a grid.</summary>
    /// <param name="grid">The finished grid job's result.</param>
    /// <param name="index">Which image, 1 to 4.</param>
    /// <returns>The request.</returns>
    public static ApiframeMidjourneyUpsampleRequest Upsample(ImageResult grid, int index) => new() { ParentJobId = JobIdOf(grid), Index = index };

    /// <summary>Upsample image <paramref name="index"/> (1–4) of a grid.</summary>
    /// <param name="grid">The grid job.</param>
    /// <param name="index">Which image, 1 to 4.</param>
    /// <returns>The request.</returns>
    public static ApiframeMidjourneyUpsampleRequest Upsample(ImageJob grid, int index) => new() { ParentJobId = JobIdOf(grid), Index = index };

    /// <summary>Four variations of image <paramref name="index"/> (1–4) of a grid.</summary>
    /// <param name="grid">The finished grid job's result.</param>
    /// <param name="index">Which image, 1 to 4.</param>
    /// <returns>The request.</returns>
    public static ApiframeMidjourneyVariationRequest Variation(ImageResult grid, int index) => new() { ParentJobId = JobIdOf(grid), Index = index };

    /// <summary>Four variations of image <paramref name="index"/> (1–4) of a grid.</summary>
    /// <param name="grid">The grid job.</param>
    /// <param name="index">Which image, 1 to 4.</param>
    /// <returns>The request.</returns>
    public static ApiframeMidjourneyVariationRequest Variation(ImageJob grid, int index) => new() { ParentJobId = JobIdOf(grid), Index = index };

    /// <summary>Vary the region <paramref name="mask"/> marks on an upsample.</summary>
    /// <param name="upsample">The finished upsample's result.</param>
    /// <param name="mask">The mask image.</param>
    /// <param name="prompt">What to put there, or <see langword="null"/>.</param>
    /// <returns>The request.</returns>
    public static ApiframeMidjourneyInpaintRequest Inpaint(ImageResult upsample, ImageInput mask, string? prompt = null) => new() { ParentJobId = JobIdOf(upsample), Mask = mask, Prompt = prompt };

    /// <summary>Zoom out of an upsample by 1.5 or 2.</summary>
    /// <param name="upsample">The finished upsample's result.</param>
    /// <param name="zoomRatio">1.5 or 2.</param>
    /// <returns>The request.</returns>
    public static ApiframeMidjourneyOutpaintRequest Outpaint(ImageResult upsample, double zoomRatio) => new() { ParentJobId = JobIdOf(upsample), ZoomRatio = zoomRatio };

    /// <summary>Extend an upsample <c>up</c>, <c>down</c>, <c>left</c> or <c>right</c>.</summary>
    /// <param name="upsample">The finished upsample's result.</param>
    /// <param name="direction">The direction.</param>
    /// <returns>The request.</returns>
    public static ApiframeMidjourneyPanRequest Pan(ImageResult upsample, string direction) => new() { ParentJobId = JobIdOf(upsample), Direction = direction };

    private static string JobIdOf(ImageResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return result.Provider == ApiframeModels.ProviderName && result.JobId is { } id
            ? id
            : throw new ArgumentException($"The result is not an Apiframe job's (it is {result.Provider}'s), so it cannot be followed up on Apiframe.", nameof(result));
    }

    private static string JobIdOf(ImageJob job)
    {
        ArgumentNullException.ThrowIfNull(job);
        return job.Provider == ApiframeModels.ProviderName
            ? job.Id
            : throw new ArgumentException($"The job is {job.Provider}'s, not Apiframe's, so it cannot be followed up on Apiframe.", nameof(job));
    }
}

/// <summary>The webhook events as Apiframe names them.</summary>
internal static class ApiframeWebhookEvents
{
    public const string Progress = "progress";
    public const string Completed = "completed";
    public const string Failed = "failed";

    /// <summary>The events as <c>webhookEvents</c> lists them, or <see langword="null"/> for none.</summary>
    public static IReadOnlyList<string>? ToWire(IReadOnlyList<ImageWebhookEventKind>? events) =>
        events?.Select(e => e switch
        {
            ImageWebhookEventKind.Progress => Progress,
            ImageWebhookEventKind.Completed => Completed,
            ImageWebhookEventKind.Failed => Failed,
            _ => throw new ArgumentOutOfRangeException(nameof(events), e, $"WebhookEvents holds the undefined value {(int)e}."),
        }).ToList();

    /// <summary>The kind of an event Apiframe names, or <see langword="null"/> for one this library does not know.</summary>
    public static ImageWebhookEventKind? FromWire(string? name) => name?.Trim().ToLowerInvariant() switch
    {
        Progress => ImageWebhookEventKind.Progress,
        Completed => ImageWebhookEventKind.Completed,
        Failed => ImageWebhookEventKind.Failed,
        _ => null,
    };
}
