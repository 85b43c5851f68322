using System.Net;
using ImagingClient.Emulator;
using static ImagingClient.Tests.Emulator.Kie.KieHttp;

namespace ImagingClient.Tests.Emulator.Kie;

public sealed class KieAuthTests
{
    private const string Body = """{"prompt":"a lighthouse at dusk"}""";

    [Theory]
    [InlineData(null)]
    [InlineData("kie_wrong")]
    [InlineData(ConcurredEmulatorOptions.DefaultApiKey)]
    public async Task Generate_MissingOrWrongKey_Returns401WithKieEnvelope(string? key)
    {
        // Arrange
        await using var emulator = await ImagingEmulator.StartAsync();
        using var client = CreateClient(emulator);

        // Act
        using var response = await PostAsync(client, GeneratePath, Body, key);
        var body = await ReadJsonAsync(response);

        // Assert
        response.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/json");
        Code(body).Should().Be(401);
        Msg(body).Should().Be("You do not have access permissions");
        body.GetProperty("data").ValueKind.Should().Be(System.Text.Json.JsonValueKind.Null);
    }

    [Theory]
    [InlineData("GET", RecordInfoPath + "?taskId=abc")]
    [InlineData("GET", CreditPath)]
    [InlineData("POST", DownloadUrlPath)]
    public async Task OtherRoutes_NoKey_Return401(string method, string path)
    {
        // Arrange
        await using var emulator = await ImagingEmulator.StartAsync();
        using var client = CreateClient(emulator);

        // Act
        using var response = method == "GET"
            ? await GetAsync(client, path, bearerKey: null)
            : await PostAsync(client, path, """{"url":"x"}""", bearerKey: null);
        var body = await ReadJsonAsync(response);

        // Assert
        response.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        Code(body).Should().Be(401);
    }

    [Fact]
    public async Task Generate_CustomConfiguredKey_AcceptsOnlyThatKey()
    {
        // Arrange
        await using var emulator = await ImagingEmulator.StartAsync(new ImagingEmulatorOptions { Kie = { ApiKey = "kie_custom" } });
        using var client = CreateClient(emulator);

        // Act
        using var accepted = await PostAsync(client, GeneratePath, Body, "kie_custom");
        using var rejected = await PostAsync(client, GeneratePath, Body, KieEmulatorOptions.DefaultApiKey);

        // Assert
        accepted.StatusCode.Should().Be(HttpStatusCode.OK);
        Code(await ReadJsonAsync(accepted)).Should().Be(200);
        rejected.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task ConcurredRoute_KieKey_IsRejected()
    {
        // Arrange
        await using var emulator = await ImagingEmulator.StartAsync();
        using var client = CreateClient(emulator);

        // Act
        using var response = await PostAsync(client, "api/v1/image/generate", """{"prompt":"p"}""", KieEmulatorOptions.DefaultApiKey);

        // Assert
        response.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task StartAsync_InvalidKieOptions_Throws()
    {
        // Arrange
        var blankKey = new ImagingEmulatorOptions { Kie = { ApiKey = " " } };
        var emptyHmac = new ImagingEmulatorOptions { Kie = { WebhookHmacKey = string.Empty } };
        var negativeDuration = new ImagingEmulatorOptions { Kie = { TaskDuration = TimeSpan.FromSeconds(-1) } };
        var negativeCredits = new ImagingEmulatorOptions { Kie = { InitialCredits = -1 } };
        var tinyImages = new ImagingEmulatorOptions { Kie = { ImageLongSide = KieEmulatorOptions.MinImageLongSide - 1 } };
        var hugeImages = new ImagingEmulatorOptions { Kie = { ImageLongSide = KieEmulatorOptions.MaxImageLongSide + 1 } };

        // Act
        var actions = new[] { blankKey, emptyHmac, negativeDuration, negativeCredits, tinyImages, hugeImages }
            .Select(options => (Func<Task>)(() => ImagingEmulator.StartAsync(options)));

        // Assert
        foreach (var action in actions)
        {
            await action.Should().ThrowAsync<ArgumentException>();
        }
    }
}
