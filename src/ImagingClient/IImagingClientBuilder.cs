using Microsoft.Extensions.DependencyInjection;

namespace ImagingClient;

/// <summary>Adds image providers to a service collection; returned by <c>AddImagingClient</c>.</summary>
public interface IImagingClientBuilder
{
    /// <summary>The service collection the providers are added to.</summary>
    IServiceCollection Services { get; }
}
