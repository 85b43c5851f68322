using System.Net;
using System.Text;
using ImagingClient.Emulator;
using static ImagingClient.Tests.Emulator.Kie.KieHttp;
using Microsoft.Extensions.Time.Testing;

namespace ImagingClient.Tests.Emulator.Kie;

public sealed class KieValidationTests
{
    private const string SafetyMessage = "The security tolerance level is out of range and should be 0-2 or 0-6";

    [Theory]
    [InlineData("""{}""", "prompt")]
    [InlineData("""{"prompt":"   "}""", "prompt")]
    [InlineData("""{"prompt":null}""", "prompt")]
    [InlineData("""{"prompt":42}""", "prompt")]
    [InlineData("""{"prompt":"p","seed":1}""", "seed")]
    [InlineData("""{"prompt":"p","callbackUrl":"http://127.0.0.1/cb"}""", "callbackUrl")]
    [InlineData("""{"prompt":"p","aspect_ratio":"1:1"}""", "aspect_ratio")]
    [InlineData("""{"prompt":"p","enableTranslation":"true"}""", "enableTranslation")]
    [InlineData("""{"prompt":"p","uploadCn":1}""", "uploadCn")]
    [InlineData("""{"prompt":"p","promptUpsampling":null}""", "promptUpsampling")]
    [InlineData("""{"prompt":"p","inputImage":123}""", "inputImage")]
    [InlineData("""{"prompt":"p","inputImage":"not a url"}""", "inputImage")]
    [InlineData("""{"prompt":"p","aspectRatio":"2:1"}""", "aspectRatio")]
    [InlineData("""{"prompt":"p","aspectRatio":16}""", "aspectRatio")]
    [InlineData("""{"prompt":"p","outputFormat":"webp"}""", "outputFormat")]
    [InlineData("""{"prompt":"p","outputFormat":"PNG"}""", "outputFormat")]
    [InlineData("""{"prompt":"p","model":"flux-kontext-ultra"}""", "model")]
    [InlineData("""{"prompt":"p","model":"flux-2-pro"}""", "model")]
    [InlineData("""{"prompt":"p","callBackUrl":"ftp://127.0.0.1/cb"}""", "callBackUrl")]
    [InlineData("""{"prompt":"p","callBackUrl":"/relative"}""", "callBackUrl")]
    [InlineData("""{"prompt":"p","safetyTolerance":"2"}""", "safetyTolerance")]
    [InlineData("""{"prompt":"p","safetyTolerance":2.5}""", "safetyTolerance")]
    [InlineData("""{"prompt":"p","watermark":true}""", "watermark")]
    public async Task Generate_InvalidBody_ReturnsCode422InHttp200(string json, string field)
    {
        // Arrange
        await using var emulator = await ImagingEmulator.StartAsync();
        using var client = CreateClient(emulator);

        // Act
        var body = await PostForBodyAsync(client, GeneratePath, json);

        // Assert
        Code(body).Should().Be(422);
        Msg(body).Should().Contain(field);
        body.GetProperty("data").ValueKind.Should().Be(System.Text.Json.JsonValueKind.Null);
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("[1,2]")]
    [InlineData("")]
    public async Task Generate_NotAJsonObject_ReturnsCode422(string json)
    {
        // Arrange
        await using var emulator = await ImagingEmulator.StartAsync();
        using var client = CreateClient(emulator);

        // Act
        var body = await PostForBodyAsync(client, GeneratePath, json);

        // Assert
        Code(body).Should().Be(422);
    }

    [Fact]
    public async Task Generate_NonJsonContentType_ReturnsCode422()
    {
        // Arrange
        await using var emulator = await ImagingEmulator.StartAsync();
        using var client = CreateClient(emulator);
        using var request = new HttpRequestMessage(HttpMethod.Post, GeneratePath)
        {
            Content = new StringContent("""{"prompt":"p"}""", Encoding.UTF8, "text/plain"),
        };
        request.Headers.Authorization = new("Bearer", KieEmulatorOptions.DefaultApiKey);

        // Act
        using var response = await client.SendAsync(request);
        var body = await ReadJsonAsync(response);

        // Assert
        response.StatusCode.Should().Be(HttpStatusCode.OK);
        Code(body).Should().Be(422);
        Msg(body).Should().Contain("Content-Type");
    }

    [Fact]
    public async Task Generate_EveryDocumentedField_IsAccepted()
    {
        // Arrange
        await using var emulator = await ImagingEmulator.StartAsync();
        using var client = CreateClient(emulator);
        const string Json = """
            {"prompt":"all fields","enableTranslation":false,"uploadCn":true,"aspectRatio":"4:3","outputFormat":"png",
             "promptUpsampling":true,"model":"flux-kontext-max","callBackUrl":"http://127.0.0.1:9/cb","safetyTolerance":6,
             "watermark":"wm-1"}
            """;

        // Act
        var body = await PostForBodyAsync(client, GeneratePath, Json);

        // Assert
        Code(body).Should().Be(200);
        Msg(body).Should().Be("success");
        body.GetProperty("data").GetProperty("taskId").GetString().Should().NotBeNullOrEmpty();
    }

    [Theory]
    [InlineData(0)]
    [InlineData(2)]
    [InlineData(6)]
    public async Task Generate_SafetyToleranceWithinZeroToSix_IsAccepted(int tolerance)
    {
        // Arrange
        await using var emulator = await ImagingEmulator.StartAsync();
        using var client = CreateClient(emulator);

        // Act
        var body = await PostForBodyAsync(client, GeneratePath, $$"""{"prompt":"p","safetyTolerance":{{tolerance}}}""");

        // Assert
        Code(body).Should().Be(200);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(7)]
    public async Task Generate_SafetyToleranceOutsideZeroToSix_ReturnsCode500InHttp200(int tolerance)
    {
        // Arrange
        await using var emulator = await ImagingEmulator.StartAsync();
        using var client = CreateClient(emulator);

        // Act
        using var response = await PostAsync(client, GeneratePath, $$"""{"prompt":"p","safetyTolerance":{{tolerance}}}""");
        var body = await ReadJsonAsync(response);

        // Assert
        response.StatusCode.Should().Be(HttpStatusCode.OK);
        Code(body).Should().Be(500);
        Msg(body).Should().Be(SafetyMessage);
    }

    [Theory]
    [InlineData(0, 200)]
    [InlineData(2, 200)]
    [InlineData(3, 500)]
    [InlineData(6, 500)]
    [InlineData(-1, 500)]
    public async Task Edit_SafetyTolerance_AllowsOnlyZeroToTwo(int tolerance, int expectedCode)
    {
        // Arrange
        var clock = new FakeTimeProvider();
        await using var emulator = await StartAsync(clock);
        using var client = CreateClient(emulator);
        var source = await GenerateResultUrlAsync(client, clock, """{"prompt":"source"}""");

        // Act
        var body = await PostForBodyAsync(client, GeneratePath, $$"""{"prompt":"edit","inputImage":"{{source}}","safetyTolerance":{{tolerance}}}""");

        // Assert
        Code(body).Should().Be(expectedCode);
        if (expectedCode == 500)
        {
            Msg(body).Should().Be(SafetyMessage);
        }
    }

    [Fact]
    public async Task Generate_ValidationError_DoesNotCreateTaskOrSpendCredits()
    {
        // Arrange
        await using var emulator = await ImagingEmulator.StartAsync();
        using var client = CreateClient(emulator);

        // Act
        await PostForBodyAsync(client, GeneratePath, """{"prompt":"p","model":"nope"}""");
        await PostForBodyAsync(client, GeneratePath, """{"prompt":"p","safetyTolerance":9}""");
        using var credit = await GetAsync(client, CreditPath);
        var body = await ReadJsonAsync(credit);

        // Assert
        body.GetProperty("data").GetInt32().Should().Be(1000);
    }
}
