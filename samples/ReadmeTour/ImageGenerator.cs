// ImageGenerator.cs
// Microsoft.Extensions.AI marks its image abstractions experimental (MEAI001).
#pragma warning disable MEAI001
using ImagingClient;
using ImagingClient.AI;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;

static class Generators
{
    public static async Task DrawAsync(IImageClient client)
    {
        using IImageGenerator generator = client.AsImageGenerator("apiframe:flux-2-pro");

        var response = await generator.GenerateImagesAsync("A lighthouse at dawn", new ImageGenerationOptions
        {
            ImageSize = new System.Drawing.Size(1024, 768),
            AdditionalProperties = new() { [ImageGeneratorPropertyNames.Seed] = 42 },
        });
        var image = response.Contents.OfType<DataContent>().First();
        await image.SaveToAsync("lighthouse.png");

        // One original image: an edit, or for a model like this that generates from references, a generation from it.
        var edited = await generator.EditImageAsync(image, "The same at night");
        await edited.Contents.OfType<DataContent>().First().SaveToAsync("lighthouse-night.png");
    }

    // In a container: IImageGenerator over the router, with its model.
    public static IServiceCollection AddGenerator(this IServiceCollection services, string apiKey)
    {
        services.AddImagingClient()
            .AddApiframe(o => o.ApiKey = apiKey)
            .AddImageGenerator("apiframe:flux-2-pro");
        return services;
    }
}
