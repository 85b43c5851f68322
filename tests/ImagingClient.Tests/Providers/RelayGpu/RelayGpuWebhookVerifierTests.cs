using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using ImagingClient.Providers.RelayGpu;
using ImagingClient.Tests.TestSupport;
using ImagingClient.Webhooks;

namespace ImagingClient.Tests.Providers.RelayGpu;

public sealed class RelayGpuWebhookVerifierTests
{
    private const string WebhookId = "msg_direct:c02cfb8f-89b9-4cbd-b11e-1bb705acc58d";
    private static readonly byte[] SecretBytes = Enumerable.Range(1, 24).Select(i => (byte)i).ToArray();
    private static readonly string Secret = "whsec_" + Convert.ToBase64String(SecretBytes);
    private static readonly DateTimeOffset SentAt = new(2026, 10, 6, 8, 59, 40, TimeSpan.Zero);

    /// <summary>The shape of the captured task.completed delivery (own copy of its facts).</summary>
    private static readonly byte[] Completed = Encoding.UTF8.GetBytes("""
        {"task_id": "direct:c02cfb8f-89b9-4cbd-b11e-1bb705acc58d", "status": "completed", "elapsed_seconds": 4, "task_address": null, "mode": "direct", "model": "Qwen/qwen-image", "created_at": "2026-10-06T08:59:35.467407+00:00", "result": {"urls": ["https://cdn.relaygpu.com/content/WeI0xKQvMJiIz1Oz8o9qtQ"], "model": "Qwen/qwen-image", "size": "512x512", "success": true}, "event": "task.completed"}
        """);

    [Fact]
    public void Verify_SignatureComputedIndependently_AmongSeveral_YieldsTheSameResultAsPolling()
    {
        // Arrange: HMAC-SHA256 over "id.timestamp.body", keyed with the bytes after whsec_; two signatures during a rotation.
        var timestamp = SentAt.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        byte[] signed = [.. Encoding.UTF8.GetBytes($"{WebhookId}.{timestamp}."), .. Completed];
        var mac = HMACSHA256.HashData(SecretBytes, signed);
        var header = $"v1,{Convert.ToBase64String(new byte[32])} v1,{Convert.ToBase64String(mac)}";
        var verifier = new RelayGpuWebhookVerifier(new RelayGpuWebhookOptions { Secret = Secret }, new InstantTimeProvider(SentAt.AddSeconds(30)));

        // Act
        var delivery = verifier.Verify(Headers(WebhookId, timestamp, header), Completed);
        var result = delivery.GetResult();

        // Assert
        RelayGpuWebhookVerifier.ComputeSignature(Secret, WebhookId, timestamp, Completed).Should().Be("v1," + Convert.ToBase64String(mac));
        delivery.Kind.Should().Be(ImageWebhookEventKind.Completed);
        delivery.EventId.Should().Be(WebhookId);
        delivery.EventType.Should().Be("task.completed");
        delivery.SentAt.Should().Be(SentAt);
        var image = result.Images.Should().ContainSingle().Which.Should().BeOfType<RemoteGeneratedImage>().Which;
        image.Url.Should().Be(new Uri("https://cdn.relaygpu.com/content/WeI0xKQvMJiIz1Oz8o9qtQ"));
        image.ExpiresAt.Should().Be(new DateTimeOffset(2026, 10, 6, 9, 59, 39, 467, TimeSpan.Zero).AddTicks(4070), "an hour after the task ended");
        result.Model.Should().Be("Qwen/qwen-image");
    }

    [Fact]
    public void Verify_StaleOrTamperedOrUnsigned_IsRefusedWithItsReason()
    {
        // Arrange
        var timestamp = SentAt.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var signature = RelayGpuWebhookVerifier.ComputeSignature(Secret, WebhookId, timestamp, Completed);
        var late = new RelayGpuWebhookVerifier(new RelayGpuWebhookOptions { Secret = Secret }, new InstantTimeProvider(SentAt.AddMinutes(6)));
        var onTime = new RelayGpuWebhookVerifier(new RelayGpuWebhookOptions { Secret = Secret }, new InstantTimeProvider(SentAt));
        var tampered = Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(Completed).Replace("512x512", "999x999", StringComparison.Ordinal));

        // Act
        var stale = () => late.Verify(Headers(WebhookId, timestamp, signature), Completed);
        var altered = () => onTime.Verify(Headers(WebhookId, timestamp, signature), tampered);
        var unsigned = () => onTime.Verify(Headers(WebhookId, timestamp, null), Completed);

        // Assert
        stale.Should().Throw<RelayGpuWebhookException>().Which.Reason.Should().Be(WebhookFailureReason.StaleTimestamp);
        altered.Should().Throw<RelayGpuWebhookException>().Which.Reason.Should().Be(WebhookFailureReason.SignatureMismatch);
        unsigned.Should().Throw<RelayGpuWebhookException>().Which.Reason.Should().Be(WebhookFailureReason.MissingHeader);
    }

    [Fact]
    public void Verify_ResultOmitted_SaysToFetchTheResult_AndAFailedTaskThrowsLikePolling()
    {
        // Arrange
        var time = new InstantTimeProvider(SentAt);
        var verifier = new RelayGpuWebhookVerifier(new RelayGpuWebhookOptions { Secret = "whsec_" + Convert.ToBase64String([9, 9, 9]), PreviousSecret = Secret }, time);
        var timestamp = SentAt.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var omitted = Encoding.UTF8.GetBytes("""{"task_id":"direct:big","status":"completed","elapsed_seconds":9,"task_address":null,"mode":"direct","model":"ByteDance/doubao-seedream-5-0-pro-260628","created_at":"2026-10-06T08:59:00+00:00","result_omitted":true,"event":"task.completed"}""");
        var failed = Encoding.UTF8.GetBytes("""{"task_id":"direct:bad","status":"failed","elapsed_seconds":2,"task_address":null,"mode":"direct","model":"Qwen/qwen-image","created_at":"2026-10-06T08:59:00+00:00","error":"Upstream provider error","error_code":"UPSTREAM_ERROR","error_detail":null,"event":"task.failed"}""");

        // Act: signed with the previous secret, still accepted during the rotation.
        var big = verifier.Verify(Headers("msg_1", timestamp, RelayGpuWebhookVerifier.ComputeSignature(Secret, "msg_1", timestamp, omitted)), omitted);
        var bad = verifier.Verify(Headers("msg_2", timestamp, RelayGpuWebhookVerifier.ComputeSignature(Secret, "msg_2", timestamp, failed)), failed);

        // Assert
        big.ResultOmitted.Should().BeTrue();
        big.Invoking(e => e.GetResult()).Should().Throw<InvalidOperationException>().Which.Message.Should().Contain("GetTaskAsync(\"direct:big\")");
        bad.Kind.Should().Be(ImageWebhookEventKind.Failed);
        var failure = bad.Invoking(e => e.GetResult()).Should().Throw<ImagingApiException>().Which;
        failure.ErrorCode.Should().Be(ImagingErrorCode.ServerError);
        failure.JobId.Should().Be("direct:bad");
    }

    private static Func<string, string?> Headers(string id, string timestamp, string? signature) => name => name.ToLowerInvariant() switch
    {
        "webhook-id" => id,
        "webhook-timestamp" => timestamp,
        "webhook-signature" => signature,
        _ => null,
    };
}
