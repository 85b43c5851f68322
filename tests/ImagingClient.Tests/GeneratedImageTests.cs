namespace ImagingClient.Tests;

public sealed class GeneratedImageTests
{
    private static readonly byte[] Jpeg = [0xFF, 0xD8, 0xFF, 0xDB, 0x00, 0x04, 0x00, 0x00, 0xFF, 0xD9];

    [Fact]
    public async Task SaveAsync_InlineImageToPath_WritesExactlyItsBytes()
    {
        // Arrange
        var image = new InlineGeneratedImage(Jpeg, mediaType: null);
        var path = Path.Combine(Path.GetTempPath(), $"imaging-{Guid.NewGuid():N}.jpg");

        try
        {
            // Act
            await image.SaveAsync(path);

            // Assert
            (await File.ReadAllBytesAsync(path)).Should().Equal(Jpeg);
            image.MediaType.Should().Be("image/jpeg", "the media type is sniffed when the provider gives none");
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task OpenReadAsync_InlineImage_StreamsTheBytes()
    {
        // Arrange
        var image = new InlineGeneratedImage(Jpeg, "image/jpeg");

        // Act
        await using var stream = await image.OpenReadAsync();
        using var copy = new MemoryStream();
        await stream.CopyToAsync(copy);

        // Assert
        copy.ToArray().Should().Equal(Jpeg);
        stream.CanWrite.Should().BeFalse();
    }

    [Fact]
    public async Task SaveAsync_IntoMissingFolder_ThrowsAndLeavesNothing()
    {
        // Arrange
        var image = new InlineGeneratedImage(Jpeg, "image/jpeg");
        var path = Path.Combine(Path.GetTempPath(), $"missing-{Guid.NewGuid():N}", "a.jpg");

        // Act
        var act = () => image.SaveAsync(path);

        // Assert
        await act.Should().ThrowAsync<DirectoryNotFoundException>();
    }
}
