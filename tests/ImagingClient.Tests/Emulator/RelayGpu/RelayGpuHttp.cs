using System.Buffers.Binary;
using System.IO.Compression;
using System.Net;
using System.Text;
using System.Text.Json;
using ImagingClient.Emulator;
using ImagingClient.Emulator.Imaging;
using Microsoft.Extensions.Time.Testing;

namespace ImagingClient.Tests.Emulator.RelayGpu;

/// <summary>Plain-HttpClient helpers for talking RelayGPU to the emulator.</summary>
internal static class RelayGpuHttp
{
    public const string Flux = "v2/image/flux/generate";
    public const string Gemini = "v2/image/gemini-3/generate";
    public const string GptImage = "v2/image/gpt-image/generate";
    public const string GptImageEdit = "v2/image/gpt-image/edit";
    public const string GptImage2 = "v2/image/gpt-image-2/generate";
    public const string Qwen = "v2/image/qwen/generate";
    public const string QwenEdit = "v2/image/qwen/edit";
    public const string Seedream = "v2/image/seedream-5-0-pro/generate";
    public const string Wan = "v2/image/wan-2-7-image-pro/generate";
    public const string StableDiffusion = "v2/automatic1111/sdapi/v1/txt2img";
    public const string Tasks = "v2/tasks";
    public const string ModelsPath = "v2/models";

    public const string Key = RelayGpuEmulatorOptions.DefaultApiKey;

    /// <summary>The default <see cref="RelayGpuEmulatorOptions.TaskDuration"/>.</summary>
    public static readonly TimeSpan TaskDuration = TimeSpan.FromSeconds(3);

    /// <summary>How long tests wait, on the wall clock, for something in the background.</summary>
    public static readonly TimeSpan Wait = TimeSpan.FromSeconds(20);

    public static HttpClient CreateClient(ImagingEmulator emulator) => new() { BaseAddress = emulator.BaseAddress };

    public static Task<ImagingEmulator> StartAsync(FakeTimeProvider clock, Action<ImagingEmulatorOptions>? configure = null)
    {
        var options = new ImagingEmulatorOptions { TimeProvider = clock };
        configure?.Invoke(options);
        return ImagingEmulator.StartAsync(options);
    }

    public static Task<HttpResponseMessage> PostAsync(HttpClient client, string path, string json, string? key = Key, string? idempotencyKey = null, bool bearer = false)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        if (key is not null)
        {
            request.Headers.TryAddWithoutValidation(bearer ? "Authorization" : "X-API-Key", bearer ? "Bearer " + key : key);
        }

        if (idempotencyKey is not null)
        {
            request.Headers.TryAddWithoutValidation("Idempotency-Key", idempotencyKey);
        }

        return client.SendAsync(request);
    }

    public static Task<HttpResponseMessage> GetAsync(HttpClient client, string pathAndQuery, string? key = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, pathAndQuery);
        if (key is not null)
        {
            request.Headers.TryAddWithoutValidation("X-API-Key", key);
        }

        return client.SendAsync(request);
    }

    public static async Task<JsonElement> ReadJsonAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        using var document = JsonDocument.Parse(text);
        return document.RootElement.Clone();
    }

    /// <summary>Posts and returns the status and body.</summary>
    public static async Task<(HttpStatusCode Status, JsonElement Body)> SendAsync(HttpClient client, string path, string json, string? key = Key, string? idempotencyKey = null)
    {
        using var response = await PostAsync(client, path, json, key, idempotencyKey);
        return (response.StatusCode, await ReadJsonAsync(response));
    }

    /// <summary>Posts synchronously, asserting 200.</summary>
    public static async Task<JsonElement> SyncAsync(HttpClient client, string path, string json, string? key = Key)
    {
        var (status, body) = await SendAsync(client, path, json, key);
        status.Should().Be(HttpStatusCode.OK, body.ToString());
        return body;
    }

    /// <summary>Submits an async task, asserting the 202, and returns its id.</summary>
    public static async Task<string> SubmitAsync(HttpClient client, string path, string json, string? key = Key, string? idempotencyKey = null)
    {
        var (status, body) = await SendAsync(client, path, json, key, idempotencyKey);
        status.Should().Be(HttpStatusCode.Accepted, body.ToString());
        var taskId = body.GetProperty("task_id").GetString()!;
        taskId.Should().StartWith("direct:");
        body.GetProperty("status").GetString().Should().Be("queued");
        body.GetProperty("poll_url").GetString().Should().Be("/v2/tasks/" + taskId);
        body.GetProperty("message").GetString().Should().Be("Task started. Poll task URL for status.");
        return taskId;
    }

    /// <summary>Polls a task without a key, asserting 200.</summary>
    public static async Task<JsonElement> PollAsync(HttpClient client, string taskId, string query = "")
    {
        using var response = await GetAsync(client, $"{Tasks}/{taskId}{query}");
        var body = await ReadJsonAsync(response);
        response.StatusCode.Should().Be(HttpStatusCode.OK, body.ToString());
        return body;
    }

    /// <summary>The FastAPI validation items of a 422 body, as "loc: type" strings (loc joined with dots).</summary>
    public static string[] Issues(JsonElement body) =>
        [.. body.GetProperty("detail").EnumerateArray().Select(item =>
            string.Join('.', item.GetProperty("loc").EnumerateArray().Select(part => part.ToString())) + ": " + item.GetProperty("type").GetString())];

    /// <summary>Asserts a 422 VALIDATION_ERROR and returns its items.</summary>
    public static string[] ValidationIssues(HttpStatusCode status, JsonElement body)
    {
        status.Should().Be(HttpStatusCode.UnprocessableEntity, body.ToString());
        body.GetProperty("error").GetProperty("code").GetString().Should().Be("VALIDATION_ERROR");
        body.GetProperty("error").GetProperty("detail").GetRawText().Should().Be(body.GetProperty("detail").GetRawText());
        return Issues(body);
    }

    /// <summary>Decodes bare base64 and asserts a PNG.</summary>
    public static byte[] Png(string base64)
    {
        base64.Should().NotStartWith("data:");
        var bytes = Convert.FromBase64String(base64);
        bytes.AsSpan(0, 8).ToArray().Should().Equal(0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A);
        return bytes;
    }

    /// <summary>Downloads a PNG, asserting 200 and the signature.</summary>
    public static async Task<byte[]> DownloadPngAsync(HttpClient client, string url)
    {
        using var response = await client.GetAsync(url);
        response.StatusCode.Should().Be(HttpStatusCode.OK, url);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        bytes.AsSpan(0, 8).ToArray().Should().Equal(0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A);
        return bytes;
    }

    /// <summary>A PNG's (width, height), from its IHDR chunk.</summary>
    public static (int Width, int Height) PngSize(byte[] png) =>
        (BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(16, 4)), BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(20, 4)));

    /// <summary>An opaque RGB PNG, base64.</summary>
    public static string RgbPng(int width, int height) =>
        Convert.ToBase64String(PngEncoder.Encode(ImageRenderer.Generate("test", "input", 1, width, height)));

    /// <summary>An RGBA PNG (colour type 6) whose left half is fully transparent, base64: a mask.</summary>
    public static string MaskPng(int width, int height)
    {
        var raw = new MemoryStream();
        using (var zlib = new ZLibStream(raw, CompressionLevel.Fastest, leaveOpen: true))
        {
            for (var y = 0; y < height; y++)
            {
                zlib.WriteByte(0);
                for (var x = 0; x < width; x++)
                {
                    zlib.Write([255, 255, 255, (byte)(x < width / 2 ? 0 : 255)]);
                }
            }
        }

        var png = new MemoryStream();
        png.Write([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]);
        var header = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(header, width);
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4), height);
        header[8] = 8;
        header[9] = 6;
        Chunk(png, "IHDR", header);
        Chunk(png, "IDAT", raw.ToArray());
        Chunk(png, "IEND", []);
        return Convert.ToBase64String(png.ToArray());

        static void Chunk(Stream output, string type, byte[] data)
        {
            var word = new byte[4];
            BinaryPrimitives.WriteInt32BigEndian(word, data.Length);
            output.Write(word);
            var typeBytes = Encoding.ASCII.GetBytes(type);
            output.Write(typeBytes);
            output.Write(data);
            BinaryPrimitives.WriteUInt32BigEndian(word, Crc32.Append(Crc32.Compute(typeBytes), data));
            output.Write(word);
        }
    }
}
