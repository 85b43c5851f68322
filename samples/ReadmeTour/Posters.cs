// Posters.cs
using ImagingClient;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

static class PosterRegistration
{
    public static IServiceCollection AddPosters(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddImagingClient()
            .AddConcurred(configuration.GetSection("Imaging:Concurred"));
        return services.AddSingleton<PosterService>();
    }
}

// The router sends each request to the provider its model names; the keyed client is Concurred alone.
sealed class PosterService(IImageClient images, [FromKeyedServices("concurred")] IImageClient concurred)
{
    public Task<ImageResult> DrawAsync(string prompt, string model) =>
        images.GenerateAsync(new ImageGenerationRequest { Prompt = prompt, Model = model });

    public Task<ImageResult> DrawWithConcurredAsync(string prompt) =>
        concurred.GenerateAsync(new ImageGenerationRequest { Prompt = prompt });
}
