using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using ImagingClient.Emulator.Imaging;

namespace ImagingClient.Emulator.Apiframe;

/// <summary>
/// Pictures for Apiframe jobs, from the shared deterministic renderer: sizes follow the request's aspect ratio (or
/// width and height) with a small long side, so jobs stay fast; nothing is ever larger than
/// <see cref="MaxLongSide"/> pixels on its long side except an upscale of an image already that large.
/// </summary>
internal static partial class ApiframeImages
{
    /// <summary>The long side of a generated image.</summary>
    public const int LongSide = 768;

    /// <summary>The long side of one Midjourney grid image; the 2×2 grid is twice that.</summary>
    public const int GridCellLongSide = 512;

    /// <summary>The largest long side the emulator renders.</summary>
    public const int MaxLongSide = 1024;

    /// <summary>The long side of the stand-in picture for an input image the emulator cannot read.</summary>
    public const int StandInLongSide = 512;

    /// <summary>The (width, height) a generation asks for, scaled to <paramref name="longSide"/> (explicit sizes only down, to <see cref="MaxLongSide"/>).</summary>
    public static (int Width, int Height) SizeOf(JsonElement block, int longSide)
    {
        if (block.ValueKind == JsonValueKind.Object)
        {
            if (block.TryGetProperty("width", out var width) && block.TryGetProperty("height", out var height) &&
                width.ValueKind == JsonValueKind.Number && height.ValueKind == JsonValueKind.Number)
            {
                return Fit((int)width.GetDouble(), (int)height.GetDouble(), MaxLongSide);
            }

            foreach (var name in (ReadOnlySpan<string>)["aspect_ratio", "image_size", "size"])
            {
                if (block.TryGetProperty(name, out var ratio) && ratio.ValueKind == JsonValueKind.String && RatioOf(ratio.GetString()!) is { } found)
                {
                    return ToSize(found.Width, found.Height, longSide);
                }
            }
        }

        return (longSide, longSide);
    }

    /// <summary>A block's <c>seed</c>, else one derived from the prompt.</summary>
    public static long SeedOf(JsonElement block, string prompt) =>
        block.ValueKind == JsonValueKind.Object && block.TryGetProperty("seed", out var seed) && seed.ValueKind == JsonValueKind.Number
            ? (long)seed.GetDouble()
            : StableRandom.SeedFromPrompt(prompt);

    /// <summary><paramref name="count"/> distinct images (seeds <paramref name="seed"/>, +1, ...).</summary>
    public static List<RgbImage> Generate(string model, string prompt, long seed, int count, (int Width, int Height) size) =>
        [.. Enumerable.Range(0, count).Select(i => ImageRenderer.Generate(model, prompt, seed + i, size.Width, size.Height))];

    /// <summary>Four edits of <paramref name="source"/>, one per grid cell, scaled to the grid cell size.</summary>
    public static List<RgbImage> Variations(RgbImage source, string prompt, long seed, string salt)
    {
        var cell = Fit(source.Width, source.Height, GridCellLongSide);
        var scaled = Resize(source, cell.Width, cell.Height);
        return [.. Enumerable.Range(0, 4).Select(i => ImageRenderer.Edit(scaled, ApiframeModels.Midjourney, salt + ":" + prompt, seed + i))];
    }

    /// <summary>The 2×2 grid of four images of one size.</summary>
    public static RgbImage Grid(IReadOnlyList<RgbImage> cells)
    {
        var width = cells[0].Width;
        var height = cells[0].Height;
        var grid = new RgbImage(width * 2, height * 2);
        for (var i = 0; i < 4; i++)
        {
            var cell = cells[i].Width == width && cells[i].Height == height ? cells[i] : Resize(cells[i], width, height);
            var left = i % 2 * width;
            var top = i / 2 * height;
            for (var y = 0; y < height; y++)
            {
                cell.Row(y).CopyTo(grid.Row(top + y).Slice(left * 3, width * 3));
            }
        }

        return grid;
    }

    /// <summary>Nearest-neighbour scaling.</summary>
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
    /// An upscale by <paramref name="factor"/>, capped at <see cref="MaxLongSide"/> (at twice the input's long side
    /// when the input is already that large), and always at least one pixel larger unless the factor is 1.
    /// </summary>
    public static RgbImage Upscale(RgbImage source, double factor)
    {
        var longSide = Math.Max(source.Width, source.Height);
        var cap = longSide >= MaxLongSide ? Math.Min(2 * longSide, 2 * MaxLongSide) : MaxLongSide;
        var target = Math.Min(cap, (int)Math.Round(longSide * factor));
        if (factor > 1 && target <= longSide)
        {
            target = longSide + 1;
        }

        var (width, height) = ToSize(source.Width, source.Height, target);
        return Resize(source, width, height);
    }

    /// <summary>
    /// Background removal: every pixel near the colour of the top-left corner becomes <paramref name="fill"/>
    /// (the emulator's PNGs are opaque RGB, so "transparent" is shown as white), the rest is kept.
    /// </summary>
    public static RgbImage RemoveBackground(RgbImage source, double threshold, (byte R, byte G, byte B) fill)
    {
        var image = new RgbImage(source.Width, source.Height, (byte[])source.Pixels.Clone());
        var pixels = image.Pixels.AsSpan();
        int r0 = pixels[0], g0 = pixels[1], b0 = pixels[2];
        var limit = (int)(Math.Clamp(threshold, 0, 1) * 3 * 255);
        for (var i = 0; i < pixels.Length; i += 3)
        {
            if (Math.Abs(pixels[i] - r0) + Math.Abs(pixels[i + 1] - g0) + Math.Abs(pixels[i + 2] - b0) <= limit)
            {
                pixels[i] = fill.R;
                pixels[i + 1] = fill.G;
                pixels[i + 2] = fill.B;
            }
        }

        return image;
    }

    /// <summary>
    /// Places <paramref name="source"/> on a larger canvas (filled with its mean colour) for outpainting:
    /// <paramref name="growX"/> and <paramref name="growY"/> are how much wider and taller the canvas is, <paramref name="anchorX"/> and
    /// <paramref name="anchorY"/> (0 to 1) where the source sits; the result is scaled back within <see cref="MaxLongSide"/>.
    /// </summary>
    public static RgbImage Expand(RgbImage source, double growX, double growY, double anchorX, double anchorY)
    {
        var width = Math.Max(source.Width, (int)Math.Round(source.Width * growX));
        var height = Math.Max(source.Height, (int)Math.Round(source.Height * growY));
        var canvas = new RgbImage(width, height);
        var mean = MeanColour(source);
        var pixels = canvas.Pixels.AsSpan();
        for (var i = 0; i < pixels.Length; i += 3)
        {
            pixels[i] = mean.R;
            pixels[i + 1] = mean.G;
            pixels[i + 2] = mean.B;
        }

        var left = (int)Math.Round((width - source.Width) * anchorX);
        var top = (int)Math.Round((height - source.Height) * anchorY);
        for (var y = 0; y < source.Height; y++)
        {
            source.Row(y).CopyTo(canvas.Row(top + y).Slice(left * 3));
        }

        var (fitWidth, fitHeight) = Fit(width, height, MaxLongSide);
        return Resize(canvas, fitWidth, fitHeight);
    }

    /// <summary>Shifts <paramref name="source"/> by a quarter of its size (filling the gap with its mean colour) for a pan.</summary>
    public static RgbImage Pan(RgbImage source, string direction)
    {
        var (dx, dy) = direction switch
        {
            "left" => (source.Width / 4, 0),
            "right" => (-source.Width / 4, 0),
            "up" => (0, source.Height / 4),
            _ => (0, -source.Height / 4),
        };
        var mean = MeanColour(source);
        var image = new RgbImage(source.Width, source.Height);
        for (var y = 0; y < source.Height; y++)
        {
            var to = image.Row(y);
            var sy = y - dy;
            for (var x = 0; x < source.Width; x++)
            {
                var sx = x - dx;
                if (sy >= 0 && sy < source.Height && sx >= 0 && sx < source.Width)
                {
                    source.Row(sy).Slice(sx * 3, 3).CopyTo(to.Slice(x * 3, 3));
                }
                else
                {
                    to[x * 3] = mean.R;
                    to[(x * 3) + 1] = mean.G;
                    to[(x * 3) + 2] = mean.B;
                }
            }
        }

        return image;
    }

    /// <summary>
    /// The pixels of an input image: a PNG the emulator can decode, else a deterministic stand-in derived from
    /// <paramref name="identity"/> (JPEG, WebP and GIF uploads, and URLs the emulator never fetches).
    /// </summary>
    public static RgbImage Read(byte[]? png, string identity)
    {
        if (png is not null)
        {
            try
            {
                var decoded = PngDecoder.Decode(png);
                if (Math.Max(decoded.Width, decoded.Height) <= 2 * MaxLongSide)
                {
                    return decoded;
                }

                var (width, height) = Fit(decoded.Width, decoded.Height, MaxLongSide);
                return Resize(decoded, width, height);
            }
            catch (InvalidDataException)
            {
                // Not a PNG the emulator decodes: use the stand-in.
            }
        }

        return ImageRenderer.Generate("input", identity, 0, StandInLongSide, StandInLongSide);
    }

    /// <summary>Scales (width, height) down, keeping its ratio, so the long side is at most <paramref name="longSide"/>.</summary>
    public static (int Width, int Height) Fit(int width, int height, int longSide)
    {
        width = Math.Max(1, width);
        height = Math.Max(1, height);
        return Math.Max(width, height) <= longSide ? (width, height) : ToSize(width, height, longSide);
    }

    private static (int Width, int Height) ToSize(int ratioWidth, int ratioHeight, int longSide) =>
        ratioWidth >= ratioHeight
            ? (longSide, Math.Max(1, (int)Math.Round((double)longSide * ratioHeight / ratioWidth)))
            : (Math.Max(1, (int)Math.Round((double)longSide * ratioWidth / ratioHeight)), longSide);

    /// <summary>A usable W:H from <c>16:9</c>, <c>landscape_16_9</c>, <c>1024x768</c> or <c>square</c>; null otherwise.</summary>
    private static (int Width, int Height)? RatioOf(string text)
    {
        if (text.StartsWith("square", StringComparison.Ordinal))
        {
            return (1, 1);
        }

        var match = RatioPattern().Match(text);
        if (!match.Success ||
            !int.TryParse(match.Groups[1].ValueSpan, NumberStyles.None, CultureInfo.InvariantCulture, out var w) ||
            !int.TryParse(match.Groups[2].ValueSpan, NumberStyles.None, CultureInfo.InvariantCulture, out var h) ||
            w == 0 || h == 0 || w > 4 * h || h > 4 * w)
        {
            return null;
        }

        return text.StartsWith("portrait", StringComparison.Ordinal) && w > h ? (h, w) : (w, h);
    }

    private static (byte R, byte G, byte B) MeanColour(RgbImage image)
    {
        long r = 0, g = 0, b = 0;
        var pixels = image.Pixels;
        for (var i = 0; i < pixels.Length; i += 3)
        {
            r += pixels[i];
            g += pixels[i + 1];
            b += pixels[i + 2];
        }

        var count = Math.Max(1, pixels.Length / 3);
        return ((byte)(r / count), (byte)(g / count), (byte)(b / count));
    }

    [GeneratedRegex(@"(\d{1,5})\s*[:x_]\s*(\d{1,5})$", RegexOptions.CultureInvariant)]
    private static partial Regex RatioPattern();
}
