using System.Globalization;

namespace ImagingClient.Emulator.Imaging;

/// <summary>
/// Renders the emulator's deterministic pictures: a linear gradient with a few translucent
/// circles, rings and rectangles whose colors and positions come from a SHA-256 of the inputs.
/// Same inputs give the same pixels; a different seed gives different pixels.
/// </summary>
internal static class ImageRenderer
{
    /// <summary>Renders a text-to-image result.</summary>
    public static RgbImage Generate(string model, string prompt, long seed, int width, int height)
    {
        var random = StableRandom.FromText("generate", model, prompt, seed.ToString(CultureInfo.InvariantCulture));
        var image = new RgbImage(width, height);
        FillGradient(image, RandomColor(ref random), RandomColor(ref random), random.NextDouble() * Math.Tau);

        var shapes = random.Next(3, 7);
        var minSide = Math.Min(width, height);
        for (var i = 0; i < shapes; i++)
        {
            var kind = random.Next(0, 3);
            var cx = random.NextDouble() * width;
            var cy = random.NextDouble() * height;
            var radius = (0.08 + (random.NextDouble() * 0.22)) * minSide;
            var color = RandomColor(ref random);
            var alpha = random.Next(140, 231);
            switch (kind)
            {
                case 0:
                    FillRing(image, cx, cy, radius, 0, color, alpha);
                    break;
                case 1:
                    FillRing(image, cx, cy, radius, radius * 0.7, color, alpha);
                    break;
                default:
                    var halfWidth = radius * (0.6 + random.NextDouble());
                    var halfHeight = radius * (0.6 + random.NextDouble());
                    FillRectangle(image, cx - halfWidth, cy - halfHeight, cx + halfWidth, cy + halfHeight, color, alpha);
                    break;
            }
        }

        return image;
    }

    /// <summary>
    /// Renders an edit of <paramref name="source"/> at the same size: colors inverted, channels
    /// permuted and tinted, then a ring and a frame drawn on top — all chosen from (model, prompt, seed).
    /// </summary>
    public static RgbImage Edit(RgbImage source, string model, string prompt, long seed)
    {
        var random = StableRandom.FromText("edit", model, prompt, seed.ToString(CultureInfo.InvariantCulture));
        ReadOnlySpan<int[]> permutations = [[0, 1, 2], [0, 2, 1], [1, 0, 2], [1, 2, 0], [2, 0, 1], [2, 1, 0]];
        var order = permutations[random.Next(0, permutations.Length)];
        var tint = RandomColor(ref random);
        const int TintAlpha = 64;

        var image = new RgbImage(source.Width, source.Height);
        var from = source.Pixels.AsSpan();
        var to = image.Pixels.AsSpan();
        for (var i = 0; i < from.Length; i += 3)
        {
            for (var c = 0; c < 3; c++)
            {
                var inverted = 255 - from[i + order[c]];
                to[i + c] = (byte)(inverted + (((tint[c] - inverted) * TintAlpha) >> 8));
            }
        }

        var minSide = Math.Min(image.Width, image.Height);
        var mark = RandomColor(ref random);
        var radius = (0.12 + (random.NextDouble() * 0.12)) * minSide;
        var cx = radius + (random.NextDouble() * Math.Max(1, image.Width - (2 * radius)));
        var cy = radius + (random.NextDouble() * Math.Max(1, image.Height - (2 * radius)));
        FillRing(image, cx, cy, radius, radius * 0.75, mark, 230);

        var frame = Math.Max(2, minSide / 48);
        FillRectangle(image, 0, 0, image.Width, frame, mark, 256);
        FillRectangle(image, 0, image.Height - frame, image.Width, image.Height, mark, 256);
        FillRectangle(image, 0, 0, frame, image.Height, mark, 256);
        FillRectangle(image, image.Width - frame, 0, image.Width, image.Height, mark, 256);
        return image;
    }

    private static byte[] RandomColor(ref StableRandom random) =>
        [(byte)random.Next(0, 256), (byte)random.Next(0, 256), (byte)random.Next(0, 256)];

    private static void FillGradient(RgbImage image, byte[] start, byte[] end, double angle)
    {
        var dx = Math.Cos(angle);
        var dy = Math.Sin(angle);
        double[] corners = [0, image.Width * dx, image.Height * dy, (image.Width * dx) + (image.Height * dy)];
        var min = corners.Min();
        var scale = 256.0 / Math.Max(1e-9, corners.Max() - min);
        int r0 = start[0], g0 = start[1], b0 = start[2];
        int dr = end[0] - r0, dg = end[1] - g0, db = end[2] - b0;

        for (var y = 0; y < image.Height; y++)
        {
            var row = image.Row(y);
            var baseline = (y * dy) - min;
            for (int x = 0, i = 0; x < image.Width; x++, i += 3)
            {
                var t = Math.Clamp((int)(((x * dx) + baseline) * scale), 0, 256);
                row[i] = (byte)(r0 + ((dr * t) >> 8));
                row[i + 1] = (byte)(g0 + ((dg * t) >> 8));
                row[i + 2] = (byte)(b0 + ((db * t) >> 8));
            }
        }
    }

    /// <summary>Fills the area between two concentric circles (a disc when <paramref name="inner"/> is 0).</summary>
    private static void FillRing(RgbImage image, double cx, double cy, double outer, double inner, byte[] color, int alpha)
    {
        var top = Math.Max(0, (int)Math.Ceiling(cy - outer));
        var bottom = Math.Min(image.Height - 1, (int)Math.Floor(cy + outer));
        for (var y = top; y <= bottom; y++)
        {
            var dy = y - cy;
            var outerHalf = Math.Sqrt(Math.Max(0, (outer * outer) - (dy * dy)));
            var innerHalf = Math.Abs(dy) < inner ? Math.Sqrt((inner * inner) - (dy * dy)) : -1;
            var row = image.Row(y);
            if (innerHalf < 0)
            {
                BlendSpan(row, image.Width, cx - outerHalf, cx + outerHalf, color, alpha);
            }
            else
            {
                BlendSpan(row, image.Width, cx - outerHalf, cx - innerHalf, color, alpha);
                BlendSpan(row, image.Width, cx + innerHalf, cx + outerHalf, color, alpha);
            }
        }
    }

    private static void FillRectangle(RgbImage image, double left, double top, double right, double bottom, byte[] color, int alpha)
    {
        var y0 = Math.Max(0, (int)Math.Ceiling(top));
        var y1 = Math.Min(image.Height, (int)Math.Ceiling(bottom));
        for (var y = y0; y < y1; y++)
        {
            BlendSpan(image.Row(y), image.Width, left, right, color, alpha);
        }
    }

    /// <summary>Blends pixels whose centers lie in [<paramref name="left"/>, <paramref name="right"/>) toward a color.</summary>
    private static void BlendSpan(Span<byte> row, int width, double left, double right, byte[] color, int alpha)
    {
        var x0 = Math.Max(0, (int)Math.Ceiling(left));
        var x1 = Math.Min(width, (int)Math.Ceiling(right));
        int r = color[0], g = color[1], b = color[2];
        for (int x = x0, i = x0 * 3; x < x1; x++, i += 3)
        {
            row[i] = (byte)(row[i] + (((r - row[i]) * alpha) >> 8));
            row[i + 1] = (byte)(row[i + 1] + (((g - row[i + 1]) * alpha) >> 8));
            row[i + 2] = (byte)(row[i + 2] + (((b - row[i + 2]) * alpha) >> 8));
        }
    }
}
