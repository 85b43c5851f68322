namespace ImagingClient.Emulator.Concurred;

/// <summary>The upstream family a Concurred model belongs to; it decides which fields the model takes.</summary>
internal enum ConcurredFamily
{
    /// <summary>Google Imagen: <c>aspect_ratio</c>, <c>num_images</c>, <c>image_size</c>; base64 results.</summary>
    Google,

    /// <summary>Black Forest Labs Flux: <c>width</c>, <c>height</c>, <c>seed</c>; URLs expire after 10 minutes.</summary>
    Flux,

    /// <summary>fal.ai hosted models: <c>width</c>, <c>height</c>, <c>aspect_ratio</c>; URLs do not expire.</summary>
    Fal,
}

/// <summary>One Concurred model id and what it accepts.</summary>
internal sealed record ConcurredModel(string Id, ConcurredFamily Family)
{
    /// <summary>The <c>data.provider</c> string in responses.</summary>
    public string Provider => Family switch
    {
        ConcurredFamily.Google => "google",
        ConcurredFamily.Flux => "flux",
        _ => "fal",
    };

    /// <summary>Human-readable family name used in validation messages.</summary>
    public string FamilyName => Family switch
    {
        ConcurredFamily.Google => "Google Imagen",
        ConcurredFamily.Flux => "Flux",
        _ => "fal.ai",
    };

    /// <summary>How long result URLs stay valid; null when they do not expire.</summary>
    public TimeSpan? UrlLifetime => Family == ConcurredFamily.Flux ? TimeSpan.FromMinutes(10) : null;
}

/// <summary>The model catalog from the Concurred image API page.</summary>
internal static class ConcurredModels
{
    public const string DefaultGenerateModel = "flux-2-pro";
    public const string DefaultEditModel = "qwen-image-edit";

    public static IReadOnlyDictionary<string, ConcurredModel> Generate { get; } = Catalog(
        new("imagen-4", ConcurredFamily.Google),
        new("imagen-4-fast", ConcurredFamily.Google),
        new("imagen-4-ultra", ConcurredFamily.Google),
        new("flux-2-pro", ConcurredFamily.Flux),
        new("flux-2-klein", ConcurredFamily.Flux),
        new("flux-1.1-pro", ConcurredFamily.Flux),
        new("recraft-v4", ConcurredFamily.Fal),
        new("recraft-v3", ConcurredFamily.Fal),
        new("ideogram-v3", ConcurredFamily.Fal),
        new("sd-3.5", ConcurredFamily.Fal),
        new("qwen-image", ConcurredFamily.Fal));

    public static IReadOnlyDictionary<string, ConcurredModel> Edit { get; } = Catalog(
        new("flux-kontext", ConcurredFamily.Flux),
        new("qwen-image-edit", ConcurredFamily.Fal),
        new("seedream-5", ConcurredFamily.Fal));

    private static Dictionary<string, ConcurredModel> Catalog(params ConcurredModel[] models) =>
        models.ToDictionary(model => model.Id, StringComparer.Ordinal);
}
