// RelayGpu.cs
using ImagingClient;
using ImagingClient.Providers.RelayGpu;
using Microsoft.Extensions.DependencyInjection;

static class RelayGpu
{
    public static IImageClient Create(string apiKey, string webhookSecret) =>
        ImageClient.Create(imaging => imaging.AddRelayGpu(o =>
        {
            o.ApiKey = apiKey;                        // X-API-Key: relay_sk_… (or AllowGuest = true, with guest limits)
            o.Webhooks.Secret = webhookSecret;        // whsec_…, for RelayGpuWebhookVerifier
        }));

    // Synchronous by default: one call, the images in the answer (base64 for Flux).
    public static Task<ImageResult> FluxWithSeedAsync(IImageClient client) =>
        client.GenerateAsync(new ImageGenerationRequest
        {
            Prompt = "A lighthouse on a rocky coast at dawn, watercolor",
            Model = RelayGpuModels.Flux2Pro,                   // "relaygpu:black-forest-labs/FLUX-2-pro"
            Width = 1024,                                      // 64–2048, multiples of 32
            Height = 768,
            Seed = 42,
            ProviderOptions = new RelayGpuFluxOptions { SafetyTolerance = 2 },
        });

    // Asynchronous: "async": true, an Idempotency-Key, a task polled without the key; resumable from its token.
    public static async Task<ImageResult> QwenAsyncAsync(IImageClient client)
    {
        var job = await client.StartGenerateAsync(new ImageGenerationRequest
        {
            Prompt = "A paper boat on a calm lake",
            Model = RelayGpuModels.QwenImage,
            Width = 1024,
            Height = 1024,                                     // sent as size "1024x1024"
        });
        string saved = job.ResumeToken!.ToString();            // the task lives 1 hour after it ends

        var resumed = await client.ResumeJobAsync(ImageJobToken.Parse(saved));
        return await resumed.WaitForCompletionAsync();
    }

    // A GPT Image edit from local files: the image and the mask (transparent pixels mark the area) are sent as base64.
    public static Task<ImageResult> EditWithMaskAsync(IImageClient client) =>
        client.EditAsync(new ImageEditRequest
        {
            Prompt = "Replace the sky with a starry night",
            Model = RelayGpuModels.GptImage15I2I,
            Image = ImageInput.FromFile("photo.png"),
            ProviderOptions = new RelayGpuGptImageOptions { Mask = ImageInput.FromFile("sky-mask.png"), Quality = "high" },
        });

    // A webhook (Standard Webhooks): verified, deduplicated on its webhook-id, read like a poll.
    public static async Task<ImageResult?> OnWebhookAsync(RelayGpuWebhookVerifier verifier, IImageClient client, Func<string, string?> header, byte[] body, ISet<string> seen)
    {
        RelayGpuWebhookEvent delivery = verifier.Verify(header, body);    // RelayGpuWebhookException if forged or stale
        if (!seen.Add(delivery.EventId!))
        {
            return null;
        }

        return delivery.ResultOmitted
            ? await delivery.FetchResultAsync(client.GetRequiredService<IRelayGpuApi>())   // over 1 MiB: fetch it
            : delivery.GetResult();                                                       // or the ImagingApiException polling would throw
    }
}
