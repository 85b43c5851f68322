using System.ClientModel;
using System.ClientModel.Primitives;
using BenchmarkDotNet.Attributes;
using ImagingClient.Providers.Concurred;
using Microsoft.Extensions.DependencyInjection;
using OpenAI;
using OpenAI.Images;
using OpenAIImageClient = OpenAI.Images.ImageClient;

namespace ImagingClient.Benchmarks;

/// <summary>
/// One whole call — request built and validated, sent through the client's HTTP pipeline to an in-memory handler,
/// the answer read into image bytes — for ImagingClient and for the OpenAI .NET SDK on an answer of the same size.
/// </summary>
[MemoryDiagnoser]
public class EndToEndBenchmarks
{
    private IImageClient _imaging = null!;
    private OpenAIImageClient _openAI = null!;

    [Params(1, 4)]
    public int Images { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var concurred = new CannedHandler(Payloads.ConcurredBase64(Images, 1_500_000));
        _imaging = global::ImagingClient.ImageClient.Create(imaging => imaging.AddConcurred(
            o => o.ApiKey = "ck_benchmark_key",
            http => http.ConfigurePrimaryHttpMessageHandler(() => concurred)));

        var openAIHttp = new HttpClient(new CannedHandler(Payloads.OpenAIBase64(Images, 1_500_000)));
        _openAI = new OpenAIImageClient("gpt-image-1", new ApiKeyCredential("sk-benchmark"), new OpenAIClientOptions
        {
            Transport = new HttpClientPipelineTransport(openAIHttp),
        });
    }

    [GlobalCleanup]
    public void Cleanup() => _imaging.Dispose();

    [Benchmark(Baseline = true, Description = "OpenAI 2.15.0 GenerateImagesAsync (b64_json)")]
    public async Task<long> OpenAISdk()
    {
        var result = await _openAI.GenerateImagesAsync("a lighthouse", Images, new ImageGenerationOptions());
        long total = 0;
        foreach (var image in result.Value)
        {
            total += image.ImageBytes.ToMemory().Length;
        }

        return total;
    }

    [Benchmark(Description = "ImagingClient GenerateAsync (Concurred base64)")]
    public async Task<long> ImagingClientSdk()
    {
        var result = await _imaging.GenerateAsync(new ImageGenerationRequest
        {
            Prompt = "a lighthouse",
            Model = ConcurredModels.Imagen4,
            Count = Images,
        });
        long total = 0;
        foreach (var image in result.Images)
        {
            total += (await image.GetBytesAsync()).Length;
        }

        return total;
    }
}
