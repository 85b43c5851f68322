namespace ImagingClient.Providers.RelayGpu;

/// <summary>
/// The parameters of <see cref="RelayGpuModels.Flux2Pro"/> (<c>POST /v2/image/flux/generate</c>), with those every
/// route takes. Set as <see cref="ImageRequest.ProviderOptions"/>; a record of another family is refused before
/// anything is sent. Properties left <see langword="null"/> are not sent, so RelayGPU's defaults apply.
/// </summary>
/// <remarks>
/// Unified fields set these parameters too (a unified field and a property may both be set only to the same value):
/// <see cref="ImageRequest.Width"/> and <see cref="ImageRequest.Height"/> set <c>width</c> and <c>height</c> (64 to
/// 2048, multiples of 32, default 1024); <see cref="ImageRequest.Seed"/> sets <c>seed</c>;
/// <see cref="ImageRequest.OutputFormat"/> sets <c>output_format</c>; <see cref="ImageGenerationRequest.ReferenceImages"/>
/// sets <c>input_image</c> to <c>input_image_4</c>.
/// </remarks>
public sealed record RelayGpuFluxOptions : RelayGpuImageOptions
{
    internal override string? Family => RelayGpuCatalog.FluxFamily;

    /// <summary>How strictly the output is moderated (<c>safety_tolerance</c>: from 0, the strictest, to 6, the least strict; default 2).</summary>
    public int? SafetyTolerance { get; init; }

    /// <summary>The encoding of the image (<c>output_format</c>: <c>png</c> (default) or <c>jpeg</c>). Also set by <see cref="ImageRequest.OutputFormat"/>.</summary>
    public string? OutputFormat { get; init; }

    /// <summary>Seed for reproducible output (<c>seed</c>). Also set by <see cref="ImageRequest.Seed"/>.</summary>
    public long? Seed { get; init; }

    /// <summary>
    /// Up to four reference images, sent as <c>input_image</c>, <c>input_image_2</c>, <c>input_image_3</c> and
    /// <c>input_image_4</c>, each as bare base64: local images (bytes, a file or a stream), read and sent inline; URLs are
    /// refused. Also set by <see cref="ImageGenerationRequest.ReferenceImages"/>.
    /// </summary>
    public IReadOnlyList<ImageInput>? InputImages { get; init; }

    internal override void AddFields(Models.OptionFields fields)
    {
        base.AddFields(fields);
        fields
            .Add(nameof(SafetyTolerance), "safety_tolerance", SafetyTolerance)
            .Add(nameof(OutputFormat), "output_format", OutputFormat)
            .Add(nameof(Seed), "seed", Seed)
            .Add(nameof(InputImages), "input_image", InputImages);
    }
}
