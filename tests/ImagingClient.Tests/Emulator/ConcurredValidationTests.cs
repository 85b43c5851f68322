using System.Net;
using ImagingClient.Emulator;
using static ImagingClient.Tests.Emulator.ConcurredHttp;

namespace ImagingClient.Tests.Emulator;

public sealed class ConcurredValidationTests
{
    [Theory]
    [InlineData("""{"model":"flux-2-pro"}""")]
    [InlineData("""{"prompt":"   "}""")]
    [InlineData("""{"prompt":null}""")]
    public async Task Generate_MissingOrBlankPrompt_Returns400MissingRequiredField(string json)
    {
        // Arrange
        await using var emulator = await ImagingEmulator.StartAsync();
        using var client = CreateClient(emulator);

        // Act
        using var response = await PostAsync(client, GeneratePath, json);
        var body = await ReadJsonAsync(response);

        // Assert
        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        ErrorCode(body).Should().Be("MISSING_REQUIRED_FIELD");
        body.GetProperty("error").GetProperty("details").GetProperty("field").GetString().Should().Be("prompt");
    }

    [Theory]
    [InlineData("""{"prompt":"p","model":"dall-e-3"}""")]
    [InlineData("""{"prompt":"p","model":"flux-kontext"}""")]
    public async Task Generate_UnknownModel_Returns400InvalidModel(string json)
    {
        // Arrange
        await using var emulator = await ImagingEmulator.StartAsync();
        using var client = CreateClient(emulator);

        // Act
        using var response = await PostAsync(client, GeneratePath, json);
        var body = await ReadJsonAsync(response);

        // Assert
        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        ErrorCode(body).Should().Be("INVALID_MODEL");
    }

    [Theory]
    [InlineData("""{"prompt":"p","model":"imagen-4","width":1024}""", "width", "imagen-4")]
    [InlineData("""{"prompt":"p","model":"imagen-4-fast","height":1024}""", "height", "imagen-4-fast")]
    [InlineData("""{"prompt":"p","model":"recraft-v3","seed":7}""", "seed", "recraft-v3")]
    [InlineData("""{"prompt":"p","model":"imagen-4","seed":7}""", "seed", "imagen-4")]
    [InlineData("""{"prompt":"p","model":"flux-2-pro","aspect_ratio":"1:1"}""", "aspect_ratio", "flux-2-pro")]
    [InlineData("""{"prompt":"p","model":"sd-3.5","num_images":2}""", "num_images", "sd-3.5")]
    [InlineData("""{"prompt":"p","model":"flux-2-klein","image_size":"2K"}""", "image_size", "flux-2-klein")]
    public async Task Generate_FieldNotTakenByModel_Returns400NamingFieldAndModel(string json, string field, string model)
    {
        // Arrange
        await using var emulator = await ImagingEmulator.StartAsync();
        using var client = CreateClient(emulator);

        // Act
        using var response = await PostAsync(client, GeneratePath, json);
        var body = await ReadJsonAsync(response);

        // Assert
        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        ErrorCode(body).Should().Be("BAD_REQUEST");
        body.GetProperty("error").GetProperty("message").GetString().Should().Contain(field).And.Contain(model);
        body.GetProperty("error").GetProperty("details").GetProperty("field").GetString().Should().Be(field);
    }

    [Theory]
    [InlineData("""{"prompt":"p","width":255}""")]
    [InlineData("""{"prompt":"p","height":2049}""")]
    [InlineData("""{"prompt":"p","width":512.5}""")]
    [InlineData("""{"prompt":"p","width":"512"}""")]
    [InlineData("""{"prompt":"p","model":"imagen-4","num_images":5}""")]
    [InlineData("""{"prompt":"p","model":"imagen-4","num_images":0}""")]
    [InlineData("""{"prompt":"p","model":"imagen-4","image_size":"4K"}""")]
    [InlineData("""{"prompt":"p","model":"qwen-image","aspect_ratio":"2:1"}""")]
    [InlineData("""{"prompt":"p","seed":"abc"}""")]
    [InlineData("""{"prompt":"p","seed":null}""")]
    public async Task Generate_OutOfRangeOrWrongType_Returns400BadRequest(string json)
    {
        // Arrange
        await using var emulator = await ImagingEmulator.StartAsync();
        using var client = CreateClient(emulator);

        // Act
        using var response = await PostAsync(client, GeneratePath, json);
        var body = await ReadJsonAsync(response);

        // Assert
        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        ErrorCode(body).Should().Be("BAD_REQUEST");
    }

    [Theory]
    [InlineData("""{"prompt":"p","negative_prompt":"x"}""")]
    [InlineData("""{"prompt":"p","aspectRatio":"1:1"}""")]
    public async Task Generate_UnknownField_Returns400BadRequest(string json)
    {
        // Arrange
        await using var emulator = await ImagingEmulator.StartAsync();
        using var client = CreateClient(emulator);

        // Act
        using var response = await PostAsync(client, GeneratePath, json);
        var body = await ReadJsonAsync(response);

        // Assert
        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        ErrorCode(body).Should().Be("BAD_REQUEST");
    }

    [Theory]
    [InlineData("{\"prompt\":")]
    [InlineData("[\"prompt\"]")]
    [InlineData("")]
    public async Task Generate_MalformedOrNonObjectJson_Returns400BadRequest(string json)
    {
        // Arrange
        await using var emulator = await ImagingEmulator.StartAsync();
        using var client = CreateClient(emulator);

        // Act
        using var response = await PostAsync(client, GeneratePath, json);
        var body = await ReadJsonAsync(response);

        // Assert
        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        ErrorCode(body).Should().Be("BAD_REQUEST");
    }

    [Fact]
    public async Task Generate_AllFieldsAModelTakes_Succeeds()
    {
        // Arrange
        await using var emulator = await ImagingEmulator.StartAsync();
        using var client = CreateClient(emulator);

        // Act
        using var flux = await PostAsync(client, GeneratePath, """{"prompt":"p","model":"flux-2-pro","width":256,"height":2048,"seed":-5}""");
        using var fal = await PostAsync(client, GeneratePath, """{"prompt":"p","model":"recraft-v4","width":512,"height":512,"aspect_ratio":"4:3"}""");
        using var imagen = await PostAsync(client, GeneratePath, """{"prompt":"p","model":"imagen-4-fast","aspect_ratio":"4:3","num_images":1,"image_size":"1K"}""");

        // Assert
        flux.StatusCode.Should().Be(HttpStatusCode.OK);
        fal.StatusCode.Should().Be(HttpStatusCode.OK);
        imagen.StatusCode.Should().Be(HttpStatusCode.OK);
    }
}
