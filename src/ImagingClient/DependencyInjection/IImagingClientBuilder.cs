using Microsoft.Extensions.DependencyInjection;

namespace ImagingClient;

/// <summary>Adds image providers to a service collection; returned by <c>AddImagingClient</c>.</summary>
public interface IImagingClientBuilder
{
    /// <summary>The service collection the providers are added to.</summary>
    IServiceCollection Services { get; }
}

/// <summary>Settings of the <see cref="IImageClient"/> that routes each request to its provider.</summary>
public sealed class ImagingClientOptions
{
    /// <summary>
    /// The provider used for a request whose model has no <c>"provider:"</c> prefix, or no model at all. When it is not
    /// set and exactly one provider is registered, that provider is used.
    /// </summary>
    public string? DefaultProvider { get; set; }
}
