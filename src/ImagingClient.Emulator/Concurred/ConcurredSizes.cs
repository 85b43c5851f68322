using ImagingClient.Emulator.Imaging;

namespace ImagingClient.Emulator.Concurred;

/// <summary>
/// Output pixel sizes for Concurred generations.
/// </summary>
/// <remarks>
/// Flux and fal.ai models: <c>width</c>/<c>height</c> when either is given (a missing side is 1024);
/// otherwise <c>aspect_ratio</c> (fal.ai) with the long side 1024 (16:9 is 1024x576); otherwise 1024x1024.
/// Google Imagen: <c>aspect_ratio</c> (default 1:1) with the long side 1024 for <c>1K</c> or 2048 for
/// <c>2K</c>; the default <c>image_size</c> is <c>2K</c> for <c>imagen-4-ultra</c> (the docs call it
/// "Highest quality, 2K") and <c>1K</c> for the other Imagen models.
/// </remarks>
internal static class ConcurredSizes
{
    public const int DefaultSide = 1024;

    public static (int Width, int Height) For(ConcurredGenerateRequest request)
    {
        if (request.Model.Family == ConcurredFamily.Google)
        {
            var size = request.ImageSize ?? (request.Model.Id == "imagen-4-ultra" ? "2K" : "1K");
            return AspectRatio.ToSize(request.AspectRatio ?? "1:1", size == "2K" ? 2048 : 1024);
        }

        if (request.Width is not null || request.Height is not null)
        {
            return (request.Width ?? DefaultSide, request.Height ?? DefaultSide);
        }

        return request.AspectRatio is { } ratio ? AspectRatio.ToSize(ratio, DefaultSide) : (DefaultSide, DefaultSide);
    }
}
