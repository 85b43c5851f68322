using System.Text;
using System.Text.Json;
using ImagingClient.Providers.Concurred.Wire;
using ImagingClient.Serialization;

namespace ImagingClient.Tests.Serialization;

public sealed class Base64OrUrlImageConverterTests
{
    private static readonly byte[] Png =
    [
        0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A,
        0x00, 0x00, 0x00, 0x0D, 0x49, 0x48, 0x44, 0x52,
        0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01,
        0xFF, 0xFF, 0xFF, 0xFB, 0xEF, 0xBE,
    ];

    private static List<WireImage> ReadImages(string imagesJson)
    {
        var envelope = JsonSerializer.Deserialize($$"""{"success":true,"data":{"model":"m","provider":"p","images":{{imagesJson}} } }""", ConcurredJsonContext.Default.ConcurredEnvelope);
        envelope.Should().NotBeNull();
        return envelope!.Data!.Images!;
    }

    private static WireImage ReadImage(string imageJson) => ReadImages($"[{imageJson}]").Should().ContainSingle().Subject;

    [Fact]
    public void Read_UrlObject_ReturnsUrl()
    {
        // Act
        var image = ReadImage("""{"url":"https://signed-url.example.com/image.png?sig=a%2Fb&x=1"}""");

        // Assert
        image.Url.Should().Be(new Uri("https://signed-url.example.com/image.png?sig=a%2Fb&x=1"));
        image.Url!.OriginalString.Should().Be("https://signed-url.example.com/image.png?sig=a%2Fb&x=1");
        image.Data.Should().BeNull();
        image.MediaType.Should().BeNull();
    }

    [Fact]
    public void Read_EscapedUrl_IsUnescaped()
    {
        // Act
        var image = ReadImage("""{"url":"https:\/\/cdn.example.com\/a\u002Fb.png?x=1\u0026y=2"}""");

        // Assert
        image.Url!.OriginalString.Should().Be("https://cdn.example.com/a/b.png?x=1&y=2");
    }

    [Fact]
    public void Read_Base64WithMimeType_ReturnsDecodedBytesAndMediaType()
    {
        // Act
        var image = ReadImage($$"""{"base64":"{{Convert.ToBase64String(Png)}}","mimeType":"image/png"}""");

        // Assert
        image.Data.Should().Equal(Png);
        image.MediaType.Should().Be("image/png");
        image.Url.Should().BeNull();
    }

    [Fact]
    public void Read_MimeTypeBeforeBase64_ReturnsBoth()
    {
        // Act
        var image = ReadImage($$"""{"mimeType":"image/webp","base64":"{{Convert.ToBase64String(Png)}}"}""");

        // Assert
        image.Data.Should().Equal(Png);
        image.MediaType.Should().Be("image/webp");
    }

    [Theory]
    [InlineData("b64_json", "mime_type")]
    [InlineData("data", "contentType")]
    public void Read_AlternativePropertyNames_AreUnderstood(string dataName, string typeName)
    {
        // Act
        var image = ReadImage($$"""{"{{dataName}}":"{{Convert.ToBase64String(Png)}}","{{typeName}}":"image/png"}""");

        // Assert
        image.Data.Should().Equal(Png);
        image.MediaType.Should().Be("image/png");
    }

    [Fact]
    public void Read_Base64WithJsonEscapes_DecodesOriginalBytes()
    {
        // Arrange
        var base64 = Convert.ToBase64String(Png);
        base64.Should().Contain("/").And.Contain("+");
        var escaped = base64.Replace("/", "\\/", StringComparison.Ordinal).Replace("+", "\\u002b", StringComparison.Ordinal);

        // Act
        var image = ReadImage($$"""{"base64":"{{escaped}}"}""");

        // Assert
        image.Data.Should().Equal(Png);
        image.MediaType.Should().BeNull();
    }

    [Fact]
    public void Read_DataUriInUrl_DecodesBytesAndMediaType()
    {
        // Act
        var image = ReadImage($$"""{"url":"data:image/png;base64,{{Convert.ToBase64String(Png)}}"}""");

        // Assert
        image.Data.Should().Equal(Png);
        image.MediaType.Should().Be("image/png");
        image.Url.Should().BeNull();
    }

    [Fact]
    public void Read_EscapedDataUriInUrl_DecodesBytes()
    {
        // Arrange
        var escaped = Convert.ToBase64String(Png).Replace("/", "\\/", StringComparison.Ordinal);

        // Act
        var image = ReadImage($$"""{"url":"data:image\/jpeg;base64,{{escaped}}"}""");

        // Assert
        image.Data.Should().Equal(Png);
        image.MediaType.Should().Be("image/jpeg");
    }

    [Fact]
    public void Read_DataUriWithoutMediaType_HasNoMediaType()
    {
        // Act
        var image = ReadImage($$"""{"url":"data:;base64,{{Convert.ToBase64String(Png)}}"}""");

        // Assert
        image.Data.Should().Equal(Png);
        image.MediaType.Should().BeNull();
    }

    [Theory]
    [InlineData("data:image/png,notbase64")]
    [InlineData("data:image/png;base64")]
    [InlineData("data:image/png;base64,!!!!")]
    public void Read_MalformedDataUri_IsAnUnusableEntry(string uri)
    {
        // Act
        var image = ReadImage($$"""{"url":"{{uri}}"}""");

        // Assert
        image.Url.Should().BeNull();
        image.Data.Should().BeNull();
        image.Problem.Should().Contain("data URI");
    }

    [Fact]
    public void Read_BareUrlString_ReturnsUrl()
    {
        // Act
        var images = ReadImages("""["https://a.example.com/1.png", {"url":"https://a.example.com/2.png"}]""");

        // Assert
        images.Select(i => i.Url!.AbsoluteUri).Should().Equal("https://a.example.com/1.png", "https://a.example.com/2.png");
    }

    [Fact]
    public void Read_BareDataUriString_DecodesBytes()
    {
        // Act
        var image = ReadImage("\"data:image/png;base64," + Convert.ToBase64String(Png) + "\"");

        // Assert
        image.Data.Should().Equal(Png);
        image.MediaType.Should().Be("image/png");
    }

    [Fact]
    public void Read_UnpaddedBase64_DecodesLeniently()
    {
        // Arrange: the PNG signature, base64 without its trailing '='.
        var unpadded = Convert.ToBase64String(Png.AsSpan(0, 8)).TrimEnd('=');

        // Act
        var image = ReadImage($$"""{"base64":"{{unpadded}}"}""");

        // Assert
        image.Problem.Should().BeNull();
        image.Data.Should().Equal(Png.AsSpan(0, 8).ToArray());
    }

    [Theory]
    [InlineData("not base64 at all!")]
    [InlineData("iVBORw0KG")]
    [InlineData("iVBO*w0KGgo=")]
    [InlineData("====")]
    public void Read_InvalidBase64_IsAnUnusableEntry(string base64)
    {
        // Act
        var image = ReadImage($$"""{"base64":"{{base64}}","mimeType":"image/png"}""");

        // Assert
        image.Url.Should().BeNull();
        image.Data.Should().BeNull();
        image.Problem.Should().Contain("base64");
    }

    [Theory]
    [InlineData("""{}""")]
    [InlineData("""{"mimeType":"image/png"}""")]
    [InlineData("""{"url":null,"base64":null}""")]
    [InlineData("""{"url":42}""")]
    [InlineData("""{"revised_prompt":"a cat"}""")]
    public void Read_ObjectWithNeitherUrlNorData_IsAnUnusableEntry(string json)
    {
        // Act
        var image = ReadImage(json);

        // Assert
        image.Url.Should().BeNull();
        image.Data.Should().BeNull();
        image.Problem.Should().NotBeNullOrEmpty();
    }

    [Theory]
    [InlineData("42")]
    [InlineData("true")]
    [InlineData("""[ "https://a.example.com/1.png" ]""")]
    public void Read_NeitherObjectNorString_IsAnUnusableEntry(string json)
    {
        // Act
        var image = ReadImage(json);

        // Assert
        image.Url.Should().BeNull();
        image.Data.Should().BeNull();
        image.Problem.Should().Contain("not an object or a URL");
    }

    [Theory]
    [InlineData("relative/path.png")]
    [InlineData("not a url")]
    public void Read_UrlThatIsNeitherAbsoluteNorAPath_IsAnUnusableEntry(string url)
    {
        // Act
        var image = ReadImage($$"""{"url":"{{url}}"}""");

        // Assert
        image.Url.Should().BeNull();
        image.Data.Should().BeNull();
        image.Problem.Should().Contain("neither an absolute");
    }

    [Fact]
    public void Read_PathOnProvidersHost_IsKeptAsRelativeUrl()
    {
        // Act: on Unix "/files/a.png" would otherwise parse as an absolute file: URI.
        var image = ReadImage("""{"url":"/files/a.png?sig=1"}""");

        // Assert
        image.Url.Should().BeNull();
        image.RelativeUrl.Should().Be("/files/a.png?sig=1");
        image.Problem.Should().BeNull();
    }

    [Theory]
    [InlineData("file:///etc/passwd")]
    [InlineData("ftp://example.com/a.png")]
    public void Read_NonHttpScheme_IsAnUnusableEntry(string url)
    {
        // Act
        var image = ReadImage($$"""{"url":"{{url}}"}""");

        // Assert
        image.Url.Should().BeNull();
        image.Problem.Should().Contain("scheme");
    }

    [Fact]
    public void Read_NullEntryBesideGoodOnes_KeepsTheGoodOnes()
    {
        // Act
        var images = ReadImages("""[{"url":"https://a.example.com/1.png"}, null, {"url":null}]""");

        // Assert
        images.Should().HaveCount(3);
        images[0].Url.Should().Be(new Uri("https://a.example.com/1.png"));
        images[1].Problem.Should().Contain("null");
        images[2].Problem.Should().NotBeNullOrEmpty();
    }

    [Fact]
    public void Read_UnknownPropertiesOfAnyShape_AreSkipped()
    {
        // Arrange
        const string json = """
            {
              "width": 1024,
              "seed": null,
              "nsfw": false,
              "extra": { "nested": [ 1, { "url": "https://wrong.example.com/x.png" }, [ "y" ] ], "s": "t" },
              "tags": [ "a", { "b": "c" } ],
              "url": "https://right.example.com/image.png",
              "after": { "base64": "not-base64" }
            }
            """;

        // Act
        var images = ReadImages($"[{json}, {{\"url\":\"https://right.example.com/second.png\"}}]");

        // Assert
        images.Should().HaveCount(2);
        images[0].Url.Should().Be(new Uri("https://right.example.com/image.png"));
        images[0].Data.Should().BeNull();
        images[1].Url.Should().Be(new Uri("https://right.example.com/second.png"));
    }

    [Fact]
    public void Read_MimeTypeOfWrongShape_IsIgnored()
    {
        // Act
        var image = ReadImage($$"""{"mimeType":{"type":"image/png"},"base64":"{{Convert.ToBase64String(Png)}}"}""");

        // Assert
        image.Data.Should().Equal(Png);
        image.MediaType.Should().BeNull();
    }

    [Fact]
    public void Read_LargeBase64FromStream_DecodesCompletely()
    {
        // Arrange
        var bytes = new byte[200_000];
        new Random(7).NextBytes(bytes);
        var json = $$"""{"data":{"images":[{"base64":"{{Convert.ToBase64String(bytes)}}","mimeType":"image/png"} ] } }""";
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(json));

        // Act
        var envelope = JsonSerializer.Deserialize(stream, ConcurredJsonContext.Default.ConcurredEnvelope);

        // Assert
        envelope!.Data!.Images.Should().ContainSingle().Which.Data.Should().Equal(bytes);
    }

    [Fact]
    public void Write_Image_RoundTrips()
    {
        // Arrange
        var original = new ConcurredData
        {
            Images =
            [
                new WireImage { Url = new Uri("https://a.example.com/1.png") },
                new WireImage { Data = Png, MediaType = "image/png" },
            ],
        };

        // Act
        var json = JsonSerializer.Serialize(new ConcurredEnvelope { Data = original }, ConcurredJsonContext.Default.ConcurredEnvelope);
        var images = JsonSerializer.Deserialize(json, ConcurredJsonContext.Default.ConcurredEnvelope)!.Data!.Images!;

        // Assert
        images.Should().HaveCount(2);
        images[0].Url.Should().Be(new Uri("https://a.example.com/1.png"));
        images[1].Data.Should().Equal(Png);
        images[1].MediaType.Should().Be("image/png");
    }

    [Fact]
    public void Read_ErrorEnvelope_KeepsDetailsAsJson()
    {
        // Act
        var envelope = JsonSerializer.Deserialize(
            """{"error":{"code":"RATE_LIMIT_EXCEEDED","message":"Slow down","details":{"retryAfter":3}},"meta":{"requestId":"req_1"}}""",
            ConcurredJsonContext.Default.ConcurredEnvelope)!;

        // Assert
        envelope.Error!.Code.Should().Be("RATE_LIMIT_EXCEEDED");
        envelope.Error.Message.Should().Be("Slow down");
        envelope.Error.Details!.Value.GetProperty("retryAfter").GetInt32().Should().Be(3);
        envelope.Meta!.RequestId.Should().Be("req_1");
        envelope.Data.Should().BeNull();
    }
}
