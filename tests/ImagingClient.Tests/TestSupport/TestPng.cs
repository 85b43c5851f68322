using ImagingClient.Emulator.Imaging;

namespace ImagingClient.Tests.TestSupport;

/// <summary>Real PNG files for tests that give a program a local image.</summary>
internal static class TestPng
{
    /// <summary>A valid PNG of the given size (a black picture, encoded by the emulator's encoder).</summary>
    public static byte[] Create(int width, int height) => PngEncoder.Encode(new RgbImage(width, height));
}
