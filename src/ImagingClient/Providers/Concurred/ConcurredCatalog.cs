using ImagingClient.Models;

namespace ImagingClient.Providers.Concurred;

/// <summary>The 14 models of Concurred's image API (11 generation, 3 edit) and every field each takes, as data.</summary>
internal static class ConcurredCatalog
{
    public const string DefaultGenerationModel = "flux-2-pro";
    public const string DefaultEditModel = "qwen-image-edit";

    /// <summary>Google Imagen: aspect_ratio, num_images 1–4, image_size; base64 output.</summary>
    public const string Google = "google";

    /// <summary>Black Forest Labs Flux: width/height, seed; URLs that expire after 10 minutes.</summary>
    public const string Bfl = "bfl";

    /// <summary>fal.ai-hosted models: width/height, aspect_ratio.</summary>
    public const string Fal = "fal";

    /// <summary>The URL lifetime Concurred documents for Flux results.</summary>
    public static readonly TimeSpan FluxUrlLifetime = TimeSpan.FromMinutes(10);

    private static readonly RouteSpec GenerateRoute = new(HttpMethod.Post, "api/v1/image/generate", ModelInBody: true, RouteMode.Sync, ImageShape.UrlOrBase64Objects);
    private static readonly RouteSpec EditRoute = new(HttpMethod.Post, "api/v1/image/edit", ModelInBody: true, RouteMode.Sync, ImageShape.UrlOrBase64Objects);

    private static readonly FieldSpec Prompt = new("prompt", FieldType.String) { Unified = UnifiedField.Prompt, Required = true, MinLength = 1 };
    private static readonly FieldSpec Width = new("width", FieldType.Integer) { Unified = UnifiedField.Width, Min = 256, Max = 2048 };
    private static readonly FieldSpec Height = Width with { WireName = "height", Unified = UnifiedField.Height };
    private static readonly FieldSpec AspectRatio = new("aspect_ratio", FieldType.String) { Unified = UnifiedField.AspectRatio, Allowed = FieldSpec.Values("1:1", "3:4", "4:3", "9:16", "16:9") };
    private static readonly FieldSpec NumImages = new("num_images", FieldType.Integer) { Unified = UnifiedField.Count, Min = 1, Max = 4, Default = 1L };
    private static readonly FieldSpec ImageSize = new("image_size", FieldType.String)
    {
        Option = nameof(ConcurredImageOptions.ImageSize),
        Allowed = FieldSpec.Values("1K", "2K"),
        HowToSet = "ConcurredImageSize.OneK or ConcurredImageSize.TwoK",
    };

    private static readonly FieldSpec Seed = new("seed", FieldType.Integer) { Unified = UnifiedField.Seed, Min = 0, Max = uint.MaxValue };
    private static readonly FieldSpec ImageUrl = new("image_url", FieldType.ImageUrl) { Unified = UnifiedField.Image, Required = true };

    private static readonly FieldSpec[] GoogleFields = [Prompt, AspectRatio, NumImages, ImageSize];
    private static readonly FieldSpec[] BflFields = [Prompt, Width, Height, Seed];
    private static readonly FieldSpec[] FalFields = [Prompt, Width, Height, AspectRatio];

    public static readonly ModelCatalog Catalog = new(
        ConcurredModels.ProviderName,
        "Concurred",
        [
            Generate("imagen-4", Google, GoogleFields),
            Generate("imagen-4-fast", Google, GoogleFields),
            Generate("imagen-4-ultra", Google, GoogleFields),
            Generate("flux-2-pro", Bfl, BflFields),
            Generate("flux-2-klein", Bfl, BflFields),
            Generate("flux-1.1-pro", Bfl, BflFields),
            Generate("recraft-v4", Fal, FalFields),
            Generate("recraft-v3", Fal, FalFields),
            Generate("ideogram-v3", Fal, FalFields),
            Generate("sd-3.5", Fal, FalFields),
            Generate("qwen-image", Fal, FalFields),
            Edit("flux-kontext", Bfl, [Prompt, ImageUrl, Seed]),
            Edit("qwen-image-edit", Fal, [Prompt, ImageUrl]),
            Edit("seedream-5", Fal, [Prompt, ImageUrl]),
        ],
        new Dictionary<ImageOperationKind, string> { [ImageOperationKind.Generate] = DefaultGenerationModel, [ImageOperationKind.Edit] = DefaultEditModel },
        Unknown);

    /// <summary>
    /// An id the catalog does not know: every field some Concurred model takes is passed through, checked only for
    /// sense (positive sizes, a seed in range); one image (<c>Count = 1</c>) is not sent, since the model may not take
    /// <c>num_images</c>.
    /// </summary>
    private static ModelSpec Unknown(string id, ImageOperationKind operation) => new()
    {
        Id = id,
        Family = "unknown",
        Operation = operation,
        Route = operation == ImageOperationKind.Edit ? EditRoute : GenerateRoute,
        IsCatalogued = false,
        Fields = operation == ImageOperationKind.Edit
            ? [Prompt, ImageUrl, Seed]
            :
            [
                Prompt,
                Width with { Min = 1, Max = int.MaxValue },
                Height with { Min = 1, Max = int.MaxValue },
                AspectRatio with { Allowed = null },
                NumImages with { Min = 1, Max = null, NotSentWhen = 1L },
                ImageSize with { Allowed = null },
                Seed,
            ],
    };

    private static ModelSpec Generate(string id, string family, FieldSpec[] fields) => Model(id, family, ImageOperationKind.Generate, fields);

    private static ModelSpec Edit(string id, string family, FieldSpec[] fields) => Model(id, family, ImageOperationKind.Edit, fields);

    private static ModelSpec Model(string id, string family, ImageOperationKind operation, FieldSpec[] fields) => new()
    {
        Id = id,
        Family = family,
        Operation = operation,
        Route = operation == ImageOperationKind.Edit ? EditRoute : GenerateRoute,
        Fields = fields,
        UrlLifetime = family == Bfl ? FluxUrlLifetime : null,
    };
}
