using System.Net;
using ImagingClient.Emulator;
using Microsoft.Extensions.Time.Testing;
using static ImagingClient.Tests.Emulator.RelayGpu.RelayGpuHttp;

namespace ImagingClient.Tests.Emulator.RelayGpu;

public sealed class RelayGpuIdempotencyTests
{
    private const string Body = """{"prompt":"once","size":"64x64","async":true}""";

    [Fact]
    public async Task AsyncSubmit_SameKeyAndBody_ReplaysTheOriginal202()
    {
        // Arrange
        var clock = new FakeTimeProvider();
        await using var emulator = await StartAsync(clock);
        using var client = CreateClient(emulator);
        using var first = await PostAsync(client, Qwen, Body, idempotencyKey: "key-1");
        var original = await ReadJsonAsync(first);

        // Act
        clock.Advance(TimeSpan.FromHours(23));
        using var replay = await PostAsync(client, Qwen, Body, idempotencyKey: "key-1");
        var replayed = await ReadJsonAsync(replay);
        clock.Advance(TimeSpan.FromHours(1));
        using var afterWindow = await PostAsync(client, Qwen, Body, idempotencyKey: "key-1");
        var fresh = await ReadJsonAsync(afterWindow);

        // Assert
        first.StatusCode.Should().Be(HttpStatusCode.Accepted);
        first.Headers.Contains("Idempotency-Replayed").Should().BeFalse();
        replay.StatusCode.Should().Be(HttpStatusCode.Accepted);
        replay.Headers.GetValues("Idempotency-Replayed").Should().Equal("true");
        replayed.GetRawText().Should().Be(original.GetRawText());
        afterWindow.StatusCode.Should().Be(HttpStatusCode.Accepted);
        afterWindow.Headers.Contains("Idempotency-Replayed").Should().BeFalse("the key is remembered for 24 hours");
        fresh.GetProperty("task_id").GetString().Should().NotBe(original.GetProperty("task_id").GetString());
        emulator.RelayGpu.Credits.Should().Be(1000m - (2 * 0.036m), "a replay is not charged again");
    }

    [Fact]
    public async Task AsyncSubmit_SameKeyOtherBody_Answers422IdempotencyKeyReused()
    {
        // Arrange
        await using var emulator = await StartAsync(new FakeTimeProvider());
        using var client = CreateClient(emulator);
        await SubmitAsync(client, Qwen, Body, idempotencyKey: "key-2");

        // Act
        var (status, body) = await SendAsync(client, Qwen, """{"prompt":"twice","size":"64x64","async":true}""", idempotencyKey: "key-2");

        // Assert
        status.Should().Be(HttpStatusCode.UnprocessableEntity);
        body.GetProperty("error").GetProperty("code").GetString().Should().Be("IDEMPOTENCY_KEY_REUSED");
    }

    [Fact]
    public async Task HoldIdempotencyKey_NextSubmits_Answer409WithRetryAfterThenAccept()
    {
        // Arrange
        await using var emulator = await StartAsync(new FakeTimeProvider());
        using var client = CreateClient(emulator);
        emulator.RelayGpu.HoldIdempotencyKey("key-3", count: 2);

        // Act
        using var first = await PostAsync(client, Qwen, Body, idempotencyKey: "key-3");
        using var second = await PostAsync(client, Qwen, Body, idempotencyKey: "key-3");
        var body = await ReadJsonAsync(second);
        var taskId = await SubmitAsync(client, Qwen, Body, idempotencyKey: "key-3");
        using var replay = await PostAsync(client, Qwen, Body, idempotencyKey: "key-3");

        // Assert
        first.StatusCode.Should().Be(HttpStatusCode.Conflict);
        second.StatusCode.Should().Be(HttpStatusCode.Conflict);
        second.Headers.RetryAfter!.Delta.Should().Be(TimeSpan.FromSeconds(1));
        body.GetProperty("error").GetProperty("code").GetString().Should().Be("IDEMPOTENCY_IN_PROGRESS");
        (await ReadJsonAsync(replay)).GetProperty("task_id").GetString().Should().Be(taskId);
    }

    [Fact]
    public async Task IdempotencyKey_GuestOrSync_IsIgnored()
    {
        // Arrange
        await using var emulator = await StartAsync(new FakeTimeProvider());
        using var client = CreateClient(emulator);

        // Act
        var guestFirst = await SubmitAsync(client, Qwen, Body, key: null, idempotencyKey: "key-4");
        using var guestAgain = await PostAsync(client, Qwen, Body, key: null, idempotencyKey: "key-4");
        var syncFirst = await SendAsync(client, Qwen, """{"prompt":"sync","size":"64x64"}""", idempotencyKey: "key-5");
        using var syncAgain = await PostAsync(client, Qwen, """{"prompt":"sync","size":"64x64"}""", idempotencyKey: "key-5");
        var syncOther = await SendAsync(client, Qwen, """{"prompt":"sync other","size":"64x64"}""", idempotencyKey: "key-5");

        // Assert
        guestAgain.Headers.Contains("Idempotency-Replayed").Should().BeFalse();
        (await ReadJsonAsync(guestAgain)).GetProperty("task_id").GetString().Should().NotBe(guestFirst);
        syncAgain.StatusCode.Should().Be(HttpStatusCode.OK);
        syncAgain.Headers.Contains("Idempotency-Replayed").Should().BeFalse();
        (await ReadJsonAsync(syncAgain)).GetProperty("task_id").GetString().Should().NotBe(syncFirst.Body.GetProperty("task_id").GetString());
        syncOther.Status.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task IdempotencyKey_TooLong_Answers422()
    {
        // Arrange
        await using var emulator = await StartAsync(new FakeTimeProvider());
        using var client = CreateClient(emulator);

        // Act
        var (status, body) = await SendAsync(client, Qwen, Body, idempotencyKey: new string('k', 256));

        // Assert
        ValidationIssues(status, body).Should().Equal("header.idempotency-key: value_error");
    }
}
