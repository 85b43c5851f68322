using ImagingClient.Models;

namespace ImagingClient.Providers.Apiframe;

/// <summary>
/// Apiframe's catalog: every model of its image routes, as generated from its OpenAPI document
/// (<c>ApiframeCatalog.g.cs</c>), with the defaults, the pass-through for ids it does not list, and the local-image
/// uploads Apiframe takes.
/// </summary>
internal static partial class ApiframeCatalog
{
    public const string DefaultGenerationModel = "flux-2-pro";
    public const string DefaultEditModel = "flux-fill-pro";

    /// <summary>What <c>POST /v2/uploads</c> takes: images of at most 25 MB, PNG, JPEG, WebP or GIF.</summary>
    public static readonly LocalImagePolicy Uploads = new(25 * 1024 * 1024, ["image/png", "image/jpeg", "image/webp", "image/gif"]) { Uploads = true };

    /// <summary>
    /// The generation and edit models, looked up by <see cref="RequestValidator"/>; the upscale, background removal and
    /// Midjourney action specs are in it too (under their own operations), so a field one of them does not take is
    /// refused with the models that take it, and <see cref="Spec"/> finds them.
    /// </summary>
    public static readonly ModelCatalog Catalog = new(
        ApiframeModels.ProviderName,
        "Apiframe",
        [.. GenerateModels, .. EditModels, .. UpscaleModels, .. BackgroundRemovalModels, .. MidjourneyActions],
        new Dictionary<ImageOperationKind, string> { [ImageOperationKind.Generate] = DefaultGenerationModel, [ImageOperationKind.Edit] = DefaultEditModel },
        Unknown)
    {
        LocalImages = Uploads,
    };

    /// <summary>
    /// The spec of an upscale model (<c>topaz-image-upscale</c>, <c>clarity-upscale</c>), a background removal model
    /// (<c>bria-bg-remove</c>, <c>851-bg-remove</c>) or a Midjourney action (<c>upsample</c>, <c>variation</c>,
    /// <c>inpaint</c>, <c>outpaint</c>, <c>pan</c>), by its id (ignoring case), for
    /// <see cref="RequestValidator.ValidateFields"/>.
    /// </summary>
    /// <exception cref="ArgumentException">The id is not one of the operation's.</exception>
    public static ModelSpec Spec(ImageOperationKind operation, string id)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(id);
        if (operation is ImageOperationKind.Generate or ImageOperationKind.Edit)
        {
            throw new ArgumentException($"Use Catalog.Resolve for a {operation} model.", nameof(operation));
        }

        return Catalog.Find(id, operation) ?? throw new ArgumentException(
            $"'{id}' is not an Apiframe model when {ModelCatalog.Doing(operation)}; use one of {string.Join(", ", Catalog.Models.Where(m => m.Operation == operation).Select(m => m.Id))}.",
            nameof(id));
    }

    /// <summary>
    /// An id the catalog does not know: the prompt, the webhook fields and the idempotency key are sent (the prompt
    /// without a length limit, which the model may have), nothing of a parameter block, since its name is not known.
    /// </summary>
    private static ModelSpec Unknown(string id, ImageOperationKind operation)
    {
        var template = Catalog.Find(DefaultGenerationModel, ImageOperationKind.Generate)!;
        var route = Catalog.Models.First(m => m.Operation == operation).Route;
        return new ModelSpec
        {
            Id = id,
            Family = "unknown",
            Operation = operation,
            Route = route,
            UrlLifetime = template.UrlLifetime,
            IsCatalogued = false,
            Fields =
            [
                .. template.Fields
                    .Where(f => f.Block is null)
                    .Select(f => f.Unified == UnifiedField.Prompt ? f with { MaxLength = null } : f),
            ],
        };
    }
}
