namespace ImagingClient.Providers.RelayGpu;

/// <summary>
/// RelayGPU's image models, as ids ready for <see cref="ImageRequest.Model"/>: <c>relaygpu:</c> and RelayGPU's own,
/// case-sensitive model name. Each model family has its own route and its own option record
/// (<see cref="RelayGpuFluxOptions"/>, <see cref="RelayGpuGeminiOptions"/>, …); <see cref="RelayGpuOptions"/> carries
/// what every image route takes.
/// </summary>
/// <remarks>
/// The flux, gemini-3, gpt-image and gpt-image-2 routes answer bare base64 images; the qwen, seedream and wan routes
/// answer URLs, which RelayGPU hosts for one hour unless <see cref="RelayGpuImageOptions.StoreOutput"/> asks for longer.
/// Every image route answers synchronously by default. An id not listed here is not validated by the SDK.
/// </remarks>
public static class RelayGpuModels
{
    /// <summary>The provider's name in model ids: <c>"relaygpu"</c>.</summary>
    public const string ProviderName = "relaygpu";

    /// <summary>
    /// FLUX.2 [pro] by Black Forest Labs on <c>POST /v2/image/flux/generate</c>: text to image, width and height from
    /// 64 to 2048 in multiples of 32, a seed, up to four reference images (base64). Answers base64 images.
    /// </summary>
    public const string Flux2Pro = "relaygpu:black-forest-labs/FLUX-2-pro";

    /// <summary>
    /// Gemini 3 Pro Image on <c>POST /v2/image/gemini-3/generate</c>, the route's default: text to image, or image to
    /// image with one <c>image</c> or up to 14 <c>images</c>; aspect ratio and image size 1K, 2K or 4K. Answers base64
    /// images.
    /// </summary>
    public const string Gemini3ProImage = "relaygpu:google/gemini-3-pro-image";

    /// <summary>
    /// Gemini 2.5 Flash Image on <c>POST /v2/image/gemini-3/generate</c>: text to image, or image to image with one
    /// reference <c>image</c>; aspect ratio and image size 1K, 2K or 4K. Answers base64 images.
    /// </summary>
    public const string Gemini25FlashImage = "relaygpu:google/gemini-2.5-flash-image";

    /// <summary>
    /// Gemini 3.1 Flash Image (preview) on <c>POST /v2/image/gemini-3/generate</c>: text to image, or image to image
    /// with one reference <c>image</c>; image size 0.5K, 1K, 2K or 4K (it ignores the aspect ratio). Answers base64
    /// images.
    /// </summary>
    public const string Gemini31FlashImagePreview = "relaygpu:google/gemini-3.1-flash-image-preview";

    /// <summary>
    /// GPT Image 1.5, text to image, on <c>POST /v2/image/gpt-image/generate</c> (the model is not sent: the route is
    /// the model): 1–4 images, sizes 1024x1024, 1024x1536 and 1536x1024, quality, output format and compression; a
    /// prompt of at most 32,000 characters. Answers base64 images.
    /// </summary>
    public const string GptImage15T2I = "relaygpu:openai/gpt-image-1.5-T2I";

    /// <summary>
    /// GPT Image 1.5, image editing, on <c>POST /v2/image/gpt-image/edit</c> (the model is not sent): the image to edit
    /// (base64), an optional PNG mask whose fully transparent pixels mark the area to edit, and the generation fields.
    /// Answers base64 images. An edit model: use it with <see cref="IImageClient.EditAsync"/>.
    /// </summary>
    public const string GptImage15I2I = "relaygpu:openai/gpt-image-1.5-I2I";

    /// <summary>
    /// GPT Image 2 on <c>POST /v2/image/gpt-image-2/generate</c>, the route's default: text to image with optional
    /// reference images, or an edit of one image with an optional mask; sizes from 1024x768 to 3840x2160, quality,
    /// output format and compression. Answers base64 images. Generates and edits.
    /// </summary>
    public const string GptImage2 = "relaygpu:openai/gpt-image-2";

    /// <summary>GPT Image 2.5 "sunburst" on <c>POST /v2/image/gpt-image-2/generate</c>: the fields of <see cref="GptImage2"/>. Answers base64 images. Generates and edits.</summary>
    public const string GptImage25Sunburst = "relaygpu:openai/gpt-image-2.5-sunburst";

    /// <summary>GPT Image 2.5 "flare" on <c>POST /v2/image/gpt-image-2/generate</c>: the fields of <see cref="GptImage2"/>. Answers base64 images. Generates and edits.</summary>
    public const string GptImage25Flare = "relaygpu:openai/gpt-image-2.5-flare";

    /// <summary>
    /// Qwen Image on <c>POST /v2/image/qwen/generate</c>, the default generation model: text to image, any
    /// <c>WxH</c> size (default 1024x1024), a seed. Answers URLs.
    /// </summary>
    public const string QwenImage = "relaygpu:Qwen/qwen-image";

    /// <summary>
    /// Qwen Image Edit on <c>POST /v2/image/qwen/edit</c>, the default edit model: the image to edit (a URL or
    /// base64), any <c>WxH</c> size, a seed. Answers URLs. An edit model: use it with <see cref="IImageClient.EditAsync"/>.
    /// </summary>
    public const string QwenImageEdit = "relaygpu:Qwen/qwen-image-edit";

    /// <summary>
    /// ByteDance Seedream 5.0 Pro on <c>POST /v2/image/seedream-5-0-pro/generate</c>: text to image with up to 14
    /// reference images (https URLs or data URIs); size 1K, 2K or <c>WxH</c> up to about 4.6 megapixels, watermark,
    /// JPEG or PNG. Answers URLs.
    /// </summary>
    public const string Seedream50Pro = "relaygpu:ByteDance/doubao-seedream-5-0-pro-260628";

    /// <summary>
    /// Wan 2.7 Image Pro on <c>POST /v2/image/wan-2-7-image-pro/generate</c>: text to image, or from one
    /// <c>image</c> or up to 14 <c>images</c> (URLs or data URIs); size 1K, 2K, 4K or <c>WxH</c>, 1–4 images (up to 16
    /// as a sequence), seed, watermark, thinking mode. Answers URLs.
    /// </summary>
    public const string Wan27ImagePro = "relaygpu:Wan-AI/Wan2.7-Image-Pro";

    /// <summary>
    /// Stable Diffusion (AUTOMATIC1111) on <c>POST /v2/automatic1111/sdapi/v1/txt2img</c> with the default checkpoint
    /// (<c>Realistic_Vision_V5.1.safetensors</c>): prompt, negative prompt, steps (default 20), width and height
    /// (default 512), CFG scale (default 7). Answers base64 images. Choose another checkpoint with
    /// <see cref="Automatic1111Checkpoint"/> or <see cref="RelayGpuAutomatic1111Options.Checkpoint"/>.
    /// </summary>
    /// <remarks>
    /// This route is documented by RelayGPU's original image page but absent from its current public API
    /// specification: it is supported as that page describes it, and RelayGPU may refuse it.
    /// </remarks>
    public const string Automatic1111 = "relaygpu:automatic1111";

    /// <summary>Every model id above, generation and edit models alike.</summary>
    public static IReadOnlyList<string> All { get; } =
    [
        Flux2Pro,
        Gemini3ProImage,
        Gemini25FlashImage,
        Gemini31FlashImagePreview,
        GptImage15T2I,
        GptImage15I2I,
        GptImage2,
        GptImage25Sunburst,
        GptImage25Flare,
        QwenImage,
        QwenImageEdit,
        Seedream50Pro,
        Wan27ImagePro,
        Automatic1111,
    ];

    /// <summary>
    /// The id of the Stable Diffusion route (<see cref="Automatic1111"/>) with a chosen checkpoint, such as
    /// <c>"relaygpu:automatic1111/Realistic_Vision_V5.1.safetensors"</c>; the checkpoint is sent as <c>model</c>.
    /// The original page lists <c>Realistic_Vision_V5.1.safetensors</c>, <c>illustriousRealismBy_v10VAE.safetensors</c>
    /// and <c>stable-diffusion-v1-5-pruned.safetensors</c>.
    /// </summary>
    /// <param name="checkpoint">The checkpoint's file name, exactly as RelayGPU spells it.</param>
    /// <returns><c>"relaygpu:automatic1111/"</c> followed by <paramref name="checkpoint"/>.</returns>
    /// <exception cref="ArgumentException">The checkpoint is blank, has spaces at either end, or holds control characters.</exception>
    public static string Automatic1111Checkpoint(string checkpoint)
    {
        if (CheckpointProblem(checkpoint) is { } problem)
        {
            throw new ArgumentException(problem, nameof(checkpoint));
        }

        return Automatic1111 + "/" + checkpoint;
    }

    /// <summary>What is wrong with a checkpoint name, or <see langword="null"/> when it can be sent.</summary>
    internal static string? CheckpointProblem(string? checkpoint) =>
        string.IsNullOrWhiteSpace(checkpoint) ? "The checkpoint must not be blank: give its file name, such as 'Realistic_Vision_V5.1.safetensors'."
        : checkpoint.Trim().Length != checkpoint.Length ? $"The checkpoint '{checkpoint}' has spaces at its start or end; give its file name exactly."
        : checkpoint.Any(char.IsControl) ? "The checkpoint holds control characters; give its file name exactly."
        : null;
}
