using System.Buffers;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace ImagingClient.Emulator.Kie;

/// <summary>
/// The Flux Kontext completion callback (<c>shared/providers/kie-flux-kontext.md</c> §3.5): body
/// <c>{"code","msg","data":{"taskId","info":{"originImageUrl","resultImageUrl"}}}</c> with empty URLs on
/// failure, and optionally the <c>X-Webhook-Timestamp</c> / <c>X-Webhook-Signature</c> headers.
/// </summary>
internal static class KieCallbacks
{
    public const string TimestampHeader = "X-Webhook-Timestamp";
    public const string SignatureHeader = "X-Webhook-Signature";
    public const string SuccessMessage = "BFL image generated successfully.";

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

    /// <summary>The signature headers when <paramref name="hmacKey"/> is set, else none.</summary>
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
