using System.Net;
using System.Text;
using ImagingClient.Emulator;
using static ImagingClient.Tests.Emulator.Apiframe.ApiframeHttp;
using Microsoft.Extensions.Time.Testing;

namespace ImagingClient.Tests.Emulator.Apiframe;

public sealed class ApiframeValidationTests
{
    private const string LoraId = "2b1f4c3e-8d7a-4e2b-9c1d-0a5e6f7b8c9d";

    /// <summary>One valid body per parameter family (18), each using several of its block's fields.</summary>
    public static TheoryData<string> ValidBodies => new()
    {
        """{"model":"midjourney","prompt":"a lighthouse","midjourneyParams":{"aspect_ratio":"16:9"}}""",
        """{"model":"nano-banana-pro","prompt":"a cat","nanoBananaParams":{"aspect_ratio":"4:3","google_search":true,"image_input":["https://example.com/a.png"],"output_format":"png","resolution":"2K"}}""",
        """{"model":"flux-2-pro","prompt":"a fox","fluxParams":{"aspect_ratio":"3:2","resolution":"1MP","steps":30,"guidance":4.5,"seed":7,"output_quality":90,"raw":false,"input_images":["https://example.com/x.jpg"]}}""",
        """{"model":"seedream-4","prompt":"a city","seedreamParams":{"width":1024,"height":768,"guidance_scale":2.5,"enhance_prompt":true,"output_format":"jpg"}}""",
        """{"model":"ideogram-v3-quality","prompt":"a poster","ideogramParams":{"magic_prompt_option":"Auto","rendering_speed":"quality","style_reference_images":["https://example.com/s.png"],"seed":3}}""",
        """{"model":"stable-diffusion-3.5-large","prompt":"a forest","stableDiffusionParams":{"aspect_ratio":"21:9","cfg":7,"steps":40,"prompt_strength":0.5,"output_format":"webp"}}""",
        """{"model":"imagen-4","prompt":"a beach","imagenParams":{"aspect_ratio":"9:16","image_size":"2K","output_format":"jpg"}}""",
        """{"model":"dall-e-3","prompt":"an owl","dalleParams":{"aspect_ratio":"3:2","style":"natural"}}""",
        """{"model":"gpt-image-1.5","prompt":"a logo","gptImageParams":{"quality":"low","aspect_ratio":"2:3","background":"transparent","input_images":null,"number_of_images":2}}""",
        """{"model":"gpt-image-2","prompt":"a mug","gptImage2Params":{"quality":"medium","moderation":"low","input_images":["https://example.com/m.png"]}}""",
        """{"model":"kling-image","prompt":"a dragon","klingImageParams":{"aspect_ratio":"16:9","model_name":"kling-v2","n":2,"image_fidelity":0.4}}""",
        """{"model":"qwen-image","prompt":"a robot","qwenImageParams":{"image_size":"landscape_16_9","num_images":2,"num_inference_steps":30,"acceleration":"regular","task_type":"text-to-image"}}""",
        """{"model":"qwen-image-2-pro","prompt":"a bridge","qwenImage2Params":{"aspect_ratio":"2:1","negative_prompt":"blur","seed":9}}""",
        """{"model":"wan-image-2.6","prompt":"a temple","wanImageParams":{"aspect_ratio":"4:3","prompt_extend":true,"seed":2147483647}}""",
        """{"model":"wan-image-2.7-pro","prompt":"a garden","wanImage27Params":{"aspect_ratio":"1:1","thinking_mode":true,"seed":0}}""",
        """{"model":"grok-imagine-image","prompt":"a rocket","grokImagineParams":{"aspect_ratio":"9:16","image":"https://example.com/r.png"}}""",
        """{"model":"reve-create","prompt":"a river","reveParams":{"aspect_ratio":"3:4","seed":5,"version":"latest"}}""",
        $$$"""{"model":"flux-lora","prompt":"a portrait","fluxLoraParams":{"loraId":"{{{LoraId}}}","lora_strength":1.2,"num_outputs":2,"num_inference_steps":28,"aspect_ratio":"1:1"}}""",
    };

    /// <summary>Invalid bodies, each with the JSON path and (part of) the message it must report.</summary>
    public static TheoryData<string, string, string> InvalidBodies => new()
    {
        { """{"model":"flux-2-pro","prompt":"x","fluxParams":{"steps":20,"strength":1}}""", "fluxParams", "Unrecognized key(s) in object: 'strength'" },
        { """{"model":"flux-2-pro","prompt":"x","fluxParams":{"steps":60}}""", "fluxParams.steps", "Number must be less than or equal to 50" },
        { """{"model":"flux-2-pro","prompt":"x","fluxParams":{"steps":2.5}}""", "fluxParams.steps", "Expected integer, received float" },
        { """{"model":"flux-2-pro","prompt":"x","fluxParams":{"guidance":1}}""", "fluxParams.guidance", "Number must be greater than or equal to 1.5" },
        { """{"model":"flux-2-pro","prompt":"x","fluxParams":{"resolution":"1 MP"}}""", "fluxParams.resolution", "Invalid enum value. Expected '0.5MP' | '1MP' | '2MP' | '4MP' | 'match_input_image', received '1 MP'" },
        { """{"model":"midjourney","prompt":"x","midjourneyParams":{"aspect_ratio":"wide"}}""", "midjourneyParams.aspect_ratio", "Invalid" },
        { """{"model":"midjourney","prompt":"x","midjourneyParams":{"aspect_ratio":"１６:９"}}""", "midjourneyParams.aspect_ratio", "Invalid" },
        { """{"model":"flux-lora","prompt":"x","fluxLoraParams":{"loraId":"not-a-uuid"}}""", "fluxLoraParams.loraId", "Invalid uuid" },
        { """{"model":"flux-lora","prompt":"x"}""", "fluxLoraParams", "Required" },
        { """{"model":"flux-lora","prompt":"x","fluxLoraParams":{"num_outputs":2}}""", "fluxLoraParams.loraId", "Required" },
        { """{"model":"ideogram-character","prompt":"x"}""", "ideogramParams", "Required" },
        { """{"model":"ideogram-character","prompt":"x","ideogramParams":{"seed":1}}""", "ideogramParams.character_reference_image", "Required" },
        { """{"model":"dall-e-4","prompt":"x"}""", "model", "Invalid discriminator value. Expected 'midjourney' | 'nano-banana'" },
        { """{"prompt":"x"}""", "model", "Invalid discriminator value" },
        { """{"model":"midjourney"}""", "prompt", "Required" },
        { """{"model":"midjourney","prompt":""}""", "prompt", "String must contain at least 1 character(s)" },
        { """{"model":"midjourney","prompt":"x","fluxParams":{}}""", "", "Unrecognized key(s) in object: 'fluxParams'" },
        { """{"model":"midjourney","prompt":"x","webhookUrl":"/relative/hook"}""", "webhookUrl", "Invalid url" },
        { """{"model":"midjourney","prompt":"x","webhookUrl":"https://hooks.example.com/a b"}""", "webhookUrl", "Invalid url" },
        { """{"model":"grok-imagine-image","prompt":"x","grokImagineParams":{"image":"https://bücher.example/a.png"}}""", "grokImagineParams.image", "Invalid url" },
        { """{"model":"grok-imagine-image","prompt":"x","grokImagineParams":{"image":"https://example.com/100%.png"}}""", "grokImagineParams.image", "Invalid url" },
        { """{"model":"midjourney","prompt":"x","webhookEvents":[]}""", "webhookEvents", "Array must contain at least 1 element(s)" },
        { """{"model":"midjourney","prompt":"x","webhookEvents":["done"]}""", "webhookEvents.0", "Invalid enum value. Expected 'progress' | 'completed' | 'failed', received 'done'" },
        { """{"model":"nano-banana","prompt":"x","nanoBananaParams":{"image_input":"https://example.com/a.png"}}""", "nanoBananaParams.image_input", "Expected array, received string" },
        { """{"model":"gpt-image-1.5","prompt":"x","gptImageParams":{"input_images":"https://example.com/a.png"}}""", "gptImageParams.input_images", "Expected array | null, received string" },
        { """{"model":"gpt-image-1.5","prompt":"x","gptImageParams":{"number_of_images":11}}""", "gptImageParams.number_of_images", "Number must be less than or equal to 10" },
        { """{"model":"kling-image","prompt":"x","klingImageParams":{"negative_prompt":true}}""", "klingImageParams.negative_prompt", "Expected string, received boolean" },
        { """{"model":"wan-image-2.6","prompt":"x","wanImageParams":{"seed":-1}}""", "wanImageParams.seed", "Number must be greater than or equal to 0" },
        { """["midjourney"]""", "", "Expected object, received array" },
    };

    [Theory]
    [MemberData(nameof(ValidBodies))]
    public async Task Generate_ValidBodyOfEachFamily_IsAccepted(string json)
    {
        // Arrange
        await using var emulator = await StartAsync(new FakeTimeProvider());
        using var client = CreateClient(emulator);

        // Act
        var (status, body) = await PostForBodyAsync(client, GeneratePath, json);

        // Assert
        status.Should().Be(HttpStatusCode.Accepted, body.ToString());
        Guid.TryParseExact(body.GetProperty("jobId").GetString(), "D", out _).Should().BeTrue();
        body.GetProperty("status").GetString().Should().Be("QUEUED");
    }

    [Theory]
    [MemberData(nameof(InvalidBodies))]
    public async Task Generate_InvalidBody_Answers400WithTheProblemAtItsPath(string json, string path, string message)
    {
        // Arrange
        await using var emulator = await StartAsync(new FakeTimeProvider());
        using var client = CreateClient(emulator);

        // Act
        var (status, body) = await PostForBodyAsync(client, GeneratePath, json);

        // Assert
        status.Should().Be(HttpStatusCode.BadRequest);
        body.GetProperty("error").GetString().Should().Be("Validation failed");
        var details = Details(body);
        details.Should().ContainKey(path, body.ToString());
        details[path].Should().Contain(text => text.StartsWith(message, StringComparison.Ordinal), body.ToString());
        emulator.Apiframe.Credits.Should().Be(100_000, "a rejected request costs nothing");
    }

    [Fact]
    public async Task Generate_PromptTooLong_Answers400()
    {
        // Arrange
        await using var emulator = await StartAsync(new FakeTimeProvider());
        using var client = CreateClient(emulator);
        var prompt = new string('a', 2001);

        // Act
        var (status, body) = await PostForBodyAsync(client, GeneratePath, $$"""{"model":"flux-2-pro","prompt":"{{prompt}}"}""");
        var (longerAllowed, _) = await PostForBodyAsync(client, GeneratePath, $$"""{"model":"wan-image-2.7","prompt":"{{prompt}}"}""");

        // Assert
        status.Should().Be(HttpStatusCode.BadRequest);
        Details(body)["prompt"].Should().Equal("String must contain at most 2000 character(s)");
        longerAllowed.Should().Be(HttpStatusCode.Accepted, "wan-image-2.7 allows 5000 characters");
    }

    [Fact]
    public async Task Generate_SeveralProblems_ListsEveryOne()
    {
        // Arrange
        await using var emulator = await StartAsync(new FakeTimeProvider());
        using var client = CreateClient(emulator);
        const string Json = """{"model":"flux-2-pro","prompt":"","extra":1,"fluxParams":{"steps":0,"width":4096,"output_format":"gif","bogus":true}}""";

        // Act
        var (status, body) = await PostForBodyAsync(client, GeneratePath, Json);

        // Assert
        status.Should().Be(HttpStatusCode.BadRequest);
        var details = Details(body);
        details.Keys.Should().BeEquivalentTo("", "prompt", "fluxParams", "fluxParams.steps", "fluxParams.width", "fluxParams.output_format");
        details[""].Should().Equal("Unrecognized key(s) in object: 'extra'");
        details["fluxParams"].Should().Equal("Unrecognized key(s) in object: 'bogus'");
    }

    [Fact]
    public async Task MidjourneyAction_BadIndexAndParentId_Answers400()
    {
        // Arrange
        await using var emulator = await StartAsync(new FakeTimeProvider());
        using var client = CreateClient(emulator);

        // Act
        var (status, body) = await PostForBodyAsync(client, ActionPath, """{"action":"upsample","index":5,"parentJobId":"123"}""");
        var (zoomStatus, zoomBody) = await PostForBodyAsync(client, ActionPath, $$"""{"action":"outpaint","zoomRatio":3,"parentJobId":"{{Guid.NewGuid()}}"}""");
        var (actionStatus, actionBody) = await PostForBodyAsync(client, ActionPath, $$"""{"action":"reroll","parentJobId":"{{Guid.NewGuid()}}"}""");

        // Assert
        status.Should().Be(HttpStatusCode.BadRequest);
        Details(body)["index"].Should().Equal("Invalid input. Expected 1 | 2 | 3 | 4, received 5");
        Details(body)["parentJobId"].Should().Equal("Invalid uuid");
        zoomStatus.Should().Be(HttpStatusCode.BadRequest);
        Details(zoomBody)["zoomRatio"].Should().Equal("Invalid input. Expected 1.5 | 2, received 3");
        actionStatus.Should().Be(HttpStatusCode.BadRequest);
        Details(actionBody)["action"].Single().Should().StartWith("Invalid discriminator value. Expected 'upsample' | 'variation' | 'inpaint' | 'outpaint' | 'pan'");
    }

    [Fact]
    public async Task Upscale_FactorNotInTheList_Answers400()
    {
        // Arrange
        await using var emulator = await StartAsync(new FakeTimeProvider());
        using var client = CreateClient(emulator);

        // Act
        var (status, body) = await PostForBodyAsync(client, UpscalePath, """{"model":"topaz-image-upscale","topazUpscaleParams":{"image":"https://example.com/a.png","upscale_factor":3}}""");

        // Assert
        status.Should().Be(HttpStatusCode.BadRequest);
        Details(body)["topazUpscaleParams.upscale_factor"].Should().Equal("Invalid input. Expected 1 | 2 | 4 | 6, received 3");
    }

    [Fact]
    public async Task Post_WrongContentTypeOrBrokenJson_Answers400WithError()
    {
        // Arrange
        await using var emulator = await StartAsync(new FakeTimeProvider());
        using var client = CreateClient(emulator);
        using var textRequest = new HttpRequestMessage(HttpMethod.Post, GeneratePath)
        {
            Content = new StringContent("""{"model":"midjourney","prompt":"x"}""", Encoding.UTF8, "text/plain"),
        };
        textRequest.Headers.Add("X-API-Key", Key);

        // Act
        using var text = await client.SendAsync(textRequest);
        var (brokenStatus, broken) = await PostForBodyAsync(client, GeneratePath, """{"model":"midjourney",""");

        // Assert
        text.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await ReadJsonAsync(text)).GetProperty("error").GetString().Should().Contain("application/json");
        brokenStatus.Should().Be(HttpStatusCode.BadRequest);
        broken.GetProperty("error").GetString().Should().Contain("JSON");
    }

    [Fact]
    public async Task Post_IdempotencyKeyLongerThan255_Answers400()
    {
        // Arrange
        await using var emulator = await StartAsync(new FakeTimeProvider());
        using var client = CreateClient(emulator);

        // Act
        var (status, body) = await PostForBodyAsync(client, GeneratePath, """{"model":"midjourney","prompt":"x"}""", idempotencyKey: new string('k', 256));
        var (okStatus, _) = await PostForBodyAsync(client, GeneratePath, """{"model":"midjourney","prompt":"x"}""", idempotencyKey: new string('k', 255));

        // Assert
        status.Should().Be(HttpStatusCode.BadRequest);
        Details(body)["Idempotency-Key"].Should().Equal("String must contain at most 255 character(s)");
        okStatus.Should().Be(HttpStatusCode.Accepted);
    }
}
