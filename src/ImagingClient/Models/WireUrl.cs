using System.Buffers;

namespace ImagingClient.Models;

/// <summary>
/// How a URL is written on the wire: exactly as the caller gave it when that is already a valid RFC 3986 URI (so a
/// pre-signed URL keeps its own encoding and signature), otherwise escaped — spaces and non-ASCII characters
/// percent-encoded, an international host in punycode — as strict servers (JSON Schema's <c>format: uri</c>) require.
/// </summary>
internal static class WireUrl
{
    /// <summary>The characters RFC 3986 allows in a URI, beside <c>%</c> (which must start an escape).</summary>
    private static readonly SearchValues<char> Allowed = SearchValues.Create(
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~:/?#[]@!$&'()*+,;=");

    /// <summary>The URL's wire form.</summary>
    /// <exception cref="ArgumentException">The URL cannot be written as an RFC 3986 URI.</exception>
    public static string Of(Uri url, string name)
    {
        var original = url.OriginalString;
        if (IsRfc3986(original))
        {
            return original;
        }

        var host = url.HostNameType == UriHostNameType.IPv6 ? url.Host : url.IdnHost;
        var escaped = $"{url.Scheme}://{(url.UserInfo.Length > 0 ? url.UserInfo + "@" : string.Empty)}{host}{(url.IsDefaultPort ? string.Empty : ":" + url.Port.ToString(System.Globalization.CultureInfo.InvariantCulture))}{url.PathAndQuery}{url.Fragment}";
        return IsRfc3986(escaped)
            ? escaped
            : throw new ArgumentException($"{name} '{original}' cannot be written as a standard (RFC 3986) URL; escape it, or pass it as an absolute Uri.", name);
    }

    /// <summary>Whether <paramref name="text"/> holds only the characters RFC 3986 allows, with every <c>%</c> starting a two-digit escape.</summary>
    public static bool IsRfc3986(string text)
    {
        var rest = text.AsSpan();
        while (true)
        {
            var at = rest.IndexOfAnyExcept(Allowed);
            if (at < 0)
            {
                return text.Length > 0;
            }

            if (rest[at] != '%' || at + 2 >= rest.Length || !char.IsAsciiHexDigit(rest[at + 1]) || !char.IsAsciiHexDigit(rest[at + 2]))
            {
                return false;
            }

            rest = rest[(at + 3)..];
        }
    }
}
