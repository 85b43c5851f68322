using System.Buffers;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace ImagingClient.Emulator.Kie;

/// <summary>
/// The Flux Kontext completion callback (<c>shared/providers/kie-flux-kontext.md</c> §3.5): body
/// <c>{"code","msg","data":{"taskId","info":{"originImageUrl","resultImageUrl"}}}</c> with empty URLs on
/// failure, and optionally the <c>X-Webhook-Timestamp</c> / <c>X-Webhook-Signature</c> headers. A failed
/// delivery is retried 3 times, at 1, 5 and 15 minutes, each counted from the previous attempt.
/// </summary>
internal static class KieCallbacks
{
    public const string TimestampHeader = "X-Webhook-Timestamp";
    public const string SignatureHeader = "X-Webhook-Signature";
    public const string SuccessMessage = "BFL image generated successfully.";

    /// <summary>The most attempts one callback gets: the first delivery and its 3 retries.</summary>
    public const int MaxAttempts = 4;

    /// <summary>
    /// How long after a failed attempt started the next one is sent: 1, 5 and 15 minutes (the spec lists the
    /// delays without saying what they are counted from; the emulator counts each from the previous attempt).
    /// </summary>
    public static readonly IReadOnlyList<TimeSpan> RetryDelays = [TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(15)];

    public static string Body(KieTask task, KieOutcome outcome, JsonWriterOptions options)
    {
        var success = outcome.SuccessFlag == KieOutcome.Success;
        var buffer = new ArrayBufferWriter<byte>(512);
        using (var writer = new Utf8JsonWriter(buffer, options))
        {
            writer.WriteStartObject();
            writer.WriteNumber("code", success ? 200 : outcome.ErrorCode ?? KieError.ServerError);
            writer.WriteString("msg", success ? SuccessMessage : outcome.ErrorMessage);
            writer.WriteStartObject("data");
            writer.WriteString("taskId", task.Id);
            writer.WriteStartObject("info");
            writer.WriteString("originImageUrl", outcome.OriginImageUrl?.AbsoluteUri ?? string.Empty);
            writer.WriteString("resultImageUrl", outcome.ResultImageUrl?.AbsoluteUri ?? string.Empty);
            writer.WriteEndObject();
            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>
    /// The signature headers for an attempt sent at <paramref name="now"/> when <paramref name="hmacKey"/> is set,
    /// else none. Called once per attempt, so every retry is signed with its own timestamp.
    /// </summary>
    public static IReadOnlyList<KeyValuePair<string, string>> Headers(string taskId, DateTimeOffset now, string? hmacKey)
    {
        if (hmacKey is null)
        {
            return [];
        }

        var timestamp = now.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        return
        [
            new(TimestampHeader, timestamp),
            new(SignatureHeader, Sign(hmacKey, taskId, timestamp)),
        ];
    }

    /// <summary>Base64(HMAC-SHA256(key: UTF-8 of <paramref name="hmacKey"/>, message: UTF-8 of <c>taskId + "." + timestamp</c>)).</summary>
    public static string Sign(string hmacKey, string taskId, string timestamp) =>
        Convert.ToBase64String(HMACSHA256.HashData(Encoding.UTF8.GetBytes(hmacKey), Encoding.UTF8.GetBytes(taskId + "." + timestamp)));
}
