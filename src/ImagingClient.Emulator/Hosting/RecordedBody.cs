using Microsoft.AspNetCore.Http;

namespace ImagingClient.Emulator.Hosting;

/// <summary>
/// The request body, read once by <see cref="RequestRecorder"/> and kept for the route handlers.
/// </summary>
internal sealed class RecordedBody(byte[] bytes)
{
    public byte[] Bytes { get; } = bytes;

    /// <summary>The body of the current request (empty when none was recorded).</summary>
    public static ReadOnlyMemory<byte> Of(HttpContext context) =>
        context.Features.Get<RecordedBody>()?.Bytes ?? ReadOnlyMemory<byte>.Empty;
}
