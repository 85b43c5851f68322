namespace ImagingClient.Tests;

public sealed class ImageInfoTests
{
    [Fact]
    public void TryIdentify_PngHeader_ReadsTypeAndSizeFromIhdr()
    {
        // Arrange
        byte[] png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, (byte)'I', (byte)'H', (byte)'D', (byte)'R', 0, 0, 4, 0, 0, 0, 2, 64];

        // Act
        var ok = ImageInfo.TryIdentify(png, out var info);

        // Assert
        ok.Should().BeTrue();
        info.Should().Be(new ImageInfo("image/png", 1024, 576));
    }

    [Fact]
    public void TryIdentify_JpegWithApp0ThenSof0_ReadsSize()
    {
        // Arrange: SOI, APP0 (length 16), SOF0 with height 300 and width 400.
        byte[] jpeg =
        [
            0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, (byte)'J', (byte)'F', (byte)'I', (byte)'F', 0, 1, 1, 0, 0, 1, 0, 1, 0, 0,
            0xFF, 0xC0, 0x00, 0x11, 0x08, 0x01, 0x2C, 0x01, 0x90, 0x03, 1, 0x22, 0, 2, 0x11, 1, 3, 0x11, 1,
        ];

        // Act
        var ok = ImageInfo.TryIdentify(jpeg, out var info);

        // Assert
        ok.Should().BeTrue();
        info.Should().Be(new ImageInfo("image/jpeg", 400, 300));
    }

    [Fact]
    public void TryIdentify_Gif_ReadsLogicalScreenSize()
    {
        // Arrange
        byte[] gif = [(byte)'G', (byte)'I', (byte)'F', (byte)'8', (byte)'9', (byte)'a', 0x20, 0x03, 0x58, 0x02, 0, 0, 0];

        // Act
        var ok = ImageInfo.TryIdentify(gif, out var info);

        // Assert
        ok.Should().BeTrue();
        info.Should().Be(new ImageInfo("image/gif", 800, 600));
    }

    [Fact]
    public void TryIdentify_WebpVp8x_ReadsCanvasSize()
    {
        // Arrange: RIFF....WEBPVP8X, chunk size, flags + reserved, then 24-bit width-1 and height-1.
        var webp = new byte[30];
        "RIFF"u8.CopyTo(webp);
        "WEBPVP8X"u8.CopyTo(webp.AsSpan(8));
        webp[16] = 10;
        webp[24] = 0xFF; // width - 1 = 1023 (0x3FF)
        webp[25] = 0x03;
        webp[27] = 0x3F; // height - 1 = 575 (0x23F)
        webp[28] = 0x02;

        // Act
        var ok = ImageInfo.TryIdentify(webp, out var info);

        // Assert
        ok.Should().BeTrue();
        info.Should().Be(new ImageInfo("image/webp", 1024, 576));
    }

    [Theory]
    [InlineData(new byte[] { })]
    [InlineData(new byte[] { 1, 2, 3, 4, 5, 6, 7, 8 })]
    [InlineData(new byte[] { (byte)'<', (byte)'h', (byte)'t', (byte)'m', (byte)'l', (byte)'>' })]
    public void SniffMediaType_UnknownBytes_ReturnsOctetStream(byte[] data)
    {
        // Act
        var mediaType = ImageInfo.SniffMediaType(data);

        // Assert
        mediaType.Should().Be(ImageInfo.UnknownMediaType);
    }
}
