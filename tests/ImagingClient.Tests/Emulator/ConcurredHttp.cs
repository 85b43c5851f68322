using System.Buffers.Binary;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using ImagingClient.Emulator;

namespace ImagingClient.Tests.Emulator;

/// <summary>Plain-HttpClient helpers for talking Concurred to the emulator.</summary>
internal static class ConcurredHttp
{
    public const string GeneratePath = "api/v1/image/generate";
    public const string EditPath = "api/v1/image/edit";

    public static HttpClient CreateClient(ImagingEmulator emulator) => new() { BaseAddress = emulator.BaseAddress };

    public static HttpRequestMessage Post(string path, string json, string? bearerKey = ConcurredEmulatorOptions.DefaultApiKey)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path)
        {
            Content = new StringContent(json, Encoding.UTF8, "application/json"),
        };
        if (bearerKey is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearerKey);
        }

        return request;
    }

    public static Task<HttpResponseMessage> PostAsync(HttpClient client, string path, string json, string? bearerKey = ConcurredEmulatorOptions.DefaultApiKey) =>
        client.SendAsync(Post(path, json, bearerKey));

    public static async Task<JsonElement> ReadJsonAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        using var document = JsonDocument.Parse(text);
        return document.RootElement.Clone();
    }

    /// <summary>Generates one image with a URL result and returns that URL.</summary>
    public static async Task<string> GenerateUrlAsync(HttpClient client, string json)
    {
        using var response = await PostAsync(client, GeneratePath, json);
        response.StatusCode.Should().Be(System.Net.HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        var body = await ReadJsonAsync(response);
        return body.GetProperty("data").GetProperty("images")[0].GetProperty("url").GetString()!;
    }

    public static string ErrorCode(JsonElement body) => body.GetProperty("error").GetProperty("code").GetString()!;

    public static (int Width, int Height) PngSize(byte[] png)
    {
        png.Should().HaveCountGreaterThan(24);
        png.AsSpan(0, 8).ToArray().Should().Equal(0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A);
        Encoding.ASCII.GetString(png, 12, 4).Should().Be("IHDR");
        return (BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(16)), BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(20)));
    }
}
