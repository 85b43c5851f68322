using ImagingClient.Models;

namespace ImagingClient.Providers.Kie;

/// <summary>Kie.ai's Flux Kontext models and every field of <c>POST /api/v1/flux/kontext/generate</c>, as data.</summary>
internal static class KieCatalog
{
    public const string DefaultModel = "flux-kontext-pro";

    /// <summary>The one family of Kie models this SDK serves.</summary>
    public const string FluxKontext = "flux-kontext";

    private static readonly RouteSpec Route = new(HttpMethod.Post, "api/v1/flux/kontext/generate", ModelInBody: true, RouteMode.Async, ImageShape.SingleUrl);

    private static readonly FieldSpec[] GenerateFields =
    [
        new("prompt", FieldType.String) { Unified = UnifiedField.Prompt, Required = true, MinLength = 1 },
        new("enableTranslation", FieldType.Boolean) { Option = nameof(KieFluxKontextOptions.EnableTranslation), Default = true },
        new("uploadCn", FieldType.Boolean) { Option = nameof(KieFluxKontextOptions.UploadCn), Default = false },
        new("aspectRatio", FieldType.String) { Unified = UnifiedField.AspectRatio, Allowed = FieldSpec.Values("21:9", "16:9", "4:3", "1:1", "3:4", "9:16"), Default = "16:9" },
        new("outputFormat", FieldType.String) { Unified = UnifiedField.OutputFormat, Allowed = FieldSpec.Values("jpeg", "png"), Default = "jpeg" },
        new("promptUpsampling", FieldType.Boolean) { Option = nameof(KieFluxKontextOptions.PromptUpsampling), Default = false },
        new("callBackUrl", FieldType.Url) { Unified = UnifiedField.WebhookUrl },
        new("safetyTolerance", FieldType.Integer) { Option = nameof(KieFluxKontextOptions.SafetyTolerance), Min = 0, Max = 6, Default = 2L },
        new("watermark", FieldType.String) { Option = nameof(KieFluxKontextOptions.Watermark), MinLength = 1 },
    ];

    /// <summary>Editing takes the source image, and a lower safety tolerance (0–2); the aspect ratio is sent only if asked.</summary>
    private static readonly FieldSpec[] EditFields =
    [
        .. GenerateFields.Take(3),
        new("inputImage", FieldType.ImageUrl) { Unified = UnifiedField.Image, Required = true },
        .. GenerateFields.Skip(3).Select(f => f.WireName == "safetyTolerance" ? f with { Max = 2 } : f),
    ];

    public static readonly ModelCatalog Catalog = new(
        KieModels.ProviderName,
        "Kie",
        [
            Model("flux-kontext-pro", ImageOperationKind.Generate),
            Model("flux-kontext-max", ImageOperationKind.Generate),
            Model("flux-kontext-pro", ImageOperationKind.Edit),
            Model("flux-kontext-max", ImageOperationKind.Edit),
        ],
        new Dictionary<ImageOperationKind, string> { [ImageOperationKind.Generate] = DefaultModel, [ImageOperationKind.Edit] = DefaultModel },
        static (id, operation) => Model(id, operation) with { IsCatalogued = false });

    private static ModelSpec Model(string id, ImageOperationKind operation) => new()
    {
        Id = id,
        Family = FluxKontext,
        Operation = operation,
        Route = Route,
        Fields = operation == ImageOperationKind.Edit ? EditFields : GenerateFields,
        UrlLifetime = KieTaskReader.ResultLifetime,
    };
}
