namespace ImagingClient.Emulator.Apiframe;

/// <summary>One file from <c>POST /v2/uploads</c>.</summary>
internal sealed record ApiframeUpload(string Id, string FileName, byte[] Bytes, string ContentType, string Kind, DateTimeOffset ExpiresAt)
{
    public bool IsExpired(DateTimeOffset now) => now >= ExpiresAt;
}

/// <summary>What magic-byte sniffing recognised: the media type, the kind and the file extension.</summary>
internal sealed record ApiframeMediaType(string ContentType, string Kind, string Extension)
{
    /// <summary>The largest image or audio upload: 25 MB.</summary>
    public const int MaxImageBytes = 25 * 1024 * 1024;

    /// <summary>The largest video upload: 50 MB.</summary>
    public const int MaxVideoBytes = 50 * 1024 * 1024;

    public int MaxBytes => Kind == "video" ? MaxVideoBytes : MaxImageBytes;

    /// <summary>
    /// Recognises PNG, JPEG, WebP and GIF images, MP4, WebM and MOV videos and MP3, WAV, OGG and M4A audio by their
    /// first bytes (the declared content type is ignored, as Apiframe does); null for anything else.
    /// </summary>
    public static ApiframeMediaType? Sniff(ReadOnlySpan<byte> bytes)
    {
        if (bytes.StartsWith((ReadOnlySpan<byte>)[0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A]))
        {
            return new("image/png", "image", ".png");
        }

        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xD8, 0xFF]))
        {
            return new("image/jpeg", "image", ".jpg");
        }

        if (bytes.StartsWith("GIF87a"u8) || bytes.StartsWith("GIF89a"u8))
        {
            return new("image/gif", "image", ".gif");
        }

        if (bytes.Length >= 12 && bytes.StartsWith("RIFF"u8))
        {
            if (bytes[8..12].SequenceEqual("WEBP"u8))
            {
                return new("image/webp", "image", ".webp");
            }

            if (bytes[8..12].SequenceEqual("WAVE"u8))
            {
                return new("audio/wav", "audio", ".wav");
            }

            return null;
        }

        if (bytes.Length >= 12 && bytes[4..8].SequenceEqual("ftyp"u8))
        {
            var brand = bytes[8..12];
            if (brand.SequenceEqual("qt  "u8))
            {
                return new("video/quicktime", "video", ".mov");
            }

            return brand.SequenceEqual("M4A "u8) ? new("audio/mp4", "audio", ".m4a") : new("video/mp4", "video", ".mp4");
        }

        if (bytes.StartsWith((ReadOnlySpan<byte>)[0x1A, 0x45, 0xDF, 0xA3]))
        {
            return new("video/webm", "video", ".webm");
        }

        if (bytes.StartsWith("OggS"u8))
        {
            return new("audio/ogg", "audio", ".ogg");
        }

        if (bytes.StartsWith("ID3"u8) || (bytes.Length >= 2 && bytes[0] == 0xFF && (bytes[1] & 0xE0) == 0xE0 && (bytes[1] & 0x06) != 0))
        {
            return new("audio/mpeg", "audio", ".mp3");
        }

        return null;
    }
}

/// <summary>
/// The uploaded files, bounded like the image store: at most <see cref="Capacity"/> files and
/// <see cref="MaxTotalBytes"/> bytes, the oldest evicted first. Thread-safe.
/// </summary>
internal sealed class ApiframeUploads
{
    public const int Capacity = 64;

    public const long MaxTotalBytes = 256L * 1024 * 1024;

    private readonly Lock _gate = new();
    private readonly Dictionary<string, ApiframeUpload> _uploads = new(StringComparer.Ordinal);
    private readonly Queue<string> _order = new();
    private long _totalBytes;

    public ApiframeUpload Add(byte[] bytes, ApiframeMediaType type, DateTimeOffset expiresAt)
    {
        var id = Guid.NewGuid().ToString("D");
        var upload = new ApiframeUpload(id, id + type.Extension, bytes, type.ContentType, type.Kind, expiresAt);
        lock (_gate)
        {
            _uploads.Add(upload.FileName, upload);
            _order.Enqueue(upload.FileName);
            _totalBytes += bytes.LongLength;
            while (_order.Count > Capacity || (_totalBytes > MaxTotalBytes && _order.Count > 1))
            {
                if (_uploads.Remove(_order.Dequeue(), out var evicted))
                {
                    _totalBytes -= evicted.Bytes.LongLength;
                }
            }
        }

        return upload;
    }

    /// <summary>Finds an upload by its file name (<c>{id}.{ext}</c>).</summary>
    public bool TryGet(string fileName, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out ApiframeUpload? upload)
    {
        lock (_gate)
        {
            return _uploads.TryGetValue(fileName, out upload);
        }
    }
}
