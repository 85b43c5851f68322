using System.Net;
using System.Text.Json;
using ImagingClient.Emulator;
using Microsoft.Extensions.Time.Testing;
using static ImagingClient.Tests.Emulator.RelayGpu.RelayGpuHttp;

namespace ImagingClient.Tests.Emulator.RelayGpu;

public sealed class RelayGpuTaskTests
{
    [Fact]
    public async Task Async_SubmitThenPollWithoutKey_GoesQueuedRunningCompleted()
    {
        // Arrange
        var clock = new FakeTimeProvider();
        await using var emulator = await StartAsync(clock);
        using var client = CreateClient(emulator);
        var taskId = await SubmitAsync(client, Flux, """{"prompt":"async flux","width":128,"height":128,"async":true}""");

        // Act
        var queued = await PollAsync(client, taskId);
        clock.Advance(TaskDuration / 2);
        var running = await PollAsync(client, taskId);
        clock.Advance(TaskDuration);
        var completed = await PollAsync(client, taskId);
        var escaped = await PollAsync(client, taskId.Replace(":", "%3A", StringComparison.Ordinal));

        // Assert
        queued.GetProperty("status").GetString().Should().Be("queued");
        queued.GetProperty("result").ValueKind.Should().Be(JsonValueKind.Null);
        queued.GetProperty("error").ValueKind.Should().Be(JsonValueKind.Null);
        running.GetProperty("status").GetString().Should().Be("running");
        running.GetProperty("elapsed_seconds").GetInt32().Should().Be(1);
        completed.GetProperty("status").GetString().Should().Be("completed");
        completed.GetProperty("task_id").GetString().Should().Be(taskId);
        completed.GetProperty("elapsed_seconds").GetInt32().Should().Be(3, "elapsed time freezes at the terminal state");
        completed.GetProperty("task_address").ValueKind.Should().Be(JsonValueKind.Null);
        completed.GetProperty("mode").GetString().Should().Be("direct");
        completed.GetProperty("model").GetString().Should().Be("black-forest-labs/FLUX-2-pro");
        completed.GetProperty("created_at").GetDateTimeOffset().Should().BeCloseTo(clock.GetUtcNow() - (TaskDuration * 1.5), TimeSpan.FromMilliseconds(1));
        completed.GetProperty("created_at").GetString().Should().EndWith("+00:00");
        completed.GetProperty("error_code").ValueKind.Should().Be(JsonValueKind.Null);
        completed.GetProperty("error_detail").ValueKind.Should().Be(JsonValueKind.Null);
        var result = completed.GetProperty("result");
        PngSize(Png(result.GetProperty("images")[0].GetString()!)).Should().Be((128, 128));
        result.GetProperty("width").GetInt32().Should().Be(128);
        result.GetProperty("success").GetBoolean().Should().BeTrue();
        escaped.GetProperty("task_id").GetString().Should().Be(taskId);
        emulator.Requests.Where(request => request.Method == "GET").Should().OnlyContain(request => !request.Headers.ContainsKey("X-API-Key"));
    }

    [Fact]
    public async Task LongPoll_Wait_AnswersWhenTheTaskEnds()
    {
        // Arrange
        var clock = new FakeTimeProvider();
        await using var emulator = await StartAsync(clock);
        using var client = CreateClient(emulator);
        var taskId = await SubmitAsync(client, Qwen, """{"prompt":"long poll","size":"64x64","async":true}""");

        // Act
        var poll = PollAsync(client, taskId, "?wait=30");
        for (var i = 0; i < 200 && !poll.IsCompleted; i++)
        {
            // The poll waits on the emulator's clock: move it (it may not have started waiting yet, so keep going a little).
            clock.Advance(TimeSpan.FromMilliseconds(500));
            await Task.WhenAny(poll, Task.Delay(20));
        }

        var body = await poll.WaitAsync(Wait);

        // Assert
        body.GetProperty("status").GetString().Should().Be("completed");
        body.GetProperty("result").GetProperty("urls").GetArrayLength().Should().Be(1);
    }

    [Fact]
    public async Task LongPoll_SlowTask_AnswersRunningAfterTheWait()
    {
        // Arrange
        var clock = new FakeTimeProvider();
        await using var emulator = await StartAsync(clock);
        using var client = CreateClient(emulator);
        var taskId = await SubmitAsync(client, Qwen, """{"prompt":"[slow] crawl","size":"64x64","async":true}""");

        // Act
        var poll = PollAsync(client, taskId, "?wait=2");
        for (var i = 0; i < 200 && !poll.IsCompleted; i++)
        {
            clock.Advance(TimeSpan.FromMilliseconds(250));
            await Task.WhenAny(poll, Task.Delay(20));
        }

        var body = await poll.WaitAsync(Wait);
        clock.Advance(TaskDuration * 10);
        var done = await PollAsync(client, taskId);

        // Assert
        body.GetProperty("status").GetString().Should().Be("queued", "a [slow] task takes 30 s and is queued for its first sixth");
        body.GetProperty("elapsed_seconds").GetInt32().Should().BeInRange(2, 4, "the poll answered once its 2-second wait was over");
        done.GetProperty("status").GetString().Should().Be("completed");
        done.GetProperty("elapsed_seconds").GetInt32().Should().Be(30);
    }

    [Theory]
    [InlineData("0", "greater_than_equal")]
    [InlineData("31", "less_than_equal")]
    [InlineData("soon", "int_parsing")]
    public async Task Poll_WaitOutOfRange_Answers422(string wait, string type)
    {
        // Arrange
        await using var emulator = await StartAsync(new FakeTimeProvider());
        using var client = CreateClient(emulator);
        var taskId = await SubmitAsync(client, Qwen, """{"prompt":"x","size":"64x64","async":true}""");

        // Act
        using var response = await GetAsync(client, $"{Tasks}/{taskId}?wait={wait}");
        var body = await ReadJsonAsync(response);

        // Assert
        ValidationIssues(response.StatusCode, body).Should().Equal($"query.wait: {type}");
    }

    [Fact]
    public async Task Retention_AnHourAfterTheEnd_TaskAndLinksAreGone()
    {
        // Arrange
        var clock = new FakeTimeProvider();
        await using var emulator = await StartAsync(clock);
        using var client = CreateClient(emulator);
        var taskId = await SubmitAsync(client, Qwen, """{"prompt":"ephemeral","size":"64x64","async":true}""");
        clock.Advance(TaskDuration);
        var url = (await PollAsync(client, taskId)).GetProperty("result").GetProperty("urls")[0].GetString()!;

        // Act
        clock.Advance(TimeSpan.FromHours(1) - TimeSpan.FromSeconds(1));
        var stillThere = await PollAsync(client, taskId);
        await DownloadPngAsync(client, url);
        clock.Advance(TimeSpan.FromSeconds(1));
        using var gone = await GetAsync(client, $"{Tasks}/{taskId}");
        var body = await ReadJsonAsync(gone);
        using var link = await client.GetAsync(url);

        // Assert
        stillThere.GetProperty("status").GetString().Should().Be("completed");
        gone.StatusCode.Should().Be(HttpStatusCode.NotFound);
        body.GetProperty("error").GetProperty("code").GetString().Should().Be("TASK_NOT_FOUND");
        body.GetProperty("detail").GetString().Should().Contain(taskId);
        link.StatusCode.Should().Be(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Retention_StoreOutputRelay1d_KeepsTheTaskADay()
    {
        // Arrange
        var clock = new FakeTimeProvider();
        await using var emulator = await StartAsync(clock, options => options.RelayGpu.TaskRetention = TimeSpan.FromMinutes(5));
        using var client = CreateClient(emulator);
        var kept = await SubmitAsync(client, Qwen, """{"prompt":"kept","size":"64x64","async":true,"store_output":"relay1d"}""");
        var brief = await SubmitAsync(client, Qwen, """{"prompt":"brief","size":"64x64","async":true}""");

        // Act
        clock.Advance(TaskDuration + TimeSpan.FromHours(23));
        var keptBody = await PollAsync(client, kept);
        using var briefGone = await GetAsync(client, $"{Tasks}/{brief}");
        clock.Advance(TimeSpan.FromHours(1));
        using var keptGone = await GetAsync(client, $"{Tasks}/{kept}");

        // Assert
        keptBody.GetProperty("status").GetString().Should().Be("completed");
        briefGone.StatusCode.Should().Be(HttpStatusCode.NotFound);
        keptGone.StatusCode.Should().Be(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Poll_UnknownTask_Answers404TaskNotFound()
    {
        // Arrange
        await using var emulator = await StartAsync(new FakeTimeProvider());
        using var client = CreateClient(emulator);

        // Act
        using var response = await GetAsync(client, $"{Tasks}/direct:{Guid.NewGuid()}", key: Key);
        var body = await ReadJsonAsync(response);

        // Assert
        response.StatusCode.Should().Be(HttpStatusCode.NotFound);
        body.GetProperty("error").GetProperty("code").GetString().Should().Be("TASK_NOT_FOUND");
    }

    [Theory]
    [InlineData("[blocked] a forbidden thing", "CONTENT_POLICY_DECLINED", "SAFETY")]
    [InlineData("[NO-OUTPUT] words only", "IMAGE_NO_OUTPUT", "STOP")]
    [InlineData("[fail] broken", "UPSTREAM_ERROR", null)]
    public async Task Async_Trigger_FailsTheTaskWithItsCodeAndRefunds(string prompt, string code, string? finishReason)
    {
        // Arrange
        var clock = new FakeTimeProvider();
        await using var emulator = await StartAsync(clock);
        using var client = CreateClient(emulator);
        var taskId = await SubmitAsync(client, Gemini, $$"""{"prompt":"{{prompt}}","async":true}""");
        var charged = emulator.RelayGpu.Credits;

        // Act
        clock.Advance(TaskDuration);
        var body = await PollAsync(client, taskId);

        // Assert
        body.GetProperty("status").GetString().Should().Be("failed");
        body.GetProperty("result").ValueKind.Should().Be(JsonValueKind.Null);
        body.GetProperty("error").GetString().Should().NotBeNullOrEmpty();
        body.GetProperty("error_code").GetString().Should().Be(code);
        if (finishReason is null)
        {
            body.GetProperty("error_detail").ValueKind.Should().Be(JsonValueKind.Null);
        }
        else
        {
            body.GetProperty("error_detail").GetProperty("finish_reason").GetString().Should().Be(finishReason);
            body.GetProperty("error_detail").TryGetProperty("block_reason", out _).Should().BeTrue();
            body.GetProperty("error_detail").GetProperty("text").GetString().Should().NotBeNullOrEmpty();
        }

        charged.Should().Be(1000m - 0.134m);
        emulator.RelayGpu.Credits.Should().Be(1000m);
    }
}
