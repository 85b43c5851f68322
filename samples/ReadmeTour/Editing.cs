// Editing.cs
using ImagingClient;
using ImagingClient.Providers.Concurred;

static class Editing
{
    public static async Task<ImageResult> AddSunglassesAsync(IImageClient client, Uri portraitUrl)
    {
        return await client.EditAsync(new ImageEditRequest
        {
            Prompt = "Add sunglasses to the person",
            Model = ConcurredModels.FluxKontext,
            Image = ImageInput.FromUri(portraitUrl),
            Seed = 42,
        });
    }
}
