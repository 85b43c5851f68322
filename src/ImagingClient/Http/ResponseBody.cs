using System.Buffers;
using System.Text;

namespace ImagingClient.Http;

/// <summary>Reads small bodies (error bodies) with a size cap, and makes short, safe excerpts of them.</summary>
internal static class ResponseBody
{
    /// <summary>The most of an error body this library reads.</summary>
    public const int MaxErrorBodyBytes = 64 * 1024;

    private const int ExcerptChars = 200;

    public static async Task<byte[]> ReadCappedAsync(HttpContent content, CancellationToken cancellationToken) =>
        (await ReadCappedAsync(content, MaxErrorBodyBytes, cancellationToken).ConfigureAwait(false)).Body;

    /// <summary>Reads at most <paramref name="maxBytes"/> of a body, and says whether there was more.</summary>
    public static async Task<(byte[] Body, bool Truncated)> ReadCappedAsync(HttpContent content, int maxBytes, CancellationToken cancellationToken)
    {
        var stream = await content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            var buffer = ArrayPool<byte>.Shared.Rent(Math.Min(maxBytes + 1, 16 * 1024));
            try
            {
                var total = 0;
                int read;
                while ((read = await stream.ReadAsync(buffer.AsMemory(total), cancellationToken).ConfigureAwait(false)) > 0)
                {
                    total += read;
                    if (total > maxBytes)
                    {
                        return (buffer.AsSpan(0, maxBytes).ToArray(), true);
                    }

                    if (total == buffer.Length)
                    {
                        var larger = ArrayPool<byte>.Shared.Rent(Math.Min(buffer.Length * 2, maxBytes + 1));
                        buffer.AsSpan(0, total).CopyTo(larger);
                        ArrayPool<byte>.Shared.Return(buffer);
                        buffer = larger;
                    }
                }

                return (buffer.AsSpan(0, total).ToArray(), false);
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }
    }

    /// <summary>
    /// Reads a whole success body once into one pooled buffer, sized from <c>Content-Length</c> where it is known, and
    /// refuses a body larger than <paramref name="maxBytes"/> as soon as it is known to be (before reading it, when it
    /// declares its length). The caller disposes the result, which returns the buffer.
    /// </summary>
    /// <returns>The body, or <see langword="null"/> when it is larger than <paramref name="maxBytes"/>.</returns>
    public static async Task<PooledBody?> ReadAllAsync(HttpContent content, long maxBytes, CancellationToken cancellationToken)
    {
        var declared = content.Headers.ContentLength;
        if (declared > maxBytes)
        {
            return null;
        }

        var stream = await content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            // One byte more than declared, to see a body that runs past its Content-Length without a second buffer.
            var buffer = ArrayPool<byte>.Shared.Rent(declared is { } length ? (int)Math.Min(length + 1, maxBytes + 1) : 16 * 1024);
            var total = 0;
            try
            {
                int read;
                while ((read = await stream.ReadAsync(buffer.AsMemory(total), cancellationToken).ConfigureAwait(false)) > 0)
                {
                    total += read;
                    if (total > maxBytes)
                    {
                        ArrayPool<byte>.Shared.Return(buffer);
                        return null;
                    }

                    if (total == buffer.Length)
                    {
                        var larger = ArrayPool<byte>.Shared.Rent((int)Math.Min((long)buffer.Length * 2, maxBytes + 1));
                        buffer.AsSpan(0, total).CopyTo(larger);
                        ArrayPool<byte>.Shared.Return(buffer);
                        buffer = larger;
                    }
                }

                return new PooledBody(buffer, total);
            }
            catch
            {
                ArrayPool<byte>.Shared.Return(buffer);
                throw;
            }
        }
    }

    /// <summary>Replaces a response's content with bytes already read from it, keeping its content headers.</summary>
    public static void ReplaceContent(HttpResponseMessage response, byte[] body)
    {
        var replacement = new ByteArrayContent(body);
        foreach (var header in response.Content.Headers)
        {
            if (!string.Equals(header.Key, "Content-Length", StringComparison.OrdinalIgnoreCase))
            {
                replacement.Headers.TryAddWithoutValidation(header.Key, header.Value);
            }
        }

        response.Content.Dispose();
        response.Content = replacement;
    }

    /// <summary>
    /// The start of a body as one line of printable text, with any secret removed; <c>"(empty body)"</c> for nothing.
    /// </summary>
    /// <remarks>
    /// The body given may itself be a cut (a captured prefix, a capped read), so a secret may stand at its end only in
    /// part: the whole text is redacted first, and any tail that is the start of the secret is dropped, both before
    /// and after the excerpt is cut.
    /// </remarks>
    public static string Excerpt(ReadOnlySpan<byte> body, string? secret)
    {
        if (body.IsEmpty)
        {
            return "(empty body)";
        }

        var text = DropSecretPrefixAtEnd(SecretRedactor.Redact(Encoding.UTF8.GetString(body), secret)!, secret);
        var builder = new StringBuilder(Math.Min(text.Length, ExcerptChars + 1));
        var lastWasSpace = false;
        var cut = false;
        foreach (var c in text)
        {
            if (builder.Length >= ExcerptChars)
            {
                cut = true;
                break;
            }

            var isSpace = char.IsWhiteSpace(c) || char.IsControl(c);
            if (isSpace && (lastWasSpace || builder.Length == 0))
            {
                continue;
            }

            builder.Append(isSpace ? ' ' : c);
            lastWasSpace = isSpace;
        }

        var excerpt = DropSecretPrefixAtEnd(builder.ToString().TrimEnd(), secret);
        return cut ? excerpt + "…" : excerpt;
    }

    /// <summary>
    /// Removes a tail of <paramref name="text"/> that is the beginning of <paramref name="secret"/>. Tails of three
    /// characters or fewer are left: they are no more than a key's public prefix (<c>ck_</c>), and dropping them would
    /// mangle ordinary text.
    /// </summary>
    private static string DropSecretPrefixAtEnd(string text, string? secret)
    {
        if (string.IsNullOrEmpty(secret))
        {
            return text;
        }

        for (var length = Math.Min(secret.Length - 1, text.Length); length > 3; length--)
        {
            if (text.EndsWith(secret.AsSpan(0, length), StringComparison.Ordinal))
            {
                return text[..^length] + SecretRedactor.Placeholder;
            }
        }

        return text;
    }
}

/// <summary>A whole response body in a pooled buffer; disposing it returns the buffer.</summary>
internal sealed class PooledBody(byte[] buffer, int length) : IDisposable
{
    private byte[]? _buffer = buffer;

    public ReadOnlySpan<byte> Span => (_buffer ?? throw new ObjectDisposedException(nameof(PooledBody))).AsSpan(0, length);

    public int Length => length;

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _buffer, null) is { } returned)
        {
            ArrayPool<byte>.Shared.Return(returned);
        }
    }
}

/// <summary>
/// A read-only stream that keeps the first bytes read through it, so that a body that turns out not to be JSON can
/// still be quoted in the exception.
/// </summary>
internal sealed class PrefixCapturingStream(Stream inner, int capacity = 512) : Stream
{
    private readonly byte[] _prefix = new byte[capacity];
    private int _captured;

    public ReadOnlySpan<byte> Prefix => _prefix.AsSpan(0, _captured);

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var read = inner.Read(buffer);
        Capture(buffer[..read]);
        return read;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var read = await inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        Capture(buffer.Span[..read]);
        return read;
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inner.Dispose();
        }

        base.Dispose(disposing);
    }

    private void Capture(ReadOnlySpan<byte> read)
    {
        var room = _prefix.Length - _captured;
        if (room > 0 && !read.IsEmpty)
        {
            var take = Math.Min(room, read.Length);
            read[..take].CopyTo(_prefix.AsSpan(_captured));
            _captured += take;
        }
    }
}
