using ImagingClient.Jobs;
using ImagingClient.Webhooks;

namespace ImagingClient.Tests.Webhooks;

public sealed class ImageWebhookEventTests
{
    private static readonly ImageJobToken Token = new("acme", "job_1", "model-x", ImageOperationKind.Generate, DateTimeOffset.UnixEpoch);

    [Fact]
    public void GetResult_CompletedEvent_ReturnsWhatTheProviderReaderBuilt()
    {
        // Arrange
        var result = ImagingModelFactory.ImageResult([ImagingModelFactory.InlineImage(new byte[] { 1, 2, 3 }, "image/png")], "acme", "model-x", jobId: "job_1");
        var webhookEvent = new FakeEvent(ImageWebhookEventKind.Completed, new JobSnapshot(ImageJobStatus.Succeeded, "done", 1.0, result));

        // Act
        var read = webhookEvent.GetResult(Token);

        // Assert
        read.Should().BeSameAs(result);
        webhookEvent.LastToken.Should().Be(Token);
        webhookEvent.IsCompleted.Should().BeTrue();
    }

    [Fact]
    public void GetResult_FailedEvent_ThrowsTheFailurePollingWouldThrow()
    {
        // Arrange
        var failure = new ImagingApiException("refused") { Provider = "acme", ErrorCode = ImagingErrorCode.ContentPolicy, ProviderErrorCode = "400", JobId = "job_1", ResumeToken = Token };
        var webhookEvent = new FakeEvent(ImageWebhookEventKind.Failed, new JobSnapshot(ImageJobStatus.Failed, "failed", null, Failure: failure));

        // Act
        var act = () => webhookEvent.GetResult(Token);

        // Assert
        var thrown = act.Should().Throw<ImagingApiException>().Which;
        thrown.ErrorCode.Should().Be(ImagingErrorCode.ContentPolicy);
        thrown.ProviderErrorCode.Should().Be("400");
        thrown.JobId.Should().Be("job_1");
        thrown.ResumeToken.Should().Be(Token);
    }

    [Fact]
    public void GetResult_FailedWithoutAReason_ThrowsGenerationFailedNamingTheJob()
    {
        // Arrange
        var webhookEvent = new FakeEvent(ImageWebhookEventKind.Failed, new JobSnapshot(ImageJobStatus.Failed, "failed", null));

        // Act
        var act = () => webhookEvent.GetResult(Token);

        // Assert
        var thrown = act.Should().Throw<ImagingApiException>().Which;
        thrown.ErrorCode.Should().Be(ImagingErrorCode.GenerationFailed);
        thrown.JobId.Should().Be("job_1");
        thrown.Provider.Should().Be("acme");
        thrown.ResumeToken.Should().Be(Token);
    }

    [Fact]
    public void GetResult_ProgressEvent_ThrowsBecauseTheJobIsStillRunning()
    {
        // Arrange
        var webhookEvent = new FakeEvent(ImageWebhookEventKind.Progress, new JobSnapshot(ImageJobStatus.Running, "processing", 0.4));

        // Act
        var act = () => webhookEvent.GetResult();

        // Assert
        act.Should().Throw<InvalidOperationException>().WithMessage("*still running*");
        webhookEvent.IsCompleted.Should().BeFalse();
        webhookEvent.LastToken.Should().BeNull("the provider's reader is not asked for a result that does not exist");
    }

    [Theory]
    [InlineData("acme", "job_2")]
    [InlineData("other", "job_1")]
    public void GetResult_TokenOfAnotherJobOrProvider_IsRejected(string provider, string jobId)
    {
        // Arrange
        var webhookEvent = new FakeEvent(ImageWebhookEventKind.Completed, new JobSnapshot(ImageJobStatus.Succeeded, "done", 1.0));
        var token = new ImageJobToken(provider, jobId, "model-x", ImageOperationKind.Generate, DateTimeOffset.UnixEpoch);

        // Act
        var act = () => webhookEvent.GetResult(token);

        // Assert
        act.Should().Throw<ArgumentException>().WithMessage("*acme job job_1*");
    }

    [Fact]
    public void ToString_DescribesTheEvent()
    {
        // Arrange
        var webhookEvent = new FakeEvent(ImageWebhookEventKind.Completed, new JobSnapshot(ImageJobStatus.Succeeded, "done", 1.0));

        // Act
        var text = webhookEvent.ToString();

        // Assert
        text.Should().Be("acme webhook for job job_1: Completed (Succeeded, done), signed, event evt_1");
    }

    [Fact]
    public void Exception_WithReason_KeepsReasonAndProvider()
    {
        // Act
        var ex = new WebhookVerificationException("stale", WebhookFailureReason.StaleTimestamp) { Provider = "acme" };

        // Assert
        ex.Reason.Should().Be(WebhookFailureReason.StaleTimestamp);
        ex.Provider.Should().Be("acme");
        new WebhookVerificationException().Reason.Should().Be(WebhookFailureReason.Unspecified);
    }

    private sealed class FakeEvent(ImageWebhookEventKind kind, JobSnapshot outcome)
        : ImageWebhookEvent("acme", "job_1", kind, outcome.Status, "job." + kind, "evt_1", outcome.ProviderStatus, outcome.Progress, isSigned: true, DateTimeOffset.UnixEpoch)
    {
        public ImageJobToken? LastToken { get; private set; }

        internal override string ReplayKey => EventId!;

        private protected override JobSnapshot ReadOutcome(ImageJobToken? token)
        {
            LastToken = token;
            return outcome;
        }
    }
}
