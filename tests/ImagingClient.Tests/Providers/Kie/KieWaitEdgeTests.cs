using System.Net;
using ImagingClient.Providers.Kie;
using ImagingClient.Tests.Providers.Concurred;
using ImagingClient.Tests.TestSupport;
using RichardSzalay.MockHttp;

namespace ImagingClient.Tests.Providers.Kie;

/// <summary>The edges of waiting for a Kie task: bad timeouts, throwing callbacks, cut-off checks, odd answers.</summary>
public sealed class KieWaitEdgeTests
{
    private static readonly ImageGenerationRequest Request = new() { Prompt = "a cat", Model = KieModels.FluxKontextPro };

    [Theory]
    [InlineData(0)]
    [InlineData(-5)]
    public async Task GenerateAsync_NonPositiveWaitTimeout_IsRejectedBeforeAnythingIsSent(int seconds)
    {
        // Arrange
        using var api = new KieApi();
        using var client = api.CreateClient();

        // Act
        var act = () => client.GenerateAsync(Request with { WaitTimeout = TimeSpan.FromSeconds(seconds) });

        // Assert
        (await act.Should().ThrowAsync<ArgumentOutOfRangeException>()).Which.ParamName.Should().Be("WaitTimeout");
        api.Requests.Should().BeEmpty("a bad timeout must not cost a submitted task");
    }

    [Fact]
    public async Task GenerateAsync_HugeWaitTimeout_IsTakenAsNoLimit()
    {
        // Arrange
        using var api = new KieApi();
        api.OnSubmit(() => KieApi.Created());
        api.OnPoll(KieApi.Generating, () => KieApi.Succeeded());
        using var client = api.CreateClient();

        // Act
        var result = await client.GenerateAsync(Request with { WaitTimeout = TimeSpan.MaxValue });

        // Assert
        result.Images.Should().ContainSingle();
    }

    [Fact]
    public async Task WaitForCompletionAsync_ProgressCallbackThrows_StopsWithJobIdAndToken()
    {
        // Arrange
        using var api = new KieApi();
        api.OnSubmit(() => KieApi.Created());
        api.OnPoll(KieApi.Generating);
        using var client = api.CreateClient();
        var job = await client.StartGenerateAsync(Request);

        // Act
        var act = () => job.WaitForCompletionAsync(new ThrowingProgress());

        // Assert
        var ex = (await act.Should().ThrowAsync<ImagingApiException>()).Which;
        ex.JobId.Should().Be(KieApi.TaskId);
        ex.ResumeToken.Should().Be(job.ResumeToken);
        ex.InnerException.Should().BeOfType<InvalidOperationException>();
    }

    [Fact]
    public async Task WaitForCompletionAsync_CancelledDuringACheck_CarriesTheCallersToken()
    {
        // Arrange
        using var api = new KieApi();
        using var cts = new CancellationTokenSource();
        api.OnSubmit(() => KieApi.Created());
        api.OnPoll(() =>
        {
            cts.Cancel();
            throw new TaskCanceledException();
        });
        using var client = api.CreateClient();
        var job = await client.StartGenerateAsync(Request);

        // Act
        var act = () => job.WaitForCompletionAsync(cancellationToken: cts.Token);

        // Assert
        var ex = (await act.Should().ThrowAsync<ImageJobWaitCanceledException>()).Which;
        ex.CancellationToken.Should().Be(cts.Token);
    }

    [Fact]
    public async Task StartGenerateAsync_CancelledWhileSubmitting_SaysTheTaskMayExist()
    {
        // Arrange
        using var api = new KieApi();
        using var cts = new CancellationTokenSource();
        api.OnSubmit(() =>
        {
            cts.Cancel();
            throw new TaskCanceledException();
        });
        using var client = api.CreateClient();

        // Act
        var act = () => client.StartGenerateAsync(Request, cts.Token);

        // Assert
        (await act.Should().ThrowAsync<OperationCanceledException>()).Which.Message.Should().Contain("may still have accepted");
    }

    [Fact]
    public async Task WaitForCompletionAsync_LastCheckHangs_IsCutOffAtTheDeadline()
    {
        // Arrange: the provider's own call timeout (2 minutes) is longer than the wait (20 seconds).
        using var api = new KieApi();
        var hung = new StallingStream();
        api.OnSubmit(() => KieApi.Created());
        api.OnPoll(() => new HttpResponseMessage(HttpStatusCode.OK) { Content = new StreamContent(hung) });
        using var client = api.CreateClient(o => o.Polling.FirstDelay = TimeSpan.FromSeconds(1));
        var job = await client.StartGenerateAsync(Request);
        var started = api.Time.GetUtcNow();

        // Act: without the cut-off, the hung check would wait for its own 2-minute timeout, which never comes here.
        var act = () => job.WaitForCompletionAsync(TimeSpan.FromSeconds(20)).WithinLimitAsync("the wait to be cut off at its deadline");

        // Assert
        (await act.Should().ThrowAsync<ImagingApiException>()).Which.ErrorCode.Should().Be(ImagingErrorCode.StillRunning);
        (api.Time.GetUtcNow() - started).Should().BeLessThan(TimeSpan.FromMinutes(1));
    }

    [Fact]
    public async Task WaitForCompletionAsync_AFewUnreadableAnswers_DoNotEndTheWait()
    {
        // Arrange
        using var api = new KieApi();
        api.OnSubmit(() => KieApi.Created());
        api.OnPoll(
            () => KieApi.Json("<html>proxy</html>"),
            () => KieApi.Json("""{"code":200,"msg":"success","data":{"taskId":"task12345","successFlag":1,"response":{"resultImageUrl":""}}}"""),
            () => KieApi.Succeeded());
        using var client = api.CreateClient();

        // Act
        var result = await client.GenerateAsync(Request);

        // Assert
        result.Images.Should().ContainSingle();
        api.Polls.Should().Be(3);
    }

    [Fact]
    public async Task WaitForCompletionAsync_UnreadableAnswersKeepComing_GivesUpWithJobIdAndToken()
    {
        // Arrange
        using var api = new KieApi();
        api.OnSubmit(() => KieApi.Created());
        api.OnPoll(() => KieApi.Json("<html>proxy</html>"));
        using var client = api.CreateClient();

        // Act
        var act = () => client.GenerateAsync(Request);

        // Assert
        var ex = (await act.Should().ThrowAsync<ImagingApiException>()).Which;
        ex.ErrorCode.Should().Be(ImagingErrorCode.InvalidResponse);
        ex.JobId.Should().Be(KieApi.TaskId);
        ex.ResumeToken.Should().NotBeNull();
        api.Polls.Should().Be(5);
    }

    [Fact]
    public async Task WaitForCompletionAsync_NotFoundJustAfterSubmission_IsWaitedOut()
    {
        // Arrange
        using var api = new KieApi();
        api.OnSubmit(() => KieApi.Created());
        api.OnPoll(() => KieApi.Error(404, "task not found"), () => KieApi.Succeeded());
        using var client = api.CreateClient();

        // Act
        var result = await client.GenerateAsync(Request);

        // Assert
        result.Images.Should().ContainSingle();
    }

    [Fact]
    public async Task WaitForCompletionAsync_UnknownSuccessFlag_KeepsPolling()
    {
        // Arrange
        using var api = new KieApi();
        api.OnSubmit(() => KieApi.Created());
        api.OnPoll(
            () => KieApi.Json("""{"code":200,"msg":"success","data":{"taskId":"task12345","successFlag":7}}"""),
            () => KieApi.Json("""{"code":200,"msg":"success","data":{"taskId":"task12345"}}"""),
            () => KieApi.Succeeded());
        using var client = api.CreateClient();
        var job = await client.StartGenerateAsync(Request);
        var statuses = new List<string?>();

        // Act
        await job.WaitForCompletionAsync(new SyncProgress(p => statuses.Add(p.ProviderStatus)));

        // Assert
        statuses.Should().Contain("successFlag 7").And.Contain("GENERATING (no successFlag)");
    }

    [Theory]
    [InlineData(20, 60, 20)]
    [InlineData(90, 45, 45)]
    public async Task WaitForCompletionAsync_PollAnswers429WithRetryAfter_WaitsThatLongUpToTheCap(int askedSeconds, int capSeconds, int expectedSeconds)
    {
        // Arrange
        using var api = new KieApi();
        api.OnSubmit(() => KieApi.Created());
        api.OnPoll(
            () =>
            {
                var limited = KieApi.Error(429, "slow down", HttpStatusCode.TooManyRequests);
                limited.Headers.RetryAfter = new System.Net.Http.Headers.RetryConditionHeaderValue(TimeSpan.FromSeconds(askedSeconds));
                return limited;
            },
            () => KieApi.Succeeded());
        using var client = api.CreateClient(o =>
        {
            o.Retry.MaxRetries = 0;
            o.Polling.FirstDelay = TimeSpan.FromSeconds(1);
            o.Polling.MaxRetryAfter = TimeSpan.FromSeconds(capSeconds);
        });

        // Act
        await client.GenerateAsync(Request);

        // Assert
        api.Time.Delays.Should().Equal(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(expectedSeconds));
    }

    [Fact]
    public async Task UpdateStatusAsync_ALateRunningAnswerAfterSuccess_DoesNotUndoTheSuccess()
    {
        // Arrange: two overlapping checks; the one that started first answers last, with an older state.
        // MockHttp hands each request to its responder on the thread pool, so two checks started one after the other
        // may reach it in either order: the first one to arrive is held, and the second check starts only once it is.
        using var api = new KieApi();
        var slowArrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var calls = 0;
        api.OnSubmit(() => KieApi.Created());
        api.Mock.When(HttpMethod.Get, KieApi.RecordInfoUrl).Respond(async () =>
        {
            if (Interlocked.Increment(ref calls) == 1)
            {
                slowArrived.SetResult();
                await release.Task.WithinLimitAsync("the test to release the held check");
                return KieApi.Generating();
            }

            return KieApi.Succeeded();
        });
        using var client = api.CreateClient();
        var job = await client.StartGenerateAsync(Request);

        // Act
        var slow = job.UpdateStatusAsync().AsTask();
        await slowArrived.Task.WithinLimitAsync("the first check to reach the provider");
        var fast = await job.UpdateStatusAsync().WithinLimitAsync("the second check, while the first is held");
        release.SetResult();
        var late = await slow.WithinLimitAsync("the held check, once released");

        // Assert
        fast.Should().Be(ImageJobStatus.Succeeded);
        late.Should().Be(ImageJobStatus.Succeeded, "the late Generating answer must not undo the success");
        job.Status.Should().Be(ImageJobStatus.Succeeded);
        job.Result.Should().NotBeNull();
        calls.Should().Be(2);
    }

    [Fact]
    public async Task StartGenerateAsync_TaskIdAsANumber_StillReachesTheCaller()
    {
        // Arrange
        using var api = new KieApi();
        api.OnSubmit(() => KieApi.Json("""{"code":200,"msg":"success","data":{"taskId":123456}}"""));
        using var client = api.CreateClient();

        // Act
        var job = await client.StartGenerateAsync(Request);

        // Assert
        job.Id.Should().Be("123456");
    }

    [Fact]
    public async Task StartEditAsync_AspectRatioWhenAsked_IsSentAndToleranceTwoIsTheEditMaximum()
    {
        // Arrange
        using var api = new KieApi();
        api.OnSubmit(() => KieApi.Created());
        using var client = api.CreateClient();

        // Act
        await client.StartEditAsync(new ImageEditRequest
        {
            Prompt = "crop it",
            Image = ImageInput.FromUri("https://example.com/in.png"),
            AspectRatio = ImageAspectRatio.Portrait9x16,
            ProviderOptions = new KieFluxKontextOptions { SafetyTolerance = 2 },
        });

        // Assert
        JsonAssert.Equivalent(
            api.Requests.Single().Body,
            """{"prompt":"crop it","inputImage":"https://example.com/in.png","aspectRatio":"9:16","model":"flux-kontext-pro","safetyTolerance":2}""");
    }

    private sealed class ThrowingProgress : IProgress<ImageJobProgress>
    {
        public void Report(ImageJobProgress value) => throw new InvalidOperationException("UI is gone");
    }

    private sealed class SyncProgress(Action<ImageJobProgress> onReport) : IProgress<ImageJobProgress>
    {
        public void Report(ImageJobProgress value) => onReport(value);
    }
}
