using System.Diagnostics;
using System.Globalization;
using System.Text;
using BenchmarkDotNet.Attributes;
using ImagingClient.Providers.Concurred;
using Microsoft.Extensions.DependencyInjection;

namespace ImagingClient.Benchmarks;

/// <summary>
/// (b) One Concurred answer with one 4 MP inline image (16 MB of base64) over a real loopback socket, from a server in
/// its own process (<see cref="SocketServer"/>): one call, and 64 at once, ImagingClient against the raw limit.
/// </summary>
/// <remarks>
/// The server's port comes from <see cref="PortVariable"/>, which the benchmark program sets after starting the server
/// and which BenchmarkDotNet's processes inherit.
/// </remarks>
[MemoryDiagnoser]
public class SocketBenchmarks
{
    /// <summary>The environment variable holding the server's port.</summary>
    public const string PortVariable = "IMAGINGCLIENT_BENCH_SOCKET_PORT";

    /// <summary>The image's size in megapixels.</summary>
    public const int Megapixels = 4;

    private SocketClients _clients = null!;

    [Params(1, 64)]
    public int Concurrency { get; set; }

    [GlobalSetup]
    public void Setup() => _clients = SocketClients.Create(SocketClients.PortFromEnvironment());

    [GlobalCleanup]
    public void Cleanup() => _clients.Dispose();

    [Benchmark(Baseline = true, Description = "Raw limit")]
    public Task<long> Raw() => _clients.RunAsync(raw: true, Concurrency);

    [Benchmark(Description = "ImagingClient")]
    public Task<long> ImagingClientSdk() => _clients.RunAsync(raw: false, Concurrency);
}

/// <summary>The two clients of the socket measurements, pointed at the server's port.</summary>
public sealed class SocketClients : IDisposable
{
    private static readonly byte[] RawRequest = Encoding.UTF8.GetBytes("""{"prompt":"a lighthouse","model":"imagen-4"}""");

    private readonly HttpClient _raw;
    private readonly Uri _rawEndpoint;
    private readonly IImageClient _imaging;

    private SocketClients(int port)
    {
        var origin = new Uri($"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}/");
        _rawEndpoint = new Uri(origin, "api/v1/image/generate");
        _raw = new HttpClient(new SocketsHttpHandler { AutomaticDecompression = System.Net.DecompressionMethods.None });
        _imaging = global::ImagingClient.ImageClient.Create(imaging => imaging.AddConcurred(o =>
        {
            o.ApiKey = "ck_benchmark_key";
            o.BaseAddress = origin;
        }));
    }

    public static SocketClients Create(int port) => new(port);

    public static int PortFromEnvironment() =>
        int.TryParse(Environment.GetEnvironmentVariable(SocketBenchmarks.PortVariable), NumberStyles.None, CultureInfo.InvariantCulture, out var port)
            ? port
            : throw new InvalidOperationException($"{SocketBenchmarks.PortVariable} is not set: run the socket benchmarks through the benchmark program, which starts the server.");

    /// <summary>Makes <paramref name="concurrency"/> calls at once; returns the bytes of the images they produced.</summary>
    public async Task<long> RunAsync(bool raw, int concurrency)
    {
        var calls = new Task<int>[concurrency];
        for (var i = 0; i < concurrency; i++)
        {
            calls[i] = raw ? RawCallAsync() : SdkCallAsync();
        }

        long total = 0;
        foreach (var length in await Task.WhenAll(calls))
        {
            total += length;
        }

        return total;
    }

    public void Dispose()
    {
        _raw.Dispose();
        _imaging.Dispose();
    }

    private async Task<int> RawCallAsync() =>
        (await RawLimit.GenerateAsync(_raw, _rawEndpoint, RawRequest, RawLimit.Shape.ConcurredObjects).ConfigureAwait(false)).Length;

    private async Task<int> SdkCallAsync()
    {
        var result = await _imaging.GenerateAsync(new ImageGenerationRequest { Prompt = "a lighthouse", Model = ConcurredModels.Imagen4 }).ConfigureAwait(false);
        return (await result.Images[0].GetBytesAsync().ConfigureAwait(false)).Length;
    }
}

/// <summary>
/// The peak working set of a process making the socket calls, measured in a fresh process per case
/// (<c>ImagingClient.Benchmarks peak raw|sdk &lt;concurrency&gt; &lt;port&gt;</c>): two warm-up rounds, a full
/// collection, then seven measured rounds, each with the peak reset before it (Linux: <c>/proc/self/clear_refs</c>);
/// it prints the median of the rounds' peak resident sets, the resident set before them, and the median round time.
/// </summary>
public static class PeakWorkingSet
{
    private const int WarmupRounds = 2;
    private const int MeasuredRounds = 7;

    public static async Task<int> RunAsync(bool raw, int concurrency, int port)
    {
        using var clients = SocketClients.Create(port);
        for (var i = 0; i < WarmupRounds; i++)
        {
            await clients.RunAsync(raw, concurrency);
        }

        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        var idle = ResidentBytes("VmRSS:");
        var rounds = new List<double>(MeasuredRounds);
        var peaks = new List<long>(MeasuredRounds);
        for (var i = 0; i < MeasuredRounds; i++)
        {
            // Each round's own peak: reset the high-water mark, make the calls, read it.
            File.WriteAllText("/proc/self/clear_refs", "5");
            var started = Stopwatch.GetTimestamp();
            await clients.RunAsync(raw, concurrency);
            rounds.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            peaks.Add(ResidentBytes("VmHWM:"));
        }

        rounds.Sort();
        peaks.Sort();
        Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{peaks[peaks.Count / 2]} {idle} {rounds[rounds.Count / 2]:0.0}"));
        return 0;
    }

    /// <summary>A <c>/proc/self/status</c> field in bytes.</summary>
    private static long ResidentBytes(string field)
    {
        foreach (var line in File.ReadLines("/proc/self/status"))
        {
            if (line.StartsWith(field, StringComparison.Ordinal))
            {
                return long.Parse(line.AsSpan(field.Length).Trim().TrimEnd("kB").Trim(), CultureInfo.InvariantCulture) * 1024;
            }
        }

        throw new InvalidOperationException($"{field} is not in /proc/self/status (the peak is measured on Linux only).");
    }
}
