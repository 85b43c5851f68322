using System.Net;
using System.Text.Json;
using ImagingClient.Emulator;
using static ImagingClient.Tests.Emulator.Apiframe.ApiframeHttp;
using Microsoft.Extensions.Time.Testing;

namespace ImagingClient.Tests.Emulator.Apiframe;

public sealed class ApiframeUploadTests
{
    private static readonly byte[] Jpeg = [0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, (byte)'J', (byte)'F', (byte)'I', (byte)'F', 0x00, 0x01];

    public static TheoryData<byte[], string, string> Media => new()
    {
        { Jpeg, "image", "image/jpeg" },
        { [.. "GIF89a"u8, 1, 0, 1, 0], "image", "image/gif" },
        { [.. "RIFF"u8, 4, 0, 0, 0, .. "WEBPVP8 "u8], "image", "image/webp" },
        { [0, 0, 0, 0x18, .. "ftypisom"u8, 0, 0, 0, 0], "video", "video/mp4" },
        { [0, 0, 0, 0x14, .. "ftypqt  "u8, 0, 0, 0, 0], "video", "video/quicktime" },
        { [0x1A, 0x45, 0xDF, 0xA3, 0x9F, 0x42], "video", "video/webm" },
        { [.. "ID3"u8, 4, 0, 0, 0, 0, 0, 0], "audio", "audio/mpeg" },
        { [.. "RIFF"u8, 4, 0, 0, 0, .. "WAVEfmt "u8], "audio", "audio/wav" },
        { [.. "OggS"u8, 0, 2, 0, 0], "audio", "audio/ogg" },
        { [0, 0, 0, 0x20, .. "ftypM4A "u8, 0, 0, 0, 0], "audio", "audio/mp4" },
    };

    [Fact]
    public async Task Upload_Png_Answers201AndServesTheBytesBackUntilItExpires()
    {
        // Arrange
        var clock = new FakeTimeProvider();
        await using var emulator = await StartAsync(clock);
        using var client = CreateClient(emulator);
        var png = await DownloadPngAsync(client, Images(await CompleteAsync(client, clock, """{"model":"dall-e-2","prompt":"to upload"}"""))[0]);

        // Act
        using var response = await UploadAsync(client, png);
        var body = await ReadJsonAsync(response);
        var url = body.GetProperty("url").GetString()!;
        using var served = await client.GetAsync(url);
        var bytes = await served.Content.ReadAsByteArrayAsync();
        clock.Advance(TimeSpan.FromHours(1) - TimeSpan.FromSeconds(1));
        using var late = await client.GetAsync(url);
        clock.Advance(TimeSpan.FromSeconds(1));
        using var expired = await client.GetAsync(url);

        // Assert
        response.StatusCode.Should().Be(HttpStatusCode.Created);
        Guid.TryParseExact(body.GetProperty("id").GetString(), "D", out _).Should().BeTrue();
        url.Should().StartWith(emulator.BaseAddress.ToString());
        body.GetProperty("kind").GetString().Should().Be("image");
        body.GetProperty("contentType").GetString().Should().Be("image/png");
        body.GetProperty("byteSize").GetInt32().Should().Be(png.Length);
        body.GetProperty("expiresAt").GetDateTimeOffset().Should().Be(clock.GetUtcNow());
        served.StatusCode.Should().Be(HttpStatusCode.OK);
        served.Content.Headers.ContentType!.MediaType.Should().Be("image/png");
        bytes.Should().Equal(png);
        late.StatusCode.Should().Be(HttpStatusCode.OK);
        expired.StatusCode.Should().BeOneOf(HttpStatusCode.Forbidden, HttpStatusCode.NotFound);
    }

    [Theory]
    [MemberData(nameof(Media))]
    public async Task Upload_OtherMedia_IsSniffedByMagicBytes(byte[] bytes, string kind, string contentType)
    {
        // Arrange
        await using var emulator = await StartAsync(new FakeTimeProvider());
        using var client = CreateClient(emulator);

        // Act
        using var response = await UploadAsync(client, bytes, fileName: "whatever.bin");
        var body = await ReadJsonAsync(response);
        using var served = await client.GetAsync(body.GetProperty("url").GetString());

        // Assert
        response.StatusCode.Should().Be(HttpStatusCode.Created, body.ToString());
        body.GetProperty("kind").GetString().Should().Be(kind);
        body.GetProperty("contentType").GetString().Should().Be(contentType);
        served.Content.Headers.ContentType!.MediaType.Should().Be(contentType);
        (await served.Content.ReadAsByteArrayAsync()).Should().Equal(bytes);
    }

    [Fact]
    public async Task Upload_UnknownType_Answers400()
    {
        // Arrange
        await using var emulator = await StartAsync(new FakeTimeProvider());
        using var client = CreateClient(emulator);

        // Act
        using var response = await UploadAsync(client, "just some text"u8.ToArray(), fileName: "picture.png");
        var body = await ReadJsonAsync(response);

        // Assert
        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        body.GetProperty("error").GetString().Should().NotBeNullOrEmpty();
        Details(body).Should().ContainKey("file");
    }

    [Fact]
    public async Task Upload_ImageOver25Megabytes_Answers400()
    {
        // Arrange
        await using var emulator = await StartAsync(new FakeTimeProvider());
        using var client = CreateClient(emulator);
        var big = new byte[(25 * 1024 * 1024) + 1];
        Jpeg.CopyTo(big, 0);

        // Act
        using var response = await UploadAsync(client, big, fileName: "big.jpg");
        var body = await ReadJsonAsync(response);

        // Assert
        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        body.GetProperty("error").GetString().Should().Be("File too large");
        Details(body)["file"].Single().Should().Contain("25 MB");
    }

    [Fact]
    public async Task Upload_NoFileField_Answers400()
    {
        // Arrange
        await using var emulator = await StartAsync(new FakeTimeProvider());
        using var client = CreateClient(emulator);

        // Act
        using var wrongField = await UploadAsync(client, Jpeg, field: "image");
        using var json = await PostAsync(client, UploadsPath, "{}");

        // Assert
        wrongField.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        Details(await ReadJsonAsync(wrongField))["file"].Should().Equal("Required");
        json.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await ReadJsonAsync(json)).GetProperty("error").ValueKind.Should().Be(JsonValueKind.String);
    }

    [Fact]
    public async Task Upload_WithoutKey_Answers401()
    {
        // Arrange
        await using var emulator = await StartAsync(new FakeTimeProvider());
        using var client = CreateClient(emulator);

        // Act
        using var response = await UploadAsync(client, Jpeg, key: null);

        // Assert
        response.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
    }
}
