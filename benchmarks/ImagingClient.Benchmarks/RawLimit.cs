using System.Buffers;
using System.Buffers.Text;
using System.Text.Json;

namespace ImagingClient.Benchmarks;

/// <summary>
/// The raw limit: what a hand-tuned client can do at best for one inline image. HttpClient with
/// <see cref="HttpCompletionOption.ResponseHeadersRead"/>, the body read once into one array of its Content-Length,
/// a <see cref="Utf8JsonReader"/> to the base64 value, and <see cref="Base64.DecodeFromUtf8(ReadOnlySpan{byte}, Span{byte}, out int, out int, bool)"/>
/// into an array of exactly the decoded size. No validation, no error handling, no retry, no copy it can avoid.
/// </summary>
public static class RawLimit
{
    /// <summary>Which JSON shape carries the image.</summary>
    public enum Shape
    {
        /// <summary>Concurred: <c>{"data":{"images":[{"base64":"…","mimeType":"image/png"}]}}</c>.</summary>
        ConcurredObjects,

        /// <summary>RelayGPU: <c>{"images":["…"]}</c>.</summary>
        RelayGpuStrings,

        /// <summary>OpenAI: <c>{"data":[{"b64_json":"…"}]}</c>.</summary>
        OpenAIObjects,
    }

    public static async Task<byte[]> GenerateAsync(HttpClient http, Uri endpoint, byte[] requestJson, Shape shape, CancellationToken cancellationToken = default)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, endpoint) { Content = new ByteArrayContent(requestJson) };
        request.Content.Headers.ContentType = new("application/json");
        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        response.EnsureSuccessStatusCode();
        var length = checked((int)(response.Content.Headers.ContentLength ?? throw new InvalidOperationException("no Content-Length")));
        var body = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            await using (stream.ConfigureAwait(false))
            {
                await stream.ReadExactlyAsync(body.AsMemory(0, length), cancellationToken).ConfigureAwait(false);
            }

            return Decode(body.AsSpan(0, length), shape);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(body);
        }
    }

    /// <summary>Finds the first image's base64 value and decodes it into an exactly sized array.</summary>
    public static byte[] Decode(ReadOnlySpan<byte> body, Shape shape)
    {
        var reader = new Utf8JsonReader(body);
        var property = shape switch
        {
            Shape.ConcurredObjects => "base64"u8,
            Shape.OpenAIObjects => "b64_json"u8,
            _ => "images"u8,
        };
        while (reader.Read())
        {
            if (reader.TokenType == JsonTokenType.PropertyName && reader.ValueTextEquals(property))
            {
                reader.Read();
                if (reader.TokenType == JsonTokenType.StartArray)
                {
                    reader.Read();
                }

                return DecodeBase64(reader.ValueSpan);
            }
        }

        throw new InvalidOperationException("no image in the body");
    }

    private static byte[] DecodeBase64(ReadOnlySpan<byte> utf8)
    {
        var padding = utf8.Length > 1 && utf8[^1] == '=' ? (utf8[^2] == '=' ? 2 : 1) : 0;
        var image = GC.AllocateUninitializedArray<byte>((utf8.Length / 4 * 3) - padding);
        if (Base64.DecodeFromUtf8(utf8, image, out _, out var written) != OperationStatus.Done || written != image.Length)
        {
            throw new InvalidOperationException("not base64");
        }

        return image;
    }
}
