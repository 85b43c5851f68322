using System.Globalization;
using ImagingClient.Emulator.Hosting;
using ImagingClient.Emulator.Imaging;

namespace ImagingClient.Emulator.RelayGpu;

/// <summary>
/// The pictures RelayGPU tasks produce: deterministic renders at the requested size scaled so the long side is at
/// most <see cref="MaxLongSide"/>, and edits of an input image when the request carries one the emulator can read.
/// </summary>
internal static class RelayGpuImages
{
    /// <summary>The longest side the emulator renders (a 4K request renders at this size, keeping its shape).</summary>
    public const int MaxLongSide = 1024;

    /// <summary>The side of the stand-in picture used for an input the emulator cannot decode or never fetches.</summary>
    private const int StandInSide = 512;

    /// <summary>Scales (<paramref name="width"/>, <paramref name="height"/>) down so the long side is at most <see cref="MaxLongSide"/>.</summary>
    public static (int Width, int Height) Fit(int width, int height)
    {
        var longSide = Math.Max(width, height);
        if (longSide <= MaxLongSide)
        {
            return (Math.Max(1, width), Math.Max(1, height));
        }

        var scale = (double)MaxLongSide / longSide;
        return (Math.Max(1, (int)Math.Round(width * scale)), Math.Max(1, (int)Math.Round(height * scale)));
    }

    /// <summary>
    /// Reads an input image: inline bytes of an emulator-style PNG are decoded, an emulator <c>/files</c> URL is used,
    /// anything else (JPEG, WebP, a foreign URL, which is never fetched) gives a stand-in derived from its text.
    /// </summary>
    public static RgbImage Read(EmulatorContext emulator, string input)
    {
        byte[]? png = null;
        if (RelayGpuValidator.IsUrl(input))
        {
            if (FileRoutes.TryFindServed(emulator, input, out var served))
            {
                png = served.Png;
            }
        }
        else
        {
            png = RelayGpuValidator.DecodeInline(input);
        }

        if (png is not null)
        {
            try
            {
                return PngDecoder.Decode(png);
            }
            catch (InvalidDataException)
            {
                // Not a PNG this decoder reads: fall back to a stand-in.
            }
        }

        return ImageRenderer.Generate("relaygpu-input", input.Length > 256 ? input[..256] : input, input.Length, StandInSide, StandInSide);
    }

    /// <summary>Nearest-neighbour resize.</summary>
    public static RgbImage Resize(RgbImage source, int width, int height)
    {
        if (width == source.Width && height == source.Height)
        {
            return source;
        }

        var image = new RgbImage(width, height);
        for (var y = 0; y < height; y++)
        {
            var from = source.Row((int)((long)y * source.Height / height));
            var to = image.Row(y);
            for (var x = 0; x < width; x++)
            {
                var sx = (int)((long)x * source.Width / width) * 3;
                to[x * 3] = from[sx];
                to[(x * 3) + 1] = from[sx + 1];
                to[(x * 3) + 2] = from[sx + 2];
            }
        }

        return image;
    }

    /// <summary>
    /// Renders <paramref name="count"/> images for <paramref name="model"/>: generations from (prompt, seed + i), or,
    /// with a <paramref name="source"/>, edits of it scaled to the size.
    /// </summary>
    public static IReadOnlyList<byte[]> Render(string model, string prompt, long seed, int count, (int Width, int Height) requested, RgbImage? source)
    {
        var (width, height) = Fit(requested.Width, requested.Height);
        var images = new List<byte[]>(count);
        for (var i = 0; i < count; i++)
        {
            var image = source is null
                ? ImageRenderer.Generate(model, prompt, seed + i, width, height)
                : ImageRenderer.Edit(Resize(source, width, height), model, prompt, seed + i);
            images.Add(PngEncoder.Encode(image));
        }

        return images;
    }

    /// <summary>The long side an image-size keyword stands for (<c>0.5K</c> 512, <c>1K</c> 1024, <c>2K</c> 2048, <c>4K</c> 4096).</summary>
    public static int LongSideOf(string keyword) => keyword switch
    {
        "0.5K" => 512,
        "2K" => 2048,
        "4K" => 4096,
        _ => 1024,
    };

    /// <summary>A <c>size</c> value as pixels: a keyword is square, <c>WxH</c> is exact.</summary>
    public static (int Width, int Height) SizeOf(string? size, (int Width, int Height) fallback)
    {
        if (size is null)
        {
            return fallback;
        }

        if (RelayGpuValidator.TryParseSize(size, out var width, out var height))
        {
            return (width, height);
        }

        var side = LongSideOf(size);
        return (side, side);
    }

    /// <summary><c>WxH</c>.</summary>
    public static string SizeText((int Width, int Height) size) =>
        string.Create(CultureInfo.InvariantCulture, $"{size.Width}x{size.Height}");
}
