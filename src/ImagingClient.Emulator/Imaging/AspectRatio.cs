using System.Globalization;

namespace ImagingClient.Emulator.Imaging;

/// <summary>Pixel sizes for <c>W:H</c> aspect ratios, shared by every provider that takes one.</summary>
internal static class AspectRatio
{
    /// <summary>
    /// The size for a <c>W:H</c> <paramref name="ratio"/> (two positive integers, already validated) whose
    /// longer side is <paramref name="longSide"/>; the shorter side is rounded to the nearest pixel
    /// (<c>16:9</c> at 1024 is 1024x576).
    /// </summary>
    public static (int Width, int Height) ToSize(string ratio, int longSide)
    {
        var colon = ratio.IndexOf(':', StringComparison.Ordinal);
        var w = int.Parse(ratio.AsSpan(0, colon), provider: CultureInfo.InvariantCulture);
        var h = int.Parse(ratio.AsSpan(colon + 1), provider: CultureInfo.InvariantCulture);
        return w >= h
            ? (longSide, (int)Math.Round((double)longSide * h / w))
            : ((int)Math.Round((double)longSide * w / h), longSide);
    }
}
