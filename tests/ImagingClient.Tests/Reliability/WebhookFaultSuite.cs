using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using ImagingClient.Providers.Apiframe;
using ImagingClient.Providers.Kie;
using ImagingClient.Providers.RelayGpu;
using ImagingClient.Webhooks;
using Microsoft.Extensions.Time.Testing;

namespace ImagingClient.Tests.Reliability;

/// <summary>What is wrong with a webhook delivery.</summary>
public enum WebhookFault
{
    /// <summary>A signed part of the delivery was changed after signing.</summary>
    Tampered,

    /// <summary>Signed, but with a timestamp older than the tolerance.</summary>
    Stale,

    /// <summary>Signed, but with a timestamp further ahead than the tolerance.</summary>
    FromTheFuture,

    /// <summary>No signature at all.</summary>
    NoSignature,

    /// <summary>Signed with another secret.</summary>
    WrongSecret,

    /// <summary>Validly signed, one byte over the body cap.</summary>
    Oversized,
}

/// <summary>How to make and check one provider's webhook deliveries, for the webhook fault suite.</summary>
public abstract class WebhookHarness
{
    public static readonly DateTimeOffset Now = new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);

    public abstract string Name { get; }

    /// <summary>The secret the verifier holds; it must never appear in a refusal.</summary>
    public abstract string Secret { get; }

    /// <summary>Whether deliveries carry a signed timestamp (Apiframe's do not).</summary>
    public virtual bool HasTimestamp => true;

    /// <summary>The verifier, with the given limits, on <paramref name="time"/>.</summary>
    public abstract IImageWebhookVerifier Verifier(TimeProvider time, int maxBodyBytes = ImageWebhookOptions.DefaultMaxBodyBytes, WebhookReplayCache? replayCache = null);

    /// <summary>A completed-job delivery for <paramref name="jobId"/>, padded with a field to <paramref name="size"/> bytes when given.</summary>
    public abstract byte[] Body(string jobId, int? size = null);

    /// <summary>The headers of a delivery of <paramref name="body"/> signed at <paramref name="signedAt"/> with <paramref name="secret"/> (null: unsigned).</summary>
    public abstract Func<string, string?> Headers(byte[] body, string jobId, DateTimeOffset signedAt, string? secret);

    /// <summary>The delivery with a signed part changed (Kie signs the task id, the others the body).</summary>
    public virtual byte[] Tamper(byte[] body) => Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(body).Replace("COMPLETED", "FAILED", StringComparison.Ordinal).Replace("completed", "failed", StringComparison.Ordinal));

    /// <summary>Pads <paramref name="json"/> (an object) with an extra field so that it is <paramref name="size"/> bytes long.</summary>
    protected static byte[] Pad(string json, int? size)
    {
        if (size is not { } target)
        {
            return Encoding.UTF8.GetBytes(json);
        }

        var padding = target - Encoding.UTF8.GetByteCount(json) - ",\"pad\":\"\"".Length;
        return Encoding.UTF8.GetBytes(json[..^1] + ",\"pad\":\"" + new string('x', Math.Max(0, padding)) + "\"}");
    }
}

public sealed class KieWebhookHarness : WebhookHarness
{
    public override string Name => "kie";

    public override string Secret => "kie-hmac-webhook-secret-5521";

    public override IImageWebhookVerifier Verifier(TimeProvider time, int maxBodyBytes = ImageWebhookOptions.DefaultMaxBodyBytes, WebhookReplayCache? replayCache = null) =>
        new KieCallbackVerifier(new KieCallbackOptions { WebhookHmacKey = Secret, MaxBodyBytes = maxBodyBytes, ReplayCache = replayCache }, time);

    public override byte[] Body(string jobId, int? size = null) =>
        Pad($$"""{"code":200,"msg":"BFL image generated successfully.","data":{"taskId":"{{jobId}}","info":{"originImageUrl":"https://tempfile.aiquickdraw.com/o.png","resultImageUrl":"https://tempfile.aiquickdraw.com/r.png"} } }""", size);

    public override Func<string, string?> Headers(byte[] body, string jobId, DateTimeOffset signedAt, string? secret)
    {
        var timestamp = signedAt.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        return name => name switch
        {
            KieCallbackVerifier.TimestampHeader => secret is null ? null : timestamp,
            KieCallbackVerifier.SignatureHeader => secret is null ? null : KieCallbackVerifier.ComputeSignature(secret, jobId, timestamp),
            _ => null,
        };
    }

    // Kie signs the task id and the timestamp, not the body: changing the task id is what a signature catches.
    public override byte[] Tamper(byte[] body) => Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(body).Replace("\"taskId\":\"", "\"taskId\":\"x", StringComparison.Ordinal));
}

public sealed class ApiframeWebhookHarness : WebhookHarness
{
    public override string Name => "apiframe";

    public override string Secret => "afk_live_webhook_fault_key_77";

    public override bool HasTimestamp => false;

    public override IImageWebhookVerifier Verifier(TimeProvider time, int maxBodyBytes = ImageWebhookOptions.DefaultMaxBodyBytes, WebhookReplayCache? replayCache = null) =>
        new ApiframeWebhookVerifier(Secret, new ApiframeWebhookOptions { MaxBodyBytes = maxBodyBytes, ReplayCache = replayCache }, time);

    public override byte[] Body(string jobId, int? size = null) =>
        Pad($$"""{"event":"completed","jobId":"{{jobId}}","status":"COMPLETED","progress":100,"result":"https://cdn.apiframe.ai/results/{{jobId}}.png","model":"flux-2-pro","creditCost":10,"completedAt":"2026-12-01T11:59:55Z"}""", size);

    public override Func<string, string?> Headers(byte[] body, string jobId, DateTimeOffset signedAt, string? secret)
    {
        var signature = secret is null ? null : ApiframeWebhookVerifier.ComputeSignature(secret, body);
        return name => name.Equals(ApiframeWebhookVerifier.SignatureHeader, StringComparison.OrdinalIgnoreCase) ? signature
            : name.Equals(ApiframeWebhookVerifier.EventHeader, StringComparison.OrdinalIgnoreCase) ? "completed"
            : null;
    }
}

public sealed class RelayGpuWebhookHarness : WebhookHarness
{
    private static readonly byte[] SecretBytes = [.. Enumerable.Range(40, 24).Select(i => (byte)i)];
    private static readonly byte[] OtherSecretBytes = [.. Enumerable.Range(90, 24).Select(i => (byte)i)];

    public override string Name => "relaygpu";

    public override string Secret => "whsec_" + Convert.ToBase64String(SecretBytes);

    public static string OtherSecret => "whsec_" + Convert.ToBase64String(OtherSecretBytes);

    public override IImageWebhookVerifier Verifier(TimeProvider time, int maxBodyBytes = ImageWebhookOptions.DefaultMaxBodyBytes, WebhookReplayCache? replayCache = null) =>
        new RelayGpuWebhookVerifier(new RelayGpuWebhookOptions { Secret = Secret, MaxBodyBytes = maxBodyBytes, ReplayCache = replayCache }, time);

    public override byte[] Body(string jobId, int? size = null) =>
        Pad($$"""{"task_id":"{{jobId}}","status":"completed","elapsed_seconds":4,"task_address":null,"mode":"direct","model":"Qwen/qwen-image","created_at":"2026-12-01T11:59:50+00:00","result":{"urls":["https://cdn.relaygpu.com/content/abc"],"model":"Qwen/qwen-image","size":"512x512","success":true},"event":"task.completed"}""", size);

    public override Func<string, string?> Headers(byte[] body, string jobId, DateTimeOffset signedAt, string? secret)
    {
        var id = "msg_" + jobId;
        var timestamp = signedAt.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        string? signature = null;
        if (secret is not null)
        {
            var key = Convert.FromBase64String(secret["whsec_".Length..]);
            signature = "v1," + Convert.ToBase64String(HMACSHA256.HashData(key, (byte[])[.. Encoding.UTF8.GetBytes($"{id}.{timestamp}."), .. body]));
        }

        return name => name.ToLowerInvariant() switch
        {
            "webhook-id" => id,
            "webhook-timestamp" => timestamp,
            "webhook-signature" => signature,
            _ => null,
        };
    }
}

/// <summary>
/// Webhook deliveries that must be refused — tampered with, stale, from the future, unsigned, signed with another
/// secret, oversized — for each provider that sends webhooks (replays: Safety/WebhookReplayTests). Every refusal is a
/// <see cref="WebhookVerificationException"/> with its specific <see cref="WebhookVerificationException.Reason"/> and
/// no secret in its message or <c>ToString()</c>; a valid delivery (the baseline that proves the signing here is
/// right) is accepted.
/// </summary>
/// <typeparam name="THarness">The provider under test.</typeparam>
#pragma warning disable CA1000 // The theories' data is static per provider: xunit reads it from the closed generic type.
public abstract class WebhookFaultSuite<THarness>
    where THarness : WebhookHarness, new()
{
    private const string JobId = "job-7d1c2e9a";
    private static readonly TimeSpan Tolerance = TimeSpan.FromMinutes(5);
    private readonly FakeTimeProvider _time = new(WebhookHarness.Now);

    private static THarness Harness { get; } = new();

    public static TheoryData<WebhookFault> Faults() =>
        [.. Enum.GetValues<WebhookFault>().Where(f => Harness.HasTimestamp || f is not (WebhookFault.Stale or WebhookFault.FromTheFuture))];

    [Fact]
    public void Verify_ValidDelivery_IsAccepted()
    {
        // Arrange
        var body = Harness.Body(JobId);
        var verifier = Harness.Verifier(_time);

        // Act
        var delivery = verifier.Verify(Harness.Headers(body, JobId, WebhookHarness.Now, Harness.Secret), body);

        // Assert
        delivery.Provider.Should().Be(Harness.Name);
        delivery.JobId.Should().Be(JobId);
    }

    [Theory]
    [MemberData(nameof(Faults))]
    public void Verify_HostileDelivery_IsRefusedWithItsReasonAndNoSecret(WebhookFault fault)
    {
        // Arrange
        var cap = 64 * 1024;
        var body = Harness.Body(JobId, fault == WebhookFault.Oversized ? cap + 1 : null);
        var signedAt = fault switch
        {
            WebhookFault.Stale => WebhookHarness.Now - Tolerance - TimeSpan.FromMinutes(1),
            WebhookFault.FromTheFuture => WebhookHarness.Now + Tolerance + TimeSpan.FromMinutes(1),
            _ => WebhookHarness.Now,
        };
        var secret = fault switch
        {
            WebhookFault.NoSignature => null,
            WebhookFault.WrongSecret => Harness is RelayGpuWebhookHarness ? RelayGpuWebhookHarness.OtherSecret : "another-secret-entirely",
            _ => Harness.Secret,
        };
        var headers = Harness.Headers(body, JobId, signedAt, secret);
        var delivered = fault == WebhookFault.Tampered ? Harness.Tamper(body) : body;
        var verifier = Harness.Verifier(_time, maxBodyBytes: cap);

        // Act
        var act = () => verifier.Verify(headers, delivered);

        // Assert
        var ex = act.Should().Throw<WebhookVerificationException>().Which;
        ex.Reason.Should().Be(fault switch
        {
            WebhookFault.Stale => WebhookFailureReason.StaleTimestamp,
            WebhookFault.FromTheFuture => WebhookFailureReason.FutureTimestamp,
            WebhookFault.NoSignature => WebhookFailureReason.MissingHeader,
            WebhookFault.Oversized => WebhookFailureReason.TooLarge,
            _ => WebhookFailureReason.SignatureMismatch,
        });
        ex.ToString().Should().NotContain(Harness.Secret);
        verifier.TryVerify(headers, delivered, out _, out var failure).Should().BeFalse();
        failure.Should().NotContain(Harness.Secret);
    }
}
#pragma warning restore CA1000

public sealed class KieWebhookFaultTests : WebhookFaultSuite<KieWebhookHarness>;

public sealed class ApiframeWebhookFaultTests : WebhookFaultSuite<ApiframeWebhookHarness>;

public sealed class RelayGpuWebhookFaultTests : WebhookFaultSuite<RelayGpuWebhookHarness>;
