using System.Buffers;
using System.Security.Cryptography;
using System.Text;

namespace ImagingClient.Webhooks;

/// <summary>
/// The scheme that signs the raw body alone: header value <c>sha256=&lt;hex&gt;</c> (or the bare hex), the hex of
/// HMAC-SHA256(key, body), read case-insensitively and compared in constant time. The scheme has no timestamp, so it
/// offers no protection against replays; deduplicate on the job and event instead. Where the key is derived from a
/// secret (an API key), it is the raw 32-byte SHA-256 digest of the secret's UTF-8 (<see cref="DeriveKey"/>).
/// </summary>
internal static class HexBodySignature
{
    public const string Prefix = "sha256=";

    /// <summary>The HMAC key derived from a secret: the raw SHA-256 digest of its UTF-8 bytes.</summary>
    public static byte[] DeriveKey(string secret)
    {
        ArgumentException.ThrowIfNullOrEmpty(secret);
        var bytes = Encoding.UTF8.GetBytes(secret);
        try
        {
            return SHA256.HashData(bytes);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(bytes);
        }
    }

    /// <summary>The header value for a body: <c>sha256=</c> and the lowercase hex HMAC.</summary>
    public static string Compute(ReadOnlySpan<byte> key, ReadOnlySpan<byte> body)
    {
        Span<byte> mac = stackalloc byte[WebhookHmac.Length];
        HMACSHA256.HashData(key, body, mac);
        return Prefix + Convert.ToHexStringLower(mac);
    }

    /// <summary>Checks the signature header's value against the body.</summary>
    /// <param name="key">The HMAC key.</param>
    /// <param name="signature">The header's value, or <see langword="null"/> when it is missing.</param>
    /// <param name="body">The raw body.</param>
    /// <param name="header">The header's name, for the message.</param>
    public static WebhookCheck Verify(ReadOnlySpan<byte> key, string? signature, ReadOnlySpan<byte> body, string header)
    {
        if (string.IsNullOrWhiteSpace(signature))
        {
            return WebhookCheck.Fail(WebhookFailureReason.MissingHeader, $"The delivery has no {header}.");
        }

        var text = signature.AsSpan().Trim();
        if (text.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase))
        {
            text = text[Prefix.Length..];
        }

        Span<byte> received = stackalloc byte[WebhookHmac.Length];
        if (text.Length != 2 * WebhookHmac.Length
            || Convert.FromHexString(text, received, out _, out var written) != OperationStatus.Done
            || written != WebhookHmac.Length)
        {
            return WebhookCheck.Fail(WebhookFailureReason.MalformedHeader, $"The delivery's {header} is not an HMAC-SHA256 in hex (\"sha256=\" and 64 hex digits).");
        }

        Span<byte> expected = stackalloc byte[WebhookHmac.Length];
        HMACSHA256.HashData(key, body, expected);
        return CryptographicOperations.FixedTimeEquals(expected, received)
            ? WebhookCheck.Passed
            : WebhookCheck.Fail(WebhookFailureReason.SignatureMismatch, $"The signature in {header} does not match the body: the delivery was not signed with the configured key, or was altered.");
    }
}
