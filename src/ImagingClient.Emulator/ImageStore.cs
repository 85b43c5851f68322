using System.Security.Cryptography;

namespace ImagingClient.Emulator;

/// <summary>
/// In-memory store for the images the emulator hands out as URLs. Bounded: beyond
/// <see cref="Capacity"/> images the oldest are evicted. Thread-safe.
/// </summary>
internal sealed class ImageStore(int capacity = ImageStore.DefaultCapacity)
{
    /// <summary>How many images are kept unless <see cref="ImagingEmulatorOptions.ImageCapacity"/> says otherwise.</summary>
    public const int DefaultCapacity = 256;

    private readonly Lock _gate = new();
    private readonly Dictionary<string, StoredImage> _images = new(StringComparer.Ordinal);
    private readonly Queue<string> _order = new();

    /// <summary>How many images are kept; beyond that the oldest are evicted.</summary>
    public int Capacity { get; } = capacity >= 1 ? capacity : throw new ArgumentOutOfRangeException(nameof(capacity), capacity, "The capacity must be at least 1.");

    /// <summary>Stores a PNG and returns its entry, which carries a fresh id and URL signature.</summary>
    public StoredImage Add(byte[] png, int width, int height, DateTimeOffset? expiresAt)
    {
        var image = new StoredImage(RandomHex(16), RandomHex(16), png, width, height, expiresAt);
        lock (_gate)
        {
            _images.Add(image.Id, image);
            _order.Enqueue(image.Id);
            while (_order.Count > Capacity)
            {
                _images.Remove(_order.Dequeue());
            }
        }

        return image;
    }

    public bool TryGet(string id, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out StoredImage? image)
    {
        lock (_gate)
        {
            return _images.TryGetValue(id, out image);
        }
    }

    /// <summary>Lower-case hex of <paramref name="bytes"/> cryptographically random bytes.</summary>
    public static string RandomHex(int bytes) => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(bytes));
}

/// <summary>One stored image. <see cref="ExpiresAt"/> is null for URLs that never expire.</summary>
internal sealed record StoredImage(string Id, string Signature, byte[] Png, int Width, int Height, DateTimeOffset? ExpiresAt)
{
    public bool IsExpired(DateTimeOffset now) => ExpiresAt is { } expiry && now >= expiry;

    /// <summary>The path and query of this image's signed URL, relative to the emulator's base address.</summary>
    public string RelativeUrl => $"files/{Id}.png?sig={Signature}";
}
