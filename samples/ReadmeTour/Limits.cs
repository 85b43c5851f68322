// Limits.cs
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Polly;

static class Limits
{
    // At most 4 Concurred calls at once, 32 waiting: a strategy that does not retry, inside the library's retry.
    public static IServiceCollection AddLimitedConcurred(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddImagingClient()
            .AddConcurred(
                configuration.GetSection("Imaging:Concurred"),
                http => http.AddResilienceHandler("limit", pipeline => pipeline.AddConcurrencyLimiter(permitLimit: 4, queueLimit: 32)));
        return services;
    }
}
