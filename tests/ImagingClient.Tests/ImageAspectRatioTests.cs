namespace ImagingClient.Tests;

public sealed class ImageAspectRatioTests
{
    [Theory]
    [InlineData("16:9", 16, 9)]
    [InlineData("1:1", 1, 1)]
    [InlineData("21:9", 21, 9)]
    public void Constructor_WellFormedRatio_ExposesItsTerms(string text, int width, int height)
    {
        // Act
        var ratio = new ImageAspectRatio(text);

        // Assert
        ratio.WidthPart.Should().Be(width);
        ratio.HeightPart.Should().Be(height);
        ratio.ToString().Should().Be(text);
    }

    [Theory]
    [InlineData("16x9")]
    [InlineData("16:")]
    [InlineData(":9")]
    [InlineData("0:1")]
    [InlineData("-1:1")]
    [InlineData("a:b")]
    public void Constructor_MalformedRatio_ThrowsArgumentException(string text)
    {
        // Act
        var act = () => new ImageAspectRatio(text);

        // Assert
        act.Should().Throw<ArgumentException>().WithMessage("*two positive whole numbers separated by a colon*");
    }

    [Fact]
    public void Equality_SameText_IsEqualAndExplicitConversionWorks()
    {
        // Act
        var fromString = (ImageAspectRatio)"16:9";

        // Assert
        fromString.Should().Be(ImageAspectRatio.Landscape16x9);
        (fromString == ImageAspectRatio.Landscape16x9).Should().BeTrue();
        ImageAspectRatio.TryParse("nope", out _).Should().BeFalse();
    }

    [Fact]
    public void ImageOutputFormat_ComparesCaseInsensitively()
    {
        // Act
        var format = (ImageOutputFormat)"PNG";

        // Assert
        format.Should().Be(ImageOutputFormat.Png);
        format.ToString().Should().Be("png");
    }
}
