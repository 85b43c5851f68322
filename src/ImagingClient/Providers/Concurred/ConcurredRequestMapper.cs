using ImagingClient.Models;
using ImagingClient.Providers.Concurred.Wire;

namespace ImagingClient.Providers.Concurred;

/// <summary>
/// Turns unified requests into Concurred's wire bodies, checking every field against the model catalog first so that
/// nothing invalid is ever sent.
/// </summary>
internal static class ConcurredRequestMapper
{
    private const string SizeTakers = "only Flux (flux-2-pro, flux-2-klein, flux-1.1-pro) and fal.ai (recraft-v4, recraft-v3, ideogram-v3, sd-3.5, qwen-image) models take width and height";
    private const string AspectTakers = "only Google Imagen (imagen-4, imagen-4-fast, imagen-4-ultra) and fal.ai models take an aspect ratio";
    private const string ImagenOnly = "only Google Imagen models (imagen-4, imagen-4-fast, imagen-4-ultra) take it";
    private const string SeedTakers = "only Flux models take a seed (on edit: flux-kontext)";
    private const string EditFields = "Concurred's edit endpoint takes only prompt, image_url, model and seed";

    public static (ConcurredGenerateBody Body, RequestFieldGate Gate, ConcurredModel? Model) MapGenerate(
        ImageGenerationRequest request,
        UnsupportedFieldHandling handling)
    {
        ArgumentNullException.ThrowIfNull(request);
        RequestChecks.RequirePrompt(request.Prompt);
        var model = ConcurredCatalog.Find(ModelReference.ResolveFor(ConcurredModels.ProviderName, request.Model, ConcurredCatalog.DefaultGenerationModel), out var modelId);
        if (model is { Operation: ImageOperation.Edit })
        {
            throw new ArgumentException(
                $"Model '{ConcurredModels.ProviderName}:{modelId}' is an edit model: call EditAsync with it, or choose a generation model such as '{ConcurredModels.Flux2Pro}'.",
                nameof(ImageRequest.Model));
        }

        var gate = new RequestFieldGate(ConcurredModels.ProviderName, modelId, handling);
        var options = gate.ProviderOptions<ConcurredImageOptions>(request.ProviderOptions);
        WarnIfUncatalogued(gate, model);
        RequestChecks.RequireInitialized(request.AspectRatio?.ToString(), nameof(ImageRequest.AspectRatio), "ImageAspectRatio.Square or new ImageAspectRatio(\"16:9\")");
        RequestChecks.RequireInitialized(options?.ImageSize?.ToString(), nameof(ConcurredImageOptions.ImageSize), "ConcurredImageSize.OneK or ConcurredImageSize.TwoK");

        var takesSize = model?.TakesSize ?? true;
        var takesAspect = model?.TakesAspectRatio ?? true;
        var takesImagenFields = model?.TakesCountAndImageSize ?? true;
        var takesSeed = model?.TakesSeed ?? true;

        var sendWidth = gate.Admit(request.Width.HasValue, takesSize, nameof(ImageRequest.Width), SizeTakers);
        var sendHeight = gate.Admit(request.Height.HasValue, takesSize, nameof(ImageRequest.Height), SizeTakers);
        var sendAspect = gate.Admit(request.AspectRatio.HasValue, takesAspect, nameof(ImageRequest.AspectRatio), AspectTakers);
        RequestChecks.RequireCount(request.Count);
        // One image is what every model makes: Count = 1 is sent only to a model known to take num_images.
        var sendCount = gate.Admit(request.Count is > 1 || (request.Count == 1 && model?.TakesCountAndImageSize == true), takesImagenFields, nameof(ImageRequest.Count), $"more than one image per call: {ImagenOnly}");
        var sendImageSize = gate.Admit(options?.ImageSize is not null, takesImagenFields, $"{nameof(ConcurredImageOptions)}.{nameof(ConcurredImageOptions.ImageSize)}", ImagenOnly);
        var sendSeed = gate.Admit(request.Seed.HasValue, takesSeed, nameof(ImageRequest.Seed), SeedTakers);
        RejectFieldsConcurredLacks(request, gate);

        if (model is not null)
        {
            gate.RequireRange(sendWidth ? request.Width : null, ConcurredCatalog.MinSide, ConcurredCatalog.MaxSide, nameof(ImageRequest.Width));
            gate.RequireRange(sendHeight ? request.Height : null, ConcurredCatalog.MinSide, ConcurredCatalog.MaxSide, nameof(ImageRequest.Height));
            gate.RequireRange(sendCount ? request.Count : null, 1, ConcurredCatalog.MaxCount, nameof(ImageRequest.Count));
            RequestChecks.RequireOneOf(sendAspect ? request.AspectRatio?.ToString() : null, ConcurredCatalog.AspectRatios, nameof(ImageRequest.AspectRatio), gate);
            RequestChecks.RequireOneOf(sendImageSize ? options!.ImageSize.ToString() : null, ConcurredCatalog.ImageSizes, nameof(ConcurredImageOptions.ImageSize), gate);
        }
        else
        {
            gate.RequireRange(sendWidth ? request.Width : null, 1, int.MaxValue, nameof(ImageRequest.Width));
            gate.RequireRange(sendHeight ? request.Height : null, 1, int.MaxValue, nameof(ImageRequest.Height));
        }

        RequireSeed(sendSeed ? request.Seed : null);

        var body = new ConcurredGenerateBody
        {
            Model = modelId,
            Prompt = request.Prompt,
            Width = sendWidth ? request.Width : null,
            Height = sendHeight ? request.Height : null,
            AspectRatio = sendAspect ? request.AspectRatio.ToString() : null,
            NumImages = sendCount ? request.Count : null,
            ImageSize = sendImageSize ? options!.ImageSize.ToString() : null,
            Seed = sendSeed ? request.Seed : null,
        };
        return (body, gate, model);
    }

    public static (ConcurredEditBody Body, RequestFieldGate Gate, ConcurredModel? Model) MapEdit(
        ImageEditRequest request,
        UnsupportedFieldHandling handling)
    {
        ArgumentNullException.ThrowIfNull(request);
        RequestChecks.RequirePrompt(request.Prompt);
        var imageUrl = RequestChecks.RequireUrlInput(request.Image, "Concurred's edit endpoint takes the source image", "image_url", "Concurred");
        var model = ConcurredCatalog.Find(ModelReference.ResolveFor(ConcurredModels.ProviderName, request.Model, ConcurredCatalog.DefaultEditModel), out var modelId);
        if (model is { Operation: ImageOperation.Generate })
        {
            throw new ArgumentException(
                $"Model '{ConcurredModels.ProviderName}:{modelId}' is a generation model: call GenerateAsync with it, or choose an edit model ('{ConcurredModels.QwenImageEdit}', '{ConcurredModels.FluxKontext}' or '{ConcurredModels.Seedream5}').",
                nameof(ImageRequest.Model));
        }

        var gate = new RequestFieldGate(ConcurredModels.ProviderName, modelId, handling);
        var options = gate.ProviderOptions<ConcurredImageOptions>(request.ProviderOptions);
        WarnIfUncatalogued(gate, model);

        RequestChecks.RequireCount(request.Count);
        gate.Admit(request.Width.HasValue, false, nameof(ImageRequest.Width), EditFields);
        gate.Admit(request.Height.HasValue, false, nameof(ImageRequest.Height), EditFields);
        gate.Admit(request.AspectRatio.HasValue, false, nameof(ImageRequest.AspectRatio), EditFields);
        gate.Admit(request.Count is > 1, false, nameof(ImageRequest.Count), EditFields);
        gate.Admit(options?.ImageSize is not null, false, $"{nameof(ConcurredImageOptions)}.{nameof(ConcurredImageOptions.ImageSize)}", EditFields);
        var sendSeed = gate.Admit(request.Seed.HasValue, model?.TakesSeed ?? true, nameof(ImageRequest.Seed), SeedTakers);
        RejectFieldsConcurredLacks(request, gate);
        RequireSeed(sendSeed ? request.Seed : null);

        var body = new ConcurredEditBody
        {
            Model = modelId,
            Prompt = request.Prompt,
            ImageUrl = imageUrl,
            Seed = sendSeed ? request.Seed : null,
        };
        return (body, gate, model);
    }

    private static void RejectFieldsConcurredLacks(ImageRequest request, RequestFieldGate gate)
    {
        gate.Admit(request.NegativePrompt is not null, false, nameof(ImageRequest.NegativePrompt), "no Concurred model takes a negative prompt");
        gate.Admit(request.OutputFormat.HasValue, false, nameof(ImageRequest.OutputFormat), "Concurred chooses the encoding itself");
        gate.Admit(request.WebhookUrl is not null, false, nameof(ImageRequest.WebhookUrl), "Concurred answers synchronously and sends no callbacks");
        gate.Admit(request.IdempotencyKey is not null, false, nameof(ImageRequest.IdempotencyKey), "Concurred does not support idempotency keys");
    }

    private static void WarnIfUncatalogued(RequestFieldGate gate, ConcurredModel? model)
    {
        if (model is null)
        {
            gate.Warn($"Model '{gate.Provider}:{gate.Model}' is not in ImagingClient's Concurred catalog; its fields were sent without validation.");
        }
    }

    private static void RequireSeed(long? seed)
    {
        if (seed is < 0 or > uint.MaxValue)
        {
            throw new ArgumentOutOfRangeException(nameof(ImageRequest.Seed), seed, $"Seed must be between 0 and {uint.MaxValue}; it was {seed}.");
        }
    }
}
