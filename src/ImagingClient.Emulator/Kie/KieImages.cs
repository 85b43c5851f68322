using ImagingClient.Emulator.Imaging;

namespace ImagingClient.Emulator.Kie;

/// <summary>
/// Pictures for Flux Kontext tasks. Generation: the shared deterministic renderer at the
/// <c>aspectRatio</c> (default 16:9) with a 1024-pixel long side (<see cref="KieEmulatorOptions.ImageLongSide"/>).
/// Edit: the shared edit transform of the source, at the source's size when <c>aspectRatio</c> is omitted, else of
/// the source first centre-cropped to that ratio (the docs say "cropped or padded"; the emulator always crops).
/// </summary>
internal static class KieImages
{
    public const int LongSide = 1024;

    public static RgbImage Render(KieGenerateRequest request, byte[]? sourcePng, int longSide = LongSide)
    {
        var seed = StableRandom.SeedFromPrompt(request.Prompt);
        if (sourcePng is null)
        {
            var (width, height) = AspectRatio.ToSize(request.AspectRatio ?? KieRequests.DefaultAspectRatio, longSide);
            return ImageRenderer.Generate(request.Model.Id, request.Prompt, seed, width, height);
        }

        var source = PngDecoder.Decode(sourcePng);
        if (request.AspectRatio is { } ratio)
        {
            source = CropToRatio(source, ratio);
        }

        return ImageRenderer.Edit(source, request.Model.Id, request.Prompt, seed);
    }

    /// <summary>The largest centred region of <paramref name="source"/> with the <c>W:H</c> <paramref name="ratio"/>.</summary>
    public static RgbImage CropToRatio(RgbImage source, string ratio)
    {
        var (ratioWidth, ratioHeight) = AspectRatio.ToSize(ratio, LongSide);
        int width, height;
        if ((long)source.Width * ratioHeight > (long)source.Height * ratioWidth)
        {
            height = source.Height;
            width = (int)Math.Round((double)source.Height * ratioWidth / ratioHeight);
        }
        else
        {
            width = source.Width;
            height = (int)Math.Round((double)source.Width * ratioHeight / ratioWidth);
        }

        width = Math.Clamp(width, 1, source.Width);
        height = Math.Clamp(height, 1, source.Height);
        if (width == source.Width && height == source.Height)
        {
            return source;
        }

        var left = (source.Width - width) / 2;
        var top = (source.Height - height) / 2;
        var cropped = new RgbImage(width, height);
        for (var y = 0; y < height; y++)
        {
            source.Row(top + y).Slice(left * 3, width * 3).CopyTo(cropped.Row(y));
        }

        return cropped;
    }
}
