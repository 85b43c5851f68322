using System.Runtime.InteropServices;

namespace ImagingClient.Http;

internal static class MemoryStreams
{
    /// <summary>A read-only stream over the memory, without copying it when it is backed by an array.</summary>
    public static Stream Open(ReadOnlyMemory<byte> data) =>
        MemoryMarshal.TryGetArray(data, out var segment) && segment.Array is not null
            ? new MemoryStream(segment.Array, segment.Offset, segment.Count, writable: false)
            : new MemoryStream(data.ToArray(), writable: false);
}
