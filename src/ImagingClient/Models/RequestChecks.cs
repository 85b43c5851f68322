using System.Collections.Frozen;

namespace ImagingClient.Models;

/// <summary>The checks every provider makes of a request before anything is sent, with the same messages.</summary>
internal static class RequestChecks
{
    public static void RequirePrompt(string? prompt)
    {
        if (string.IsNullOrWhiteSpace(prompt))
        {
            throw new ArgumentException("Prompt is required and must not be blank.", nameof(ImageRequest.Prompt));
        }
    }

    public static void RequireCount(int? count)
    {
        if (count is < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(ImageRequest.Count), count, $"Count must be at least 1; it was {count}.");
        }
    }

    /// <summary>Rejects a string-backed value left at <c>default</c>, which would otherwise be sent as "".</summary>
    public static void RequireInitialized(string? value, string field, string howToSet)
    {
        if (value is { Length: 0 })
        {
            throw new ArgumentException($"{field} is set to an uninitialised default value; use {howToSet}.", field);
        }
    }

    /// <summary>Throws unless a set value is one of <paramref name="allowed"/>, listing them.</summary>
    public static void RequireOneOf(string? value, FrozenSet<string> allowed, string field, RequestFieldGate gate)
    {
        if (value is not null && !allowed.Contains(value))
        {
            throw new ArgumentException(
                $"{field} '{value}' is not accepted by model '{gate.Provider}:{gate.Model}'; use one of {string.Join(", ", allowed.Order(StringComparer.Ordinal))}.",
                field);
        }
    }

    /// <summary>
    /// The URL of an image to edit, for a provider that fetches the image itself; any other kind of input is an
    /// error that says so. The URL is returned exactly as given: re-encoding could break a pre-signed URL.
    /// </summary>
    /// <param name="image">The request's image.</param>
    /// <param name="what">The provider's endpoint and field, such as <c>"the provider's edit endpoint takes the source image"</c>.</param>
    /// <param name="wireField">The wire field, such as <c>image_url</c>.</param>
    /// <param name="provider">The provider's display name.</param>
    public static string RequireUrlInput(ImageInput? image, string what, string wireField, string provider)
    {
        if (image is null)
        {
            throw new ArgumentException("Image is required for an edit.", nameof(ImageEditRequest.Image));
        }

        if (image.Kind != ImageInputKind.Url)
        {
            var kind = image.Kind switch
            {
                ImageInputKind.Bytes => "bytes",
                ImageInputKind.Stream => "a stream",
                _ => "a local file",
            };
            throw new ArgumentException(
                $"{what} only as a public URL ({wireField}), but this input is {kind}. Upload the image somewhere {provider} can fetch it and pass ImageInput.FromUri(url).",
                nameof(ImageEditRequest.Image));
        }

        return image.Url!.OriginalString;
    }
}
