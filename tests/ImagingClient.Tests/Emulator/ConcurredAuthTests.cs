using System.Net;
using System.Text;
using ImagingClient.Emulator;
using static ImagingClient.Tests.Emulator.ConcurredHttp;

namespace ImagingClient.Tests.Emulator;

public sealed class ConcurredAuthTests
{
    private const string Body = """{"prompt":"a lighthouse","model":"flux-2-klein"}""";

    [Fact]
    public async Task Generate_BearerKey_Succeeds()
    {
        // Arrange
        await using var emulator = await ImagingEmulator.StartAsync();
        using var client = CreateClient(emulator);

        // Act
        using var response = await PostAsync(client, GeneratePath, Body);

        // Assert
        response.StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Generate_XApiKeyHeader_Succeeds()
    {
        // Arrange
        await using var emulator = await ImagingEmulator.StartAsync();
        using var client = CreateClient(emulator);
        using var request = Post(GeneratePath, Body, bearerKey: null);
        request.Headers.Add("X-API-Key", ConcurredEmulatorOptions.DefaultApiKey);

        // Act
        using var response = await client.SendAsync(request);

        // Assert
        response.StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Generate_NoKey_Returns401Unauthorized()
    {
        // Arrange
        await using var emulator = await ImagingEmulator.StartAsync();
        using var client = CreateClient(emulator);

        // Act
        using var response = await PostAsync(client, GeneratePath, Body, bearerKey: null);
        var body = await ReadJsonAsync(response);

        // Assert
        response.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/json");
        ErrorCode(body).Should().Be("UNAUTHORIZED");
        body.GetProperty("error").GetProperty("message").GetString().Should().NotBeNullOrEmpty();
        body.GetProperty("error").GetProperty("details").ValueKind.Should().Be(System.Text.Json.JsonValueKind.Object);
    }

    [Theory]
    [InlineData("Bearer")]
    [InlineData("X-API-Key")]
    public async Task Generate_WrongKey_Returns401InvalidApiKey(string scheme)
    {
        // Arrange
        await using var emulator = await ImagingEmulator.StartAsync();
        using var client = CreateClient(emulator);
        using var request = Post(GeneratePath, Body, bearerKey: scheme == "Bearer" ? "ck_wrong" : null);
        if (scheme != "Bearer")
        {
            request.Headers.Add("X-API-Key", "ck_wrong");
        }

        // Act
        using var response = await client.SendAsync(request);
        var body = await ReadJsonAsync(response);

        // Assert
        response.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        ErrorCode(body).Should().Be("INVALID_API_KEY");
    }

    [Fact]
    public async Task Generate_CustomConfiguredKey_AcceptsOnlyThatKey()
    {
        // Arrange
        await using var emulator = await ImagingEmulator.StartAsync(new ImagingEmulatorOptions { Concurred = { ApiKey = "ck_custom" } });
        using var client = CreateClient(emulator);

        // Act
        using var accepted = await PostAsync(client, GeneratePath, Body, "ck_custom");
        using var rejected = await PostAsync(client, GeneratePath, Body, ConcurredEmulatorOptions.DefaultApiKey);

        // Assert
        accepted.StatusCode.Should().Be(HttpStatusCode.OK);
        rejected.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Generate_NonJsonContentType_Returns400BadRequest()
    {
        // Arrange
        await using var emulator = await ImagingEmulator.StartAsync();
        using var client = CreateClient(emulator);
        using var request = Post(GeneratePath, Body);
        request.Content = new StringContent(Body, Encoding.UTF8, "text/plain");

        // Act
        using var response = await client.SendAsync(request);
        var body = await ReadJsonAsync(response);

        // Assert
        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        ErrorCode(body).Should().Be("BAD_REQUEST");
    }
}
