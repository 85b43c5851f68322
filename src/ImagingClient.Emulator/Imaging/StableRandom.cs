using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace ImagingClient.Emulator.Imaging;

/// <summary>
/// A small deterministic pseudo-random generator (SplitMix64) seeded from a SHA-256 hash of
/// text, so the same inputs give the same sequence in every process
/// (unlike <see cref="string.GetHashCode()"/>, which is randomized per process).
/// </summary>
internal struct StableRandom
{
    private ulong _state;

    private StableRandom(ulong state) => _state = state;

    /// <summary>Creates a generator from the SHA-256 of the parts joined with U+001F.</summary>
    public static StableRandom FromText(params ReadOnlySpan<string> parts)
    {
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        Hash(parts, hash);
        return new StableRandom(BinaryPrimitives.ReadUInt64LittleEndian(hash));
    }

    /// <summary>
    /// The seed used when a request gives none: the first four bytes of SHA-256("seed" U+001F prompt),
    /// read little-endian as an unsigned 32-bit number. The same prompt therefore always gives the same image.
    /// </summary>
    public static long SeedFromPrompt(string prompt)
    {
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        Hash(["seed", prompt], hash);
        return BinaryPrimitives.ReadUInt32LittleEndian(hash);
    }

    public ulong NextUInt64()
    {
        var z = _state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>A number in [<paramref name="minInclusive"/>, <paramref name="maxExclusive"/>).</summary>
    public int Next(int minInclusive, int maxExclusive)
    {
        var range = (ulong)((long)maxExclusive - minInclusive);
        return (int)(minInclusive + (long)(NextUInt64() % range));
    }

    /// <summary>A number in [0, 1).</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    private static void Hash(ReadOnlySpan<string> parts, Span<byte> destination)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        ReadOnlySpan<byte> separator = [0x1F];
        for (var i = 0; i < parts.Length; i++)
        {
            if (i > 0)
            {
                hash.AppendData(separator);
            }

            hash.AppendData(Encoding.UTF8.GetBytes(parts[i]));
        }

        hash.GetHashAndReset(destination);
    }
}
