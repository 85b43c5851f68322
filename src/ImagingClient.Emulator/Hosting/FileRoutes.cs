using System.Security.Cryptography;
using System.Text;
using ImagingClient.Emulator.Imaging;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.WebUtilities;

namespace ImagingClient.Emulator.Hosting;

/// <summary>
/// <c>GET /files/{id}.png?sig=...</c>: serves stored images like a signed storage URL. No API key
/// is needed; a wrong signature or an expired URL answers 403 with an XML error body, an unknown
/// image 404, in the style of a cloud storage bucket.
/// </summary>
internal static class FileRoutes
{
    public const string PathPrefix = "/files/";
    private const string XmlContentType = "application/xml";

    public static void Map(IEndpointRouteBuilder endpoints, EmulatorContext emulator)
    {
        endpoints.MapMethods(PathPrefix + "{name}", [HttpMethods.Get, HttpMethods.Head], context => ServeAsync(context, emulator));
    }

    /// <summary>Extracts the image id from a <c>/files/{id}.png</c> path, or returns null.</summary>
    public static string? IdFromPath(string path)
    {
        if (!path.StartsWith(PathPrefix, StringComparison.Ordinal) || !path.EndsWith(".png", StringComparison.Ordinal))
        {
            return null;
        }

        var id = path[PathPrefix.Length..^".png".Length];
        return id.Length > 0 && !id.Contains('/', StringComparison.Ordinal) ? id : null;
    }

    /// <summary>Whether <paramref name="signature"/> matches the stored image's signature, in constant time.</summary>
    public static bool SignatureMatches(StoredImage image, string? signature) =>
        signature is not null &&
        CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(signature), Encoding.ASCII.GetBytes(image.Signature));

    /// <summary>
    /// Finds the stored image behind <paramref name="url"/> when it is one this emulator served: same
    /// scheme, host and port as <see cref="EmulatorContext.BaseAddress"/>, a <c>/files/{id}.png</c> path,
    /// a known id and a matching <c>sig</c>. Expiry is not checked; see <see cref="StoredImage.IsExpired"/>.
    /// </summary>
    public static bool TryFindServed(EmulatorContext emulator, string url, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out StoredImage? image)
    {
        image = null;
        var baseAddress = emulator.BaseAddress;
        if (Uri.TryCreate(url, UriKind.Absolute, out var uri) &&
            uri.Scheme == baseAddress.Scheme &&
            string.Equals(uri.Host, baseAddress.Host, StringComparison.OrdinalIgnoreCase) &&
            uri.Port == baseAddress.Port &&
            IdFromPath(uri.AbsolutePath) is { } id &&
            emulator.Images.TryGet(id, out var found) &&
            SignatureMatches(found, QueryHelpers.ParseQuery(uri.Query).TryGetValue("sig", out var sig) ? sig.ToString() : null))
        {
            image = found;
            return true;
        }

        return false;
    }

    private static Task ServeAsync(HttpContext context, EmulatorContext emulator)
    {
        var id = IdFromPath(context.Request.Path.Value ?? string.Empty);
        if (id is null || !emulator.Images.TryGet(id, out var image))
        {
            return WriteXmlErrorAsync(context, StatusCodes.Status404NotFound, "NoSuchKey", "The specified key does not exist.");
        }

        if (!SignatureMatches(image, context.Request.Query["sig"].ToString()))
        {
            return WriteXmlErrorAsync(context, StatusCodes.Status403Forbidden, "SignatureDoesNotMatch", "The request signature does not match.");
        }

        if (image.IsExpired(emulator.TimeProvider.GetUtcNow()))
        {
            return WriteXmlErrorAsync(context, StatusCodes.Status403Forbidden, "AccessDenied", "Request has expired.");
        }

        return HttpResponses.WriteBytesAsync(context, StatusCodes.Status200OK, PngEncoder.MediaType, image.Png);
    }

    private static Task WriteXmlErrorAsync(HttpContext context, int statusCode, string code, string message) =>
        HttpResponses.WriteTextAsync(
            context,
            statusCode,
            XmlContentType,
            $"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>{code}</Code><Message>{message}</Message></Error>\n");
}
