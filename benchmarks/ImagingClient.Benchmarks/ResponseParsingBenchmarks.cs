using System.Text.Json;
using BenchmarkDotNet.Attributes;
using ImagingClient.Providers.Concurred.Wire;
using ImagingClient.Serialization;

namespace ImagingClient.Benchmarks;

/// <summary>
/// Reading a Concurred answer with base64 images: the SDK's source-generated converter (base64 decoded from the UTF-8
/// bytes straight into the final array) against the usual hand-written way (a DOM, a string, then Convert).
/// </summary>
[MemoryDiagnoser]
public class ResponseParsingBenchmarks
{
    private byte[] _body = [];

    [Params(1, 4)]
    public int Images { get; set; }

    [GlobalSetup]
    public void Setup() => _body = Payloads.ConcurredBase64(Images, 1_500_000);

    [Benchmark(Baseline = true, Description = "JsonDocument + string + Convert.FromBase64String")]
    public int HandWritten()
    {
        using var document = JsonDocument.Parse(_body);
        var total = 0;
        foreach (var image in document.RootElement.GetProperty("data").GetProperty("images").EnumerateArray())
        {
            var text = image.GetProperty("base64").GetString()!;
            total += Convert.FromBase64String(text).Length;
        }

        return total;
    }

    [Benchmark(Description = "ImagingClient envelope (source-generated, no string)")]
    public async Task<int> ImagingClientEnvelope()
    {
        using var stream = new MemoryStream(_body, writable: false);
        var envelope = await JsonSerializer.DeserializeAsync(stream, ConcurredJsonContext.Default.ConcurredEnvelope);
        var total = 0;
        foreach (var image in envelope!.Data!.Images!)
        {
            total += image.Data!.Length;
        }

        return total;
    }
}
