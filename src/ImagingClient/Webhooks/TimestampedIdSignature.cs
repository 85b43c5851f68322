using System.Security.Cryptography;

namespace ImagingClient.Webhooks;

/// <summary>
/// The scheme that signs an id and a timestamp but not the body: signature =
/// Base64(HMAC-SHA256(key, UTF-8 of <c>id + "." + timestamp</c>)), the timestamp exactly as sent in its header.
/// Compared in constant time. The timestamp's tolerance is checked separately (<see cref="WebhookTimestamp"/>).
/// </summary>
internal static class TimestampedIdSignature
{
    /// <summary>The signature of <paramref name="id"/> and <paramref name="timestamp"/>, in Base64.</summary>
    public static string Compute(ReadOnlySpan<byte> key, string id, string timestamp)
    {
        Span<byte> mac = stackalloc byte[WebhookHmac.Length];
        Sign(key, id, timestamp, mac);
        return Convert.ToBase64String(mac);
    }

    /// <summary>Checks <paramref name="signature"/> (the header's value) against the id and timestamp.</summary>
    /// <param name="key">The HMAC key.</param>
    /// <param name="id">The signed id (from the body or a header).</param>
    /// <param name="timestamp">The timestamp header's value, exactly as received.</param>
    /// <param name="signature">The signature header's value, or <see langword="null"/> when it is missing.</param>
    /// <param name="header">The signature header's name, for the message.</param>
    public static WebhookCheck Verify(ReadOnlySpan<byte> key, string id, string timestamp, string? signature, string header)
    {
        ArgumentNullException.ThrowIfNull(id);
        ArgumentNullException.ThrowIfNull(timestamp);
        if (string.IsNullOrWhiteSpace(signature))
        {
            return WebhookCheck.Fail(WebhookFailureReason.MissingHeader, $"The delivery has no {header}.");
        }

        // Room for a longer value than a signature, so that a wrong length reads as malformed rather than as not Base64.
        Span<byte> received = stackalloc byte[2 * WebhookHmac.Length];
        if (!Convert.TryFromBase64String(signature.Trim(), received, out var length) || length != WebhookHmac.Length)
        {
            return WebhookCheck.Fail(WebhookFailureReason.MalformedHeader, $"The delivery's {header} is not a Base64 HMAC-SHA256 (32 bytes).");
        }

        Span<byte> expected = stackalloc byte[WebhookHmac.Length];
        Sign(key, id, timestamp, expected);
        return CryptographicOperations.FixedTimeEquals(expected, received[..length])
            ? WebhookCheck.Passed
            : WebhookCheck.Fail(WebhookFailureReason.SignatureMismatch, $"The signature in {header} does not match the id and timestamp: the delivery was not signed with the configured key, or was altered.");
    }

    private static void Sign(ReadOnlySpan<byte> key, string id, string timestamp, Span<byte> destination)
    {
        using var hmac = WebhookHmac.Start(key);
        WebhookHmac.AppendUtf8(hmac, id);
        hmac.AppendData("."u8);
        WebhookHmac.AppendUtf8(hmac, timestamp);
        hmac.GetHashAndReset(destination);
    }
}
