using System.Net;
using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using static ImagingClient.Tests.Emulator.RelayGpu.RelayGpuHttp;

namespace ImagingClient.Tests.Emulator.RelayGpu;

public sealed class RelayGpuSyncTests
{
    [Fact]
    public async Task Flux_Sync_AnswersBareBase64PngsAtTheRequestedSize()
    {
        // Arrange
        await using var emulator = await StartAsync(new FakeTimeProvider());
        using var client = CreateClient(emulator);

        // Act
        var body = await SyncAsync(client, Flux, """{"prompt":"a lighthouse","width":256,"height":192,"seed":7}""");
        var again = await SyncAsync(client, Flux, """{"prompt":"a lighthouse","width":256,"height":192,"seed":7}""");

        // Assert
        var png = Png(body.GetProperty("images")[0].GetString()!);
        PngSize(png).Should().Be((256, 192));
        body.GetProperty("model").GetString().Should().Be("black-forest-labs/FLUX-2-pro");
        body.GetProperty("width").GetInt32().Should().Be(256);
        body.GetProperty("height").GetInt32().Should().Be(192);
        body.GetProperty("task_id").GetString().Should().StartWith("direct:");
        body.GetProperty("task_address").ValueKind.Should().Be(JsonValueKind.Null);
        body.GetProperty("mode").GetString().Should().Be("direct");
        again.GetProperty("images")[0].GetString().Should().Be(body.GetProperty("images")[0].GetString(), "the same prompt and seed render the same bytes");
        again.GetProperty("task_id").GetString().Should().NotBe(body.GetProperty("task_id").GetString());
    }

    [Fact]
    public async Task Gemini_Sync_ReportsAspectRatioImageSizeAndFinishReason()
    {
        // Arrange
        await using var emulator = await StartAsync(new FakeTimeProvider());
        using var client = CreateClient(emulator);

        // Act
        var body = await SyncAsync(client, Gemini, $$"""{"prompt":"a fox","model":"google/gemini-3.1-flash-image-preview","image_size":"0.5K","image":"data:image/png;base64,{{RgbPng(64, 64)}}"}""");
        var wide = await SyncAsync(client, Gemini, """{"prompt":"a fox","aspect_ratio":"16:9"}""");

        // Assert
        PngSize(Png(body.GetProperty("images")[0].GetString()!)).Should().Be((512, 512));
        body.GetProperty("model").GetString().Should().Be("google/gemini-3.1-flash-image-preview");
        body.GetProperty("image_size").GetString().Should().Be("0.5K");
        body.GetProperty("finish_reason").GetString().Should().Be("STOP");
        PngSize(Png(wide.GetProperty("images")[0].GetString()!)).Should().Be((1024, 576));
        wide.GetProperty("model").GetString().Should().Be("google/gemini-3-pro-image");
        wide.GetProperty("aspect_ratio").GetString().Should().Be("16:9");
        wide.GetProperty("image_size").GetString().Should().Be("1K");
    }

    [Fact]
    public async Task GptImage_Sync_AnswersNImagesWithSizeAndNoModelField()
    {
        // Arrange
        await using var emulator = await StartAsync(new FakeTimeProvider());
        using var client = CreateClient(emulator);

        // Act
        var body = await SyncAsync(client, GptImage, """{"prompt":"a cat","n":2,"size":"1536x1024","quality":"low"}""");

        // Assert
        var images = body.GetProperty("images").EnumerateArray().Select(image => Png(image.GetString()!)).ToArray();
        images.Should().HaveCount(2);
        images.Select(PngSize).Should().AllBeEquivalentTo((1024, 683));
        images[0].Should().NotEqual(images[1]);
        body.GetProperty("model").GetString().Should().Be("openai/gpt-image-1.5-T2I");
        body.GetProperty("size").GetString().Should().Be("1536x1024");
        body.GetProperty("mode").GetString().Should().Be("direct");
    }

    [Fact]
    public async Task GptImageEdit_WithImageAndTransparentMask_AnswersAnEditOfTheSource()
    {
        // Arrange
        await using var emulator = await StartAsync(new FakeTimeProvider());
        using var client = CreateClient(emulator);
        var json = $$"""{"prompt":"add a hat","image":"{{RgbPng(128, 128)}}","mask":"{{MaskPng(128, 128)}}"}""";

        // Act
        var body = await SyncAsync(client, GptImageEdit, json);

        // Assert
        Png(body.GetProperty("images")[0].GetString()!);
        body.GetProperty("model").GetString().Should().Be("openai/gpt-image-1.5-I2I");
        body.GetProperty("size").GetString().Should().Be("1024x1024");
    }

    [Fact]
    public async Task GptImage2_Sync_TakesAModelAndAListOfImages()
    {
        // Arrange
        await using var emulator = await StartAsync(new FakeTimeProvider());
        using var client = CreateClient(emulator);

        // Act
        var body = await SyncAsync(client, GptImage2, $$"""{"prompt":"a bridge","model":"openai/gpt-image-2.5-flare","size":"1920x1080","image":["{{RgbPng(64, 64)}}"],"output_format":"jpeg"}""");

        // Assert
        PngSize(Png(body.GetProperty("images")[0].GetString()!)).Should().Be((1024, 576));
        body.GetProperty("model").GetString().Should().Be("openai/gpt-image-2.5-flare");
        body.GetProperty("size").GetString().Should().Be("1920x1080");
    }

    [Fact]
    public async Task Qwen_Sync_AnswersUrlsServedForAnHour()
    {
        // Arrange
        var clock = new FakeTimeProvider();
        await using var emulator = await StartAsync(clock);
        using var client = CreateClient(emulator);

        // Act
        var body = await SyncAsync(client, Qwen, """{"prompt":"A small red apple on a white table","model":"Qwen/qwen-image","size":"512x384"}""");
        var url = body.GetProperty("urls")[0].GetString()!;
        var png = await DownloadPngAsync(client, url);
        clock.Advance(TimeSpan.FromHours(1));
        using var expired = await client.GetAsync(url);

        // Assert
        PngSize(png).Should().Be((512, 384));
        body.GetProperty("model").GetString().Should().Be("Qwen/qwen-image");
        body.GetProperty("size").GetString().Should().Be("512x384");
        body.GetProperty("mode").GetString().Should().Be("direct");
        body.TryGetProperty("images", out _).Should().BeFalse();
        expired.StatusCode.Should().Be(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task QwenEdit_WithAnEmulatorUrl_EditsThatImage()
    {
        // Arrange
        await using var emulator = await StartAsync(new FakeTimeProvider());
        using var client = CreateClient(emulator);
        var source = (await SyncAsync(client, Qwen, """{"prompt":"source","size":"256x256"}""")).GetProperty("urls")[0].GetString()!;

        // Act
        var body = await SyncAsync(client, QwenEdit, $$"""{"prompt":"make it night","image":"{{source}}","size":"256x256","seed":3}""");
        var edited = await DownloadPngAsync(client, body.GetProperty("urls")[0].GetString()!);

        // Assert
        PngSize(edited).Should().Be((256, 256));
        edited.Should().NotEqual(await DownloadPngAsync(client, source));
        body.GetProperty("model").GetString().Should().Be("Qwen/qwen-image-edit");
    }

    [Fact]
    public async Task Seedream_StoreOutputRelay7d_KeepsTheLinkSevenDays()
    {
        // Arrange
        var clock = new FakeTimeProvider();
        await using var emulator = await StartAsync(clock);
        using var client = CreateClient(emulator);

        // Act
        var body = await SyncAsync(client, Seedream, """{"prompt":"a dune","size":"1K","store_output":"relay7d","watermark":false}""");
        var url = body.GetProperty("urls")[0].GetString()!;
        clock.Advance(TimeSpan.FromDays(6));
        var png = await DownloadPngAsync(client, url);
        clock.Advance(TimeSpan.FromDays(1));
        using var expired = await client.GetAsync(url);

        // Assert
        PngSize(png).Should().Be((1024, 1024));
        body.GetProperty("model").GetString().Should().Be("ByteDance/doubao-seedream-5-0-pro-260628");
        body.GetProperty("size").GetString().Should().Be("1024x1024");
        expired.StatusCode.Should().Be(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Wan_SequentialN_AnswersThatManyUrls()
    {
        // Arrange
        await using var emulator = await StartAsync(new FakeTimeProvider());
        using var client = CreateClient(emulator);

        // Act
        var body = await SyncAsync(client, Wan, """{"prompt":"a comic strip","n":6,"enable_sequential":true,"size":"128x96","thinking_mode":true}""");

        // Assert
        var urls = body.GetProperty("urls").EnumerateArray().Select(url => url.GetString()!).ToArray();
        urls.Should().HaveCount(6).And.OnlyHaveUniqueItems();
        PngSize(await DownloadPngAsync(client, urls[5])).Should().Be((128, 96));
        body.GetProperty("model").GetString().Should().Be("Wan-AI/Wan2.7-Image-Pro");
    }

    [Fact]
    public async Task StableDiffusion_Txt2Img_AnswersBase64ImagesWithParameters()
    {
        // Arrange
        await using var emulator = await StartAsync(new FakeTimeProvider());
        using var client = CreateClient(emulator);

        // Act
        var body = await SyncAsync(client, StableDiffusion, """{"prompt":"a portrait","negative_prompt":"blurry","model":"illustriousRealismBy_v10VAE.safetensors","steps":25,"width":320,"height":256,"cfg_scale":6.5}""");
        var defaults = await SyncAsync(client, StableDiffusion, """{"prompt":"a portrait"}""");
        var (asyncStatus, asyncBody) = await SendAsync(client, StableDiffusion, """{"prompt":"a portrait","async":true}""");
        var (unknownStatus, unknownBody) = await SendAsync(client, StableDiffusion, """{"prompt":"a portrait","model":"nope.safetensors"}""");

        // Assert
        PngSize(Png(body.GetProperty("images")[0].GetString()!)).Should().Be((320, 256));
        body.GetProperty("model").GetString().Should().Be("illustriousRealismBy_v10VAE.safetensors");
        body.GetProperty("parameters").GetProperty("steps").GetInt32().Should().Be(25);
        body.GetProperty("parameters").GetProperty("cfg_scale").GetDouble().Should().Be(6.5);
        body.GetProperty("info").GetString().Should().Contain("\"negative_prompt\":\"blurry\"");
        PngSize(Png(defaults.GetProperty("images")[0].GetString()!)).Should().Be((512, 512));
        defaults.GetProperty("model").GetString().Should().Be("Realistic_Vision_V5.1.safetensors");
        ValidationIssues(asyncStatus, asyncBody).Should().Equal("body.async: value_error");
        unknownStatus.Should().Be(HttpStatusCode.Forbidden);
        unknownBody.GetProperty("error").GetProperty("code").GetString().Should().Be("MODEL_NOT_AVAILABLE");
    }

    [Fact]
    public async Task SyncTask_AfterTheCall_CanBePolledAsCompleted()
    {
        // Arrange
        await using var emulator = await StartAsync(new FakeTimeProvider());
        using var client = CreateClient(emulator);
        var body = await SyncAsync(client, Qwen, """{"prompt":"poll me","size":"128x128"}""");

        // Act
        var task = await PollAsync(client, body.GetProperty("task_id").GetString()!);

        // Assert
        task.GetProperty("status").GetString().Should().Be("completed");
        task.GetProperty("result").GetProperty("urls").GetRawText().Should().Be(body.GetProperty("urls").GetRawText());
        task.GetProperty("result").GetProperty("success").GetBoolean().Should().BeTrue();
    }
}
