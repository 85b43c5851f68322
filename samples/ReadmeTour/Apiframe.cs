// Apiframe.cs
using ImagingClient;
using ImagingClient.Providers.Apiframe;
using ImagingClient.Webhooks;
using Microsoft.Extensions.DependencyInjection;

static class Apiframe
{
    public static IImageClient Create(string apiKey) =>
        ImageClient.Create(imaging => imaging.AddApiframe(o => o.ApiKey = apiKey));   // X-API-Key: afk_…

    // A Midjourney grid: four images and the grid itself; then an upsample of the second image.
    public static async Task<ImageResult> GridThenUpsampleAsync(IImageClient client)
    {
        ImageResult grid = await client.GenerateAsync(new ImageGenerationRequest
        {
            Prompt = "A lighthouse on a rocky coast at dawn, watercolor",
            Model = ApiframeModels.Midjourney,                  // "apiframe:midjourney"
            AspectRatio = ImageAspectRatio.Landscape16x9,       // midjourneyParams.aspect_ratio
        });
        for (var i = 0; i < grid.Images.Count; i++)
        {
            await grid.Images[i].SaveAsync($"lighthouse-{i + 1}.png");
        }

        var details = (ApiframeJobDetails)grid.ProviderDetails!;
        await details.Grid!.SaveAsync("lighthouse-grid.png");  // the 2×2 grid; URLs work for 24 hours (ExpiresAt)
        Console.WriteLine($"job {details.JobId} cost {details.CreditCost} credits");

        var apiframe = client.GetRequiredService<IApiframeApi>();
        return await apiframe.RunMidjourneyActionAsync(ApiframeMidjourney.Upsample(grid, 2));   // U2
    }

    // Flux 2 Pro with a seed: unified fields and the family's own record land in fluxParams.
    public static Task<ImageResult> FluxWithSeedAsync(IImageClient client) =>
        client.GenerateAsync(new ImageGenerationRequest
        {
            Prompt = "A paper boat on a calm lake",
            Model = ApiframeModels.Flux2Pro,
            Seed = 42,
            OutputFormat = ImageOutputFormat.Png,
            ProviderOptions = new ApiframeFluxOptions { Steps = 30, Guidance = 4.5, Resolution = "1MP" },
        });

    // An edit from a local file: the image and the mask are uploaded first (POST /v2/uploads), then Flux Fill Pro
    // inpaints; progress is reported as Apiframe reports it (0–100 %).
    public static async Task<ImageResult> EditLocalFileAsync(IImageClient client)
    {
        var job = await client.StartEditAsync(new ImageEditRequest
        {
            Prompt = "Paint the door red",
            Image = ImageInput.FromFile("house.png"),
            ProviderOptions = new ApiframeFluxFillOptions { Mask = ImageInput.FromFile("door-mask.png") },
            IdempotencyKey = "edit-house-42",                   // optional: one is made for every call anyway
        });
        var progress = new Progress<ImageJobProgress>(p => Console.WriteLine($"{p.Status} {p.Progress:P0}"));
        return await job.WaitForCompletionAsync(progress);
    }

    // Upscale and background removal are Apiframe's own operations, with typed requests.
    public static async Task<ImageResult> CleanUpAsync(IImageClient client, Uri photo)
    {
        var apiframe = client.GetRequiredService<IApiframeApi>();
        var cutout = await apiframe.RemoveBackgroundAsync(new ApiframeBriaBackgroundRemovalRequest { Image = ImageInput.FromUri(photo) });
        var cutoutUrl = ((RemoteGeneratedImage)cutout.Images[0]).Url;
        return await apiframe.UpscaleAsync(new ApiframeTopazUpscaleRequest { Image = ImageInput.FromUri(cutoutUrl), UpscaleFactor = 2 });
    }

    // A webhook: signed with HMAC-SHA256 keyed by SHA-256(API key); no timestamp, so deduplicate replays yourself.
    public static ImageResult? OnWebhook(ApiframeWebhookVerifier verifier, Func<string, string?> header, byte[] body, ISet<string> seen)
    {
        ApiframeWebhookEvent delivery = verifier.Verify(header, body);   // ApiframeWebhookException if forged
        if (!seen.Add(delivery.DeduplicationKey) || delivery.Kind == ImageWebhookEventKind.Progress)
        {
            return null;
        }

        return delivery.GetResult();                                     // or the ImagingApiException polling would throw
    }
}
