using System.Net;
using ImagingClient.Emulator;
using ImagingClient.Emulator.Imaging;
using static ImagingClient.Tests.Emulator.ConcurredHttp;
using Microsoft.Extensions.Time.Testing;

namespace ImagingClient.Tests.Emulator;

public sealed class ConcurredEditTests
{
    [Fact]
    public async Task Edit_ServedUrl_ReturnsSameSizeDifferentImageWithoutMeta()
    {
        // Arrange
        await using var emulator = await ImagingEmulator.StartAsync();
        using var client = CreateClient(emulator);
        var sourceUrl = await GenerateUrlAsync(client, """{"model":"sd-3.5","prompt":"a beach","width":640,"height":480}""");
        var sourcePng = await client.GetByteArrayAsync(sourceUrl);

        // Act
        using var response = await PostAsync(client, EditPath, $$"""{"prompt":"make it night","image_url":"{{sourceUrl}}"}""");
        var body = await ReadJsonAsync(response);
        var editedUrl = body.GetProperty("data").GetProperty("images")[0].GetProperty("url").GetString()!;
        var editedPng = await client.GetByteArrayAsync(editedUrl);

        // Assert
        response.StatusCode.Should().Be(HttpStatusCode.OK);
        body.GetProperty("success").GetBoolean().Should().BeTrue();
        body.GetProperty("data").GetProperty("model").GetString().Should().Be("qwen-image-edit");
        body.GetProperty("data").GetProperty("provider").GetString().Should().Be("fal");
        body.TryGetProperty("meta", out _).Should().BeFalse();
        editedUrl.Should().NotBe(sourceUrl);
        PngSize(editedPng).Should().Be((640, 480));
        PngDecoder.Decode(editedPng).Pixels.Should().NotEqual(PngDecoder.Decode(sourcePng).Pixels);
    }

    [Fact]
    public async Task Edit_SameInputsTwice_IsDeterministic()
    {
        // Arrange
        await using var emulator = await ImagingEmulator.StartAsync();
        using var client = CreateClient(emulator);
        var sourceUrl = await GenerateUrlAsync(client, """{"model":"flux-2-klein","prompt":"a portrait","width":300,"height":300,"seed":1}""");
        var json = $$"""{"model":"flux-kontext","prompt":"add sunglasses","image_url":"{{sourceUrl}}","seed":9}""";

        // Act
        var first = await ReadJsonAsync(await PostAsync(client, EditPath, json));
        var second = await ReadJsonAsync(await PostAsync(client, EditPath, json));
        var firstPng = await client.GetByteArrayAsync(first.GetProperty("data").GetProperty("images")[0].GetProperty("url").GetString());
        var secondPng = await client.GetByteArrayAsync(second.GetProperty("data").GetProperty("images")[0].GetProperty("url").GetString());

        // Assert
        first.GetProperty("data").GetProperty("provider").GetString().Should().Be("flux");
        secondPng.Should().Equal(firstPng);
    }

    [Theory]
    [InlineData("https://example.com/photo.jpg")]
    [InlineData("http://127.0.0.1:1/files/0123456789abcdef.png?sig=00")]
    [InlineData("not a url")]
    public async Task Edit_ForeignUrl_Returns400WithoutFetching(string imageUrl)
    {
        // Arrange
        await using var emulator = await ImagingEmulator.StartAsync();
        using var client = CreateClient(emulator);

        // Act
        using var response = await PostAsync(client, EditPath, $$"""{"prompt":"edit","image_url":"{{imageUrl}}"}""");
        var body = await ReadJsonAsync(response);

        // Assert
        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        ErrorCode(body).Should().Be("BAD_REQUEST");
        body.GetProperty("error").GetProperty("message").GetString().Should().Contain("only fetches images it served itself");
    }

    [Fact]
    public async Task Edit_ServedUrlWithWrongSignature_Returns400()
    {
        // Arrange
        await using var emulator = await ImagingEmulator.StartAsync();
        using var client = CreateClient(emulator);
        var sourceUrl = await GenerateUrlAsync(client, """{"model":"sd-3.5","prompt":"a beach"}""");
        var tampered = sourceUrl[..(sourceUrl.IndexOf("sig=", StringComparison.Ordinal) + 4)] + "deadbeef";

        // Act
        using var response = await PostAsync(client, EditPath, $$"""{"prompt":"edit","image_url":"{{tampered}}"}""");

        // Assert
        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Edit_ExpiredFluxUrl_Returns400()
    {
        // Arrange
        var clock = new FakeTimeProvider();
        await using var emulator = await ImagingEmulator.StartAsync(new ImagingEmulatorOptions { TimeProvider = clock });
        using var client = CreateClient(emulator);
        var sourceUrl = await GenerateUrlAsync(client, """{"model":"flux-2-pro","prompt":"a beach"}""");
        clock.Advance(TimeSpan.FromMinutes(11));

        // Act
        using var response = await PostAsync(client, EditPath, $$"""{"prompt":"edit","image_url":"{{sourceUrl}}"}""");
        var body = await ReadJsonAsync(response);

        // Assert
        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        body.GetProperty("error").GetProperty("message").GetString().Should().Contain("expired");
    }

    [Theory]
    [InlineData("""{"image_url":"http://example.com/a.png"}""", "prompt")]
    [InlineData("""{"prompt":"edit"}""", "image_url")]
    public async Task Edit_MissingRequiredField_Returns400MissingRequiredField(string json, string field)
    {
        // Arrange
        await using var emulator = await ImagingEmulator.StartAsync();
        using var client = CreateClient(emulator);

        // Act
        using var response = await PostAsync(client, EditPath, json);
        var body = await ReadJsonAsync(response);

        // Assert
        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        ErrorCode(body).Should().Be("MISSING_REQUIRED_FIELD");
        body.GetProperty("error").GetProperty("details").GetProperty("field").GetString().Should().Be(field);
    }

    [Theory]
    [InlineData("qwen-image-edit", "BAD_REQUEST")]
    [InlineData("seedream-5", "BAD_REQUEST")]
    [InlineData("flux-2-pro", "INVALID_MODEL")]
    public async Task Edit_SeedOrModelNotAllowed_Returns400(string model, string code)
    {
        // Arrange
        await using var emulator = await ImagingEmulator.StartAsync();
        using var client = CreateClient(emulator);
        var sourceUrl = await GenerateUrlAsync(client, """{"model":"sd-3.5","prompt":"a beach"}""");

        // Act
        using var response = await PostAsync(client, EditPath, $$"""{"model":"{{model}}","prompt":"edit","image_url":"{{sourceUrl}}","seed":3}""");
        var body = await ReadJsonAsync(response);

        // Assert
        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        ErrorCode(body).Should().Be(code);
    }
}
