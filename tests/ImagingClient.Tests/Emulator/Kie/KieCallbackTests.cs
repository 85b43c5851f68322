using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using ImagingClient.Emulator;
using ImagingClient.Tests.TestSupport;
using static ImagingClient.Tests.Emulator.Kie.KieHttp;
using Microsoft.Extensions.Time.Testing;

namespace ImagingClient.Tests.Emulator.Kie;

public sealed class KieCallbackTests
{
    private const string HmacKey = "test-webhook-hmac-key";

    [Fact]
    public async Task Callback_SignedSuccess_IsPostedOnceWithBodyAndValidSignature()
    {
        // Arrange
        var clock = new FakeTimeProvider();
        await using var receiver = new CallbackReceiver();
        await using var emulator = await StartAsync(clock, options => options.Kie.WebhookHmacKey = HmacKey);
        using var client = CreateClient(emulator);
        var taskId = await SubmitAsync(client, $$"""{"prompt":"called back","callBackUrl":"{{receiver.Url}}"}""");

        // Act
        clock.Advance(TaskDuration);
        var received = await receiver.NextAsync();
        var recorded = await emulator.Kie.WaitForCallbackAsync(taskId).WaitAsync(CallbackWait);
        var data = await PollAsync(client, taskId);

        // Assert
        received.Method.Should().Be("POST");
        received.Path.Should().Be("/kie/callback");
        received.Headers["Content-Type"].Should().Be("application/json");
        using var body = JsonDocument.Parse(received.Body);
        body.RootElement.GetProperty("code").GetInt32().Should().Be(200);
        body.RootElement.GetProperty("msg").GetString().Should().NotBeNullOrEmpty();
        body.RootElement.GetProperty("data").GetProperty("taskId").GetString().Should().Be(taskId);
        var info = body.RootElement.GetProperty("data").GetProperty("info");
        info.GetProperty("resultImageUrl").GetString().Should().Be(data.GetProperty("response").GetProperty("resultImageUrl").GetString());
        info.GetProperty("originImageUrl").GetString().Should().Be(data.GetProperty("response").GetProperty("originImageUrl").GetString());

        var timestamp = received.Headers["X-Webhook-Timestamp"];
        timestamp.Should().Be((clock.GetUtcNow().ToUnixTimeSeconds()).ToString(CultureInfo.InvariantCulture));
        var expected = Convert.ToBase64String(HMACSHA256.HashData(Encoding.UTF8.GetBytes(HmacKey), Encoding.UTF8.GetBytes(taskId + "." + timestamp)));
        received.Headers["X-Webhook-Signature"].Should().Be(expected);

        recorded.StatusCode.Should().Be(200);
        recorded.Attempt.Should().Be(1);
        recorded.Delivered.Should().BeTrue();
        recorded.Refused.Should().BeFalse();
        recorded.Error.Should().BeNull();
        recorded.Url.Should().Be(receiver.Url);
        recorded.Body.Should().Be(received.Body);
        recorded.Headers["X-Webhook-Signature"].Should().Be(expected);
        emulator.Callbacks.Should().ContainSingle();
    }

    [Fact]
    public async Task Callback_NoHmacKey_IsSentUnsigned()
    {
        // Arrange
        var clock = new FakeTimeProvider();
        await using var receiver = new CallbackReceiver();
        await using var emulator = await StartAsync(clock);
        using var client = CreateClient(emulator);
        await SubmitAsync(client, $$"""{"prompt":"unsigned","callBackUrl":"{{receiver.Url}}"}""");

        // Act
        clock.Advance(TaskDuration);
        var received = await receiver.NextAsync();

        // Assert
        received.Headers.Should().NotContainKey("X-Webhook-Signature");
        received.Headers.Should().NotContainKey("X-Webhook-Timestamp");
    }

    [Theory]
    [InlineData("[blocked]", 400)]
    [InlineData("[fail]", 501)]
    [InlineData("[create-fail]", 500)]
    public async Task Callback_FailureHook_SendsErrorCodeAndEmptyUrls(string marker, int code)
    {
        // Arrange
        var clock = new FakeTimeProvider();
        await using var receiver = new CallbackReceiver();
        await using var emulator = await StartAsync(clock);
        using var client = CreateClient(emulator);
        await SubmitAsync(client, $$"""{"prompt":"x {{marker}}","callBackUrl":"{{receiver.Url}}"}""");

        // Act
        clock.Advance(TaskDuration);
        var received = await receiver.NextAsync();

        // Assert
        using var body = JsonDocument.Parse(received.Body);
        body.RootElement.GetProperty("code").GetInt32().Should().Be(code);
        body.RootElement.GetProperty("msg").GetString().Should().NotBeNullOrEmpty();
        var info = body.RootElement.GetProperty("data").GetProperty("info");
        info.GetProperty("originImageUrl").GetString().Should().BeEmpty();
        info.GetProperty("resultImageUrl").GetString().Should().BeEmpty();
    }

    [Fact]
    public async Task Callback_BeforeTaskDuration_IsNotSent()
    {
        // Arrange
        var clock = new TimerCountingTimeProvider();
        await using var receiver = new CallbackReceiver();
        await using var emulator = await StartAsync(clock);
        using var client = CreateClient(emulator);
        var taskId = await SubmitAsync(client, $$"""{"prompt":"not yet","callBackUrl":"{{receiver.Url}}"}""");

        // Act
        clock.Advance(TaskDuration - TimeSpan.FromSeconds(1));
        await PollAsync(client, taskId);

        // Assert
        emulator.Callbacks.Should().BeEmpty();
        clock.PendingTimers.Should().Be(1);
    }

    [Fact]
    public async Task Callback_PollAndTimerBothSeeCompletion_IsSentOnlyOnce()
    {
        // Arrange
        var clock = new TimerCountingTimeProvider();
        await using var receiver = new CallbackReceiver();
        await using var emulator = await StartAsync(clock);
        using var client = CreateClient(emulator);
        var taskId = await SubmitAsync(client, $$"""{"prompt":"once","callBackUrl":"{{receiver.Url}}"}""");

        // Act
        clock.Advance(TaskDuration);
        await PollAsync(client, taskId);
        await PollAsync(client, taskId);
        await receiver.NextAsync();
        await emulator.Kie.WaitForCallbackAsync(taskId).WaitAsync(CallbackWait);
        clock.Advance(TimeSpan.FromMinutes(5));
        await PollAsync(client, taskId);

        // Assert
        emulator.Callbacks.Should().ContainSingle();
        receiver.HasPending.Should().BeFalse();
        clock.PendingTimers.Should().Be(0);
    }

    [Fact]
    public async Task Callback_NeverHook_GetsNoTimerAndNoCallback()
    {
        // Arrange
        var clock = new TimerCountingTimeProvider();
        await using var emulator = await StartAsync(clock);
        using var client = CreateClient(emulator);

        // Act
        await SubmitAsync(client, """{"prompt":"[never]","callBackUrl":"http://127.0.0.1:9/cb"}""");
        clock.Advance(TimeSpan.FromDays(1));

        // Assert
        clock.PendingTimers.Should().Be(0);
        emulator.Callbacks.Should().BeEmpty();
    }

    [Theory]
    [InlineData("http://example.com/kie/callback")]
    [InlineData("https://10.0.0.5:8443/cb")]
    [InlineData("http://[::ffff:8.8.8.8]/cb")]
    [InlineData("http://localhost.example.com/cb")]
    public async Task Callback_NonLoopbackUrl_IsRecordedAsRefusedAndNeverSentNorRetried(string url)
    {
        // Arrange
        var clock = new TimerCountingTimeProvider();
        await using var emulator = await StartAsync(clock, options => options.Kie.WebhookHmacKey = HmacKey);
        using var client = CreateClient(emulator);
        var taskId = await SubmitAsync(client, $$"""{"prompt":"elsewhere","callBackUrl":"{{url}}"}""");

        // Act
        clock.Advance(TaskDuration);
        var recorded = await emulator.Kie.WaitForCallbackAsync(taskId).WaitAsync(CallbackWait);
        clock.Advance(TimeSpan.FromHours(1));

        // Assert
        recorded.Refused.Should().BeTrue();
        recorded.Attempt.Should().Be(1);
        emulator.Callbacks.Should().ContainSingle("a refused callback is never retried");
        clock.PendingTimers.Should().Be(0);
        recorded.Delivered.Should().BeFalse();
        recorded.StatusCode.Should().BeNull();
        recorded.Error.Should().Contain("loopback");
        recorded.Body.Should().Contain(taskId);
        recorded.Headers.Should().ContainKey("X-Webhook-Signature");
    }

    [Fact]
    public async Task Callback_LocalhostName_IsDelivered()
    {
        // Arrange
        var clock = new FakeTimeProvider();
        await using var receiver = new CallbackReceiver();
        await using var emulator = await StartAsync(clock);
        using var client = CreateClient(emulator);
        var url = $"http://localhost:{receiver.Port}/hook";
        var taskId = await SubmitAsync(client, $$"""{"prompt":"by name","callBackUrl":"{{url}}"}""");

        // Act
        clock.Advance(TaskDuration);
        var received = await receiver.NextAsync();
        var recorded = await emulator.Kie.WaitForCallbackAsync(taskId).WaitAsync(CallbackWait);

        // Assert
        received.Path.Should().Be("/hook");
        recorded.StatusCode.Should().Be(200);
    }

    [Fact]
    public async Task Callback_ReceiverAnswers500Then200_IsRetriedOnceAfterOneMinute()
    {
        // Arrange
        var clock = new TimerCountingTimeProvider();
        await using var receiver = new CallbackReceiver([500, 200]);
        await using var emulator = await StartAsync(clock);
        using var client = CreateClient(emulator);
        var taskId = await SubmitAsync(client, $$"""{"prompt":"server error once","callBackUrl":"{{receiver.Url}}"}""");
        clock.Advance(TaskDuration);
        var first = await emulator.Kie.WaitForCallbackAsync(taskId).WaitAsync(CallbackWait);
        var firstReceived = await receiver.NextAsync();

        // Act
        clock.Advance(TimeSpan.FromMinutes(1) - TimeSpan.FromSeconds(1));
        var beforeDue = emulator.Callbacks.Count;
        clock.Advance(TimeSpan.FromSeconds(1));
        var second = await emulator.Kie.WaitForCallbackAsync(taskId, 2).WaitAsync(CallbackWait);
        var secondReceived = await receiver.NextAsync();
        clock.Advance(TimeSpan.FromMinutes(30));

        // Assert
        beforeDue.Should().Be(1);
        first.Attempt.Should().Be(1);
        first.StatusCode.Should().Be(500);
        firstReceived.Status.Should().Be(500);
        second.Attempt.Should().Be(2);
        second.StatusCode.Should().Be(200);
        secondReceived.Status.Should().Be(200);
        secondReceived.Body.Should().Be(firstReceived.Body);
        (second.AttemptedAt - first.AttemptedAt).Should().Be(TimeSpan.FromMinutes(1));
        emulator.Callbacks.Select(callback => callback.Attempt).Should().Equal(1, 2);
        receiver.HasPending.Should().BeFalse();
        clock.PendingTimers.Should().Be(0);
    }

    [Fact]
    public async Task Callback_ReceiverAlwaysFails_IsAttemptedFourTimesAtOneFiveAndFifteenMinutes()
    {
        // Arrange
        var clock = new TimerCountingTimeProvider();
        await using var receiver = new CallbackReceiver(status: 500);
        await using var emulator = await StartAsync(clock);
        using var client = CreateClient(emulator);
        var taskId = await SubmitAsync(client, $$"""{"prompt":"always failing","callBackUrl":"{{receiver.Url}}"}""");
        TimeSpan[] delays = [TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(15)];
        clock.Advance(TaskDuration);
        await emulator.Kie.WaitForCallbackAsync(taskId).WaitAsync(CallbackWait);
        await receiver.NextAsync();
        var countsJustBeforeDue = new List<int>();

        // Act
        for (var i = 0; i < delays.Length; i++)
        {
            clock.Advance(delays[i] - TimeSpan.FromSeconds(1));
            countsJustBeforeDue.Add(emulator.Callbacks.Count);
            clock.Advance(TimeSpan.FromSeconds(1));
            await emulator.Kie.WaitForCallbackAsync(taskId, i + 2).WaitAsync(CallbackWait);
            await receiver.NextAsync();
        }

        clock.Advance(TimeSpan.FromDays(7));

        // Assert
        countsJustBeforeDue.Should().Equal(1, 2, 3);
        var attempts = emulator.Callbacks;
        attempts.Select(callback => callback.Attempt).Should().Equal(1, 2, 3, 4);
        attempts.Should().OnlyContain(callback => callback.StatusCode == 500 && !callback.Refused);
        attempts.Zip(attempts.Skip(1), (previous, next) => next.AttemptedAt - previous.AttemptedAt).Should().Equal(delays);
        receiver.HasPending.Should().BeFalse();
        clock.PendingTimers.Should().Be(0);
    }

    [Fact]
    public async Task Callback_FirstAttemptSucceeds_IsNotRetried()
    {
        // Arrange
        var clock = new TimerCountingTimeProvider();
        await using var receiver = new CallbackReceiver();
        await using var emulator = await StartAsync(clock);
        using var client = CreateClient(emulator);
        var taskId = await SubmitAsync(client, $$"""{"prompt":"first time","callBackUrl":"{{receiver.Url}}"}""");
        clock.Advance(TaskDuration);
        var recorded = await emulator.Kie.WaitForCallbackAsync(taskId).WaitAsync(CallbackWait);
        await receiver.NextAsync();

        // Act
        clock.Advance(TimeSpan.FromMinutes(30));

        // Assert
        recorded.Attempt.Should().Be(1);
        recorded.StatusCode.Should().Be(200);
        emulator.Callbacks.Should().ContainSingle();
        receiver.HasPending.Should().BeFalse();
        clock.PendingTimers.Should().Be(0);
    }

    [Fact]
    public async Task Callback_RetriesOff_IsAttemptedOnce()
    {
        // Arrange
        var clock = new TimerCountingTimeProvider();
        await using var receiver = new CallbackReceiver(status: 500);
        await using var emulator = await StartAsync(clock, options => options.Kie.CallbackRetries = false);
        using var client = CreateClient(emulator);
        var taskId = await SubmitAsync(client, $$"""{"prompt":"no retries","callBackUrl":"{{receiver.Url}}"}""");
        clock.Advance(TaskDuration);
        var recorded = await emulator.Kie.WaitForCallbackAsync(taskId).WaitAsync(CallbackWait);
        await receiver.NextAsync();

        // Act
        var timersAfterFailure = clock.PendingTimers;
        clock.Advance(TimeSpan.FromMinutes(30));

        // Assert
        recorded.StatusCode.Should().Be(500);
        timersAfterFailure.Should().Be(0);
        emulator.Callbacks.Should().ContainSingle();
        receiver.HasPending.Should().BeFalse();
    }

    [Fact]
    public async Task Callback_SignedRetries_EachAttemptIsSignedWithItsOwnTimestamp()
    {
        // Arrange
        var clock = new FakeTimeProvider();
        await using var receiver = new CallbackReceiver([500, 503, 200]);
        await using var emulator = await StartAsync(clock, options => options.Kie.WebhookHmacKey = HmacKey);
        using var client = CreateClient(emulator);
        var taskId = await SubmitAsync(client, $$"""{"prompt":"signed retries","callBackUrl":"{{receiver.Url}}"}""");
        var received = new List<ReceivedRequest>();

        // Act
        clock.Advance(TaskDuration);
        received.Add(await receiver.NextAsync());
        await emulator.Kie.WaitForCallbackAsync(taskId, 1).WaitAsync(CallbackWait);
        clock.Advance(TimeSpan.FromMinutes(1));
        received.Add(await receiver.NextAsync());
        await emulator.Kie.WaitForCallbackAsync(taskId, 2).WaitAsync(CallbackWait);
        clock.Advance(TimeSpan.FromMinutes(5));
        received.Add(await receiver.NextAsync());
        await emulator.Kie.WaitForCallbackAsync(taskId, 3).WaitAsync(CallbackWait);

        // Assert
        var recorded = emulator.Callbacks;
        recorded.Select(callback => callback.StatusCode).Should().Equal(500, 503, 200);
        received.Select(request => request.Headers["X-Webhook-Timestamp"]).Should().OnlyHaveUniqueItems();
        for (var i = 0; i < received.Count; i++)
        {
            var timestamp = received[i].Headers["X-Webhook-Timestamp"];
            var expected = Convert.ToBase64String(HMACSHA256.HashData(Encoding.UTF8.GetBytes(HmacKey), Encoding.UTF8.GetBytes(taskId + "." + timestamp)));
            timestamp.Should().Be(recorded[i].AttemptedAt.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture));
            received[i].Headers["X-Webhook-Signature"].Should().Be(expected);
            recorded[i].Headers["X-Webhook-Timestamp"].Should().Be(timestamp);
            recorded[i].Headers["X-Webhook-Signature"].Should().Be(expected);
        }
    }

    [Fact]
    public async Task Callback_NothingListening_IsRetriedAfterOneMinute()
    {
        // Arrange
        var clock = new TimerCountingTimeProvider();
        await using var emulator = await StartAsync(clock);
        using var client = CreateClient(emulator);
        var url = $"http://127.0.0.1:{CallbackReceiver.FreePort()}/cb";
        var taskId = await SubmitAsync(client, $$"""{"prompt":"still nobody home","callBackUrl":"{{url}}"}""");
        clock.Advance(TaskDuration);
        await emulator.Kie.WaitForCallbackAsync(taskId).WaitAsync(CallbackWait);

        // Act
        clock.Advance(TimeSpan.FromMinutes(1));
        var second = await emulator.Kie.WaitForCallbackAsync(taskId, 2).WaitAsync(CallbackWait);

        // Assert
        second.Delivered.Should().BeFalse();
        second.Error.Should().NotBeNullOrEmpty();
        clock.PendingTimers.Should().Be(1, "the third attempt is due 5 minutes after the second");
    }

    [Fact]
    public async Task DisposeAsync_PendingRetry_IsCancelled()
    {
        // Arrange
        var clock = new TimerCountingTimeProvider();
        await using var receiver = new CallbackReceiver(status: 500);
        var emulator = await StartAsync(clock);
        using var client = CreateClient(emulator);
        var taskId = await SubmitAsync(client, $$"""{"prompt":"retry pending","callBackUrl":"{{receiver.Url}}"}""");
        clock.Advance(TaskDuration);
        await emulator.Kie.WaitForCallbackAsync(taskId).WaitAsync(CallbackWait);
        await receiver.NextAsync();
        var timersBeforeDispose = clock.PendingTimers;

        // Act
        await emulator.DisposeAsync();
        clock.Advance(TimeSpan.FromHours(1));

        // Assert
        timersBeforeDispose.Should().Be(1);
        clock.PendingTimers.Should().Be(0);
        emulator.Callbacks.Should().ContainSingle();
        receiver.HasPending.Should().BeFalse();
    }

    [Theory]
    [InlineData(0)]
    [InlineData(5)]
    public async Task WaitForCallbackAsync_AttemptOutOfRange_Throws(int attempt)
    {
        // Arrange
        var clock = new FakeTimeProvider();
        await using var emulator = await StartAsync(clock);

        // Act
        var act = () => emulator.Kie.WaitForCallbackAsync("task", attempt);

        // Assert
        await act.Should().ThrowAsync<ArgumentOutOfRangeException>();
    }

    [Fact]
    public async Task Callback_NothingListening_IsRecordedWithErrorAndEmulatorKeepsWorking()
    {
        // Arrange
        var clock = new FakeTimeProvider();
        await using var emulator = await StartAsync(clock);
        using var client = CreateClient(emulator);
        var url = $"http://127.0.0.1:{CallbackReceiver.FreePort()}/cb";
        var taskId = await SubmitAsync(client, $$"""{"prompt":"nobody home","callBackUrl":"{{url}}"}""");

        // Act
        clock.Advance(TaskDuration);
        var recorded = await emulator.Kie.WaitForCallbackAsync(taskId).WaitAsync(CallbackWait);
        var data = await PollAsync(client, taskId);

        // Assert
        recorded.Delivered.Should().BeFalse();
        recorded.Refused.Should().BeFalse();
        recorded.Error.Should().NotBeNullOrEmpty();
        data.GetProperty("successFlag").GetInt32().Should().Be(1);
    }

    [Fact]
    public async Task Callback_TaskWithoutCallBackUrl_CreatesNoTimer()
    {
        // Arrange
        var clock = new TimerCountingTimeProvider();
        await using var emulator = await StartAsync(clock);
        using var client = CreateClient(emulator);

        // Act
        await SubmitAsync(client, """{"prompt":"poll only"}""");

        // Assert
        clock.PendingTimers.Should().Be(0);
    }

    [Fact]
    public async Task DisposeAsync_PendingTaskTimer_IsCancelled()
    {
        // Arrange
        var clock = new TimerCountingTimeProvider();
        var emulator = await StartAsync(clock);
        using var client = CreateClient(emulator);
        await SubmitAsync(client, """{"prompt":"pending","callBackUrl":"http://127.0.0.1:9/cb"}""");

        // Act
        await emulator.DisposeAsync();

        // Assert
        clock.PendingTimers.Should().Be(0);
    }

    [Fact]
    public async Task WaitForCallbackAsync_Cancelled_ThrowsAndLaterCallbackIsStillRecorded()
    {
        // Arrange
        var clock = new FakeTimeProvider();
        await using var receiver = new CallbackReceiver();
        await using var emulator = await StartAsync(clock);
        using var client = CreateClient(emulator);
        var taskId = await SubmitAsync(client, $$"""{"prompt":"wait","callBackUrl":"{{receiver.Url}}"}""");
        using var cancellation = new CancellationTokenSource();
        var wait = emulator.Kie.WaitForCallbackAsync(taskId, cancellation.Token);

        // Act
        await cancellation.CancelAsync();
        var cancelled = () => wait.WithinLimitAsync("the cancelled wait to end");
        clock.Advance(TaskDuration);
        var recorded = await emulator.Kie.WaitForCallbackAsync(taskId).WaitAsync(CallbackWait);

        // Assert
        await cancelled.Should().ThrowAsync<OperationCanceledException>();
        recorded.StatusCode.Should().Be(200);
    }
}
