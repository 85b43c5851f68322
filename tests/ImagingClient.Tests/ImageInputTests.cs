namespace ImagingClient.Tests;

public sealed class ImageInputTests
{
    [Theory]
    [InlineData("ftp://example.com/a.png")]
    [InlineData("/relative/a.png")]
    [InlineData("not a url")]
    public void FromUri_NonHttpUrl_ThrowsArgumentException(string url)
    {
        // Act
        var act = () => ImageInput.FromUri(url);

        // Assert
        act.Should().Throw<ArgumentException>().WithMessage("*absolute http or https URL*");
    }

    [Fact]
    public void FromBytes_Empty_ThrowsArgumentException()
    {
        // Act
        var act = () => ImageInput.FromBytes(ReadOnlyMemory<byte>.Empty);

        // Assert
        act.Should().Throw<ArgumentException>().WithMessage("*must not be empty*");
    }

    [Fact]
    public void FromFile_MissingFile_ThrowsFileNotFoundWithFullPath()
    {
        // Act
        var act = () => ImageInput.FromFile("definitely-missing-image.png");

        // Assert
        act.Should().Throw<FileNotFoundException>().Which.FileName.Should().Be(Path.GetFullPath("definitely-missing-image.png"));
    }

    [Fact]
    public void FromStream_UnreadableStream_ThrowsArgumentException()
    {
        // Arrange
        var stream = new MemoryStream();
        stream.Dispose();

        // Act
        var act = () => ImageInput.FromStream(stream);

        // Assert
        act.Should().Throw<ArgumentException>().WithMessage("*readable*");
    }

    [Fact]
    public void FromUri_HttpsUrl_KeepsTheUrlAndKind()
    {
        // Act
        var input = ImageInput.FromUri("https://example.com/a.png");

        // Assert
        input.Kind.Should().Be(ImageInputKind.Url);
        input.Url.Should().Be(new Uri("https://example.com/a.png"));
        input.ToString().Should().Be("URL https://example.com/a.png");
    }
}
