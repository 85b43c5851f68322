using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using ImagingClient.Emulator;
using Microsoft.Extensions.Time.Testing;

namespace ImagingClient.Tests.Emulator.Kie;

/// <summary>Plain-HttpClient helpers for talking Kie Flux Kontext to the emulator.</summary>
internal static class KieHttp
{
    public const string GeneratePath = "api/v1/flux/kontext/generate";
    public const string RecordInfoPath = "api/v1/flux/kontext/record-info";
    public const string DownloadUrlPath = "api/v1/common/download-url";
    public const string CreditPath = "api/v1/chat/credit";

    /// <summary>The default <see cref="KieEmulatorOptions.TaskDuration"/>.</summary>
    public static readonly TimeSpan TaskDuration = TimeSpan.FromSeconds(6);

    /// <summary>How long tests wait, on the wall clock, for a background callback delivery.</summary>
    public static readonly TimeSpan CallbackWait = TimeSpan.FromSeconds(10);

    public static HttpClient CreateClient(ImagingEmulator emulator) => new() { BaseAddress = emulator.BaseAddress };

    public static Task<ImagingEmulator> StartAsync(FakeTimeProvider clock, Action<ImagingEmulatorOptions>? configure = null)
    {
        var options = new ImagingEmulatorOptions { TimeProvider = clock };
        configure?.Invoke(options);
        return ImagingEmulator.StartAsync(options);
    }

    public static Task<HttpResponseMessage> PostAsync(HttpClient client, string path, string json, string? bearerKey = KieEmulatorOptions.DefaultApiKey)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path)
        {
            Content = new StringContent(json, Encoding.UTF8, "application/json"),
        };
        Authorize(request, bearerKey);
        return client.SendAsync(request);
    }

    public static Task<HttpResponseMessage> GetAsync(HttpClient client, string pathAndQuery, string? bearerKey = KieEmulatorOptions.DefaultApiKey)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, pathAndQuery);
        Authorize(request, bearerKey);
        return client.SendAsync(request);
    }

    public static async Task<JsonElement> ReadJsonAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        using var document = JsonDocument.Parse(text);
        return document.RootElement.Clone();
    }

    public static int Code(JsonElement body) => body.GetProperty("code").GetInt32();

    public static string Msg(JsonElement body) => body.GetProperty("msg").GetString()!;

    /// <summary>Posts to <paramref name="path"/> and returns the body, asserting HTTP 200 (Kie's business errors are in the body).</summary>
    public static async Task<JsonElement> PostForBodyAsync(HttpClient client, string path, string json)
    {
        using var response = await PostAsync(client, path, json);
        response.StatusCode.Should().Be(HttpStatusCode.OK);
        return await ReadJsonAsync(response);
    }

    /// <summary>Submits a task and returns its id, asserting success.</summary>
    public static async Task<string> SubmitAsync(HttpClient client, string json)
    {
        var body = await PostForBodyAsync(client, GeneratePath, json);
        Code(body).Should().Be(200, body.ToString());
        return body.GetProperty("data").GetProperty("taskId").GetString()!;
    }

    /// <summary>Polls a task and returns <c>data</c>, asserting success.</summary>
    public static async Task<JsonElement> PollAsync(HttpClient client, string taskId)
    {
        using var response = await GetAsync(client, $"{RecordInfoPath}?taskId={Uri.EscapeDataString(taskId)}");
        response.StatusCode.Should().Be(HttpStatusCode.OK);
        var body = await ReadJsonAsync(response);
        Code(body).Should().Be(200, body.ToString());
        return body.GetProperty("data");
    }

    /// <summary>Submits, lets the task finish and returns its result URL.</summary>
    public static async Task<string> GenerateResultUrlAsync(HttpClient client, FakeTimeProvider clock, string json)
    {
        var taskId = await SubmitAsync(client, json);
        clock.Advance(TaskDuration);
        var data = await PollAsync(client, taskId);
        data.GetProperty("successFlag").GetInt32().Should().Be(1);
        return data.GetProperty("response").GetProperty("resultImageUrl").GetString()!;
    }

    private static void Authorize(HttpRequestMessage request, string? bearerKey)
    {
        if (bearerKey is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearerKey);
        }
    }
}
