using System.Net;
using System.Text;

namespace ImagingClient.Benchmarks;

/// <summary>Canned responses, built once, with images of a realistic size (random bytes behind a PNG signature).</summary>
public static class Payloads
{
    public static byte[] Image(int size, int seed)
    {
        var bytes = new byte[size];
        new Random(seed).NextBytes(bytes);
        ReadOnlySpan<byte> png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];
        png.CopyTo(bytes);
        return bytes;
    }

    /// <summary>Concurred's Imagen answer: base64 items with a media type.</summary>
    public static byte[] ConcurredBase64(int count, int imageSize)
    {
        var json = new StringBuilder("""{"success":true,"data":{"model":"imagen-4","provider":"google","images":[""");
        for (var i = 0; i < count; i++)
        {
            json.Append(i == 0 ? "" : ",").Append("{\"base64\":\"").Append(Convert.ToBase64String(Image(imageSize, i))).Append("\",\"mimeType\":\"image/png\"}");
        }

        return Encoding.UTF8.GetBytes(json.Append("""]},"meta":{"requestId":"req_bench","timestamp":"2026-11-21T00:00:00.000Z"}}""").ToString());
    }

    /// <summary>OpenAI's images answer with the same images: <c>b64_json</c> items.</summary>
    public static byte[] OpenAIBase64(int count, int imageSize)
    {
        var json = new StringBuilder("""{"created":1763683200,"data":[""");
        for (var i = 0; i < count; i++)
        {
            json.Append(i == 0 ? "" : ",").Append("{\"b64_json\":\"").Append(Convert.ToBase64String(Image(imageSize, i))).Append("\"}");
        }

        return Encoding.UTF8.GetBytes(json.Append("]}").ToString());
    }
}

/// <summary>Answers every request with the same bytes, in memory: what is measured is the client, not a network.</summary>
public sealed class CannedHandler(byte[] body) : HttpMessageHandler
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        return Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { Content = content, RequestMessage = request });
    }
}
