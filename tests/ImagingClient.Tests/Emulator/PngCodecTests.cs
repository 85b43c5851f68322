using System.Text;
using ImagingClient.Emulator.Imaging;

namespace ImagingClient.Tests.Emulator;

public sealed class PngCodecTests
{
    [Fact]
    public void Crc32_KnownInput_MatchesStandardCheckValue()
    {
        // Arrange
        var data = Encoding.ASCII.GetBytes("123456789");

        // Act
        var crc = Crc32.Compute(data);

        // Assert
        crc.Should().Be(0xCBF43926u);
    }

    [Fact]
    public void Encode_ThenDecode_RoundTripsPixels()
    {
        // Arrange
        var image = ImageRenderer.Generate("flux-2-pro", "round trip", 7, 333, 257);

        // Act
        var png = PngEncoder.Encode(image);
        var decoded = PngDecoder.Decode(png);

        // Assert
        PngDecoder.ReadSize(png).Should().Be((333, 257));
        decoded.Pixels.Should().Equal(image.Pixels);
    }

    [Fact]
    public void Edit_AnyImage_KeepsSizeAndChangesPixels()
    {
        // Arrange
        var source = ImageRenderer.Generate("sd-3.5", "source", 1, 256, 320);

        // Act
        var edited = ImageRenderer.Edit(source, "seedream-5", "restyle", 2);

        // Assert
        (edited.Width, edited.Height).Should().Be((256, 320));
        edited.Pixels.Should().NotEqual(source.Pixels);
    }

    [Fact]
    public void Generate_LargestSize_EncodesAPngOfThatSize()
    {
        // Act
        var png = PngEncoder.Encode(ImageRenderer.Generate("imagen-4-ultra", "big", 1, 2048, 2048));

        // Assert
        PngDecoder.ReadSize(png).Should().Be((2048, 2048));
    }
}
