using System.Text.Json;

namespace ImagingClient.Emulator.Apiframe;

/// <summary>
/// One image model the emulator prices and lists in <c>GET /v2/models</c>.
/// </summary>
/// <param name="Id">The model id, as in the request's <c>model</c>.</param>
/// <param name="Label">The display name.</param>
/// <param name="Block">The request's parameter block, such as <c>fluxParams</c>.</param>
/// <param name="Cost">Credits per image (per output when <paramref name="CountField"/> is set, else per job).</param>
/// <param name="CountField">The block's field asking for several images, or null when the model makes one.</param>
/// <param name="MaxCount">The largest value <paramref name="CountField"/> accepts.</param>
internal sealed record ApiframeModel(string Id, string Label, string Block, int Cost, string? CountField = null, int MaxCount = 1)
{
    /// <summary>Gets <c>flat</c> or <c>per-output</c>, for the catalog.</summary>
    public string PricingMode => CountField is null ? "flat" : "per-output";
}

/// <summary>
/// The emulator's price list and catalog. Midjourney's 16 credits and GPT Image 1.5's 4/9/24 per image by quality
/// are Apiframe's documented prices; the rest are plausible figures of the same order (4 to 24 credits).
/// </summary>
internal static class ApiframeModels
{
    public const string Midjourney = "midjourney";

    /// <summary>What a Midjourney <c>upsample</c> action costs; every other action costs a full grid.</summary>
    public const int UpsampleCost = 8;

    /// <summary>What the other Midjourney actions cost (a new grid).</summary>
    public const int GridActionCost = 16;

    /// <summary>Every priced model, generation first, then edit, upscale and background removal.</summary>
    public static readonly IReadOnlyList<ApiframeModel> All =
    [
        new(Midjourney, "Midjourney", "midjourneyParams", 16),
        new("nano-banana", "Nano Banana", "nanoBananaParams", 8),
        new("nano-banana-pro", "Nano Banana Pro", "nanoBananaParams", 20),
        new("nano-banana-2", "Nano Banana 2", "nanoBananaParams", 12),
        new("nano-banana-2-lite", "Nano Banana 2 Lite", "nanoBananaParams", 6),
        new("flux-1.1-pro", "FLUX 1.1 Pro", "fluxParams", 8),
        new("flux-1.1-pro-ultra", "FLUX 1.1 Pro Ultra", "fluxParams", 12),
        new("flux-2-pro", "FLUX.2 Pro", "fluxParams", 10),
        new("flux-2-dev", "FLUX.2 Dev", "fluxParams", 6),
        new("flux-2-flex", "FLUX.2 Flex", "fluxParams", 12),
        new("flux-2-max", "FLUX.2 Max", "fluxParams", 16),
        new("seedream-3", "Seedream 3", "seedreamParams", 6),
        new("seedream-3.1", "Seedream 3.1", "seedreamParams", 6),
        new("seedream-4", "Seedream 4", "seedreamParams", 6),
        new("seedream-4.5", "Seedream 4.5", "seedreamParams", 8),
        new("seedream-5-lite", "Seedream 5 Lite", "seedreamParams", 6),
        new("seedream-5-pro", "Seedream 5 Pro", "seedreamParams", 10),
        new("ideogram-v2", "Ideogram V2", "ideogramParams", 16),
        new("ideogram-v2-turbo", "Ideogram V2 Turbo", "ideogramParams", 10),
        new("ideogram-v2a", "Ideogram V2a", "ideogramParams", 10),
        new("ideogram-v2a-turbo", "Ideogram V2a Turbo", "ideogramParams", 6),
        new("ideogram-v3-balanced", "Ideogram V3 Balanced", "ideogramParams", 12),
        new("ideogram-v3-turbo", "Ideogram V3 Turbo", "ideogramParams", 6),
        new("ideogram-v3-quality", "Ideogram V3 Quality", "ideogramParams", 18),
        new("ideogram-v4-balanced", "Ideogram V4 Balanced", "ideogramParams", 12),
        new("ideogram-v4-turbo", "Ideogram V4 Turbo", "ideogramParams", 6),
        new("ideogram-v4-quality", "Ideogram V4 Quality", "ideogramParams", 18),
        new("ideogram-character", "Ideogram Character", "ideogramParams", 20),
        new("stable-diffusion-3.5-large", "Stable Diffusion 3.5 Large", "stableDiffusionParams", 13),
        new("stable-diffusion-3.5-large-turbo", "Stable Diffusion 3.5 Large Turbo", "stableDiffusionParams", 8),
        new("stable-diffusion-3.5-medium", "Stable Diffusion 3.5 Medium", "stableDiffusionParams", 7),
        new("stable-diffusion-3", "Stable Diffusion 3", "stableDiffusionParams", 7),
        new("imagen-3", "Imagen 3", "imagenParams", 8),
        new("imagen-3-fast", "Imagen 3 Fast", "imagenParams", 4),
        new("imagen-4", "Imagen 4", "imagenParams", 8),
        new("imagen-4-ultra", "Imagen 4 Ultra", "imagenParams", 12),
        new("imagen-4-fast", "Imagen 4 Fast", "imagenParams", 4),
        new("dall-e-3", "DALL-E 3", "dalleParams", 8),
        new("dall-e-2", "DALL-E 2", "dalleParams", 4),
        new("gpt-image-1.5", "GPT Image 1.5", "gptImageParams", 24, "number_of_images", 10),
        new("gpt-image-2", "GPT Image 2", "gptImage2Params", 24, "number_of_images", 10),
        new("kling-image", "Kling Image", "klingImageParams", 4, "n", 4),
        new("qwen-image", "Qwen Image", "qwenImageParams", 6, "num_images", 4),
        new("qwen-image-2", "Qwen Image 2", "qwenImage2Params", 6),
        new("qwen-image-2-pro", "Qwen Image 2 Pro", "qwenImage2Params", 10),
        new("wan-image-2.6", "Wan Image 2.6", "wanImageParams", 6),
        new("wan-image-2.7", "Wan Image 2.7", "wanImage27Params", 8),
        new("wan-image-2.7-pro", "Wan Image 2.7 Pro", "wanImage27Params", 12),
        new("grok-imagine-image", "Grok Imagine Image", "grokImagineParams", 6),
        new("reve-create", "Reve Create", "reveParams", 8),
        new("flux-lora", "FLUX LoRA", "fluxLoraParams", 8, "num_outputs", 4),
        new("flux-fill-pro", "FLUX Fill Pro", "fluxFillParams", 10),
        new("topaz-image-upscale", "Topaz Image Upscale", "topazUpscaleParams", 12),
        new("clarity-upscale", "Clarity Upscale", "clarityUpscaleParams", 10),
        new("bria-bg-remove", "Bria Background Remove", "briaBgRemoveParams", 4),
        new("851-bg-remove", "851 Background Remove", "lab851BgRemoveParams", 1),
    ];

    private static readonly Dictionary<string, ApiframeModel> ById = All.ToDictionary(model => model.Id, StringComparer.Ordinal);

    public static ApiframeModel? Find(string id) => ById.TryGetValue(id, out var model) ? model : null;

    /// <summary>How many images a (valid) request asks for: its count field, else 1.</summary>
    public static int CountOf(ApiframeModel model, JsonElement body) =>
        model.CountField is { } field && body.TryGetProperty(model.Block, out var block) && block.TryGetProperty(field, out var count)
            ? (int)count.GetDouble()
            : 1;

    /// <summary>Credits per image: GPT Image's depend on <c>quality</c> (low 4, medium 9, high and auto 24).</summary>
    public static int UnitCost(ApiframeModel model, JsonElement body)
    {
        if (model.Block is "gptImageParams" or "gptImage2Params" &&
            body.TryGetProperty(model.Block, out var block) &&
            block.TryGetProperty("quality", out var quality))
        {
            return quality.GetString() switch
            {
                "low" => 4,
                "medium" => 9,
                _ => model.Cost,
            };
        }

        return model.Cost;
    }

    /// <summary>The lowest and highest a job of <paramref name="model"/> can cost.</summary>
    public static (int Min, int Max) CostRange(ApiframeModel model) => model.Block is "gptImageParams" or "gptImage2Params"
        ? (4, model.Cost * model.MaxCount)
        : (model.Cost, model.Cost * model.MaxCount);
}
