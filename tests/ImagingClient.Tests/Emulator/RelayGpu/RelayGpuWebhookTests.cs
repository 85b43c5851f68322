using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using ImagingClient.Emulator;
using ImagingClient.Tests.Emulator.Kie;
using Microsoft.Extensions.Time.Testing;
using static ImagingClient.Tests.Emulator.RelayGpu.RelayGpuHttp;

namespace ImagingClient.Tests.Emulator.RelayGpu;

public sealed class RelayGpuWebhookTests
{
    /// <summary>The Standard Webhooks signature, computed here independently of the emulator.</summary>
    private static string Sign(string secret, string id, string timestamp, string body)
    {
        var key = Convert.FromBase64String(secret["whsec_".Length..]);
        return "v1," + Convert.ToBase64String(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes($"{id}.{timestamp}.{body}")));
    }

    [Fact]
    public async Task Webhook_TaskCompleted_IsSignedWithStandardWebhooks()
    {
        // Arrange
        var clock = new FakeTimeProvider();
        await using var receiver = new CallbackReceiver();
        await using var emulator = await StartAsync(clock);
        using var client = CreateClient(emulator);
        var taskId = await SubmitAsync(client, Qwen, $$"""{"prompt":"hooked","size":"64x64","async":true,"webhook_url":"{{receiver.Url}}"}""");

        // Act
        clock.Advance(TaskDuration);
        var received = await receiver.NextAsync();
        var recorded = await emulator.RelayGpu.WaitForWebhookAsync(taskId).WaitAsync(Wait);
        var poll = await PollAsync(client, taskId);

        // Assert
        received.Method.Should().Be("POST");
        received.Headers["User-Agent"].Should().Be("OpenGPU-Relay/2");
        received.Headers["webhook-id"].Should().Be("msg_" + taskId);
        var timestamp = received.Headers["webhook-timestamp"];
        long.Parse(timestamp, System.Globalization.CultureInfo.InvariantCulture).Should().Be(clock.GetUtcNow().ToUnixTimeSeconds());
        var expected = Sign(RelayGpuEmulatorOptions.DefaultWebhookSecret, received.Headers["webhook-id"], timestamp, received.Body);
        received.Headers["webhook-signature"].Should().Be(expected);
        RelayGpuRoom.WebhookSignature(RelayGpuEmulatorOptions.DefaultWebhookSecret, "msg_" + taskId, long.Parse(timestamp, System.Globalization.CultureInfo.InvariantCulture), received.Body).Should().Be(expected);
        Convert.FromBase64String(RelayGpuEmulatorOptions.DefaultWebhookSecret["whsec_".Length..]).Should().HaveCount(24);

        using var document = JsonDocument.Parse(received.Body);
        var root = document.RootElement;
        root.EnumerateObject().Select(member => member.Name).Should().Equal("task_id", "status", "elapsed_seconds", "task_address", "mode", "model", "created_at", "result", "event");
        root.GetProperty("event").GetString().Should().Be("task.completed");
        root.GetProperty("status").GetString().Should().Be("completed");
        root.GetProperty("task_address").ValueKind.Should().Be(JsonValueKind.Null);
        root.GetProperty("result").GetRawText().Should().Be(poll.GetProperty("result").GetRawText());
        root.GetProperty("result").GetProperty("success").GetBoolean().Should().BeTrue();
        recorded.StatusCode.Should().Be(200);
        recorded.Body.Should().Be(received.Body);
    }

    [Fact]
    public async Task Webhook_TaskFailed_CarriesTheErrorAndNoResult()
    {
        // Arrange
        var clock = new FakeTimeProvider();
        await using var receiver = new CallbackReceiver();
        await using var emulator = await StartAsync(clock);
        using var client = CreateClient(emulator);
        var taskId = await SubmitAsync(client, Gemini, $$"""{"prompt":"[blocked]","async":true,"mode":"direct","webhook_url":"{{receiver.Url}}"}""", key: Key);

        // Act
        clock.Advance(TaskDuration);
        var received = await receiver.NextAsync();

        // Assert
        using var document = JsonDocument.Parse(received.Body);
        var root = document.RootElement;
        root.EnumerateObject().Select(member => member.Name).Should().Equal("task_id", "status", "elapsed_seconds", "task_address", "mode", "model", "created_at", "error", "error_code", "error_detail", "event");
        root.GetProperty("event").GetString().Should().Be("task.failed");
        root.GetProperty("task_id").GetString().Should().Be(taskId);
        root.GetProperty("error_code").GetString().Should().Be("CONTENT_POLICY_DECLINED");
        root.GetProperty("error_detail").GetProperty("block_reason").GetString().Should().Be("PROHIBITED_CONTENT");
    }

    [Fact]
    public async Task Webhook_BodyOverTheLimit_OmitsTheResult()
    {
        // Arrange
        var clock = new FakeTimeProvider();
        await using var receiver = new CallbackReceiver();
        await using var emulator = await StartAsync(clock, options => options.RelayGpu.WebhookResultLimit = 4096);
        using var client = CreateClient(emulator);
        await SubmitAsync(client, Flux, $$"""{"prompt":"big","width":256,"height":256,"async":true,"webhook_url":"{{receiver.Url}}"}""");

        // Act
        clock.Advance(TaskDuration);
        var received = await receiver.NextAsync();

        // Assert
        using var document = JsonDocument.Parse(received.Body);
        document.RootElement.GetProperty("result_omitted").GetBoolean().Should().BeTrue();
        document.RootElement.TryGetProperty("result", out _).Should().BeFalse();
        document.RootElement.GetProperty("event").GetString().Should().Be("task.completed");
    }

    [Fact]
    public async Task Webhook_ReceiverFails_RetriesWithTheSameIdAndAFreshSignature()
    {
        // Arrange
        var clock = new FakeTimeProvider();
        await using var receiver = new CallbackReceiver([500, 200]);
        await using var emulator = await StartAsync(clock, options =>
        {
            options.RelayGpu.WebhookSecret = "whsec_" + Convert.ToBase64String(Encoding.ASCII.GetBytes("a-test-secret-of-24-byte"));
            options.RelayGpu.PreviousWebhookSecret = RelayGpuEmulatorOptions.DefaultWebhookSecret;
        });
        using var client = CreateClient(emulator);
        var taskId = await SubmitAsync(client, Qwen, $$"""{"prompt":"retry me","size":"64x64","async":true,"webhook_url":"{{receiver.Url}}"}""");
        clock.Advance(TaskDuration);
        var first = await receiver.NextAsync();
        await emulator.RelayGpu.WaitForWebhookAsync(taskId).WaitAsync(Wait);

        // Act
        clock.Advance(TimeSpan.FromSeconds(30));
        var second = await receiver.NextAsync();
        var recorded = await emulator.RelayGpu.WaitForWebhookAsync(taskId, 2).WaitAsync(Wait);

        // Assert
        first.Status.Should().Be(500);
        second.Headers["webhook-id"].Should().Be(first.Headers["webhook-id"]);
        second.Body.Should().Be(first.Body);
        long.Parse(second.Headers["webhook-timestamp"], System.Globalization.CultureInfo.InvariantCulture)
            .Should().Be(long.Parse(first.Headers["webhook-timestamp"], System.Globalization.CultureInfo.InvariantCulture) + 30);
        var tokens = second.Headers["webhook-signature"].Split(' ');
        tokens.Should().Equal(
            Sign("whsec_" + Convert.ToBase64String(Encoding.ASCII.GetBytes("a-test-secret-of-24-byte")), second.Headers["webhook-id"], second.Headers["webhook-timestamp"], second.Body),
            Sign(RelayGpuEmulatorOptions.DefaultWebhookSecret, second.Headers["webhook-id"], second.Headers["webhook-timestamp"], second.Body));
        recorded.StatusCode.Should().Be(200);
        emulator.Callbacks.Should().HaveCount(2);
    }

    [Fact]
    public void WebhookRetryDelays_Are30SecondsDoublingTo1800For8Attempts()
    {
        // Act
        var delays = ImagingClient.Emulator.RelayGpu.RelayGpuRoutes.WebhookRetryDelays.Select(delay => (int)delay.TotalSeconds);

        // Assert
        delays.Should().Equal(30, 60, 120, 240, 480, 960, 1800);
    }

    [Fact]
    public async Task Submit_LoopbackWebhookWithoutAsync_Answers422()
    {
        // Arrange
        await using var emulator = await StartAsync(new FakeTimeProvider());
        using var client = CreateClient(emulator);

        // Act
        var (status, body) = await SendAsync(client, Qwen, """{"prompt":"x","webhook_url":"http://127.0.0.1:9/hook"}""");

        // Assert
        ValidationIssues(status, body).Should().Equal("body.webhook_url: value_error");
        status.Should().Be(HttpStatusCode.UnprocessableEntity);
    }
}
