using System.Buffers.Binary;
using System.IO.Compression;

namespace ImagingClient.Emulator.Imaging;

/// <summary>
/// Minimal PNG reader for the images the emulator itself serves: 8-bit truecolor (color type 2)
/// or truecolor with alpha (color type 6, alpha dropped), not interlaced, any row filter.
/// </summary>
internal static class PngDecoder
{
    private const int MaxDimension = 16_384;

    /// <summary>Reads width and height from the <c>IHDR</c> chunk.</summary>
    /// <exception cref="InvalidDataException">The data is not a PNG.</exception>
    public static (int Width, int Height) ReadSize(ReadOnlySpan<byte> png)
    {
        CheckSignature(png);
        if (png.Length < 33 || !png.Slice(12, 4).SequenceEqual("IHDR"u8))
        {
            throw new InvalidDataException("PNG does not start with an IHDR chunk.");
        }

        return (BinaryPrimitives.ReadInt32BigEndian(png[16..]), BinaryPrimitives.ReadInt32BigEndian(png[20..]));
    }

    /// <summary>Decodes a PNG into an RGB raster.</summary>
    /// <exception cref="InvalidDataException">The data is not a PNG this decoder supports.</exception>
    public static RgbImage Decode(ReadOnlySpan<byte> png)
    {
        CheckSignature(png);
        var offset = 8;
        int width = 0, height = 0, channels = 0;
        using var idat = new MemoryStream();
        var sawEnd = false;
        while (!sawEnd)
        {
            if (offset + 12 > png.Length)
            {
                throw new InvalidDataException("PNG is truncated.");
            }

            var length = BinaryPrimitives.ReadInt32BigEndian(png[offset..]);
            if (length < 0 || offset + 12 + (long)length > png.Length)
            {
                throw new InvalidDataException("PNG chunk length is invalid.");
            }

            var type = png.Slice(offset + 4, 4);
            var data = png.Slice(offset + 8, length);
            var storedCrc = BinaryPrimitives.ReadUInt32BigEndian(png[(offset + 8 + length)..]);
            if (Crc32.Append(Crc32.Compute(type), data) != storedCrc)
            {
                throw new InvalidDataException("PNG chunk CRC mismatch.");
            }

            if (type.SequenceEqual("IHDR"u8))
            {
                (width, height, channels) = ParseHeader(data);
            }
            else if (type.SequenceEqual("IDAT"u8))
            {
                idat.Write(data);
            }
            else if (type.SequenceEqual("IEND"u8))
            {
                sawEnd = true;
            }

            offset += 12 + length;
        }

        if (channels == 0)
        {
            throw new InvalidDataException("PNG has no IHDR chunk.");
        }

        idat.Position = 0;
        return Unfilter(idat, width, height, channels);
    }

    private static void CheckSignature(ReadOnlySpan<byte> png)
    {
        ReadOnlySpan<byte> signature = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];
        if (!png.StartsWith(signature))
        {
            throw new InvalidDataException("Data is not a PNG.");
        }
    }

    private static (int Width, int Height, int Channels) ParseHeader(ReadOnlySpan<byte> data)
    {
        if (data.Length != 13)
        {
            throw new InvalidDataException("PNG IHDR chunk has the wrong length.");
        }

        var width = BinaryPrimitives.ReadInt32BigEndian(data);
        var height = BinaryPrimitives.ReadInt32BigEndian(data[4..]);
        if (width is < 1 or > MaxDimension || height is < 1 or > MaxDimension)
        {
            throw new InvalidDataException("PNG dimensions are out of range.");
        }

        if (data[8] != 8 || data[10] != 0 || data[11] != 0 || data[12] != 0)
        {
            throw new InvalidDataException("Only 8-bit, non-interlaced PNGs are supported.");
        }

        var channels = data[9] switch
        {
            2 => 3,
            6 => 4,
            _ => throw new InvalidDataException("Only truecolor PNGs are supported."),
        };
        return (width, height, channels);
    }

    private static RgbImage Unfilter(Stream compressed, int width, int height, int channels)
    {
        var image = new RgbImage(width, height);
        var stride = width * channels;
        var previous = new byte[stride];
        var current = new byte[stride];
        using var zlib = new ZLibStream(compressed, CompressionMode.Decompress);
        Span<byte> filter = stackalloc byte[1];
        for (var y = 0; y < height; y++)
        {
            zlib.ReadExactly(filter);
            zlib.ReadExactly(current);
            Reconstruct(filter[0], current, previous, channels);

            var target = image.Row(y);
            if (channels == 3)
            {
                current.CopyTo(target);
            }
            else
            {
                for (int x = 0, s = 0, t = 0; x < width; x++, s += 4, t += 3)
                {
                    target[t] = current[s];
                    target[t + 1] = current[s + 1];
                    target[t + 2] = current[s + 2];
                }
            }

            (previous, current) = (current, previous);
        }

        return image;
    }

    private static void Reconstruct(byte filter, Span<byte> row, ReadOnlySpan<byte> above, int bpp)
    {
        switch (filter)
        {
            case 0:
                break;
            case 1:
                for (var i = bpp; i < row.Length; i++)
                {
                    row[i] += row[i - bpp];
                }

                break;
            case 2:
                for (var i = 0; i < row.Length; i++)
                {
                    row[i] += above[i];
                }

                break;
            case 3:
                for (var i = 0; i < row.Length; i++)
                {
                    var left = i >= bpp ? row[i - bpp] : 0;
                    row[i] += (byte)((left + above[i]) >> 1);
                }

                break;
            case 4:
                for (var i = 0; i < row.Length; i++)
                {
                    var left = i >= bpp ? row[i - bpp] : 0;
                    var upperLeft = i >= bpp ? above[i - bpp] : 0;
                    row[i] += Paeth(left, above[i], upperLeft);
                }

                break;
            default:
                throw new InvalidDataException($"Unknown PNG row filter {filter}.");
        }
    }

    private static byte Paeth(int a, int b, int c)
    {
        var p = a + b - c;
        var pa = Math.Abs(p - a);
        var pb = Math.Abs(p - b);
        var pc = Math.Abs(p - c);
        if (pa <= pb && pa <= pc)
        {
            return (byte)a;
        }

        return pb <= pc ? (byte)b : (byte)c;
    }
}
