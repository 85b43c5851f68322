using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;

namespace ImagingClient.Webhooks;

/// <summary>
/// The Standard Webhooks scheme (standardwebhooks.com, symmetric signatures): headers <c>webhook-id</c>,
/// <c>webhook-timestamp</c> (unix seconds) and <c>webhook-signature</c>, which holds one or more space-separated
/// <c>v1,&lt;base64&gt;</c> entries (several during a secret rotation; any one matching suffices; other versions are
/// ignored). Each is Base64(HMAC-SHA256(key, <c>id + "." + timestamp + "." + body</c>)) over the raw body bytes. The
/// secret is <c>whsec_</c> followed by the Base64 of the key (the reference libraries also take the Base64 without the
/// prefix). The timestamp must be within a tolerance of now, 5 minutes by default.
/// </summary>
internal static class StandardWebhooksSignature
{
    public const string IdHeader = "webhook-id";
    public const string TimestampHeader = "webhook-timestamp";
    public const string SignatureHeader = "webhook-signature";
    public const string SecretPrefix = "whsec_";

    private const string VersionPrefix = "v1,";

    /// <summary>Reads a secret (<c>whsec_&lt;base64&gt;</c>, or the Base64 alone) into the HMAC key.</summary>
    /// <returns><see langword="false"/> when the secret is blank, not Base64, or empty once decoded.</returns>
    public static bool TryDecodeSecret(string? secret, [NotNullWhen(true)] out byte[]? key)
    {
        key = null;
        var text = secret.AsSpan().Trim();
        if (text.StartsWith(SecretPrefix, StringComparison.Ordinal))
        {
            text = text[SecretPrefix.Length..];
        }

        if (text.IsEmpty)
        {
            return false;
        }

        var buffer = new byte[((text.Length + 3) / 4) * 3];
        try
        {
            if (!Convert.TryFromBase64Chars(text, buffer, out var written) || written == 0)
            {
                return false;
            }

            key = buffer[..written];
            return true;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(buffer);
        }
    }

    /// <summary>The <c>webhook-signature</c> entry for a delivery: <c>v1,&lt;base64&gt;</c>.</summary>
    public static string Compute(ReadOnlySpan<byte> key, string id, string timestamp, ReadOnlySpan<byte> body)
    {
        Span<byte> mac = stackalloc byte[WebhookHmac.Length];
        Sign(key, id, timestamp, body, mac);
        return VersionPrefix + Convert.ToBase64String(mac);
    }

    /// <summary>Checks a delivery's three headers and body.</summary>
    /// <param name="key">The HMAC key (see <see cref="TryDecodeSecret"/>).</param>
    /// <param name="id">The <c>webhook-id</c> header.</param>
    /// <param name="timestamp">The <c>webhook-timestamp</c> header, exactly as received.</param>
    /// <param name="signatures">The <c>webhook-signature</c> header.</param>
    /// <param name="body">The raw body.</param>
    /// <param name="timeProvider">The clock for the timestamp check.</param>
    /// <param name="sentAt">The timestamp, when it could be read.</param>
    /// <param name="tolerance">How far from now, either way, the timestamp may be; 5 minutes when <see langword="null"/>.</param>
    public static WebhookCheck Verify(
        ReadOnlySpan<byte> key,
        string? id,
        string? timestamp,
        string? signatures,
        ReadOnlySpan<byte> body,
        TimeProvider timeProvider,
        out DateTimeOffset sentAt,
        TimeSpan? tolerance = null)
    {
        sentAt = default;
        if (string.IsNullOrWhiteSpace(id))
        {
            return WebhookCheck.Fail(WebhookFailureReason.MissingHeader, $"The delivery has no {IdHeader}.");
        }

        if (string.IsNullOrWhiteSpace(signatures))
        {
            return WebhookCheck.Fail(WebhookFailureReason.MissingHeader, $"The delivery has no {SignatureHeader}.");
        }

        var time = WebhookTimestamp.Check(timestamp, TimestampHeader, timeProvider, tolerance ?? WebhookTimestamp.DefaultTolerance, out sentAt);
        if (!time.Succeeded)
        {
            return time;
        }

        Span<byte> expected = stackalloc byte[WebhookHmac.Length];
        Sign(key, id, timestamp!, body, expected);

        // Room for a longer value than a signature: a wrong length then fails the comparison instead of the decoding.
        Span<byte> received = stackalloc byte[2 * WebhookHmac.Length];
        var readable = false;
        var all = signatures.AsSpan();
        foreach (var range in all.Split(' '))
        {
            var entry = all[range];
            if (!entry.StartsWith(VersionPrefix, StringComparison.Ordinal))
            {
                // Another version (v1a for asymmetric signatures, later ones), or stray spacing.
                continue;
            }

            if (!Convert.TryFromBase64Chars(entry[VersionPrefix.Length..], received, out var length))
            {
                continue;
            }

            readable = true;
            if (CryptographicOperations.FixedTimeEquals(expected, received[..length]))
            {
                return WebhookCheck.Passed;
            }
        }

        return readable
            ? WebhookCheck.Fail(WebhookFailureReason.SignatureMismatch, $"No v1 signature in {SignatureHeader} matches the id, timestamp and body: the delivery was not signed with the configured secret, or was altered.")
            : WebhookCheck.Fail(WebhookFailureReason.MalformedHeader, $"The delivery's {SignatureHeader} holds no readable v1 signature (space-separated \"v1,<base64>\" entries).");
    }

    private static void Sign(ReadOnlySpan<byte> key, string id, string timestamp, ReadOnlySpan<byte> body, Span<byte> destination)
    {
        using var hmac = WebhookHmac.Start(key);
        WebhookHmac.AppendUtf8(hmac, id);
        hmac.AppendData("."u8);
        WebhookHmac.AppendUtf8(hmac, timestamp);
        hmac.AppendData("."u8);
        hmac.AppendData(body);
        hmac.GetHashAndReset(destination);
    }
}
