using System.Diagnostics.CodeAnalysis;
using ImagingClient;
using ImagingClient.Models;
using Microsoft.Extensions.AI;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers Microsoft.Extensions.AI's <see cref="IImageGenerator"/> over the ImagingClient router.</summary>
/// <remarks>
/// To wrap it in Microsoft.Extensions.AI middleware (logging, OpenTelemetry, options), register it with that library's
/// own <c>services.AddImageGenerator(sp =&gt; sp.GetRequiredService&lt;IImageClient&gt;().AsImageGenerator(model))</c>,
/// which returns an <c>ImageGeneratorBuilder</c>, instead.
/// </remarks>
public static class ImageGeneratorImagingClientBuilderExtensions
{
    /// <summary>
    /// Registers an <see cref="IImageGenerator"/> that generates and edits through the <see cref="IImageClient"/> of
    /// <c>AddImagingClient</c> (see <see cref="ImagingClientImageGeneratorExtensions.AsImageGenerator"/>).
    /// </summary>
    /// <param name="builder">The builder from <c>AddImagingClient</c>.</param>
    /// <param name="model">The model when a request's options name none (<c>"provider:model"</c>); <see langword="null"/> for the default provider's default.</param>
    /// <param name="lifetime">The generator's lifetime; singleton by default, as the client is.</param>
    /// <returns>The builder, to add providers.</returns>
    /// <exception cref="ArgumentException"><paramref name="model"/> is blank or malformed.</exception>
    [Experimental("MEAI001")]
    public static IImagingClientBuilder AddImageGenerator(this IImagingClientBuilder builder, string? model = null, ServiceLifetime lifetime = ServiceLifetime.Singleton)
    {
        ArgumentNullException.ThrowIfNull(builder);
        CheckModel(model);
        builder.Services.Add(new ServiceDescriptor(typeof(IImageGenerator), sp => sp.GetRequiredService<IImageClient>().AsImageGenerator(model), lifetime));
        return builder;
    }

    /// <summary>
    /// Registers a keyed <see cref="IImageGenerator"/> (resolved with <c>[FromKeyedServices(key)]</c> or
    /// <c>GetRequiredKeyedService</c>), for an app that uses several models side by side.
    /// </summary>
    /// <param name="builder">The builder from <c>AddImagingClient</c>.</param>
    /// <param name="serviceKey">The key.</param>
    /// <param name="model">The model when a request's options name none (<c>"provider:model"</c>); <see langword="null"/> for the default provider's default.</param>
    /// <param name="lifetime">The generator's lifetime; singleton by default.</param>
    /// <returns>The builder, to add providers.</returns>
    /// <exception cref="ArgumentException"><paramref name="model"/> is blank or malformed.</exception>
    [Experimental("MEAI001")]
    public static IImagingClientBuilder AddKeyedImageGenerator(this IImagingClientBuilder builder, object? serviceKey, string? model = null, ServiceLifetime lifetime = ServiceLifetime.Singleton)
    {
        ArgumentNullException.ThrowIfNull(builder);
        CheckModel(model);
        builder.Services.Add(new ServiceDescriptor(typeof(IImageGenerator), serviceKey, (sp, _) => sp.GetRequiredService<IImageClient>().AsImageGenerator(model), lifetime));
        return builder;
    }

    private static void CheckModel(string? model)
    {
        if (model is not null)
        {
            ModelReference.Parse(model);
        }
    }
}
