using System.Globalization;
using System.Text;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Exporters;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace ImagingClient.Benchmarks;

/// <summary>
/// The performance suite of issue 10, run by <c>dotnet run -c Release --project benchmarks/ImagingClient.Benchmarks</c>:
/// (a) <see cref="InlineImageBenchmarks"/>, (b) <see cref="SocketBenchmarks"/> and <see cref="PeakWorkingSet"/>,
/// (c) <see cref="JobsMeasurement"/>, (d) <see cref="UrlResultBenchmarks"/>; then every target printed as a ratio,
/// from medians, and written to <c>BenchmarkDotNet.Artifacts/results/targets.md</c>.
/// </summary>
public static class PerformanceSuite
{
    private const double TimeTarget = 1.25;
    private const double AllocationTarget = 1.05;
    private const double GrowthTarget = 4.5;
    private const double PeakTarget = 1.2;
    private const long JobsMemoryTarget = 20L * 1024 * 1024;

    public static async Task<int> RunAsync()
    {
        var config = ManualConfig.CreateMinimumViable()
            .AddJob(Job.Default.WithWarmupCount(3).WithIterationCount(15).WithLaunchCount(1).WithId("Suite"))

            // BenchmarkDotNet builds its own copy of this project; on a loaded machine that takes longer than its 2-minute default.
            .WithBuildTimeout(TimeSpan.FromMinutes(10))
            .AddDiagnoser(MemoryDiagnoser.Default)
            .AddExporter(MarkdownExporter.GitHub)
            .AddColumn(StatisticColumn.Median, BaselineRatioColumn.RatioMean, BaselineAllocationRatioColumn.RatioMean)
            .WithOption(ConfigOptions.JoinSummary, false);

        Summary[] summaries;
        List<(string Case, long Peak, long Idle, double MedianMs)> peaks = [];
        using (var server = ChildProcess.Start("serve", SocketBenchmarks.Megapixels.ToString(CultureInfo.InvariantCulture)))
        {
            Environment.SetEnvironmentVariable(SocketBenchmarks.PortVariable, server.FirstLine);
            summaries = BenchmarkRunner.Run([typeof(InlineImageBenchmarks), typeof(SocketBenchmarks), typeof(UrlResultBenchmarks)], config);
            foreach (var concurrency in new[] { 1, 64 })
            {
                foreach (var kind in new[] { "raw", "sdk" })
                {
                    using var peak = ChildProcess.Start("peak", kind, concurrency.ToString(CultureInfo.InvariantCulture), server.FirstLine);
                    var parts = peak.FirstLine.Split(' ');
                    peaks.Add(($"{kind} x{concurrency}", long.Parse(parts[0], CultureInfo.InvariantCulture), long.Parse(parts[1], CultureInfo.InvariantCulture), double.Parse(parts[2], CultureInfo.InvariantCulture)));
                }
            }
        }

        JobsReport jobs;
        using (var emulator = ChildProcess.Start("emulator"))
        {
            jobs = await JobsMeasurement.RunAsync(new Uri(emulator.FirstLine));
        }

        var report = Targets(summaries, peaks, jobs);
        Console.WriteLine(report);
        var folder = Path.Combine(Directory.GetCurrentDirectory(), "BenchmarkDotNet.Artifacts", "results");
        Directory.CreateDirectory(folder);
        await File.WriteAllTextAsync(Path.Combine(folder, "targets.md"), report);
        return 0;
    }

    private static string Targets(Summary[] summaries, List<(string Case, long Peak, long Idle, double MedianMs)> peaks, JobsReport jobs)
    {
        var reports = summaries.SelectMany(s => s.Reports).Where(r => r.ResultStatistics is not null).ToList();
        double Median(Type type, string method, params (string Name, object Value)[] parameters) => Find(reports, type, method, parameters).ResultStatistics!.Median;
        long Allocated(Type type, string method, params (string Name, object Value)[] parameters)
        {
            var found = Find(reports, type, method, parameters);
            return found.GcStats.GetBytesAllocatedPerOperation(found.BenchmarkCase) ?? 0;
        }

        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"# Targets ({DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} cores, .NET {Environment.Version})");
        text.AppendLine();
        text.AppendLine("## (a) One inline image: ratios of medians");
        text.AppendLine();
        text.AppendLine("| shape | image | SDK / raw (time) | SDK / OpenAI (time) | SDK allocated / image | raw allocated / image | OpenAI allocated / image | SDK time growth per 4x | raw time growth per 4x |");
        text.AppendLine("|---|---|---|---|---|---|---|---|---|");
        foreach (var shape in new[] { InlineShape.Concurred, InlineShape.RelayGpu })
        {
            double? previousSdk = null, previousRaw = null;
            foreach (var mp in new[] { 1, 4, 16 })
            {
                (string, object)[] at = [("Megapixels", mp), ("Shape", shape)];
                var raw = Median(typeof(InlineImageBenchmarks), nameof(InlineImageBenchmarks.Raw), at);
                var sdk = Median(typeof(InlineImageBenchmarks), nameof(InlineImageBenchmarks.ImagingClientSdk), at);
                var openAI = Median(typeof(InlineImageBenchmarks), nameof(InlineImageBenchmarks.OpenAISdk), at);
                double image = Payloads.ImageSize(mp);
                text.AppendLine(CultureInfo.InvariantCulture,
                    $"| {shape} | {mp} MP ({image / 1e6:0} MB) | {Mark(sdk / raw, TimeTarget)} | {Mark(sdk / openAI, 1.0, strict: true)} | {Mark(Allocated(typeof(InlineImageBenchmarks), nameof(InlineImageBenchmarks.ImagingClientSdk), at) / image, AllocationTarget)} | {Allocated(typeof(InlineImageBenchmarks), nameof(InlineImageBenchmarks.Raw), at) / image:0.00}x | {Allocated(typeof(InlineImageBenchmarks), nameof(InlineImageBenchmarks.OpenAISdk), at) / image:0.00}x | {(previousSdk is { } ps ? Mark(sdk / ps, GrowthTarget) : "–")} | {(previousRaw is { } pr ? $"{raw / pr:0.00}x" : "–")} |");
                previousSdk = sdk;
                previousRaw = raw;
            }
        }

        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture, $"## (b) {SocketBenchmarks.Megapixels} MP over a loopback socket (server in its own process)");
        text.AppendLine();
        text.AppendLine("| calls at once | SDK / raw (time, BenchmarkDotNet median) | SDK peak working set | raw peak working set | SDK / raw (peak) |");
        text.AppendLine("|---|---|---|---|---|");
        foreach (var concurrency in new[] { 1, 64 })
        {
            (string, object)[] at = [("Concurrency", concurrency)];
            var ratio = Median(typeof(SocketBenchmarks), nameof(SocketBenchmarks.ImagingClientSdk), at) / Median(typeof(SocketBenchmarks), nameof(SocketBenchmarks.Raw), at);
            var raw = peaks.Single(p => p.Case == $"raw x{concurrency}");
            var sdk = peaks.Single(p => p.Case == $"sdk x{concurrency}");
            text.AppendLine(CultureInfo.InvariantCulture,
                $"| {concurrency} | {Mark(ratio, TimeTarget)} | {sdk.Peak / 1048576.0:0} MB (idle {sdk.Idle / 1048576.0:0}) | {raw.Peak / 1048576.0:0} MB (idle {raw.Idle / 1048576.0:0}) | {Mark((double)sdk.Peak / raw.Peak, PeakTarget)} |");
        }

        text.AppendLine();
        text.AppendLine("## (c) 1,000 concurrent Kie jobs on the emulator (in its own process)");
        text.AppendLine();
        text.AppendLine(jobs.ToString());
        text.AppendLine(CultureInfo.InvariantCulture,
            $"Managed memory while waiting: {Mark(jobs.PeakManagedBytesWhileWaiting / (double)JobsMemoryTarget, 1.0)} of the 20 MB target; threads: {(jobs.PeakProcessThreads < JobsMeasurement.Jobs / 10 ? "no thread per job (met)" : "MISSED")}.");
        text.AppendLine();
        text.AppendLine("## (d) A small URL result: per-call cost");
        text.AppendLine();
        text.AppendLine("| client | median | allocated per call |");
        text.AppendLine("|---|---|---|");
        foreach (var method in new[] { nameof(UrlResultBenchmarks.Raw), nameof(UrlResultBenchmarks.ImagingClientSdk), nameof(UrlResultBenchmarks.OpenAISdk) })
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"| {method} | {Median(typeof(UrlResultBenchmarks), method) / 1000:0.0} µs | {Allocated(typeof(UrlResultBenchmarks), method) / 1024.0:0.0} KB |");
        }

        return text.ToString();
    }

    private static BenchmarkReport Find(List<BenchmarkReport> reports, Type type, string method, (string Name, object Value)[] parameters) =>
        reports.Single(r => r.BenchmarkCase.Descriptor.Type == type
            && r.BenchmarkCase.Descriptor.WorkloadMethod.Name == method
            && parameters.All(p => Equals(r.BenchmarkCase.Parameters[p.Name], p.Value)));

    private static string Mark(double ratio, double target, bool strict = false) =>
        string.Create(CultureInfo.InvariantCulture, $"{ratio:0.00}x {((strict ? ratio < target : ratio <= target) ? "(met)" : "(MISSED)")}");
}
