// Configuration.cs
using ImagingClient;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

static class ConfiguredImaging
{
    // Every provider with a section under "Imaging" is registered; the router's settings come from the same section.
    public static IServiceCollection AddConfiguredImaging(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddImagingClient(configuration.GetSection("Imaging"));
        return services;
    }

    // Without a container: the same section, checked now.
    public static IImageClient Create(IConfiguration configuration) =>
        ImageClient.Create(configuration.GetSection("Imaging"));
}
