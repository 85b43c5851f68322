using System.Net;
using System.Text.Json;
using ImagingClient.Emulator;
using Microsoft.Extensions.Time.Testing;
using static ImagingClient.Tests.Emulator.RelayGpu.RelayGpuHttp;

namespace ImagingClient.Tests.Emulator.RelayGpu;

public sealed class RelayGpuModelsTests
{
    private static readonly string[] ModelNames =
    [
        "black-forest-labs/FLUX-2-pro", "google/gemini-3-pro-image", "google/gemini-2.5-flash-image", "google/gemini-3.1-flash-image-preview",
        "openai/gpt-image-1.5-T2I", "openai/gpt-image-1.5-I2I", "openai/gpt-image-2", "openai/gpt-image-2.5-sunburst", "openai/gpt-image-2.5-flare",
        "Qwen/qwen-image", "Qwen/qwen-image-2512", "Qwen/qwen-image-edit", "ByteDance/doubao-seedream-5-0-pro-260628", "Wan-AI/Wan2.7-Image-Pro",
        "automatic1111/Realistic_Vision_V5.1.safetensors", "automatic1111/illustriousRealismBy_v10VAE.safetensors", "automatic1111/stable-diffusion-v1-5-pruned.safetensors",
    ];

    [Fact]
    public async Task Models_WithTheKey_ListsEveryModelWithItsEndpoint()
    {
        // Arrange
        await using var emulator = await StartAsync(new FakeTimeProvider());
        using var client = CreateClient(emulator);

        // Act
        using var response = await GetAsync(client, ModelsPath, key: Key);
        var body = await ReadJsonAsync(response);

        // Assert
        response.StatusCode.Should().Be(HttpStatusCode.OK);
        response.Headers.Contains("X-Request-ID").Should().BeTrue();
        var models = body.GetProperty("models").EnumerateArray().ToArray();
        models.Select(model => model.GetProperty("name").GetString()).Should().BeEquivalentTo(ModelNames);
        body.GetProperty("auto").GetProperty("image").GetArrayLength().Should().Be(ModelNames.Length);
        var gpt = models.Single(model => model.GetProperty("name").GetString() == "openai/gpt-image-1.5-T2I").GetProperty("endpoint");
        gpt.GetProperty("path").GetString().Should().Be("/v2/image/gpt-image/generate");
        gpt.GetProperty("model_in_body").GetBoolean().Should().BeFalse();
        gpt.GetProperty("model_default").ValueKind.Should().Be(JsonValueKind.Null);
        var flash = models.Single(model => model.GetProperty("name").GetString() == "google/gemini-2.5-flash-image").GetProperty("endpoint");
        flash.GetProperty("model_default").GetString().Should().Be("google/gemini-3-pro-image");
        flash.GetProperty("async_default").GetBoolean().Should().BeFalse();
        flash.GetProperty("streams").GetBoolean().Should().BeFalse();
        models.Should().OnlyContain(model => model.GetProperty("status").GetString() == "available");
    }

    [Fact]
    public async Task ModelDetail_NameWithSlashes_DescribesItsRouteAndSchema()
    {
        // Arrange
        await using var emulator = await StartAsync(new FakeTimeProvider());
        using var client = CreateClient(emulator);

        // Act
        using var response = await GetAsync(client, $"{ModelsPath}/Qwen/qwen-image-2512");
        var body = await ReadJsonAsync(response);
        var generated = await SyncAsync(client, Qwen, """{"prompt":"catalog only","model":"Qwen/qwen-image-2512","size":"64x64"}""");

        // Assert
        response.StatusCode.Should().Be(HttpStatusCode.OK);
        body.GetProperty("name").GetString().Should().Be("Qwen/qwen-image-2512");
        body.GetProperty("endpoint").GetProperty("path").GetString().Should().Be("/v2/image/qwen/generate");
        body.GetProperty("endpoint").GetProperty("model_in_body").GetBoolean().Should().BeTrue();
        body.GetProperty("store_output_supported").GetBoolean().Should().BeTrue();
        body.GetProperty("request_example").GetProperty("model").GetString().Should().Be("Qwen/qwen-image-2512");
        var schema = body.GetProperty("request_schema");
        schema.GetProperty("additionalProperties").GetBoolean().Should().BeFalse();
        schema.GetProperty("required").EnumerateArray().Select(item => item.GetString()).Should().Equal("prompt");
        schema.GetProperty("properties").EnumerateObject().Select(member => member.Name).Should().BeEquivalentTo("prompt", "model", "size", "seed", "mode", "async", "webhook_url", "store_output");
        schema.GetProperty("properties").GetProperty("model").GetProperty("x-relay-models").EnumerateArray().Select(item => item.GetString()).Should().Contain("Qwen/qwen-image-2512");
        body.GetProperty("response_schema").GetProperty("required").EnumerateArray().Select(item => item.GetString()).Should().Equal("urls", "model");
        body.GetProperty("pricing")[0].GetProperty("billing_type").GetString().Should().Be("per_image");
        generated.GetProperty("model").GetString().Should().Be("Qwen/qwen-image-2512");
    }

    [Fact]
    public async Task ModelDetail_Flux_SchemaCarriesRangesAndStoreOutputUnsupported()
    {
        // Arrange
        await using var emulator = await StartAsync(new FakeTimeProvider());
        using var client = CreateClient(emulator);

        // Act
        using var response = await GetAsync(client, $"{ModelsPath}/black-forest-labs/FLUX-2-pro");
        var body = await ReadJsonAsync(response);
        using var sd = await GetAsync(client, $"{ModelsPath}/automatic1111/Realistic_Vision_V5.1.safetensors");
        var sdBody = await ReadJsonAsync(sd);

        // Assert
        body.GetProperty("store_output_supported").GetBoolean().Should().BeFalse();
        var width = body.GetProperty("request_schema").GetProperty("properties").GetProperty("width").GetProperty("anyOf")[0];
        width.GetProperty("minimum").GetInt32().Should().Be(64);
        width.GetProperty("maximum").GetInt32().Should().Be(2048);
        width.GetProperty("multipleOf").GetInt32().Should().Be(32);
        sdBody.GetProperty("seed_only").GetBoolean().Should().BeTrue();
        sdBody.GetProperty("endpoint").GetProperty("path").GetString().Should().Be("/v2/automatic1111/sdapi/v1/txt2img");
        sdBody.GetProperty("endpoint").GetProperty("model_default").GetString().Should().Be("Realistic_Vision_V5.1.safetensors");
    }

    [Fact]
    public async Task ModelDetail_Unknown_Answers404ModelNotFound()
    {
        // Arrange
        await using var emulator = await StartAsync(new FakeTimeProvider());
        using var client = CreateClient(emulator);

        // Act
        using var wrongCase = await GetAsync(client, $"{ModelsPath}/qwen/qwen-image");
        var body = await ReadJsonAsync(wrongCase);

        // Assert
        wrongCase.StatusCode.Should().Be(HttpStatusCode.NotFound);
        body.GetProperty("error").GetProperty("code").GetString().Should().Be("MODEL_NOT_FOUND");
        body.GetProperty("error").GetProperty("request_id").GetString().Should().Be(wrongCase.Headers.GetValues("X-Request-ID").Single());
    }

    [Fact]
    public async Task RetiredModel_IsListedRetiredAndAnswers403()
    {
        // Arrange
        await using var emulator = await StartAsync(new FakeTimeProvider(), options => options.RelayGpu.RetiredModels.Add("google/gemini-2.5-flash-image"));
        using var client = CreateClient(emulator);

        // Act
        using var detail = await GetAsync(client, $"{ModelsPath}/google/gemini-2.5-flash-image");
        var body = await ReadJsonAsync(detail);
        var (status, error) = await SendAsync(client, Gemini, """{"prompt":"x","model":"google/gemini-2.5-flash-image"}""");

        // Assert
        body.GetProperty("status").GetString().Should().Be("retired");
        body.GetProperty("available").GetBoolean().Should().BeFalse();
        status.Should().Be(HttpStatusCode.Forbidden);
        error.GetProperty("error").GetProperty("code").GetString().Should().Be("MODEL_RETIRED");
    }

    [Fact]
    public async Task Models_Keyless_GoesToTheOtherRoomUnlessClaimed()
    {
        // Arrange
        await using var shared = await StartAsync(new FakeTimeProvider());
        await using var claimed = await StartAsync(new FakeTimeProvider(), options => options.RelayGpu.ClaimKeylessModelList = true);
        using var sharedClient = CreateClient(shared);
        using var claimedClient = CreateClient(claimed);

        // Act
        using var keyless = await GetAsync(sharedClient, ModelsPath);
        var keylessBody = await ReadJsonAsync(keyless);
        using var bearer = new HttpRequestMessage(HttpMethod.Get, ModelsPath);
        bearer.Headers.TryAddWithoutValidation("Authorization", "Bearer " + Key);
        using var withBearer = await sharedClient.SendAsync(bearer);
        var bearerBody = await ReadJsonAsync(withBearer);
        using var keylessClaimed = await GetAsync(claimedClient, ModelsPath);
        var claimedBody = await ReadJsonAsync(keylessClaimed);

        // Assert
        keylessBody.GetProperty("models")[0].TryGetProperty("endpoint", out _).Should().BeFalse("another room's catalog answers keyless requests by default");
        bearerBody.GetProperty("models")[0].TryGetProperty("endpoint", out _).Should().BeTrue();
        claimedBody.GetProperty("models")[0].TryGetProperty("endpoint", out _).Should().BeTrue();
    }
}
