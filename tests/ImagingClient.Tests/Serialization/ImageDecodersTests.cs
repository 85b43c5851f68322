using System.Text;
using System.Text.Json;
using ImagingClient.Serialization;

namespace ImagingClient.Tests.Serialization;

public sealed class ImageDecodersTests
{
    private static readonly byte[] Png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x01, 0x02];

    [Fact]
    public void ReadBase64Entry_BareBase64Strings_DecodeToExactArrays()
    {
        // Arrange: the shape of a bare base64 array, which a URL reader would take for URLs.
        var json = $$$"""["{{{Convert.ToBase64String(Png)}}}","{{{Convert.ToBase64String(Png.AsSpan(0, 9))}}}"]""";

        // Act
        var images = Read(json, ImageDecoders.ReadBase64Entry);

        // Assert
        images.Should().HaveCount(2);
        images[0].Data.Should().Equal(Png);
        images[0].Data!.Length.Should().Be(Png.Length, "the array is exactly the decoded size");
        images[1].Data.Should().Equal(Png.AsSpan(0, 9).ToArray());
        images.Should().OnlyContain(i => i.Url == null && i.Problem == null);
    }

    [Fact]
    public void ReadBase64Entry_EscapedSlashes_AreUnescapedBeforeDecoding()
    {
        // Arrange: bytes whose base64 has '/', sent JSON-escaped as "\/".
        var bytes = new byte[] { 0xFF, 0xFF, 0xFF, 0xFE };
        var base64 = Convert.ToBase64String(bytes);
        base64.Should().Contain("/");
        var json = "[\"" + base64.Replace("/", "\\/", StringComparison.Ordinal) + "\"]";

        // Act
        var images = Read(json, ImageDecoders.ReadBase64Entry);

        // Assert
        images.Should().ContainSingle().Which.Data.Should().Equal(bytes);
    }

    [Theory]
    [InlineData("\"https://cdn.example.com/a.png\"")]
    [InlineData("\"data:image/png;base64,iVBORw0KGgo=\"")]
    public void ReadBase64Entry_UrlOrDataUri_IsUnderstoodToo(string entry)
    {
        // Act
        var image = Read($"[{entry}]", ImageDecoders.ReadBase64Entry).Should().ContainSingle().Subject;

        // Assert
        (image.Url is not null || image.Data is not null).Should().BeTrue();
        image.Problem.Should().BeNull();
    }

    [Theory]
    [InlineData("[\"not base64!\"]")]
    [InlineData("[42]")]
    [InlineData("[null]")]
    public void ReadBase64Entry_Unusable_IsAProblemNotAnException(string json)
    {
        // Act
        var image = Read(json, ImageDecoders.ReadBase64Entry).Should().ContainSingle().Subject;

        // Assert
        image.Data.Should().BeNull();
        image.Problem.Should().NotBeNullOrEmpty();
    }

    [Fact]
    public void ReadUrlEntry_UrlStrings_AreUrls()
    {
        // Act
        var images = Read("""["https://cdn.example.com/a.png?sig=x%2Fy","/files/b.png","ftp://x/y"]""", ImageDecoders.ReadUrlEntry);

        // Assert
        images[0].Url!.OriginalString.Should().Be("https://cdn.example.com/a.png?sig=x%2Fy");
        images[1].RelativeUrl.Should().Be("/files/b.png");
        images[2].Problem.Should().Contain("ftp");
    }

    [Fact]
    public void ReadUrlOrImageSet_PlainUrl_IsOneImage()
    {
        // Act
        var set = ReadSet("\"https://cdn.example.com/one.png\"");

        // Assert
        set.Images.Should().ContainSingle().Which.Url.Should().Be(new Uri("https://cdn.example.com/one.png"));
        set.Grid.Should().BeNull();
    }

    [Fact]
    public void ReadUrlOrImageSet_ImagesAndGrid_KeepsAllFourAndTheGrid()
    {
        // Act
        var set = ReadSet("""{"images":["https://c/1.png","https://c/2.png","https://c/3.png","https://c/4.png"],"gridUrl":"https://c/grid.png","extra":{"a":[1]}}""");

        // Assert
        set.Images.Select(i => i.Url!.AbsolutePath).Should().Equal("/1.png", "/2.png", "/3.png", "/4.png");
        set.Grid!.Url.Should().Be(new Uri("https://c/grid.png"));
    }

    [Fact]
    public void ReadArray_NotAnArray_IsOneProblem()
    {
        // Act
        var images = Read("""{"url":"https://c/1.png"}""", ImageDecoders.ReadUrlEntry);

        // Assert
        images.Should().ContainSingle().Which.Problem.Should().Contain("not an array");
    }

    [Fact]
    public void Converters_OnWireProperties_ReadTheirShapeFromOneBuffer()
    {
        // Arrange
        var json = Encoding.UTF8.GetBytes($$$"""{"images":["{{{Convert.ToBase64String(Png)}}}"],"urls":["https://c/1.png"],"result":{"images":["https://c/1.png"],"gridUrl":"https://c/g.png"}}""");

        // Act
        var shapes = JsonSerializer.Deserialize(json, DecoderTestContext.Default.Shapes)!;

        // Assert
        shapes.Images!.Single().Data.Should().Equal(Png);
        shapes.Urls!.Single().Url.Should().Be(new Uri("https://c/1.png"));
        shapes.Result!.Grid!.Url.Should().Be(new Uri("https://c/g.png"));
    }

    private static List<WireImage> Read(string json, ImageDecoders.EntryReader entry)
    {
        var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes(json));
        reader.Read();
        return ImageDecoders.ReadArray(ref reader, entry);
    }

    private static WireImageSet ReadSet(string json)
    {
        var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes(json));
        reader.Read();
        return ImageDecoders.ReadUrlOrImageSet(ref reader);
    }
}

/// <summary>A wire type using each shape's converter, the way a provider's DTO declares it.</summary>
internal sealed class Shapes
{
    [System.Text.Json.Serialization.JsonPropertyName("images")]
    [System.Text.Json.Serialization.JsonConverter(typeof(Base64StringListConverter))]
    public List<WireImage>? Images { get; init; }

    [System.Text.Json.Serialization.JsonPropertyName("urls")]
    [System.Text.Json.Serialization.JsonConverter(typeof(UrlStringListConverter))]
    public List<WireImage>? Urls { get; init; }

    [System.Text.Json.Serialization.JsonPropertyName("result")]
    [System.Text.Json.Serialization.JsonConverter(typeof(UrlOrImageSetConverter))]
    public WireImageSet? Result { get; init; }
}

[System.Text.Json.Serialization.JsonSerializable(typeof(Shapes))]
internal sealed partial class DecoderTestContext : System.Text.Json.Serialization.JsonSerializerContext;
