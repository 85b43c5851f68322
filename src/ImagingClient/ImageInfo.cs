using System.Buffers.Binary;

namespace ImagingClient;

/// <summary>
/// The format and pixel size of an encoded image, read from its first bytes (PNG, JPEG, GIF and WebP).
/// </summary>
/// <param name="MediaType">The media type, such as <c>"image/png"</c>.</param>
/// <param name="Width">The width in pixels, or 0 when the header does not say.</param>
/// <param name="Height">The height in pixels, or 0 when the header does not say.</param>
public readonly record struct ImageInfo(string MediaType, int Width, int Height)
{
    /// <summary>The media type used when the bytes are of no format this library recognises.</summary>
    public const string UnknownMediaType = "application/octet-stream";

    /// <summary>Identifies an encoded image from its header.</summary>
    /// <param name="data">The image's bytes (the first few kilobytes are enough for every format but some JPEGs).</param>
    /// <param name="info">The format and size, when recognised.</param>
    /// <returns><see langword="true"/> when the bytes are a PNG, JPEG, GIF or WebP image.</returns>
    public static bool TryIdentify(ReadOnlySpan<byte> data, out ImageInfo info)
    {
        if (TryPng(data, out info) || TryJpeg(data, out info) || TryGif(data, out info) || TryWebp(data, out info))
        {
            return true;
        }

        info = default;
        return false;
    }

    /// <summary>The media type of an encoded image, sniffed from its first bytes.</summary>
    /// <param name="data">The image's bytes.</param>
    /// <returns>The media type, or <see cref="UnknownMediaType"/>.</returns>
    public static string SniffMediaType(ReadOnlySpan<byte> data) =>
        TryIdentify(data, out var info) ? info.MediaType : UnknownMediaType;

    private static bool TryPng(ReadOnlySpan<byte> d, out ImageInfo info)
    {
        ReadOnlySpan<byte> signature = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];
        info = default;
        if (!d.StartsWith(signature))
        {
            return false;
        }

        // The IHDR chunk comes first: length(4) "IHDR"(4) width(4) height(4).
        var size = d.Length >= 24 && d.Slice(12, 4).SequenceEqual("IHDR"u8)
            ? (BinaryPrimitives.ReadInt32BigEndian(d[16..]), BinaryPrimitives.ReadInt32BigEndian(d[20..]))
            : (0, 0);
        info = new ImageInfo("image/png", size.Item1, size.Item2);
        return true;
    }

    private static bool TryGif(ReadOnlySpan<byte> d, out ImageInfo info)
    {
        info = default;
        if (!d.StartsWith("GIF87a"u8) && !d.StartsWith("GIF89a"u8))
        {
            return false;
        }

        info = d.Length >= 10
            ? new ImageInfo("image/gif", BinaryPrimitives.ReadUInt16LittleEndian(d[6..]), BinaryPrimitives.ReadUInt16LittleEndian(d[8..]))
            : new ImageInfo("image/gif", 0, 0);
        return true;
    }

    private static bool TryWebp(ReadOnlySpan<byte> d, out ImageInfo info)
    {
        info = default;
        if (d.Length < 16 || !d.StartsWith("RIFF"u8) || !d.Slice(8, 4).SequenceEqual("WEBP"u8))
        {
            return false;
        }

        var chunk = d.Slice(12, 4);
        int width = 0, height = 0;
        if (chunk.SequenceEqual("VP8X"u8) && d.Length >= 30)
        {
            width = 1 + (d[24] | (d[25] << 8) | (d[26] << 16));
            height = 1 + (d[27] | (d[28] << 8) | (d[29] << 16));
        }
        else if (chunk.SequenceEqual("VP8L"u8) && d.Length >= 25 && d[20] == 0x2F)
        {
            var bits = BinaryPrimitives.ReadUInt32LittleEndian(d[21..]);
            width = (int)(bits & 0x3FFF) + 1;
            height = (int)((bits >> 14) & 0x3FFF) + 1;
        }
        else if (chunk.SequenceEqual("VP8 "u8) && d.Length >= 30 && d[23] == 0x9D && d[24] == 0x01 && d[25] == 0x2A)
        {
            width = BinaryPrimitives.ReadUInt16LittleEndian(d[26..]) & 0x3FFF;
            height = BinaryPrimitives.ReadUInt16LittleEndian(d[28..]) & 0x3FFF;
        }

        info = new ImageInfo("image/webp", width, height);
        return true;
    }

    private static bool TryJpeg(ReadOnlySpan<byte> d, out ImageInfo info)
    {
        info = default;
        if (d.Length < 3 || d[0] != 0xFF || d[1] != 0xD8 || d[2] != 0xFF)
        {
            return false;
        }

        info = new ImageInfo("image/jpeg", 0, 0);
        var i = 2;
        while (i + 9 < d.Length)
        {
            if (d[i] != 0xFF)
            {
                return true;
            }

            var marker = d[i + 1];
            if (marker == 0xFF)
            {
                i++;
                continue;
            }

            var length = BinaryPrimitives.ReadUInt16BigEndian(d[(i + 2)..]);
            var isStartOfFrame = marker is >= 0xC0 and <= 0xCF and not 0xC4 and not 0xC8 and not 0xCC;
            if (isStartOfFrame)
            {
                info = new ImageInfo(
                    "image/jpeg",
                    BinaryPrimitives.ReadUInt16BigEndian(d[(i + 7)..]),
                    BinaryPrimitives.ReadUInt16BigEndian(d[(i + 5)..]));
                return true;
            }

            i += 2 + length;
        }

        return true;
    }
}
