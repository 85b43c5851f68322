using System.Buffers;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace ImagingClient.Emulator.Apiframe;

/// <summary>
/// Apiframe's webhooks (<c>shared/providers/apiframe.md</c> §4.5): a JSON POST per event with
/// <c>X-Webhook-Event</c> and <c>X-Webhook-Signature: sha256=&lt;hex&gt;</c>, the lowercase hex HMAC-SHA256 of the
/// exact body bytes keyed with the raw 32-byte SHA-256 digest of the UTF-8 API key.
/// </summary>
internal static class ApiframeWebhooks
{
    public const string EventHeader = "X-Webhook-Event";
    public const string SignatureHeader = "X-Webhook-Signature";

    public const string Progress = "progress";
    public const string Completed = "completed";
    public const string Failed = "failed";

    /// <summary>The events sent when a request has a <c>webhookUrl</c> but no <c>webhookEvents</c>.</summary>
    public static readonly IReadOnlySet<string> DefaultEvents = new HashSet<string>(StringComparer.Ordinal) { Completed, Failed };

    /// <summary>The delays before each retry of a failed delivery, counted from the failed attempt.</summary>
    public static readonly IReadOnlyList<TimeSpan> RetryDelays = [TimeSpan.FromSeconds(10), TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(5)];

    /// <summary>The most attempts one webhook gets with retries on: the first delivery and its 3 retries.</summary>
    public const int MaxAttempts = 4;

    /// <summary>The signing key: SHA-256 of the UTF-8 API key, as raw bytes.</summary>
    public static byte[] SigningKey(string apiKey) => SHA256.HashData(Encoding.UTF8.GetBytes(apiKey));

    /// <summary>The <c>X-Webhook-Signature</c> value for <paramref name="body"/>: <c>sha256=</c> and lowercase hex.</summary>
    public static string Signature(byte[] signingKey, string body) =>
        "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(signingKey, Encoding.UTF8.GetBytes(body)));

    public static IReadOnlyList<KeyValuePair<string, string>> Headers(string webhookEvent, string signature) =>
        [new(EventHeader, webhookEvent), new(SignatureHeader, signature)];

    /// <summary>Serialises a webhook body.</summary>
    public static string Body(Action<Utf8JsonWriter> write, JsonWriterOptions options)
    {
        var buffer = new ArrayBufferWriter<byte>(512);
        using (var writer = new Utf8JsonWriter(buffer, options))
        {
            write(writer);
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>An instant as Apiframe writes it: ISO 8601 UTC with milliseconds.</summary>
    public static string FormatTime(DateTimeOffset instant) =>
        instant.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
}
