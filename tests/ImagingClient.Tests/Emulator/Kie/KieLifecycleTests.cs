using System.Net;
using System.Text.Json;
using ImagingClient.Emulator;
using static ImagingClient.Tests.Emulator.Kie.KieHttp;
using Microsoft.Extensions.Time.Testing;

namespace ImagingClient.Tests.Emulator.Kie;

public sealed class KieLifecycleTests
{
    [Fact]
    public async Task RecordInfo_BeforeAndAfterTaskDuration_GoesFromGeneratingToSuccess()
    {
        // Arrange
        var clock = new FakeTimeProvider();
        await using var emulator = await StartAsync(clock);
        using var client = CreateClient(emulator);
        const string Json = """{"prompt":"a red fox in snow","model":"flux-kontext-pro"}""";
        var created = clock.GetUtcNow();
        var taskId = await SubmitAsync(client, Json);

        // Act
        var generating = await PollAsync(client, taskId);
        clock.Advance(TaskDuration - TimeSpan.FromMilliseconds(1));
        var stillGenerating = await PollAsync(client, taskId);
        clock.Advance(TimeSpan.FromMilliseconds(1));
        var done = await PollAsync(client, taskId);

        // Assert
        generating.GetProperty("taskId").GetString().Should().Be(taskId);
        generating.GetProperty("successFlag").GetInt32().Should().Be(0);
        generating.GetProperty("response").ValueKind.Should().Be(JsonValueKind.Null);
        generating.GetProperty("completeTime").ValueKind.Should().Be(JsonValueKind.Null);
        generating.GetProperty("errorCode").ValueKind.Should().Be(JsonValueKind.Null);
        generating.GetProperty("errorMessage").GetString().Should().BeEmpty();
        generating.GetProperty("paramJson").GetString().Should().Be(Json);
        generating.GetProperty("createTime").GetDateTimeOffset().Should().Be(created);
        stillGenerating.GetProperty("successFlag").GetInt32().Should().Be(0);

        done.GetProperty("successFlag").GetInt32().Should().Be(1);
        done.GetProperty("errorCode").ValueKind.Should().Be(JsonValueKind.Null);
        done.GetProperty("errorMessage").GetString().Should().BeEmpty();
        done.GetProperty("completeTime").GetDateTimeOffset().Should().Be(created + TaskDuration);
        var response = done.GetProperty("response");
        response.GetProperty("resultImageUrl").GetString().Should().StartWith(emulator.BaseAddress + "files/");
        response.GetProperty("originImageUrl").GetString().Should().StartWith(emulator.BaseAddress + "files/");
        response.GetProperty("originImageUrl").GetString().Should().NotBe(response.GetProperty("resultImageUrl").GetString());
    }

    [Fact]
    public async Task RecordInfo_Success_ResultAndOriginAreTheSamePngAndOriginExpiresAfterTenMinutes()
    {
        // Arrange
        var clock = new FakeTimeProvider();
        await using var emulator = await StartAsync(clock);
        using var client = CreateClient(emulator);
        var taskId = await SubmitAsync(client, """{"prompt":"a teapot"}""");
        clock.Advance(TaskDuration);
        var response = (await PollAsync(client, taskId)).GetProperty("response");
        var resultUrl = response.GetProperty("resultImageUrl").GetString()!;
        var originUrl = response.GetProperty("originImageUrl").GetString()!;

        // Act
        var result = await client.GetByteArrayAsync(resultUrl);
        var origin = await client.GetByteArrayAsync(originUrl);
        clock.Advance(TimeSpan.FromMinutes(10) - TimeSpan.FromSeconds(1));
        using var originBeforeExpiry = await client.GetAsync(originUrl);
        clock.Advance(TimeSpan.FromSeconds(1));
        using var originExpired = await client.GetAsync(originUrl);
        using var resultLater = await client.GetAsync(resultUrl);

        // Assert
        ConcurredHttp.PngSize(result).Should().Be((1024, 576), "16:9 is the default aspect ratio, with a 1024 long side");
        origin.Should().Equal(result);
        originBeforeExpiry.StatusCode.Should().Be(HttpStatusCode.OK);
        originExpired.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await originExpired.Content.ReadAsStringAsync()).Should().Contain("expired");
        resultLater.StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task ResultImageUrl_AfterFourteenDays_Expires()
    {
        // Arrange
        var clock = new FakeTimeProvider();
        await using var emulator = await StartAsync(clock);
        using var client = CreateClient(emulator);
        var resultUrl = await GenerateResultUrlAsync(client, clock, """{"prompt":"kept two weeks"}""");

        // Act
        clock.Advance(TimeSpan.FromDays(14) - TimeSpan.FromSeconds(1));
        using var before = await client.GetAsync(resultUrl);
        clock.Advance(TimeSpan.FromSeconds(1));
        using var after = await client.GetAsync(resultUrl);

        // Assert
        before.StatusCode.Should().Be(HttpStatusCode.OK);
        after.StatusCode.Should().Be(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task RecordInfo_FirstPolledLongAfterCompletion_DatesUrlsFromCompleteTime()
    {
        // Arrange
        var clock = new FakeTimeProvider();
        await using var emulator = await StartAsync(clock);
        using var client = CreateClient(emulator);
        var taskId = await SubmitAsync(client, """{"prompt":"polled late"}""");

        // Act
        clock.Advance(TimeSpan.FromMinutes(11));
        var data = await PollAsync(client, taskId);
        using var origin = await client.GetAsync(data.GetProperty("response").GetProperty("originImageUrl").GetString());
        using var result = await client.GetAsync(data.GetProperty("response").GetProperty("resultImageUrl").GetString());

        // Assert
        data.GetProperty("completeTime").GetDateTimeOffset().Should().Be(clock.Start + TaskDuration);
        origin.StatusCode.Should().Be(HttpStatusCode.Forbidden, "the origin URL lives 10 minutes from completion, not from the poll");
        result.StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Theory]
    [InlineData("21:9", 1024, 439)]
    [InlineData("16:9", 1024, 576)]
    [InlineData("4:3", 1024, 768)]
    [InlineData("1:1", 1024, 1024)]
    [InlineData("3:4", 768, 1024)]
    [InlineData("9:16", 576, 1024)]
    public async Task Generate_AspectRatio_RendersLongSide1024(string ratio, int width, int height)
    {
        // Arrange
        var clock = new FakeTimeProvider();
        await using var emulator = await StartAsync(clock);
        using var client = CreateClient(emulator);

        // Act
        var url = await GenerateResultUrlAsync(client, clock, $$"""{"prompt":"ratio","aspectRatio":"{{ratio}}"}""");
        var png = await client.GetByteArrayAsync(url);

        // Assert
        ConcurredHttp.PngSize(png).Should().Be((width, height));
    }

    [Fact]
    public async Task Generate_ConfiguredImageLongSide_RendersThatLongSideAndAnEditKeepsIt()
    {
        // Arrange
        var clock = new FakeTimeProvider();
        await using var emulator = await StartAsync(clock, options => options.Kie.ImageLongSide = 64);
        using var client = CreateClient(emulator);

        // Act
        var url = await GenerateResultUrlAsync(client, clock, """{"prompt":"small","aspectRatio":"16:9"}""");
        var editedUrl = await GenerateResultUrlAsync(client, clock, $$"""{"prompt":"small edit","inputImage":"{{url}}"}""");

        // Assert
        ConcurredHttp.PngSize(await client.GetByteArrayAsync(url)).Should().Be((64, 36));
        ConcurredHttp.PngSize(await client.GetByteArrayAsync(editedUrl)).Should().Be((64, 36));
    }

    [Fact]
    public async Task Generate_SamePromptTwice_RendersIdenticalBytes()
    {
        // Arrange
        var clock = new FakeTimeProvider();
        await using var emulator = await StartAsync(clock);
        using var client = CreateClient(emulator);

        // Act
        var first = await client.GetByteArrayAsync(await GenerateResultUrlAsync(client, clock, """{"prompt":"same"}"""));
        var second = await client.GetByteArrayAsync(await GenerateResultUrlAsync(client, clock, """{"prompt":"same"}"""));
        var other = await client.GetByteArrayAsync(await GenerateResultUrlAsync(client, clock, """{"prompt":"different"}"""));

        // Assert
        second.Should().Equal(first);
        other.Should().NotEqual(first);
    }

    [Fact]
    public async Task Generate_OutputFormatJpeg_IsServedAsPng()
    {
        // Arrange
        var clock = new FakeTimeProvider();
        await using var emulator = await StartAsync(clock);
        using var client = CreateClient(emulator);
        var url = await GenerateResultUrlAsync(client, clock, """{"prompt":"jpeg please","outputFormat":"jpeg"}""");

        // Act
        using var response = await client.GetAsync(url);

        // Assert
        response.Content.Headers.ContentType!.MediaType.Should().Be("image/png");
        ConcurredHttp.PngSize(await response.Content.ReadAsByteArrayAsync()).Should().Be((1024, 576));
    }

    [Theory]
    [InlineData("[blocked] a dog", 3, 400)]
    [InlineData("a dog [BLOCKED]", 3, 400)]
    [InlineData("a dog [fail]", 3, 501)]
    [InlineData("a dog [Create-Fail]", 2, 500)]
    public async Task RecordInfo_FailureHook_EndsWithFlagAndErrorCode(string prompt, int successFlag, int errorCode)
    {
        // Arrange
        var clock = new FakeTimeProvider();
        await using var emulator = await StartAsync(clock);
        using var client = CreateClient(emulator);
        var taskId = await SubmitAsync(client, JsonSerializer.Serialize(new { prompt }));

        // Act
        var before = await PollAsync(client, taskId);
        clock.Advance(TaskDuration);
        var after = await PollAsync(client, taskId);

        // Assert
        before.GetProperty("successFlag").GetInt32().Should().Be(0);
        after.GetProperty("successFlag").GetInt32().Should().Be(successFlag);
        after.GetProperty("errorCode").GetInt32().Should().Be(errorCode);
        after.GetProperty("errorMessage").GetString().Should().NotBeNullOrEmpty();
        after.GetProperty("completeTime").ValueKind.Should().Be(JsonValueKind.String);
        after.GetProperty("response").GetProperty("resultImageUrl").GetString().Should().BeEmpty();
        after.GetProperty("response").GetProperty("originImageUrl").GetString().Should().BeEmpty();
    }

    [Fact]
    public async Task RecordInfo_BlockedHook_MentionsContentPolicy()
    {
        // Arrange
        var clock = new FakeTimeProvider();
        await using var emulator = await StartAsync(clock);
        using var client = CreateClient(emulator);
        var taskId = await SubmitAsync(client, """{"prompt":"[blocked]"}""");

        // Act
        clock.Advance(TaskDuration);
        var data = await PollAsync(client, taskId);

        // Assert
        data.GetProperty("errorMessage").GetString().Should().Contain("content policy");
    }

    [Fact]
    public async Task RecordInfo_NeverHook_StaysGeneratingForever()
    {
        // Arrange
        var clock = new FakeTimeProvider();
        await using var emulator = await StartAsync(clock);
        using var client = CreateClient(emulator);
        var taskId = await SubmitAsync(client, """{"prompt":"[never] finishes"}""");

        // Act
        clock.Advance(TimeSpan.FromDays(30));
        var data = await PollAsync(client, taskId);

        // Assert
        data.GetProperty("successFlag").GetInt32().Should().Be(0);
        data.GetProperty("response").ValueKind.Should().Be(JsonValueKind.Null);
        data.GetProperty("completeTime").ValueKind.Should().Be(JsonValueKind.Null);
    }

    [Fact]
    public async Task RecordInfo_UnknownTask_ReturnsCode404InHttp200()
    {
        // Arrange
        await using var emulator = await ImagingEmulator.StartAsync();
        using var client = CreateClient(emulator);

        // Act
        using var response = await GetAsync(client, RecordInfoPath + "?taskId=no-such-task");
        var body = await ReadJsonAsync(response);

        // Assert
        response.StatusCode.Should().Be(HttpStatusCode.OK);
        Code(body).Should().Be(404);
        Msg(body).Should().Contain("no-such-task");
        body.GetProperty("data").ValueKind.Should().Be(JsonValueKind.Null);
    }

    [Fact]
    public async Task RecordInfo_MissingTaskId_ReturnsCode422()
    {
        // Arrange
        await using var emulator = await ImagingEmulator.StartAsync();
        using var client = CreateClient(emulator);

        // Act
        using var response = await GetAsync(client, RecordInfoPath);
        var body = await ReadJsonAsync(response);

        // Assert
        response.StatusCode.Should().Be(HttpStatusCode.OK);
        Code(body).Should().Be(422);
    }

    [Fact]
    public async Task RecordInfo_ZeroTaskDuration_IsTerminalOnFirstPoll()
    {
        // Arrange
        var clock = new FakeTimeProvider();
        await using var emulator = await StartAsync(clock, options => options.Kie.TaskDuration = TimeSpan.Zero);
        using var client = CreateClient(emulator);

        // Act
        var taskId = await SubmitAsync(client, """{"prompt":"instant"}""");
        var data = await PollAsync(client, taskId);

        // Assert
        data.GetProperty("successFlag").GetInt32().Should().Be(1);
    }
}
