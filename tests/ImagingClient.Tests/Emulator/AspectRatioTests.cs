using ImagingClient.Emulator.Imaging;

namespace ImagingClient.Tests.Emulator;

public sealed class AspectRatioTests
{
    [Theory]
    [InlineData("1:1", 1024, 1024, 1024)]
    [InlineData("16:9", 1024, 1024, 576)]
    [InlineData("9:16", 1024, 576, 1024)]
    [InlineData("21:9", 1024, 1024, 439)]
    [InlineData("3:4", 2048, 1536, 2048)]
    public void ToSize_Ratio_GivesTheLongSideToTheLongerDimension(string ratio, int longSide, int width, int height)
    {
        // Act
        var size = AspectRatio.ToSize(ratio, longSide);

        // Assert
        size.Should().Be((width, height));
    }
}
