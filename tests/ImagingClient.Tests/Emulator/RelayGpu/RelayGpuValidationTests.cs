using System.Net;
using Microsoft.Extensions.Time.Testing;
using static ImagingClient.Tests.Emulator.RelayGpu.RelayGpuHttp;

namespace ImagingClient.Tests.Emulator.RelayGpu;

public sealed class RelayGpuValidationTests
{
    public static TheoryData<string, string, string?, string[]> Invalid() => new()
    {
        { Flux, """{"prompt":"x","colour":"red"}""", Key, ["body.colour: extra_forbidden"] },
        { Flux, """{"width":100,"height":4096,"safety_tolerance":7}""", Key, ["body.width: multiple_of", "body.height: less_than_equal", "body.safety_tolerance: less_than_equal", "body.prompt: missing"] },
        { Flux, """{"prompt":"x","width":32}""", Key, ["body.width: greater_than_equal"] },
        { Flux, """{"prompt":"x","seed":1.5,"output_format":"gif"}""", Key, ["body.seed: int_from_float", "body.output_format: literal_error"] },
        { Flux, """{"prompt":"x","input_image":"not base64!"}""", Key, ["body.input_image: value_error"] },
        { Flux, """{"prompt":"x","input_image":"data:image/png;base64,iVBORw0KGgo="}""", Key, ["body.input_image: value_error"] },
        { Flux, """{"prompt":"x","store_output":"relay7d"}""", Key, ["body.store_output: value_error"] },
        { Flux, """{"prompt":""}""", Key, ["body.prompt: string_too_short"] },
        { Flux, """{"prompt":null}""", Key, ["body.prompt: string_type"] },
        { Flux, """[1,2]""", Key, ["body: model_attributes_type"] },
        { Gemini, """{"prompt":"x","image":"iVBORw0KGgo=","images":["iVBORw0KGgo="]}""", Key, ["body: value_error"] },
        { Gemini, """{"prompt":"x","model":"google/gemini-2.5-flash-image","images":["iVBORw0KGgo="]}""", Key, ["body.images: value_error"] },
        { Gemini, """{"prompt":"x","images":[]}""", Key, ["body.images: too_short"] },
        { Gemini, """{"prompt":"x","image_size":"0.5K"}""", Key, ["body.image_size: value_error"] },
        { Gemini, """{"prompt":"x","aspect_ratio":"7:3","image_size":"8K"}""", Key, ["body.aspect_ratio: literal_error", "body.image_size: literal_error"] },
        { GptImage, """{"prompt":"x","model":"openai/gpt-image-1.5-T2I"}""", Key, ["body.model: extra_forbidden"] },
        { GptImage, """{"prompt":"x","n":5,"size":"auto","quality":"auto","output_compression":101}""", Key, ["body.n: less_than_equal", "body.size: literal_error", "body.quality: literal_error", "body.output_compression: less_than_equal"] },
        { GptImage, "{\"prompt\":\"" + new string('a', 32_001) + "\"}", Key, ["body.prompt: string_too_long"] },
        { GptImageEdit, """{"prompt":"x"}""", Key, ["body.image: missing"] },
        { GptImage2, """{"prompt":"x","size":"1024x1792"}""", Key, ["body.size: literal_error"] },
        { Qwen, """{"prompt":"x","size":"big"}""", Key, ["body.size: value_error"] },
        { Qwen, """{"prompt":"x","async":true,"webhook_url":"https://example.com/hook"}""", null, ["body.webhook_url: value_error"] },
        { Qwen, """{"prompt":"x","store_output":"relay1d"}""", null, ["body.store_output: value_error"] },
        { Qwen, """{"prompt":"x","webhook_url":"https://example.com/hook"}""", Key, ["body.webhook_url: value_error"] },
        { Qwen, """{"prompt":"x","async":true,"webhook_url":"http://example.com/hook"}""", Key, ["body.webhook_url: value_error"] },
        { Qwen, """{"prompt":"x","async":true,"webhook_url":"https://user:pw@example.com/hook"}""", Key, ["body.webhook_url: value_error"] },
        { Qwen, """{"prompt":"x","mode":"opengpu","async":"yes"}""", Key, ["body.mode: literal_error", "body.async: bool_type"] },
        { QwenEdit, """{"prompt":"x","image":"/relative/path.png"}""", Key, ["body.image: value_error"] },
        { Seedream, """{"prompt":"x","size":"2200x2200"}""", Key, ["body.size: value_error"] },
        { Seedream, """{"prompt":"x","images":["http://example.com/a.png"]}""", Key, ["body.images.0: value_error"] },
        { Seedream, """{"prompt":"x","images":["https://example.com/a.png", 3]}""", Key, ["body.images.1: string_type"] },
        { Wan, """{"size":"2K"}""", Key, ["body: value_error"] },
        { Wan, """{"prompt":"x","n":5}""", Key, ["body.n: value_error"] },
        { Wan, """{"prompt":"x","n":17,"enable_sequential":true}""", Key, ["body.n: less_than_equal"] },
        { StableDiffusion, """{"prompt":"x","steps":0,"sampler_name":"Euler"}""", Key, ["body.steps: greater_than_equal", "body.sampler_name: extra_forbidden"] },
    };

    [Theory]
    [MemberData(nameof(Invalid))]
    public async Task Submit_InvalidBody_Answers422WithTheFastApiItems(string path, string json, string? key, string[] expected)
    {
        // Arrange
        await using var emulator = await StartAsync(new FakeTimeProvider());
        using var client = CreateClient(emulator);

        // Act
        var (status, body) = await SendAsync(client, path, json, key);

        // Assert
        ValidationIssues(status, body).Should().BeEquivalentTo(expected);
        body.GetProperty("error").GetProperty("type").GetString().Should().Be("validation");
        body.GetProperty("error").GetProperty("source").GetString().Should().Be("client");
        body.GetProperty("detail")[0].GetProperty("msg").GetString().Should().NotBeNullOrEmpty();
    }

    [Fact]
    public async Task Submit_OptionalNulls_AreAccepted()
    {
        // Arrange
        await using var emulator = await StartAsync(new FakeTimeProvider());
        using var client = CreateClient(emulator);

        // Act
        var body = await SyncAsync(client, Qwen, """{"prompt":"nulls","model":null,"size":"64x64","seed":null,"mode":null,"async":null,"webhook_url":null,"store_output":null}""");

        // Assert
        body.GetProperty("model").GetString().Should().Be("Qwen/qwen-image");
    }

    [Fact]
    public async Task GptImageEdit_MaskWithoutAlphaOrOfAnotherSize_Answers422()
    {
        // Arrange
        await using var emulator = await StartAsync(new FakeTimeProvider());
        using var client = CreateClient(emulator);
        var image = RgbPng(64, 64);

        // Act
        var (opaqueStatus, opaque) = await SendAsync(client, GptImageEdit, $$"""{"prompt":"x","image":"{{image}}","mask":"{{RgbPng(64, 64)}}"}""");
        var (sizeStatus, size) = await SendAsync(client, GptImageEdit, $$"""{"prompt":"x","image":"{{image}}","mask":"{{MaskPng(32, 64)}}"}""");
        var (missingStatus, missing) = await SendAsync(client, GptImage2, $$"""{"prompt":"x","mask":"{{MaskPng(64, 64)}}"}""");

        // Assert
        ValidationIssues(opaqueStatus, opaque).Should().Equal("body.mask: value_error");
        opaque.GetProperty("detail")[0].GetProperty("msg").GetString().Should().Contain("alpha");
        ValidationIssues(sizeStatus, size).Should().Equal("body.mask: value_error");
        size.GetProperty("detail")[0].GetProperty("msg").GetString().Should().Contain("32x64").And.Contain("64x64");
        ValidationIssues(missingStatus, missing).Should().Equal("body.mask: value_error");
    }

    [Fact]
    public async Task Submit_NotJson_Answers422()
    {
        // Arrange
        await using var emulator = await StartAsync(new FakeTimeProvider());
        using var client = CreateClient(emulator);
        using var request = new HttpRequestMessage(HttpMethod.Post, Flux) { Content = new StringContent("prompt=x") };
        request.Headers.Add("X-API-Key", Key);

        // Act
        using var form = await client.SendAsync(request);
        var (brokenStatus, broken) = await SendAsync(client, Flux, """{"prompt":""");

        // Assert
        ValidationIssues(form.StatusCode, await ReadJsonAsync(form)).Should().Equal("body: model_attributes_type");
        ValidationIssues(brokenStatus, broken).Should().ContainSingle().Which.Should().EndWith("json_invalid");
    }

    [Fact]
    public async Task Submit_UnknownModel_Answers403ModelNotAvailable()
    {
        // Arrange
        await using var emulator = await StartAsync(new FakeTimeProvider());
        using var client = CreateClient(emulator);

        // Act
        var (status, body) = await SendAsync(client, Gemini, """{"prompt":"x","model":"google/gemini-9"}""");

        // Assert
        status.Should().Be(HttpStatusCode.Forbidden);
        body.GetProperty("error").GetProperty("code").GetString().Should().Be("MODEL_NOT_AVAILABLE");
        body.GetProperty("detail").GetString().Should().Contain("google/gemini-9");
    }
}
