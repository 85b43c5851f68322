namespace ImagingClient.Providers.Concurred;

/// <summary>
/// Concurred's models, as ids ready for <see cref="ImageRequest.Model"/>. Ids not listed here are passed through
/// unvalidated (with a warning), so a model Concurred adds later works without a new SDK release.
/// </summary>
public static class ConcurredModels
{
    /// <summary>The provider's name in model ids: <c>"concurred"</c>.</summary>
    public const string ProviderName = "concurred";

    /// <summary>Google Imagen 4 (base64 output; aspect ratio, count 1–4, image size).</summary>
    public const string Imagen4 = "concurred:imagen-4";

    /// <summary>Google Imagen 4 Fast.</summary>
    public const string Imagen4Fast = "concurred:imagen-4-fast";

    /// <summary>Google Imagen 4 Ultra.</summary>
    public const string Imagen4Ultra = "concurred:imagen-4-ultra";

    /// <summary>BFL Flux 2 Pro, the default generation model (width/height, seed; URLs expire after 10 minutes).</summary>
    public const string Flux2Pro = "concurred:flux-2-pro";

    /// <summary>BFL Flux 2 Klein.</summary>
    public const string Flux2Klein = "concurred:flux-2-klein";

    /// <summary>BFL Flux 1.1 Pro.</summary>
    public const string Flux11Pro = "concurred:flux-1.1-pro";

    /// <summary>fal.ai Recraft V4 (width/height, aspect ratio).</summary>
    public const string RecraftV4 = "concurred:recraft-v4";

    /// <summary>fal.ai Recraft V3.</summary>
    public const string RecraftV3 = "concurred:recraft-v3";

    /// <summary>fal.ai Ideogram V3.</summary>
    public const string IdeogramV3 = "concurred:ideogram-v3";

    /// <summary>fal.ai Stable Diffusion 3.5.</summary>
    public const string StableDiffusion35 = "concurred:sd-3.5";

    /// <summary>fal.ai Qwen Image.</summary>
    public const string QwenImage = "concurred:qwen-image";

    /// <summary>BFL Flux Kontext, an edit model (seed).</summary>
    public const string FluxKontext = "concurred:flux-kontext";

    /// <summary>fal.ai Qwen Image Edit, the default edit model.</summary>
    public const string QwenImageEdit = "concurred:qwen-image-edit";

    /// <summary>fal.ai Seedream 5, an edit model.</summary>
    public const string Seedream5 = "concurred:seedream-5";
}
