using System.ClientModel;
using System.ClientModel.Primitives;
using System.Text;
using System.Text.Json;
using BenchmarkDotNet.Attributes;
using ImagingClient.Providers.Concurred;
using Microsoft.Extensions.DependencyInjection;
using OpenAI;
using OpenAI.Images;
using OpenAIImageClient = OpenAI.Images.ImageClient;

namespace ImagingClient.Benchmarks;

/// <summary>
/// (d) A small answer carrying one result URL, through each client's whole pipeline to an in-memory handler: what a
/// call costs the SDK itself (request built and validated, handlers, parsing), against the raw limit (HttpClient,
/// the body in one array, <see cref="Utf8JsonReader"/> to the URL) and the OpenAI 2.15.0 SDK.
/// </summary>
[MemoryDiagnoser]
public class UrlResultBenchmarks
{
    private static readonly Uri RawEndpoint = new("https://api.example.test/v1/generate");
    private static readonly byte[] RawRequest = Encoding.UTF8.GetBytes("""{"prompt":"a lighthouse","model":"flux-2-pro"}""");

    private IImageClient _imaging = null!;
    private HttpClient _raw = null!;
    private OpenAIImageClient _openAI = null!;

    [GlobalSetup]
    public void Setup()
    {
        var handler = new CannedHandler(Payloads.ConcurredUrl());
        _imaging = global::ImagingClient.ImageClient.Create(imaging => imaging.AddConcurred(
            o => o.ApiKey = "ck_benchmark_key",
            http => http.ConfigurePrimaryHttpMessageHandler(() => handler)));
        _raw = new HttpClient(new CannedHandler(Payloads.ConcurredUrl()));
        _openAI = new OpenAIImageClient("dall-e-3", new ApiKeyCredential("sk-benchmark"), new OpenAIClientOptions
        {
            Transport = new HttpClientPipelineTransport(new HttpClient(new CannedHandler(Payloads.OpenAIUrl()))),
        });
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _imaging.Dispose();
        _raw.Dispose();
    }

    [Benchmark(Baseline = true, Description = "Raw limit")]
    public async Task<Uri> Raw()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, RawEndpoint) { Content = new ByteArrayContent(RawRequest) };
        using var response = await _raw.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        var body = await response.Content.ReadAsByteArrayAsync();
        return FindUrl(body);
    }

    [Benchmark(Description = "ImagingClient")]
    public async Task<Uri> ImagingClientSdk()
    {
        var result = await _imaging.GenerateAsync(new ImageGenerationRequest { Prompt = "a lighthouse", Model = ConcurredModels.Flux2Pro });
        return ((RemoteGeneratedImage)result.Images[0]).Url;
    }

    [Benchmark(Description = "OpenAI 2.15.0")]
    public async Task<Uri> OpenAISdk()
    {
        var result = await _openAI.GenerateImageAsync("a lighthouse", new ImageGenerationOptions { ResponseFormat = GeneratedImageFormat.Uri });
        return result.Value.ImageUri;
    }

    private static Uri FindUrl(ReadOnlySpan<byte> body)
    {
        var reader = new Utf8JsonReader(body);
        while (reader.Read())
        {
            if (reader.TokenType == JsonTokenType.PropertyName && reader.ValueTextEquals("url"u8))
            {
                reader.Read();
                return new Uri(reader.GetString()!);
            }
        }

        throw new InvalidOperationException("no url");
    }
}
