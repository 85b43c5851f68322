using System.Buffers.Binary;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using ImagingClient.Emulator;
using Microsoft.Extensions.Time.Testing;

namespace ImagingClient.Tests.Emulator.Apiframe;

/// <summary>Plain-HttpClient helpers for talking Apiframe v2 to the emulator.</summary>
internal static class ApiframeHttp
{
    public const string GeneratePath = "v2/images/generate";
    public const string EditPath = "v2/images/edit";
    public const string UpscalePath = "v2/images/upscale";
    public const string BackgroundRemovePath = "v2/images/background-remove";
    public const string ActionPath = "v2/images/midjourney/action";
    public const string JobsPath = "v2/jobs";
    public const string UploadsPath = "v2/uploads";
    public const string MePath = "v2/me";
    public const string ModelsPath = "v2/models";

    public const string Key = ApiframeEmulatorOptions.DefaultApiKey;

    /// <summary>The default <see cref="ApiframeEmulatorOptions.JobDuration"/>.</summary>
    public static readonly TimeSpan JobDuration = TimeSpan.FromSeconds(4);

    /// <summary>How long tests wait, on the wall clock, for a background webhook delivery.</summary>
    public static readonly TimeSpan WebhookWait = TimeSpan.FromSeconds(10);

    public static HttpClient CreateClient(ImagingEmulator emulator) => new() { BaseAddress = emulator.BaseAddress };

    public static Task<ImagingEmulator> StartAsync(FakeTimeProvider clock, Action<ImagingEmulatorOptions>? configure = null)
    {
        var options = new ImagingEmulatorOptions { TimeProvider = clock };
        configure?.Invoke(options);
        return ImagingEmulator.StartAsync(options);
    }

    public static Task<HttpResponseMessage> PostAsync(HttpClient client, string path, string json, string? key = Key, string? idempotencyKey = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path)
        {
            Content = new StringContent(json, Encoding.UTF8, "application/json"),
        };
        Authorize(request, key);
        if (idempotencyKey is not null)
        {
            request.Headers.TryAddWithoutValidation("Idempotency-Key", idempotencyKey);
        }

        return client.SendAsync(request);
    }

    public static Task<HttpResponseMessage> GetAsync(HttpClient client, string pathAndQuery, string? key = Key)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, pathAndQuery);
        Authorize(request, key);
        return client.SendAsync(request);
    }

    public static async Task<JsonElement> ReadJsonAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        using var document = JsonDocument.Parse(text);
        return document.RootElement.Clone();
    }

    /// <summary>Posts and returns the status and body.</summary>
    public static async Task<(HttpStatusCode Status, JsonElement Body)> PostForBodyAsync(HttpClient client, string path, string json, string? idempotencyKey = null)
    {
        using var response = await PostAsync(client, path, json, idempotencyKey: idempotencyKey);
        return (response.StatusCode, await ReadJsonAsync(response));
    }

    /// <summary>Submits a job and returns its id, asserting 202.</summary>
    public static async Task<string> SubmitAsync(HttpClient client, string json, string path = GeneratePath)
    {
        var (status, body) = await PostForBodyAsync(client, path, json);
        status.Should().Be(HttpStatusCode.Accepted, body.ToString());
        body.GetProperty("status").GetString().Should().Be("QUEUED");
        return body.GetProperty("jobId").GetString()!;
    }

    /// <summary>Gets a job, asserting 200.</summary>
    public static async Task<JsonElement> GetJobAsync(HttpClient client, string jobId)
    {
        using var response = await GetAsync(client, $"{JobsPath}/{jobId}");
        var body = await ReadJsonAsync(response);
        response.StatusCode.Should().Be(HttpStatusCode.OK, body.ToString());
        return body;
    }

    /// <summary>Submits, lets the job finish and returns it, asserting COMPLETED.</summary>
    public static async Task<JsonElement> CompleteAsync(HttpClient client, FakeTimeProvider clock, string json, string path = GeneratePath)
    {
        var jobId = await SubmitAsync(client, json, path);
        clock.Advance(JobDuration);
        var job = await GetJobAsync(client, jobId);
        job.GetProperty("status").GetString().Should().Be("COMPLETED", job.ToString());
        return job;
    }

    /// <summary>The image URLs of a completed job's <c>{images:[...]}</c> result.</summary>
    public static string[] Images(JsonElement job) =>
        [.. job.GetProperty("result").GetProperty("images").EnumerateArray().Select(url => url.GetString()!)];

    /// <summary>The <c>details</c> of a 400 body, as path to messages.</summary>
    public static Dictionary<string, string[]> Details(JsonElement body) =>
        body.GetProperty("details").EnumerateObject().ToDictionary(entry => entry.Name, entry => entry.Value.EnumerateArray().Select(message => message.GetString()!).ToArray());

    /// <summary>Downloads a PNG, asserting 200 and the PNG signature.</summary>
    public static async Task<byte[]> DownloadPngAsync(HttpClient client, string url)
    {
        using var response = await client.GetAsync(url);
        response.StatusCode.Should().Be(HttpStatusCode.OK, url);
        response.Content.Headers.ContentType!.MediaType.Should().Be("image/png");
        var bytes = await response.Content.ReadAsByteArrayAsync();
        bytes.AsSpan(0, 8).ToArray().Should().Equal(0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A);
        return bytes;
    }

    /// <summary>A PNG's (width, height), from its IHDR chunk.</summary>
    public static (int Width, int Height) PngSize(byte[] png) =>
        (BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(16, 4)), BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(20, 4)));

    /// <summary>Uploads <paramref name="bytes"/> as the multipart field <paramref name="field"/>.</summary>
    public static Task<HttpResponseMessage> UploadAsync(HttpClient client, byte[] bytes, string field = "file", string fileName = "input.png", string? key = Key)
    {
        var content = new MultipartFormDataContent();
        var file = new ByteArrayContent(bytes);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        content.Add(file, field, fileName);
        var request = new HttpRequestMessage(HttpMethod.Post, UploadsPath) { Content = content };
        Authorize(request, key);
        return client.SendAsync(request);
    }

    /// <summary>Uploads a PNG and returns its URL, asserting 201.</summary>
    public static async Task<string> UploadPngAsync(HttpClient client, byte[] png)
    {
        using var response = await UploadAsync(client, png);
        var body = await ReadJsonAsync(response);
        response.StatusCode.Should().Be(HttpStatusCode.Created, body.ToString());
        return body.GetProperty("url").GetString()!;
    }

    private static void Authorize(HttpRequestMessage request, string? key)
    {
        if (key is not null)
        {
            request.Headers.TryAddWithoutValidation("X-API-Key", key);
        }
    }
}
