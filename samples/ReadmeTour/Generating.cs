// Generating.cs
using ImagingClient;
using ImagingClient.Providers.Concurred;

static class Generating
{
    public static async Task<ImageResult> GardenAsync(IImageClient client)
    {
        return await client.GenerateAsync(new ImageGenerationRequest
        {
            Prompt = "A watercolor of a Japanese garden",
            Model = ConcurredModels.Imagen4Ultra,           // "concurred:imagen-4-ultra"
            AspectRatio = ImageAspectRatio.Landscape16x9,
            Count = 2,
            ProviderOptions = new ConcurredImageOptions { ImageSize = ConcurredImageSize.TwoK },
        });
    }
}
