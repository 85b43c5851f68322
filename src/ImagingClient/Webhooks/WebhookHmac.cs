using System.Buffers;
using System.Security.Cryptography;
using System.Text;

namespace ImagingClient.Webhooks;

/// <summary>HMAC-SHA256 over text and bytes fed piece by piece, so that a signed body is never copied or made a string.</summary>
internal static class WebhookHmac
{
    /// <summary>The length of an HMAC-SHA256, in bytes.</summary>
    public const int Length = HMACSHA256.HashSizeInBytes;

    private const int StackLimit = 256;

    /// <summary>Starts an HMAC-SHA256 with the key.</summary>
    public static IncrementalHash Start(ReadOnlySpan<byte> key) => IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, key);

    /// <summary>Feeds the UTF-8 bytes of <paramref name="text"/> to the HMAC.</summary>
    public static void AppendUtf8(IncrementalHash hmac, ReadOnlySpan<char> text)
    {
        var most = Encoding.UTF8.GetMaxByteCount(text.Length);
        byte[]? rented = null;
        Span<byte> buffer = most <= StackLimit ? stackalloc byte[StackLimit] : (rented = ArrayPool<byte>.Shared.Rent(most));
        try
        {
            var written = Encoding.UTF8.GetBytes(text, buffer);
            hmac.AppendData(buffer[..written]);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }
}
