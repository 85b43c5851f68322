using System.Diagnostics.CodeAnalysis;
using ImagingClient;
using ImagingClient.AI;

// In Microsoft.Extensions.AI, as Microsoft.Extensions.AI's own provider adapters (AsIChatClient, AsIImageGenerator) are:
// the using a caller already has for IImageGenerator brings AsImageGenerator with it.
namespace Microsoft.Extensions.AI;

/// <summary>Presents an <see cref="IImageClient"/> as Microsoft.Extensions.AI's <see cref="IImageGenerator"/>.</summary>
public static class ImagingClientImageGeneratorExtensions
{
    /// <summary>
    /// An <see cref="IImageGenerator"/> that generates and edits through <paramref name="client"/>, with any of its
    /// providers and models. A request with no original image generates; with one, it edits that image (or, with a
    /// model that only generates and takes reference images, generates from it);
    /// with several, it generates from them as reference images (where the model takes them).
    /// </summary>
    /// <remarks>
    /// <para>
    /// <c>ImageGenerationOptions</c>: <c>ModelId</c> overrides <paramref name="model"/>; <c>Count</c>; <c>ImageSize</c>
    /// (width and height, or for a model that takes only an aspect ratio, the closest one it allows); <c>MediaType</c>
    /// (image/png, image/jpeg, image/webp); <c>ResponseFormat</c> <c>Data</c> (the default: every image as a
    /// <see cref="DataContent"/>, downloaded when the provider left it at a URL) or <c>Uri</c> (a
    /// <see cref="UriContent"/> where the provider sent a URL, a <see cref="DataContent"/> where it sent bytes);
    /// <c>AdditionalProperties</c> with the keys of <see cref="ImageGeneratorPropertyNames"/>; and
    /// <c>RawRepresentationFactory</c> returning an ImagingClient <see cref="ImagingClient.ImageGenerationRequest"/>,
    /// <see cref="ImageEditRequest"/> or provider option record, whose fields the options then add to.
    /// </para>
    /// <para>
    /// Anything it cannot honour (an original image that is neither a <see cref="DataContent"/> nor a
    /// <see cref="UriContent"/> image, an unknown <c>AdditionalProperties</c> key, <c>Hosted</c> results) is an
    /// <see cref="ArgumentException"/> before anything is sent; so is everything <see cref="IImageClient"/> refuses.
    /// The response's <c>RawRepresentation</c> is the <see cref="ImageResult"/> (warnings, request id, rate limits),
    /// each content's the <see cref="GeneratedImage"/>. <c>GetService</c> reaches the <see cref="IImageClient"/>, what
    /// it offers, and an <see cref="ImageGeneratorMetadata"/> naming the provider, its endpoint and the model.
    /// Disposing the generator leaves the client alone.
    /// </para>
    /// </remarks>
    /// <param name="client">The client, from <c>ImageClient.Create</c> or the container.</param>
    /// <param name="model">
    /// The model when the options name none, as <c>"provider:model"</c>; <see langword="null"/> for the client's
    /// default provider and its default model.
    /// </param>
    /// <returns>The generator.</returns>
    /// <exception cref="ArgumentException"><paramref name="model"/> is blank or malformed.</exception>
    [Experimental("MEAI001")]
    public static IImageGenerator AsImageGenerator(this IImageClient client, string? model = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        return new ImagingImageGenerator(client, model);
    }
}
