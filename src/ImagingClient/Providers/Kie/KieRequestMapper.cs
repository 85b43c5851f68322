using System.Collections.Frozen;
using ImagingClient.Models;
using ImagingClient.Providers.Kie.Wire;

namespace ImagingClient.Providers.Kie;

/// <summary>Turns unified requests into Kie's Flux Kontext body, checking every field first.</summary>
internal static class KieRequestMapper
{
    public const string DefaultModel = "flux-kontext-pro";
    public const int MaxSafetyToleranceGenerate = 6;
    public const int MaxSafetyToleranceEdit = 2;

    public static readonly FrozenSet<string> Models = FrozenSet.Create(StringComparer.OrdinalIgnoreCase, "flux-kontext-pro", "flux-kontext-max");
    public static readonly FrozenSet<string> AspectRatios = FrozenSet.Create(StringComparer.Ordinal, "21:9", "16:9", "4:3", "1:1", "3:4", "9:16");
    public static readonly FrozenSet<string> OutputFormats = FrozenSet.Create(StringComparer.Ordinal, "jpeg", "png");

    private const string NoSuchField = "Kie's Flux Kontext API has no such field";

    public static (KieGenerateBody Body, RequestFieldGate Gate) MapGenerate(ImageGenerationRequest request, UnsupportedFieldHandling handling)
    {
        ArgumentNullException.ThrowIfNull(request);
        return Map(request, inputImage: null, handling);
    }

    public static (KieGenerateBody Body, RequestFieldGate Gate) MapEdit(ImageEditRequest request, UnsupportedFieldHandling handling)
    {
        ArgumentNullException.ThrowIfNull(request);
        return Map(request, RequestChecks.RequireUrlInput(request.Image, "Kie's Flux Kontext API takes the image to edit", "inputImage", "Kie"), handling);
    }

    private static (KieGenerateBody Body, RequestFieldGate Gate) Map(ImageRequest request, string? inputImage, UnsupportedFieldHandling handling)
    {
        RequestChecks.RequirePrompt(request.Prompt);

        var requested = ModelReference.ResolveFor(KieModels.ProviderName, request.Model, DefaultModel);
        var known = Models.TryGetValue(requested, out var canonical);
        var model = known ? canonical! : requested;
        var gate = new RequestFieldGate(KieModels.ProviderName, model, handling);
        var options = gate.ProviderOptions<KieFluxKontextOptions>(request.ProviderOptions);
        if (!known)
        {
            gate.Warn($"Model '{KieModels.ProviderName}:{model}' is not one of Kie's Flux Kontext models (flux-kontext-pro, flux-kontext-max); it was sent without validation.");
        }

        gate.Admit(request.Width.HasValue, false, nameof(ImageRequest.Width), $"{NoSuchField}: choose the shape with AspectRatio");
        gate.Admit(request.Height.HasValue, false, nameof(ImageRequest.Height), $"{NoSuchField}: choose the shape with AspectRatio");
        RequestChecks.RequireCount(request.Count);

        gate.Admit(request.Count is > 1, false, nameof(ImageRequest.Count), "a Flux Kontext task makes one image");
        gate.Admit(request.Seed.HasValue, false, nameof(ImageRequest.Seed), NoSuchField);
        gate.Admit(request.NegativePrompt is not null, false, nameof(ImageRequest.NegativePrompt), NoSuchField);
        gate.Admit(request.IdempotencyKey is not null, false, nameof(ImageRequest.IdempotencyKey), "Kie documents no idempotency keys");

        var aspect = request.AspectRatio?.ToString();
        RequestChecks.RequireInitialized(aspect, nameof(ImageRequest.AspectRatio), "ImageAspectRatio.Square or new ImageAspectRatio(\"16:9\")");
        RequestChecks.RequireOneOf(aspect, AspectRatios, nameof(ImageRequest.AspectRatio), gate);
        var format = request.OutputFormat?.ToString();
        RequestChecks.RequireInitialized(format, nameof(ImageRequest.OutputFormat), "ImageOutputFormat.Png or ImageOutputFormat.Jpeg");
        RequestChecks.RequireOneOf(format, OutputFormats, nameof(ImageRequest.OutputFormat), gate);

        var maxTolerance = inputImage is null ? MaxSafetyToleranceGenerate : MaxSafetyToleranceEdit;
        if (options?.SafetyTolerance is { } tolerance && (tolerance < 0 || tolerance > maxTolerance))
        {
            throw new ArgumentOutOfRangeException(
                nameof(KieFluxKontextOptions.SafetyTolerance),
                tolerance,
                $"SafetyTolerance must be between 0 and {maxTolerance} when {(inputImage is null ? "generating" : "editing")}; it was {tolerance}.");
        }

        if (request.WebhookUrl is { } webhook && (!webhook.IsAbsoluteUri || (webhook.Scheme != Uri.UriSchemeHttps && webhook.Scheme != Uri.UriSchemeHttp)))
        {
            throw new ArgumentException($"WebhookUrl must be an absolute http or https URL Kie can reach; '{webhook}' is not.", nameof(ImageRequest.WebhookUrl));
        }

        if (options?.Watermark is { } watermark && string.IsNullOrWhiteSpace(watermark))
        {
            throw new ArgumentException("Watermark must not be blank; leave it null for no watermark.", nameof(KieFluxKontextOptions.Watermark));
        }

        var body = new KieGenerateBody
        {
            Prompt = request.Prompt,
            EnableTranslation = options?.EnableTranslation,
            UploadCn = options?.UploadCn,
            InputImage = inputImage,
            AspectRatio = aspect,
            OutputFormat = format,
            PromptUpsampling = options?.PromptUpsampling,
            Model = model,
            CallBackUrl = request.WebhookUrl?.OriginalString,
            SafetyTolerance = options?.SafetyTolerance,
            Watermark = options?.Watermark,
        };
        return (body, gate);
    }
}
