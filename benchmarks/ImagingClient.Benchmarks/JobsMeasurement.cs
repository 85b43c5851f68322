using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using ImagingClient.Emulator;
using ImagingClient.Providers.Kie;
using Microsoft.Extensions.DependencyInjection;

namespace ImagingClient.Benchmarks;

/// <summary>
/// (c) A thousand Kie jobs at once against the emulator (in its own process, so that only the client is measured):
/// the client's managed memory while they wait, its threads, and the polls each job took. Real time: each task runs
/// <see cref="TaskSeconds"/> seconds in the emulator and the client polls on its shipped schedule.
/// </summary>
public static class JobsMeasurement
{
    public const int Jobs = 1_000;
    public const int TaskSeconds = 8;

    /// <summary>The emulator's side: <c>ImagingClient.Benchmarks emulator</c> prints its base address and runs until its input closes.</summary>
    public static async Task<int> RunEmulatorAsync()
    {
        await using var emulator = await ImagingEmulator.StartAsync(new ImagingEmulatorOptions
        {
            ImageCapacity = 4 * Jobs,
            Kie = { TaskDuration = TimeSpan.FromSeconds(TaskSeconds), ImageLongSide = 64, InitialCredits = 1_000_000 },
        });
        Console.Out.WriteLine(emulator.BaseAddress.ToString());
        Console.Out.Flush();
        var buffer = new char[16];
        while (await Console.In.ReadAsync(buffer, CancellationToken.None) > 0)
        {
        }

        return 0;
    }

    public static async Task<JobsReport> RunAsync(Uri emulator)
    {
        var counter = new PollCounter();
        using var client = global::ImagingClient.ImageClient.Create(imaging => imaging.AddKie(
            o =>
            {
                o.ApiKey = KieEmulatorOptions.DefaultApiKey;
                o.BaseAddress = emulator;
            },
            http => http.AddHttpMessageHandler(() => counter)));

        // Warm up: one job from start to end, so that what follows measures waiting jobs, not first-call costs.
        await client.GenerateAsync(new ImageGenerationRequest { Prompt = "warm-up", Model = KieModels.FluxKontextPro });
        Console.Error.WriteLine("warm-up job done; starting the thousand");
        counter.Reset();
        var baseline = GC.GetTotalMemory(forceFullCollection: true);
        var started = Stopwatch.GetTimestamp();

        var jobs = Enumerable.Range(0, Jobs)
            .Select(i => client.GenerateAsync(new ImageGenerationRequest { Prompt = $"job {i}", Model = KieModels.FluxKontextPro }))
            .ToArray();
        var all = Task.WhenAll(jobs);

        long peakManaged = 0;
        var peakPoolThreads = 0;
        var peakProcessThreads = 0;
        var samples = 0;
        using var process = Process.GetCurrentProcess();
        var limit = TimeSpan.FromSeconds(TaskSeconds * 20);
        while (!all.IsCompleted && Stopwatch.GetElapsedTime(started) < limit)
        {
            await Task.WhenAny(all, Task.Delay(500));
            if (counter.Submitted < Jobs || jobs.Any(j => j.IsCompleted))
            {
                // Measure only while every job is submitted and none has finished: all thousand are waiting.
                continue;
            }

            peakManaged = Math.Max(peakManaged, GC.GetTotalMemory(forceFullCollection: true) - baseline);
            peakPoolThreads = Math.Max(peakPoolThreads, ThreadPool.ThreadCount);
            process.Refresh();
            peakProcessThreads = Math.Max(peakProcessThreads, process.Threads.Count);
            samples++;
        }

        var results = await all;
        var elapsed = Stopwatch.GetElapsedTime(started);
        var polls = counter.PollsPerTask();
        return new JobsReport(
            results.Length,
            results.Select(r => r.JobId).Distinct(StringComparer.Ordinal).Count(),
            counter.Submitted,
            peakManaged,
            peakPoolThreads,
            peakProcessThreads,
            samples,
            polls.Count == 0 ? 0 : polls.Average(),
            polls.Count == 0 ? 0 : polls.Max(),
            elapsed);
    }

    /// <summary>Counts the creating POSTs and, per task id, the status checks.</summary>
    private sealed class PollCounter : DelegatingHandler
    {
        private readonly ConcurrentDictionary<string, int> _polls = new(StringComparer.Ordinal);
        private int _submitted;

        public int Submitted => Volatile.Read(ref _submitted);

        public void Reset()
        {
            _polls.Clear();
            Volatile.Write(ref _submitted, 0);
        }

        public List<int> PollsPerTask() => [.. _polls.Values];

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (request.Method == HttpMethod.Post)
            {
                Interlocked.Increment(ref _submitted);
            }
            else if (request.RequestUri?.Query is { Length: > 0 } query)
            {
                _polls.AddOrUpdate(query, 1, (_, n) => n + 1);
            }

            return base.SendAsync(request, cancellationToken);
        }
    }
}

public sealed record JobsReport(
    int Completed,
    int DistinctJobIds,
    int Submitted,
    long PeakManagedBytesWhileWaiting,
    int PeakThreadPoolThreads,
    int PeakProcessThreads,
    int Samples,
    double MeanPollsPerJob,
    int MaxPollsPerJob,
    TimeSpan Elapsed)
{
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"{Completed} jobs completed ({DistinctJobIds} distinct ids, {Submitted} submits) in {Elapsed.TotalSeconds:0.0} s; while all waited ({Samples} samples): managed memory +{PeakManagedBytesWhileWaiting / 1048576.0:0.0} MB, thread-pool threads {PeakThreadPoolThreads}, process threads {PeakProcessThreads}; polls per job {MeanPollsPerJob:0.00} mean, {MaxPollsPerJob} max");
}
