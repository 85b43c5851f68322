using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using ImagingClient.Providers.Kie;
using ImagingClient.Tests.TestSupport;
using ImagingClient.Webhooks;
using Microsoft.Extensions.Time.Testing;

namespace ImagingClient.Tests.Providers.Kie;

public sealed class KieCallbackVerifierTests
{
    private const string Key = "whk_test_hmac_key";
    private const string SuccessBody = """{"code":200,"msg":"BFL image generated successfully.","data":{"taskId":"task12345","info":{"originImageUrl":"https://cdn.kie.ai/o.png","resultImageUrl":"https://cdn.kie.ai/r.png"}}}""";

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 21, 12, 0, 0, TimeSpan.Zero));

    private string Now => _time.GetUtcNow().ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);

    [Fact]
    public void ComputeSignature_MatchesAnHmacComputedHere()
    {
        // Arrange: the documented scheme, computed independently.
        var expected = Convert.ToBase64String(HMACSHA256.HashData(Encoding.UTF8.GetBytes(Key), Encoding.UTF8.GetBytes("task12345.1763726400")));

        // Act
        var signature = KieCallbackVerifier.ComputeSignature(Key, "task12345", "1763726400");

        // Assert
        signature.Should().Be(expected);
    }

    [Fact]
    public void Verify_ValidSignature_ReturnsTheCallbackAndTheSameResultPollingWould()
    {
        // Arrange
        var verifier = Verifier();
        var headers = Signed("task12345", Now);

        // Act
        var callback = verifier.Verify(headers, Encoding.UTF8.GetBytes(SuccessBody));
        var result = callback.GetResult();

        // Assert
        callback.TaskId.Should().Be("task12345");
        callback.IsSigned.Should().BeTrue();
        callback.Succeeded.Should().BeTrue();
        result.JobId.Should().Be("task12345");
        var image = result.Images.Should().ContainSingle().Which.Should().BeOfType<RemoteGeneratedImage>().Which;
        image.Url.Should().Be(new Uri("https://cdn.kie.ai/r.png"));
        image.ExpiresAt.Should().Be(_time.GetUtcNow() + TimeSpan.FromDays(14));
        result.ProviderDetails.Should().BeOfType<KieFluxKontextDetails>().Which.OriginImageUrl.Should().Be(new Uri("https://cdn.kie.ai/o.png"));
    }

    [Theory]
    [InlineData(400, "content_policy")]
    [InlineData(500, "server_error")]
    [InlineData(501, "generation_failed")]
    public void GetResult_FailureCallback_ThrowsWhatPollingWouldThrow(int code, string expected)
    {
        // Arrange
        var body = $$$$"""{"code":{{{{code}}}},"msg":"refused","data":{"taskId":"task12345","info":{"originImageUrl":"","resultImageUrl":""}}}""";
        var callback = Verifier().Verify(Signed("task12345", Now), Encoding.UTF8.GetBytes(body));

        // Act
        var act = () => callback.GetResult();

        // Assert
        var ex = act.Should().Throw<ImagingApiException>().Which;
        ex.ErrorCode.ToString().Should().Be(expected);
        ex.JobId.Should().Be("task12345");
        ex.Message.Should().Contain("refused");
        callback.ResultImageUrl.Should().BeNull();
    }

    [Fact]
    public void Verify_WrongSignature_IsRefused()
    {
        // Arrange
        var headers = Signed("task12345", Now, key: "another key");

        // Act
        var act = () => Verifier().Verify(headers, Encoding.UTF8.GetBytes(SuccessBody));

        // Assert
        act.Should().Throw<KieCallbackException>().WithMessage("*does not match*");
    }

    [Fact]
    public void Verify_TamperedTaskId_IsRefused()
    {
        // Arrange: signed for one task, body rewritten to another.
        var headers = Signed("task12345", Now);
        var tampered = SuccessBody.Replace("task12345", "task99999", StringComparison.Ordinal);

        // Act
        var act = () => Verifier().Verify(headers, Encoding.UTF8.GetBytes(tampered));

        // Assert
        act.Should().Throw<KieCallbackException>().WithMessage("*does not match*");
    }

    [Theory]
    [InlineData(-301)]
    [InlineData(301)]
    public void Verify_TimestampOutsideTolerance_IsRefusedAsPossibleReplay(int secondsOff)
    {
        // Arrange
        var stamp = (_time.GetUtcNow().ToUnixTimeSeconds() + secondsOff).ToString(CultureInfo.InvariantCulture);

        // Act
        var act = () => Verifier().Verify(Signed("task12345", stamp), Encoding.UTF8.GetBytes(SuccessBody));

        // Assert
        act.Should().Throw<KieCallbackException>().WithMessage("*replay*");
    }

    [Fact]
    public void Verify_TimestampJustInsideTolerance_IsAccepted()
    {
        // Arrange
        var stamp = (_time.GetUtcNow().ToUnixTimeSeconds() - 299).ToString(CultureInfo.InvariantCulture);

        // Act
        var ok = Verifier().TryVerify(Signed("task12345", stamp), Encoding.UTF8.GetBytes(SuccessBody), out var callback, out var error);

        // Assert
        ok.Should().BeTrue(error);
        callback!.SentAt.Should().Be(_time.GetUtcNow().AddSeconds(-299));
    }

    [Fact]
    public void Verify_UnsignedCallback_IsRefusedUnlessAllowed()
    {
        // Arrange
        var unsigned = new Dictionary<string, string?>();

        // Act
        var refused = Verifier().TryVerify(name => unsigned.GetValueOrDefault(name), Encoding.UTF8.GetBytes(SuccessBody), out _, out var error);
        var allowed = new KieCallbackVerifier(new KieCallbackOptions { AllowUnsigned = true }, _time)
            .TryVerify(name => unsigned.GetValueOrDefault(name), Encoding.UTF8.GetBytes(SuccessBody), out var callback, out _);

        // Assert
        refused.Should().BeFalse();
        error.Should().Contain("must be signed");
        allowed.Should().BeTrue();
        callback!.IsSigned.Should().BeFalse();
    }

    [Fact]
    public void Verify_UnsignedWhileAKeyIsSet_IsRefusedEvenWithAllowUnsigned()
    {
        // Arrange: an attacker strips the headers to dodge the signature check.
        var verifier = new KieCallbackVerifier(new KieCallbackOptions { WebhookHmacKey = Key, AllowUnsigned = true }, _time);

        // Act
        var act = () => verifier.Verify(_ => null, Encoding.UTF8.GetBytes(SuccessBody));

        // Assert
        act.Should().Throw<KieCallbackException>().WithMessage("*must be signed*");
    }

    [Fact]
    public void Verify_NoKeyAndUnsignedAllowed_RefusesNothingUnsigned()
    {
        // Arrange
        var verifier = new KieCallbackVerifier(new KieCallbackOptions { AllowUnsigned = true }, _time);

        // Act
        var callback = verifier.Verify(_ => null, Encoding.UTF8.GetBytes(SuccessBody));

        // Assert
        callback.IsSigned.Should().BeFalse();
        callback.TaskId.Should().Be("task12345");
    }

    [Theory]
    [InlineData("c2hvcnQ=")]
    [InlineData("not base64!")]
    public void Verify_SignatureOfWrongLengthOrForm_IsRefused(string signature)
    {
        // Arrange
        var headers = new Dictionary<string, string?> { [KieCallbackVerifier.TimestampHeader] = Now, [KieCallbackVerifier.SignatureHeader] = signature };

        // Act
        var act = () => Verifier().Verify(name => headers.GetValueOrDefault(name), Encoding.UTF8.GetBytes(SuccessBody));

        // Assert
        act.Should().Throw<KieCallbackException>();
    }

    [Fact]
    public void GetResult_WithTheJobsToken_MatchesWhatPollingReturns()
    {
        // Arrange
        var token = new ImageJobToken("kie", "task12345", "flux-kontext-max", ImageOperationKind.Generate, _time.GetUtcNow());
        var callback = Verifier().Verify(Signed("task12345", Now), Encoding.UTF8.GetBytes(SuccessBody));

        // Act
        var result = callback.GetResult(token);

        // Assert
        result.Model.Should().Be("flux-kontext-max");
        result.Provider.Should().Be("kie");
        result.JobId.Should().Be("task12345");
        result.ProviderDetails.Should().BeOfType<KieFluxKontextDetails>().Which.OriginExpiresAt.Should().Be(_time.GetUtcNow() + TimeSpan.FromMinutes(10));
    }

    [Fact]
    public void GetResult_FailureWithTheJobsToken_CarriesTheTokenLikePolling()
    {
        // Arrange
        var token = new ImageJobToken("kie", "task12345", "flux-kontext-pro", ImageOperationKind.Generate, _time.GetUtcNow());
        var body = """{"code":501,"msg":"failed","data":{"taskId":"task12345","info":{"originImageUrl":"","resultImageUrl":""}}}""";
        var callback = Verifier().Verify(Signed("task12345", Now), Encoding.UTF8.GetBytes(body));

        // Act
        var act = () => callback.GetResult(token);

        // Assert
        var ex = act.Should().Throw<ImagingApiException>().Which;
        ex.ResumeToken.Should().Be(token);
        ex.ErrorCode.Should().Be(ImagingErrorCode.GenerationFailed);
    }

    [Fact]
    public void GetResult_TokenOfAnotherTask_IsRejected()
    {
        // Arrange
        var token = new ImageJobToken("kie", "other", "flux-kontext-pro", ImageOperationKind.Generate, _time.GetUtcNow());
        var callback = Verifier().Verify(Signed("task12345", Now), Encoding.UTF8.GetBytes(SuccessBody));

        // Act
        var act = () => callback.GetResult(token);

        // Assert
        act.Should().Throw<ArgumentException>();
    }

    [Fact]
    public void Verify_SnakeCaseTaskId_IsReadAsFallback()
    {
        // Arrange
        var body = SuccessBody.Replace("\"taskId\"", "\"task_id\"", StringComparison.Ordinal);

        // Act
        var callback = Verifier().Verify(Signed("task12345", Now), Encoding.UTF8.GetBytes(body));

        // Assert
        callback.TaskId.Should().Be("task12345");
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("""{"code":200,"data":{}}""")]
    public void Verify_UnreadableBody_IsRefused(string body)
    {
        // Act
        var act = () => Verifier().Verify(Signed("task12345", Now), Encoding.UTF8.GetBytes(body));

        // Assert
        act.Should().Throw<KieCallbackException>();
    }

    [Fact]
    public void Constructor_NoKeyAndUnsignedNotAllowed_ThrowsBecauseNothingCouldBeAccepted()
    {
        // Act
        var act = () => new KieCallbackVerifier(new KieCallbackOptions());

        // Assert
        act.Should().Throw<ArgumentException>().WithMessage("*WebhookHmacKey*AllowUnsigned*");
    }

    [Fact]
    public void Options_ToString_DoesNotShowTheKey()
    {
        // Act
        var text = new KieCallbackOptions { WebhookHmacKey = Key }.ToString();

        // Assert
        text.Should().NotContain(Key).And.Contain("<set>");
    }

    [Fact]
    public void Verify_ThroughTheSharedInterface_YieldsTheSharedEventWithKiesData()
    {
        // Arrange
        IImageWebhookVerifier verifier = Verifier();

        // Act
        var webhookEvent = verifier.Verify(Signed("task12345", Now), Encoding.UTF8.GetBytes(SuccessBody));
        var result = webhookEvent.GetResult();

        // Assert
        verifier.Provider.Should().Be("kie");
        webhookEvent.Provider.Should().Be("kie");
        webhookEvent.JobId.Should().Be("task12345");
        webhookEvent.Kind.Should().Be(ImageWebhookEventKind.Completed);
        webhookEvent.Status.Should().Be(ImageJobStatus.Succeeded);
        webhookEvent.ProviderStatus.Should().Be("200");
        webhookEvent.Progress.Should().Be(1.0);
        webhookEvent.IsCompleted.Should().BeTrue();
        webhookEvent.IsSigned.Should().BeTrue();
        webhookEvent.SentAt.Should().Be(_time.GetUtcNow());
        webhookEvent.EventId.Should().BeNull("Kie's callbacks carry no event id");
        webhookEvent.EventType.Should().BeNull();
        webhookEvent.Should().BeOfType<KieCallback>().Which.ResultImageUrl.Should().Be(new Uri("https://cdn.kie.ai/r.png"));
        result.JobId.Should().Be("task12345");
        ((RemoteGeneratedImage)result.Images[0]).Url.Should().Be(new Uri("https://cdn.kie.ai/r.png"));
    }

    [Fact]
    public void Verify_FailureCallback_IsAFailedEvent()
    {
        // Arrange
        var body = """{"code":400,"msg":"refused","data":{"taskId":"task12345","info":{"originImageUrl":"","resultImageUrl":""}}}""";

        // Act
        ImageWebhookEvent webhookEvent = Verifier().Verify(Signed("task12345", Now), Encoding.UTF8.GetBytes(body));

        // Assert
        webhookEvent.Kind.Should().Be(ImageWebhookEventKind.Failed);
        webhookEvent.Status.Should().Be(ImageJobStatus.Failed);
        webhookEvent.ProviderStatus.Should().Be("400");
        webhookEvent.Progress.Should().BeNull();
        webhookEvent.Invoking(e => e.GetResult()).Should().Throw<ImagingApiException>().Which.ErrorCode.Should().Be(ImagingErrorCode.ContentPolicy);
    }

    [Fact]
    public void TryVerify_ThroughTheSharedInterface_RefusedSaysWhy()
    {
        // Arrange
        IImageWebhookVerifier verifier = Verifier();

        // Act
        var accepted = verifier.TryVerify(Signed("task12345", Now, key: "another key"), Encoding.UTF8.GetBytes(SuccessBody), out var webhookEvent, out var failure);

        // Assert
        accepted.Should().BeFalse();
        webhookEvent.Should().BeNull();
        failure.Should().Contain("does not match").And.NotContain(Key);
    }

    [Theory]
    [InlineData("wrong key", 0, WebhookFailureReason.SignatureMismatch)]
    [InlineData(Key, -301, WebhookFailureReason.StaleTimestamp)]
    [InlineData(Key, 301, WebhookFailureReason.FutureTimestamp)]
    public void Verify_Refused_ThrowsASharedWebhookVerificationExceptionWithTheReason(string key, int secondsOff, WebhookFailureReason reason)
    {
        // Arrange
        var stamp = (_time.GetUtcNow().ToUnixTimeSeconds() + secondsOff).ToString(CultureInfo.InvariantCulture);

        // Act
        var act = () => ((IImageWebhookVerifier)Verifier()).Verify(Signed("task12345", stamp, key), Encoding.UTF8.GetBytes(SuccessBody));

        // Assert
        var ex = act.Should().Throw<WebhookVerificationException>().Which;
        ex.Should().BeOfType<KieCallbackException>();
        ex.Reason.Should().Be(reason);
        ex.Provider.Should().Be("kie");
        ex.Message.Should().NotContain(Key);
    }

    [Fact]
    public void Verify_UnsignedOrUnreadable_NamesTheReason()
    {
        // Act
        var unsigned = () => Verifier().Verify(_ => null, Encoding.UTF8.GetBytes(SuccessBody));
        var unreadable = () => Verifier().Verify(Signed("task12345", Now), "not json"u8);

        // Assert
        unsigned.Should().Throw<KieCallbackException>().Which.Reason.Should().Be(WebhookFailureReason.MissingHeader);
        unreadable.Should().Throw<KieCallbackException>().Which.Reason.Should().Be(WebhookFailureReason.UnreadableBody);
    }

    [Fact]
    public void Verify_VerifierForServicesWithoutKeyOrAllowUnsigned_RefusesEveryCallbackAsNotConfigured()
    {
        // Arrange: what dependency injection resolves as IImageWebhookVerifier when Kie is only polled.
        var verifier = new KieCallbackVerifier(new KieCallbackOptions(), _time, new ImagingClient.Http.ImageDownloader(() => new HttpClient(), _time, new ImagingClientOptions()), refuseAllWhenUnconfigured: true);

        // Act
        var act = () => verifier.Verify(Signed("task12345", Now), Encoding.UTF8.GetBytes(SuccessBody));

        // Assert
        var ex = act.Should().Throw<KieCallbackException>().Which;
        ex.Reason.Should().Be(WebhookFailureReason.NotConfigured);
        ex.Message.Should().Contain("WebhookHmacKey").And.Contain("AllowUnsigned");
    }

    private KieCallbackVerifier Verifier() => new(new KieCallbackOptions { WebhookHmacKey = Key }, _time);

    private static Func<string, string?> Signed(string taskId, string timestamp, string key = Key)
    {
        var headers = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase)
        {
            [KieCallbackVerifier.TimestampHeader] = timestamp,
            [KieCallbackVerifier.SignatureHeader] = Convert.ToBase64String(HMACSHA256.HashData(Encoding.UTF8.GetBytes(key), Encoding.UTF8.GetBytes($"{taskId}.{timestamp}"))),
        };
        return name => headers.GetValueOrDefault(name);
    }
}
