using System.Net;
using System.Text;

namespace ImagingClient.Benchmarks;

/// <summary>Canned responses, built once, with images of a realistic size (random bytes behind a PNG signature).</summary>
public static class Payloads
{
    /// <summary>Bytes per pixel of the benchmark's images: an uncompressible RGB image.</summary>
    public const int BytesPerPixel = 3;

    /// <summary>An image of <paramref name="megapixels"/> million pixels at 3 bytes each (1 MP = 3,000,000 bytes).</summary>
    public static int ImageSize(int megapixels) => megapixels * 1_000_000 * BytesPerPixel;

    public static byte[] Image(int size, int seed)
    {
        var bytes = GC.AllocateUninitializedArray<byte>(size);
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

    /// <summary>RelayGPU's answer on a base64 route: bare base64 strings in <c>images</c>.</summary>
    public static byte[] RelayGpuBase64(int count, int imageSize)
    {
        var json = new StringBuilder("""{"images":[""");
        for (var i = 0; i < count; i++)
        {
            json.Append(i == 0 ? "\"" : ",\"").Append(Convert.ToBase64String(Image(imageSize, i))).Append('"');
        }

        return Encoding.UTF8.GetBytes(json.Append("""],"model":"black-forest-labs/FLUX-2-pro","mode":"sync","finish_reason":"stop"}""").ToString());
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

    /// <summary>Concurred's Flux answer: one URL.</summary>
    public static byte[] ConcurredUrl() => Encoding.UTF8.GetBytes(
        """{"success":true,"data":{"model":"flux-2-pro","provider":"flux","images":[{"url":"https://cdn.concurred.example/results/3f2c9a/image-0.png"}]},"meta":{"requestId":"req_bench","timestamp":"2026-11-21T00:00:00.000Z"}}""");

    /// <summary>OpenAI's answer with one URL.</summary>
    public static byte[] OpenAIUrl() => Encoding.UTF8.GetBytes(
        """{"created":1763683200,"data":[{"url":"https://cdn.openai.example/results/3f2c9a/image-0.png","revised_prompt":"a lighthouse"}]}""");
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
