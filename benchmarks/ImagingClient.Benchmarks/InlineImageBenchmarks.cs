using System.ClientModel;
using System.ClientModel.Primitives;
using System.Text;
using BenchmarkDotNet.Attributes;
using ImagingClient.Providers.Concurred;
using ImagingClient.Providers.RelayGpu;
using Microsoft.Extensions.DependencyInjection;
using OpenAI;
using OpenAI.Images;
using OpenAIImageClient = OpenAI.Images.ImageClient;

namespace ImagingClient.Benchmarks;

/// <summary>
/// (a) One call answered with one inline image of 1, 4 or 16 megapixels (random bytes, 3 B/px: 3, 12 and 48 MB decoded,
/// 4, 16 and 64 MB of base64), in Concurred's object shape and RelayGPU's bare <c>images[]</c> shape, through each
/// client's whole pipeline to an in-memory handler: ImagingClient, the raw limit (<see cref="RawLimit"/>, the
/// baseline) and the OpenAI 2.15.0 SDK on the same image in its <c>b64_json</c> shape.
/// </summary>
[MemoryDiagnoser]
public class InlineImageBenchmarks
{
    private static readonly Uri RawEndpoint = new("https://api.example.test/v1/generate");
    private static readonly byte[] RawRequest = Encoding.UTF8.GetBytes("""{"prompt":"a lighthouse","model":"imagen-4"}""");

    private IImageClient _imaging = null!;
    private HttpClient _raw = null!;
    private OpenAIImageClient _openAI = null!;
    private string _model = null!;

    [Params(1, 4, 16)]
    public int Megapixels { get; set; }

    [Params(InlineShape.Concurred, InlineShape.RelayGpu)]
    public InlineShape Shape { get; set; }

    /// <summary>The decoded image's size, for the allocated-per-image ratio.</summary>
    public int ImageBytes => Payloads.ImageSize(Megapixels);

    [GlobalSetup]
    public void Setup()
    {
        var size = Payloads.ImageSize(Megapixels);
        var body = Shape == InlineShape.Concurred ? Payloads.ConcurredBase64(1, size) : Payloads.RelayGpuBase64(1, size);
        var handler = new CannedHandler(body);
        _imaging = Shape == InlineShape.Concurred
            ? global::ImagingClient.ImageClient.Create(imaging => imaging.AddConcurred(
                o => o.ApiKey = "ck_benchmark_key",
                http => http.ConfigurePrimaryHttpMessageHandler(() => handler)))
            : global::ImagingClient.ImageClient.Create(imaging => imaging.AddRelayGpu(
                o => o.ApiKey = "rg_benchmark_key",
                http => http.ConfigurePrimaryHttpMessageHandler(() => handler)));
        _model = Shape == InlineShape.Concurred ? ConcurredModels.Imagen4 : RelayGpuModels.Flux2Pro;
        _raw = new HttpClient(new CannedHandler(body));

        var openAIHttp = new HttpClient(new CannedHandler(Payloads.OpenAIBase64(1, size)));
        _openAI = new OpenAIImageClient("gpt-image-1", new ApiKeyCredential("sk-benchmark"), new OpenAIClientOptions
        {
            Transport = new HttpClientPipelineTransport(openAIHttp),
        });
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _imaging.Dispose();
        _raw.Dispose();
    }

    [Benchmark(Baseline = true, Description = "Raw limit")]
    public async Task<int> Raw() =>
        (await RawLimit.GenerateAsync(_raw, RawEndpoint, RawRequest, Shape == InlineShape.Concurred ? RawLimit.Shape.ConcurredObjects : RawLimit.Shape.RelayGpuStrings)).Length;

    [Benchmark(Description = "ImagingClient")]
    public async Task<int> ImagingClientSdk()
    {
        var result = await _imaging.GenerateAsync(new ImageGenerationRequest { Prompt = "a lighthouse", Model = _model });
        return (await result.Images[0].GetBytesAsync()).Length;
    }

    [Benchmark(Description = "OpenAI 2.15.0")]
    public async Task<int> OpenAISdk()
    {
        var result = await _openAI.GenerateImageAsync("a lighthouse", new ImageGenerationOptions());
        return result.Value.ImageBytes.ToMemory().Length;
    }
}

/// <summary>The provider whose inline shape the answer has.</summary>
public enum InlineShape
{
    /// <summary><c>{"data":{"images":[{"base64":"…","mimeType":"image/png"}]}}</c>.</summary>
    Concurred,

    /// <summary><c>{"images":["…"]}</c>.</summary>
    RelayGpu,
}
