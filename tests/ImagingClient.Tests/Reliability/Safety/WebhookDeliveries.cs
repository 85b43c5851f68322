using System.Globalization;
using System.Text;
using ImagingClient.Providers.Apiframe;
using ImagingClient.Providers.Kie;
using ImagingClient.Providers.RelayGpu;
using ImagingClient.Webhooks;
using Microsoft.Extensions.DependencyInjection;

namespace ImagingClient.Tests.Reliability.Safety;

/// <summary>One webhook delivery as a server receives it: headers (looked up case-insensitively) and the raw body.</summary>
internal sealed record WebhookDelivery(IReadOnlyDictionary<string, string?> Headers, byte[] Body)
{
    public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;
}

/// <summary>
/// Genuine, signed deliveries of each provider that calls back, and its verifier, made the way each scheme says, so
/// that one test can run against every provider. The keys are test keys.
/// </summary>
internal static class WebhookDeliveries
{
    public const string KieKey = "kie-webhook-hmac-key-0123";
    public const string ApiframeKey = "afk_test_safety_0123456789";
    public static readonly string RelayGpuSecret = "whsec_" + Convert.ToBase64String(Enumerable.Range(1, 24).Select(i => (byte)i).ToArray());

    /// <summary>The providers whose verifiers these tests cover, for <c>[MemberData]</c>.</summary>
    public static TheoryData<string> Providers => new() { "kie", "apiframe", "relaygpu" };

    /// <summary>The secret each provider's deliveries are signed with, to check no message holds it.</summary>
    public static string SecretOf(string provider) => provider switch
    {
        "kie" => KieKey,
        "apiframe" => ApiframeKey,
        _ => RelayGpuSecret,
    };

    /// <summary>A standalone verifier of <paramref name="provider"/>, with its limits set by <paramref name="configure"/>.</summary>
    public static IImageWebhookVerifier Verifier(string provider, TimeProvider time, Action<ImageWebhookOptions>? configure = null)
    {
        switch (provider)
        {
            case "kie":
                var kie = new KieCallbackOptions { WebhookHmacKey = KieKey };
                configure?.Invoke(kie);
                return new KieCallbackVerifier(kie, time);
            case "apiframe":
                var apiframe = new ApiframeWebhookOptions();
                configure?.Invoke(apiframe);
                return new ApiframeWebhookVerifier(ApiframeKey, apiframe, time);
            default:
                var relayGpu = new RelayGpuWebhookOptions { Secret = RelayGpuSecret };
                configure?.Invoke(relayGpu);
                return new RelayGpuWebhookVerifier(relayGpu, time);
        }
    }

    /// <summary>Adds <paramref name="provider"/> to a container, with its webhook limits set by <paramref name="configure"/>.</summary>
    public static IImagingClientBuilder Add(IImagingClientBuilder imaging, string provider, Action<ImageWebhookOptions> configure) => provider switch
    {
        "kie" => imaging.AddKie(o =>
        {
            o.ApiKey = "kie_test_key_4567";
            o.Callbacks.WebhookHmacKey = KieKey;
            configure(o.Callbacks);
        }),
        "apiframe" => imaging.AddApiframe(o =>
        {
            o.ApiKey = ApiframeKey;
            configure(o.Webhooks);
        }),
        _ => imaging.AddRelayGpu(o =>
        {
            o.ApiKey = "relay_sk_test_0123456789";
            o.Webhooks.Secret = RelayGpuSecret;
            configure(o.Webhooks);
        }),
    };

    /// <summary>
    /// A genuine completed delivery about job <paramref name="id"/>, signed at <paramref name="sentAt"/>; its body is
    /// padded with trailing white space (which JSON allows) to <paramref name="size"/> bytes when given.
    /// </summary>
    public static WebhookDelivery Signed(string provider, DateTimeOffset sentAt, string id = "job_1", int? size = null, string? kieCode = null)
    {
        var timestamp = sentAt.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        switch (provider)
        {
            case "kie":
                var kieBody = Pad($$"""{"code":{{kieCode ?? "200"}},"msg":"done","data":{"taskId":"{{id}}","info":{"resultImageUrl":"https://tempfile.aiquickdraw.com/r/{{id}}.png"}""" + "}}", size);
                return new WebhookDelivery(
                    Headers((KieCallbackVerifier.TimestampHeader, timestamp), (KieCallbackVerifier.SignatureHeader, KieCallbackVerifier.ComputeSignature(KieKey, id, timestamp))),
                    kieBody);
            case "apiframe":
                var apiframeBody = Pad($$"""{"event":"completed","jobId":"{{id}}","status":"COMPLETED","progress":100,"result":"https://cdn.apiframe.ai/{{id}}.png","model":"midjourney"}""", size);
                return new WebhookDelivery(
                    Headers((ApiframeWebhookVerifier.SignatureHeader, ApiframeWebhookVerifier.ComputeSignature(ApiframeKey, apiframeBody)), (ApiframeWebhookVerifier.EventHeader, "completed")),
                    apiframeBody);
            default:
                var webhookId = "msg_" + id;
                var relayBody = Pad($$"""{"task_id":"direct:{{id}}","status":"completed","mode":"direct","model":"Qwen/qwen-image","result":{"urls":["https://cdn.relaygpu.com/content/{{id}}"],"success":true},"event":"task.completed"}""", size);
                return new WebhookDelivery(
                    Headers(
                        (StandardWebhooksSignature.IdHeader, webhookId),
                        (StandardWebhooksSignature.TimestampHeader, timestamp),
                        (StandardWebhooksSignature.SignatureHeader, RelayGpuWebhookVerifier.ComputeSignature(RelayGpuSecret, webhookId, timestamp, relayBody))),
                    relayBody);
        }
    }

    /// <summary>The same delivery with its signature replaced by one made with another key: a forgery.</summary>
    public static WebhookDelivery Forged(string provider, WebhookDelivery genuine)
    {
        var headers = new Dictionary<string, string?>(genuine.Headers, StringComparer.OrdinalIgnoreCase);
        switch (provider)
        {
            case "kie":
                headers[KieCallbackVerifier.SignatureHeader] = KieCallbackVerifier.ComputeSignature("not the key", "job_1", headers[KieCallbackVerifier.TimestampHeader]!);
                break;
            case "apiframe":
                headers[ApiframeWebhookVerifier.SignatureHeader] = ApiframeWebhookVerifier.ComputeSignature("afk_not_the_key", genuine.Body);
                break;
            default:
                headers[StandardWebhooksSignature.SignatureHeader] = RelayGpuWebhookVerifier.ComputeSignature(
                    "whsec_" + Convert.ToBase64String(new byte[24]), headers[StandardWebhooksSignature.IdHeader]!, headers[StandardWebhooksSignature.TimestampHeader]!, genuine.Body);
                break;
        }

        return genuine with { Headers = headers };
    }

    private static Dictionary<string, string?> Headers(params (string Name, string? Value)[] headers) =>
        headers.ToDictionary(h => h.Name, h => h.Value, StringComparer.OrdinalIgnoreCase);

    private static byte[] Pad(string json, int? size)
    {
        var bytes = Encoding.UTF8.GetBytes(json);
        if (size is not { } length)
        {
            return bytes;
        }

        if (length < bytes.Length)
        {
            throw new ArgumentOutOfRangeException(nameof(size), $"The delivery takes {bytes.Length} bytes already.");
        }

        var padded = new byte[length];
        bytes.CopyTo(padded, 0);
        padded.AsSpan(bytes.Length).Fill((byte)' ');
        return padded;
    }
}
