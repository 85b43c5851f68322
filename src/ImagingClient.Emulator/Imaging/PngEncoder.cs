using System.Buffers.Binary;
using System.IO.Compression;

namespace ImagingClient.Emulator.Imaging;

/// <summary>
/// Minimal PNG writer: 8-bit truecolor (color type 2), no interlace, every row with the
/// <c>Sub</c> filter, one <c>IDAT</c> chunk. Output is deterministic for a given raster.
/// </summary>
internal static class PngEncoder
{
    public const string MediaType = "image/png";

    private static readonly byte[] Signature = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];

    public static byte[] Encode(RgbImage image)
    {
        var compressed = Compress(image);
        var output = new MemoryStream((int)compressed.Length + 64);
        output.Write(Signature);

        Span<byte> header = stackalloc byte[13];
        BinaryPrimitives.WriteInt32BigEndian(header, image.Width);
        BinaryPrimitives.WriteInt32BigEndian(header[4..], image.Height);
        header[8] = 8;  // bit depth
        header[9] = 2;  // color type: truecolor
        header[10] = 0; // compression: deflate
        header[11] = 0; // filter method: adaptive
        header[12] = 0; // interlace: none
        WriteChunk(output, "IHDR"u8, header);
        WriteChunk(output, "IDAT"u8, compressed.GetBuffer().AsSpan(0, (int)compressed.Length));
        WriteChunk(output, "IEND"u8, []);
        return output.ToArray();
    }

    private static MemoryStream Compress(RgbImage image)
    {
        var compressed = new MemoryStream();
        using (var zlib = new ZLibStream(compressed, CompressionLevel.Fastest, leaveOpen: true))
        {
            var stride = image.Stride;
            var filtered = new byte[stride + 1];
            filtered[0] = 1; // Sub filter
            for (var y = 0; y < image.Height; y++)
            {
                ReadOnlySpan<byte> row = image.Row(y);
                var target = filtered.AsSpan(1);
                row[..3].CopyTo(target);
                for (var i = 3; i < stride; i++)
                {
                    target[i] = (byte)(row[i] - row[i - 3]);
                }

                zlib.Write(filtered);
            }
        }

        return compressed;
    }

    private static void WriteChunk(Stream output, ReadOnlySpan<byte> type, ReadOnlySpan<byte> data)
    {
        Span<byte> word = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(word, data.Length);
        output.Write(word);
        output.Write(type);
        output.Write(data);
        var crc = Crc32.Append(Crc32.Compute(type), data);
        BinaryPrimitives.WriteUInt32BigEndian(word, crc);
        output.Write(word);
    }
}
