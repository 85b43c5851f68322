namespace ImagingClient.Providers.Apiframe;

/// <summary>
/// The parameters of Apiframe's model <c>kling-image</c> (<c>klingImageParams</c>).
/// Set as <see cref="ImageRequest.ProviderOptions"/>; a record of another family is refused before anything is sent.
/// Properties left <see langword="null"/> are not sent, so Apiframe's defaults apply.
/// </summary>
/// <remarks>
/// Unified fields set these parameters too (a unified field and a property may both be set only to the same value):
/// <see cref="ImageRequest.AspectRatio"/> sets <c>aspect_ratio</c>;
/// <see cref="ImageGenerationRequest.ReferenceImages"/> (with one image) sets <c>image</c>;
/// <see cref="ImageRequest.Count"/> sets <c>n</c>;
/// <see cref="ImageRequest.NegativePrompt"/> sets <c>negative_prompt</c>.
/// </remarks>
public sealed record ApiframeKlingImageOptions : ApiframeImageOptions
{
    internal override string? Family => "klingImage";

    /// <summary>The aspect ratio (<c>aspect_ratio</c>: one of <c>16:9</c>, <c>9:16</c>, <c>1:1</c>, <c>4:3</c>, <c>3:4</c>, <c>3:2</c>, <c>2:3</c>). Also set by <see cref="ImageRequest.AspectRatio"/>.</summary>
    public string? AspectRatio { get; init; }

    /// <summary>A reference image (<c>image</c>). A URL, or a local image, which is uploaded first. Also set by <see cref="ImageGenerationRequest.ReferenceImages"/> (with one image).</summary>
    public ImageInput? Image { get; init; }

    /// <summary>How closely the image follows <see cref="Image"/> (<c>image_fidelity</c>: from 0 to 1).</summary>
    public double? ImageFidelity { get; init; }

    /// <summary>The Kling model version (<c>model_name</c>: one of <c>kling-v1</c>, <c>kling-v1-5</c>, <c>kling-v2</c>).</summary>
    public string? ModelName { get; init; }

    /// <summary>How many images to make (<c>n</c>: from 1 to 4). Also set by <see cref="ImageRequest.Count"/>.</summary>
    public int? NumberOfImages { get; init; }

    /// <summary>What the image should not contain (<c>negative_prompt</c>: at most 2500 characters). Also set by <see cref="ImageRequest.NegativePrompt"/>.</summary>
    public string? NegativePrompt { get; init; }

    internal override void AddFields(Models.OptionFields fields)
    {
        base.AddFields(fields);
        fields
            .Add(nameof(AspectRatio), "aspect_ratio", AspectRatio)
            .Add(nameof(Image), "image", Image)
            .Add(nameof(ImageFidelity), "image_fidelity", ImageFidelity)
            .Add(nameof(ModelName), "model_name", ModelName)
            .Add(nameof(NumberOfImages), "n", NumberOfImages)
            .Add(nameof(NegativePrompt), "negative_prompt", NegativePrompt);
    }
}
