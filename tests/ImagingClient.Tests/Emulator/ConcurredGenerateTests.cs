using System.Globalization;
using System.Net;
using System.Text.Json;
using ImagingClient.Emulator;
using static ImagingClient.Tests.Emulator.ConcurredHttp;
using Microsoft.Extensions.Time.Testing;

namespace ImagingClient.Tests.Emulator;

public sealed class ConcurredGenerateTests
{
    [Fact]
    public async Task Generate_FluxWithSize_ReturnsUrlOfPngWithRequestedSize()
    {
        // Arrange
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 3, 29, 12, 30, 15, 250, TimeSpan.Zero));
        await using var emulator = await ImagingEmulator.StartAsync(new ImagingEmulatorOptions { TimeProvider = clock });
        using var client = CreateClient(emulator);

        // Act
        using var response = await PostAsync(client, GeneratePath, """{"model":"flux-2-pro","prompt":"A cat astronaut","width":640,"height":384}""");
        var body = await ReadJsonAsync(response);
        var url = body.GetProperty("data").GetProperty("images")[0].GetProperty("url").GetString()!;
        using var download = await client.GetAsync(url);
        var png = await download.Content.ReadAsByteArrayAsync();

        // Assert
        response.StatusCode.Should().Be(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/json");
        body.GetProperty("success").GetBoolean().Should().BeTrue();
        body.GetProperty("data").GetProperty("model").GetString().Should().Be("flux-2-pro");
        body.GetProperty("data").GetProperty("provider").GetString().Should().Be("flux");
        body.GetProperty("data").GetProperty("images").GetArrayLength().Should().Be(1);
        url.Should().StartWith(emulator.BaseAddress + "files/").And.Contain(".png?sig=");
        var meta = body.GetProperty("meta");
        meta.GetProperty("requestId").GetString().Should().MatchRegex("^req_[0-9a-f]+$");
        meta.GetProperty("timestamp").GetString().Should().Be("2026-03-29T12:30:15.250Z");
        download.StatusCode.Should().Be(HttpStatusCode.OK);
        download.Content.Headers.ContentType!.MediaType.Should().Be("image/png");
        PngSize(png).Should().Be((640, 384));
    }

    [Fact]
    public async Task Generate_NoModel_UsesFlux2ProAt1024Square()
    {
        // Arrange
        await using var emulator = await ImagingEmulator.StartAsync();
        using var client = CreateClient(emulator);

        // Act
        using var response = await PostAsync(client, GeneratePath, """{"prompt":"defaults"}""");
        var body = await ReadJsonAsync(response);
        var png = await client.GetByteArrayAsync(body.GetProperty("data").GetProperty("images")[0].GetProperty("url").GetString());

        // Assert
        body.GetProperty("data").GetProperty("model").GetString().Should().Be("flux-2-pro");
        PngSize(png).Should().Be((1024, 1024));
    }

    [Theory]
    [InlineData("""{"model":"recraft-v4","prompt":"p","aspect_ratio":"16:9"}""", 1024, 576)]
    [InlineData("""{"model":"qwen-image","prompt":"p","aspect_ratio":"3:4"}""", 768, 1024)]
    [InlineData("""{"model":"sd-3.5","prompt":"p","width":300}""", 300, 1024)]
    [InlineData("""{"model":"flux-1.1-pro","prompt":"p","height":2048}""", 1024, 2048)]
    public async Task Generate_SizeFields_ProduceExpectedPixelSize(string json, int width, int height)
    {
        // Arrange
        await using var emulator = await ImagingEmulator.StartAsync();
        using var client = CreateClient(emulator);

        // Act
        var url = await GenerateUrlAsync(client, json);
        var png = await client.GetByteArrayAsync(url);

        // Assert
        PngSize(png).Should().Be((width, height));
    }

    [Fact]
    public async Task Generate_FalModel_ReportsFalProvider()
    {
        // Arrange
        await using var emulator = await ImagingEmulator.StartAsync();
        using var client = CreateClient(emulator);

        // Act
        using var response = await PostAsync(client, GeneratePath, """{"model":"ideogram-v3","prompt":"sign that says hi"}""");
        var body = await ReadJsonAsync(response);

        // Assert
        response.StatusCode.Should().Be(HttpStatusCode.OK);
        body.GetProperty("data").GetProperty("provider").GetString().Should().Be("fal");
    }

    [Fact]
    public async Task Generate_ImagenWithNumImages_ReturnsThatManyDistinctBase64Pngs()
    {
        // Arrange
        await using var emulator = await ImagingEmulator.StartAsync();
        using var client = CreateClient(emulator);

        // Act
        using var response = await PostAsync(client, GeneratePath, """{"model":"imagen-4","prompt":"A watercolor garden","aspect_ratio":"16:9","num_images":3}""");
        var body = await ReadJsonAsync(response);

        // Assert
        response.StatusCode.Should().Be(HttpStatusCode.OK);
        body.GetProperty("data").GetProperty("provider").GetString().Should().Be("google");
        var images = body.GetProperty("data").GetProperty("images").EnumerateArray().ToList();
        images.Should().HaveCount(3);
        var decoded = new List<string>();
        foreach (var image in images)
        {
            image.TryGetProperty("url", out _).Should().BeFalse();
            image.GetProperty("mimeType").GetString().Should().Be("image/png");
            var png = Convert.FromBase64String(image.GetProperty("base64").GetString()!);
            PngSize(png).Should().Be((1024, 576));
            decoded.Add(Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(png)));
        }

        decoded.Should().OnlyHaveUniqueItems();
        body.TryGetProperty("meta", out _).Should().BeTrue();
    }

    [Theory]
    [InlineData("""{"model":"imagen-4","prompt":"p","image_size":"2K","aspect_ratio":"9:16"}""", 1152, 2048)]
    [InlineData("""{"model":"imagen-4-fast","prompt":"p"}""", 1024, 1024)]
    [InlineData("""{"model":"imagen-4-ultra","prompt":"p"}""", 2048, 2048)]
    public async Task Generate_ImagenSizes_FollowImageSizeAndAspectRatio(string json, int width, int height)
    {
        // Arrange
        await using var emulator = await ImagingEmulator.StartAsync();
        using var client = CreateClient(emulator);

        // Act
        using var response = await PostAsync(client, GeneratePath, json);
        var body = await ReadJsonAsync(response);
        var png = Convert.FromBase64String(body.GetProperty("data").GetProperty("images")[0].GetProperty("base64").GetString()!);

        // Assert
        PngSize(png).Should().Be((width, height));
    }

    [Fact]
    public async Task Generate_SamePromptAndSeed_ReturnsByteIdenticalPng()
    {
        // Arrange
        await using var emulator = await ImagingEmulator.StartAsync();
        using var client = CreateClient(emulator);
        const string Json = """{"model":"flux-2-pro","prompt":"a red fox","seed":42,"width":512,"height":512}""";

        // Act
        var first = await client.GetByteArrayAsync(await GenerateUrlAsync(client, Json));
        var second = await client.GetByteArrayAsync(await GenerateUrlAsync(client, Json));

        // Assert
        second.Should().Equal(first);
    }

    [Fact]
    public async Task Generate_DifferentSeed_ReturnsDifferentPixels()
    {
        // Arrange
        await using var emulator = await ImagingEmulator.StartAsync();
        using var client = CreateClient(emulator);

        // Act
        var first = await client.GetByteArrayAsync(await GenerateUrlAsync(client, """{"model":"flux-2-pro","prompt":"a red fox","seed":42,"width":512,"height":512}"""));
        var second = await client.GetByteArrayAsync(await GenerateUrlAsync(client, """{"model":"flux-2-pro","prompt":"a red fox","seed":43,"width":512,"height":512}"""));

        // Assert
        ImagingClient.Emulator.Imaging.PngDecoder.Decode(second).Pixels
            .Should().NotEqual(ImagingClient.Emulator.Imaging.PngDecoder.Decode(first).Pixels);
    }

    [Fact]
    public async Task Generate_SamePromptAcrossEmulators_IsDeterministicWithoutSeed()
    {
        // Arrange
        await using var first = await ImagingEmulator.StartAsync();
        await using var second = await ImagingEmulator.StartAsync();
        using var firstClient = CreateClient(first);
        using var secondClient = CreateClient(second);
        const string Json = """{"model":"imagen-4","prompt":"stable hashing"}""";

        // Act
        var a = await ReadJsonAsync(await PostAsync(firstClient, GeneratePath, Json));
        var b = await ReadJsonAsync(await PostAsync(secondClient, GeneratePath, Json));

        // Assert
        b.GetProperty("data").GetProperty("images")[0].GetProperty("base64").GetString()
            .Should().Be(a.GetProperty("data").GetProperty("images")[0].GetProperty("base64").GetString());
    }

    [Fact]
    public async Task Generate_BlockedMarkerInPrompt_Returns400GuardrailBlocked()
    {
        // Arrange
        await using var emulator = await ImagingEmulator.StartAsync();
        using var client = CreateClient(emulator);

        // Act
        using var response = await PostAsync(client, GeneratePath, """{"prompt":"something [BLOCKED] here"}""");
        var body = await ReadJsonAsync(response);

        // Assert
        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        ErrorCode(body).Should().Be("GUARDRAIL_BLOCKED");
    }

    [Fact]
    public async Task Generate_ResponseBody_IsExactlyTheDocumentedShape()
    {
        // Arrange
        await using var emulator = await ImagingEmulator.StartAsync();
        using var client = CreateClient(emulator);

        // Act
        using var response = await PostAsync(client, GeneratePath, """{"prompt":"shape"}""");
        var body = await ReadJsonAsync(response);

        // Assert
        body.EnumerateObject().Select(p => p.Name).Should().Equal("success", "data", "meta");
        body.GetProperty("data").EnumerateObject().Select(p => p.Name).Should().Equal("model", "provider", "images");
        body.GetProperty("meta").EnumerateObject().Select(p => p.Name).Should().Equal("requestId", "timestamp");
        DateTimeOffset.Parse(body.GetProperty("meta").GetProperty("timestamp").GetString()!, CultureInfo.InvariantCulture)
            .Offset.Should().Be(TimeSpan.Zero);
        response.Headers.Contains("X-Request-Id").Should().BeFalse();
        response.Headers.Contains("Retry-After").Should().BeFalse();
        body.GetProperty("data").GetProperty("images")[0].ValueKind.Should().Be(JsonValueKind.Object);
    }
}
