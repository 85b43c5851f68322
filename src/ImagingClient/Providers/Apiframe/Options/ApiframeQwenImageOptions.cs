namespace ImagingClient.Providers.Apiframe;

/// <summary>
/// The parameters of Apiframe's model <c>qwen-image</c> (<c>qwenImageParams</c>).
/// Set as <see cref="ImageRequest.ProviderOptions"/>; a record of another family is refused before anything is sent.
/// Properties left <see langword="null"/> are not sent, so Apiframe's defaults apply.
/// </summary>
/// <remarks>
/// Unified fields set these parameters too (a unified field and a property may both be set only to the same value):
/// <see cref="ImageGenerationRequest.ReferenceImages"/> (with one image) sets <c>image_url</c>;
/// <see cref="ImageRequest.NegativePrompt"/> sets <c>negative_prompt</c>;
/// <see cref="ImageRequest.Count"/> sets <c>num_images</c>;
/// <see cref="ImageRequest.OutputFormat"/> sets <c>output_format</c>;
/// <see cref="ImageRequest.Seed"/> sets <c>seed</c>.
/// </remarks>
public sealed record ApiframeQwenImageOptions : ApiframeImageOptions
{
    internal override string? Family => "qwenImage";

    /// <summary>Speed against quality (<c>acceleration</c>: one of <c>none</c>, <c>regular</c>, <c>high</c>).</summary>
    public string? Acceleration { get; init; }

    /// <summary>How closely the image follows the prompt (<c>guidance_scale</c>: from 0 to 20).</summary>
    public double? GuidanceScale { get; init; }

    /// <summary>The output size preset (<c>image_size</c>: one of <c>square</c>, <c>square_hd</c>, <c>portrait_4_3</c>, <c>portrait_16_9</c>, <c>landscape_4_3</c>, <c>landscape_16_9</c>).</summary>
    public string? ImageSize { get; init; }

    /// <summary>An input image for image-to-image or editing (<c>image_url</c>). A URL, or a local image, which is uploaded first. Also set by <see cref="ImageGenerationRequest.ReferenceImages"/> (with one image).</summary>
    public ImageInput? ImageUrl { get; init; }

    /// <summary>What the image should not contain (<c>negative_prompt</c>: at most 500 characters). Also set by <see cref="ImageRequest.NegativePrompt"/>.</summary>
    public string? NegativePrompt { get; init; }

    /// <summary>How many images to make (<c>num_images</c>: from 1 to 4). Also set by <see cref="ImageRequest.Count"/>.</summary>
    public int? NumImages { get; init; }

    /// <summary>Number of inference steps (<c>num_inference_steps</c>: from 2 to 250).</summary>
    public int? NumInferenceSteps { get; init; }

    /// <summary>The encoding of the image (<c>output_format</c>: one of <c>png</c>, <c>jpeg</c>). Also set by <see cref="ImageRequest.OutputFormat"/>.</summary>
    public string? OutputFormat { get; init; }

    /// <summary>Seed for reproducible output (<c>seed</c>). Also set by <see cref="ImageRequest.Seed"/>.</summary>
    public long? Seed { get; init; }

    /// <summary>How much <see cref="ImageUrl"/> is changed (image-to-image) (<c>strength</c>: from 0 to 1).</summary>
    public double? Strength { get; init; }

    /// <summary>What to do (<c>task_type</c>: one of <c>text-to-image</c>, <c>image-to-image</c>, <c>image-edit</c>).</summary>
    public string? TaskType { get; init; }

    internal override void AddFields(Models.OptionFields fields)
    {
        base.AddFields(fields);
        fields
            .Add(nameof(Acceleration), "acceleration", Acceleration)
            .Add(nameof(GuidanceScale), "guidance_scale", GuidanceScale)
            .Add(nameof(ImageSize), "image_size", ImageSize)
            .Add(nameof(ImageUrl), "image_url", ImageUrl)
            .Add(nameof(NegativePrompt), "negative_prompt", NegativePrompt)
            .Add(nameof(NumImages), "num_images", NumImages)
            .Add(nameof(NumInferenceSteps), "num_inference_steps", NumInferenceSteps)
            .Add(nameof(OutputFormat), "output_format", OutputFormat)
            .Add(nameof(Seed), "seed", Seed)
            .Add(nameof(Strength), "strength", Strength)
            .Add(nameof(TaskType), "task_type", TaskType);
    }
}
