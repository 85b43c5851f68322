using System.Text;
using System.Text.Json;
using ImagingClient.Serialization;

namespace ImagingClient.Tests.Serialization;

/// <summary>The lenient readers never throw for text that cannot be a string, nor for numbers no double holds.</summary>
public sealed class JsonFieldsTests
{
    [Theory]
    [InlineData(new byte[] { (byte)'"', (byte)'a', 0xFF, (byte)'b', (byte)'"' })]
    [InlineData(new byte[] { (byte)'"', 0xC0, 0x80, (byte)'"' })]
    [InlineData(new byte[] { (byte)'"', (byte)'\\', (byte)'u', (byte)'d', (byte)'8', (byte)'0', (byte)'0', (byte)'"' })]
    public void Text_InvalidUtf8OrALoneSurrogate_IsNullInsteadOfThrowing(byte[] json)
    {
        // Arrange
        using var document = JsonDocument.Parse(json);

        // Act
        var text = JsonFields.Text(document.RootElement);

        // Assert
        text.Should().BeNull();
    }

    [Fact]
    public void String_PropertyWithInvalidUtf8_IsNullAndOthersAreRead()
    {
        // Arrange
        using var document = JsonDocument.Parse((byte[])[.. "{\"bad\":\"x"u8, 0xFF, .. "\",\"good\":\"y\"}"u8]);

        // Act
        var bad = JsonFields.String(document.RootElement, "bad");
        var good = JsonFields.String(document.RootElement, "good");

        // Assert
        bad.Should().BeNull();
        good.Should().Be("y");
    }

    [Fact]
    public void RawText_InvalidUtf8_ReadsAsReplacementCharacters()
    {
        // Arrange
        using var document = JsonDocument.Parse((byte[])[.. "{\"a\":\"x"u8, 0xFF, .. "\"}"u8]);

        // Act
        var raw = JsonFields.RawText(document.RootElement);

        // Assert
        raw.Should().Be("{\"a\":\"x\uFFFD\"}");
    }

    [Fact]
    public void Name_InvalidUtf8_IsTheNameAsSent()
    {
        // Arrange
        using var document = JsonDocument.Parse((byte[])[.. "{\"k"u8, 0xFF, .. "\":1}"u8]);

        // Act
        var name = JsonFields.Name(document.RootElement.EnumerateObject().Single());

        // Assert
        name.Should().Be("k\uFFFD");
    }

    [Theory]
    [InlineData("1e400")]
    [InlineData("-1e400")]
    public void Number_TooLargeForADouble_IsNull(string number)
    {
        // Arrange
        using var document = JsonDocument.Parse(Encoding.UTF8.GetBytes($"{{\"n\":{number}}}"));

        // Act
        var value = JsonFields.Number(document.RootElement, "n");

        // Assert
        value.Should().BeNull();
    }
}
