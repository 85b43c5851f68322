using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using ImagingClient.Emulator;
using ImagingClient.Tests.Emulator.Kie;
using static ImagingClient.Tests.Emulator.Apiframe.ApiframeHttp;
using Microsoft.Extensions.Time.Testing;

namespace ImagingClient.Tests.Emulator.Apiframe;

public sealed class ApiframeWebhookTests
{
    [Fact]
    public async Task Webhook_Completed_IsPostedSignedWithTheKeysDigest()
    {
        // Arrange
        var clock = new FakeTimeProvider();
        await using var receiver = new CallbackReceiver();
        await using var emulator = await StartAsync(clock);
        using var client = CreateClient(emulator);
        var jobId = await SubmitAsync(client, $$"""{"model":"midjourney","prompt":"hooked","webhookUrl":"{{receiver.Url}}"}""");

        // Act
        clock.Advance(JobDuration);
        var received = await receiver.NextAsync();
        var recorded = await emulator.Apiframe.WaitForWebhookAsync(jobId, "completed").WaitAsync(WebhookWait);
        var job = await GetJobAsync(client, jobId);

        // Assert
        received.Method.Should().Be("POST");
        received.Headers["X-Webhook-Event"].Should().Be("completed");
        var key = SHA256.HashData(Encoding.UTF8.GetBytes(Key));
        var expected = "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(received.Body)));
        received.Headers["X-Webhook-Signature"].Should().Be(expected);
        ApiframeRoom.WebhookSignature(Key, received.Body).Should().Be(expected);

        using var body = JsonDocument.Parse(received.Body);
        var root = body.RootElement;
        root.GetProperty("event").GetString().Should().Be("completed");
        root.GetProperty("jobId").GetString().Should().Be(jobId);
        root.GetProperty("status").GetString().Should().Be("COMPLETED");
        root.GetProperty("progress").GetInt32().Should().Be(100);
        root.GetProperty("model").GetString().Should().Be("midjourney");
        root.GetProperty("creditCost").GetInt32().Should().Be(16);
        root.GetProperty("completedAt").GetDateTimeOffset().Should().Be(clock.GetUtcNow());
        root.GetProperty("result").GetRawText().Should().Be(job.GetProperty("result").GetRawText());

        recorded.TaskId.Should().Be(jobId);
        recorded.StatusCode.Should().Be(200);
        recorded.Body.Should().Be(received.Body);
        job.GetProperty("webhookStatus").GetString().Should().Be("delivered");
        emulator.Callbacks.Should().ContainSingle("without webhookEvents only completed and failed are sent");
    }

    [Fact]
    public async Task Webhook_ProgressAndCompletedRequested_SendsBothInOrder()
    {
        // Arrange
        var clock = new FakeTimeProvider();
        await using var receiver = new CallbackReceiver();
        await using var emulator = await StartAsync(clock);
        using var client = CreateClient(emulator);
        var jobId = await SubmitAsync(client, $$"""{"model":"imagen-4","prompt":"watched","webhookUrl":"{{receiver.Url}}","webhookEvents":["progress","completed"]}""");

        // Act
        clock.Advance(JobDuration / 2);
        var progress = await receiver.NextAsync();
        var pending = await GetJobAsync(client, jobId);
        clock.Advance(JobDuration / 2);
        var completed = await receiver.NextAsync();
        await emulator.Apiframe.WaitForWebhookAsync(jobId, "completed").WaitAsync(WebhookWait);

        // Assert
        progress.Headers["X-Webhook-Event"].Should().Be("progress");
        using var body = JsonDocument.Parse(progress.Body);
        body.RootElement.GetProperty("event").GetString().Should().Be("progress");
        body.RootElement.GetProperty("jobId").GetString().Should().Be(jobId);
        body.RootElement.GetProperty("status").GetString().Should().Be("PROCESSING");
        body.RootElement.GetProperty("progress").GetInt32().Should().Be(50);
        body.RootElement.GetProperty("model").GetString().Should().Be("imagen-4");
        progress.Headers["X-Webhook-Signature"].Should().Be(ApiframeRoom.WebhookSignature(Key, progress.Body));
        pending.GetProperty("webhookStatus").GetString().Should().Be("pending");
        completed.Headers["X-Webhook-Event"].Should().Be("completed");
    }

    [Fact]
    public async Task Webhook_FailedJob_SendsTheFailedEvent()
    {
        // Arrange
        var clock = new FakeTimeProvider();
        await using var receiver = new CallbackReceiver();
        await using var emulator = await StartAsync(clock);
        using var client = CreateClient(emulator);
        var jobId = await SubmitAsync(client, $$"""{"model":"dall-e-3","prompt":"broken [fail]","webhookUrl":"{{receiver.Url}}"}""");

        // Act
        clock.Advance(JobDuration);
        var received = await receiver.NextAsync();
        await emulator.Apiframe.WaitForWebhookAsync(jobId, "failed").WaitAsync(WebhookWait);

        // Assert
        received.Headers["X-Webhook-Event"].Should().Be("failed");
        using var body = JsonDocument.Parse(received.Body);
        body.RootElement.GetProperty("event").GetString().Should().Be("failed");
        body.RootElement.GetProperty("status").GetString().Should().Be("FAILED");
        body.RootElement.GetProperty("jobId").GetString().Should().Be(jobId);
        body.RootElement.GetProperty("model").GetString().Should().Be("dall-e-3");
        body.RootElement.GetProperty("error").GetString().Should().NotBeNullOrEmpty();
        received.Headers["X-Webhook-Signature"].Should().Be(ApiframeRoom.WebhookSignature(Key, received.Body));
    }

    [Fact]
    public async Task Webhook_ReceiverFailsThenRecovers_IsRetriedAndDelivered()
    {
        // Arrange
        var clock = new FakeTimeProvider();
        await using var receiver = new CallbackReceiver([500, 204]);
        await using var emulator = await StartAsync(clock);
        using var client = CreateClient(emulator);
        var jobId = await SubmitAsync(client, $$"""{"model":"reve-create","prompt":"retry","webhookUrl":"{{receiver.Url}}"}""");
        clock.Advance(JobDuration);
        var first = await emulator.Apiframe.WaitForWebhookAsync(jobId, "completed").WaitAsync(WebhookWait);
        var afterFailure = await GetJobAsync(client, jobId);

        // Act
        clock.Advance(TimeSpan.FromSeconds(10));
        var second = await emulator.Apiframe.WaitForWebhookAsync(jobId, "completed", 2).WaitAsync(WebhookWait);
        var afterRetry = await GetJobAsync(client, jobId);

        // Assert
        first.StatusCode.Should().Be(500);
        afterFailure.GetProperty("webhookStatus").GetString().Should().Be("pending");
        second.StatusCode.Should().Be(204);
        second.Body.Should().Be(first.Body);
        afterRetry.GetProperty("webhookStatus").GetString().Should().Be("delivered");
    }

    [Fact]
    public async Task Webhook_NonLoopbackUrl_IsRefusedAndReportedFailed()
    {
        // Arrange
        var clock = new FakeTimeProvider();
        await using var emulator = await StartAsync(clock);
        using var client = CreateClient(emulator);
        var jobId = await SubmitAsync(client, """{"model":"grok-imagine-image","prompt":"far away","webhookUrl":"https://hooks.example.com/apiframe"}""");

        // Act
        clock.Advance(JobDuration);
        var recorded = await emulator.Apiframe.WaitForWebhookAsync(jobId, "completed").WaitAsync(WebhookWait);
        var job = await GetJobAsync(client, jobId);

        // Assert
        recorded.Refused.Should().BeTrue();
        job.GetProperty("webhookStatus").GetString().Should().Be("failed");
    }

    [Fact]
    public async Task Webhook_OtherApiKey_IsSignedWithThatKeysDigest()
    {
        // Arrange
        const string OtherKey = "afk_other_secret";
        var clock = new FakeTimeProvider();
        await using var receiver = new CallbackReceiver();
        await using var emulator = await StartAsync(clock, options => options.Apiframe.ApiKey = OtherKey);
        using var client = CreateClient(emulator);
        using var response = await PostAsync(client, GeneratePath, $$"""{"model":"qwen-image-2","prompt":"keyed","webhookUrl":"{{receiver.Url}}"}""", key: OtherKey);
        response.StatusCode.Should().Be(HttpStatusCode.Accepted);

        // Act
        clock.Advance(JobDuration);
        var received = await receiver.NextAsync();

        // Assert
        var key = SHA256.HashData(Encoding.UTF8.GetBytes(OtherKey));
        received.Headers["X-Webhook-Signature"].Should().Be("sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(received.Body))));
        received.Headers["X-Webhook-Signature"].Should().NotBe(ApiframeRoom.WebhookSignature(Key, received.Body));
    }
}
