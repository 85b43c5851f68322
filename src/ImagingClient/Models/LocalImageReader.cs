namespace ImagingClient.Models;

/// <summary>
/// Reads a local input image (bytes, a file, a stream) within a provider's limits, before anything is sent, and writes
/// it inline in the form a field takes.
/// </summary>
internal static class LocalImageReader
{
    private const int MegaByte = 1024 * 1024;

    /// <summary>The image's bytes, checked against <paramref name="policy"/>'s size and media types.</summary>
    /// <param name="image">A local image (not a URL).</param>
    /// <param name="policy">The provider's limits.</param>
    /// <param name="provider">The provider's display name, for messages.</param>
    /// <param name="name">The request field the image came in, for messages.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <exception cref="ArgumentException">The image is a URL, empty, too large, or not an accepted type.</exception>
    public static async Task<byte[]> ReadAsync(ImageInput image, LocalImagePolicy policy, string provider, string name, CancellationToken cancellationToken)
    {
        var limit = policy.MaxBytes;
        byte[] bytes;
        switch (image.Kind)
        {
            case ImageInputKind.Bytes:
                bytes = image.Bytes.ToArray();
                break;
            case ImageInputKind.File:
                var length = new FileInfo(image.FilePath!).Length;
                if (length > limit)
                {
                    throw TooLarge(name, length, limit, provider);
                }

                bytes = await File.ReadAllBytesAsync(image.FilePath!, cancellationToken).ConfigureAwait(false);
                break;
            case ImageInputKind.Stream:
                using (var buffer = new MemoryStream())
                {
                    var chunk = new byte[81920];
                    int read;
                    while ((read = await image.Stream!.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
                    {
                        if (buffer.Length + read > limit)
                        {
                            throw new ArgumentOutOfRangeException(name, $"{name} is larger than {limit} bytes; {provider} takes images of at most {limit / MegaByte} MB.");
                        }

                        buffer.Write(chunk, 0, read);
                    }

                    bytes = buffer.ToArray();
                }

                break;
            default:
                throw new ArgumentException($"{name} is a URL, but it must be sent as the image itself: pass it as bytes, a stream or a file (download it first).", name);
        }

        if (bytes.Length > limit)
        {
            throw TooLarge(name, bytes.Length, limit, provider);
        }

        CheckType(bytes, policy, provider, name);
        return bytes;
    }

    /// <summary>The media type sniffed from the bytes, which must be one <paramref name="policy"/> accepts.</summary>
    /// <exception cref="ArgumentException">The bytes are empty or not an accepted image.</exception>
    public static string CheckType(ReadOnlySpan<byte> bytes, LocalImagePolicy policy, string provider, string name)
    {
        var mediaType = ImageInfo.SniffMediaType(bytes);
        return bytes.IsEmpty ? throw new ArgumentException($"{name} is empty.", name)
            : policy.MediaTypes.Contains(mediaType) ? mediaType
            : throw new ArgumentException($"{name} is not an image {provider} takes (it looks like {mediaType}); use {string.Join(", ", policy.MediaTypes)}.", name);
    }

    /// <summary>
    /// The image inline, in the form the field takes: bare base64 where it may, a <c>data:</c> URI otherwise. A field
    /// that takes only some media types (<see cref="FieldSpec.MediaTypes"/>) refuses others, which matters for a stream,
    /// whose type is known only once it is read.
    /// </summary>
    /// <exception cref="ArgumentException">The field takes only other media types.</exception>
    public static string Inline(byte[] bytes, FieldSpec field)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        ArgumentNullException.ThrowIfNull(field);
        if (field.MediaTypes is { } accepted && ImageInfo.SniffMediaType(bytes) is var mediaType && !accepted.Contains(mediaType))
        {
            throw new ArgumentException($"The image for '{field.WireName}' must be {string.Join(" or ", accepted)}; it looks like {mediaType}.", field.WireName);
        }

        return field.ImageForms.HasFlag(ImageForms.Base64)
            ? Convert.ToBase64String(bytes)
            : field.ImageForms.HasFlag(ImageForms.DataUri)
                ? $"data:{ImageInfo.SniffMediaType(bytes)};base64,{Convert.ToBase64String(bytes)}"
                : throw new InvalidOperationException($"Field '{field.WireName}' takes no inline image.");
    }

    private static ArgumentOutOfRangeException TooLarge(string name, long size, long limit, string provider) =>
        new(name, size, $"{name} is {size} bytes; {provider} takes images of at most {limit} bytes ({limit / MegaByte} MB).");
}
