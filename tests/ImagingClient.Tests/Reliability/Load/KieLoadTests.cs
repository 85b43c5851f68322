using System.Security.Cryptography;
using ImagingClient.Emulator;
using ImagingClient.Providers.Kie;
using ImagingClient.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace ImagingClient.Tests.Reliability.Load;

/// <summary>
/// A thousand Kie jobs at once, half generations and half edits, through the real client against the emulator on
/// loopback.
/// </summary>
/// <remarks>
/// <para>
/// Time: client and emulator share one <see cref="InstantTimeProvider"/>. Every poll delay fires at once and moves
/// the clock by its length, so polling costs no wall-clock time, and the number of polls a job takes is fixed by the
/// schedule (<see cref="PollBound"/>), not by how fast the machine is. With a thousand jobs the clock moves by every
/// job's delays in turn: a thousand jobs of at most two polls (3 s and 4.5 s) move it about two hours, so the
/// client's call and wait limits are <see cref="LoadLimits.ClientLimit"/>, and every await is bounded on the wall clock.
/// </para>
/// <para>
/// Cost: the emulator renders every picture. It is asked for 64-pixel pictures (a thousand full-size ones would take
/// longer than everything this measures), and keeps enough of them for the downloads that follow.
/// </para>
/// </remarks>
[Collection(LoadTestsDefinition.Name)]
public sealed class KieLoadTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const int Jobs = LoadLimits.Jobs;


    private const int LongSide = 64;

    /// <summary>How long each task runs in the emulator (its default).</summary>
    private static readonly TimeSpan TaskDuration = TimeSpan.FromSeconds(6);

    /// <summary>The shipped poll schedule (3 s, then x 1.5 up to 15 s, jitter 0.1).</summary>
    private static readonly ImagingPollingOptions Polling = new KieClientOptions().Polling;

    private readonly InstantTimeProvider _time = new(DateTimeOffset.UtcNow);
    private ImagingEmulator _emulator = null!;
    private IImageClient _client = null!;

    public async Task InitializeAsync()
    {
        _emulator = await ImagingEmulator.StartAsync(new ImagingEmulatorOptions
        {
            TimeProvider = _time,
            ImageCapacity = 4 * Jobs,
            Kie = { TaskDuration = TaskDuration, ImageLongSide = LongSide, InitialCredits = 1_000_000 },
        });
        _client = ImageClient.Create(imaging =>
        {
            imaging.Services.AddSingleton<TimeProvider>(_time);
            imaging.AddKie(options =>
            {
                options.ApiKey = KieEmulatorOptions.DefaultApiKey;
                options.BaseAddress = _emulator.BaseAddress;
                options.Timeout = LoadLimits.ClientLimit;
                options.Polling.Timeout = LoadLimits.ClientLimit;
            });
        });
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _emulator.DisposeAsync();
    }

    [Fact]
    public async Task GenerateAndEditAsync_ThousandConcurrentKieJobs_AllCompleteWithBoundedPolls()
    {
        // Arrange
        var source = (RemoteGeneratedImage)(await _client.GenerateAsync(new ImageGenerationRequest { Prompt = "the source", Model = KieModels.FluxKontextPro }).WithinLimitAsync("the source")).Images[0];
        var sourceTask = _emulator.Kie.TaskIds.Single();
        var maxPolls = PollBound.MaxChecks(Polling, TaskDuration);
        var creditsBefore = await _client.GetRequiredService<IKieApi>().GetCreditsAsync().WithinLimitAsync("the credit balance");
        var before = _emulator.Requests.Count;
        await using var threads = ThreadPoolSampler.Start();

        // Act: every job at once, each waiting for its own result; then every download at once.
        var results = await Task.WhenAll(Enumerable.Range(0, Jobs).Select(async i =>
        {
            threads.Sample();
            var prompt = $"load job {i}";
            var result = i % 2 == 0
                ? await _client.GenerateAsync(new ImageGenerationRequest { Prompt = prompt, Model = KieModels.FluxKontextPro })
                : await _client.EditAsync(new ImageEditRequest { Prompt = prompt, Model = KieModels.FluxKontextPro, Image = ImageInput.FromUri(source.Url) });
            threads.Sample();
            return (Prompt: prompt, Result: result);
        })).WithinLimitAsync("1,000 Kie jobs");
        var images = await Task.WhenAll(results.Select(r => r.Result.Images[0].GetBytesAsync().AsTask())).WithinLimitAsync("1,000 downloads");

        // Assert: every caller got its own job's picture.
        results.Should().HaveCount(Jobs);
        var jobIds = results.Select(r => r.Result.JobId!).ToList();
        jobIds.Should().OnlyHaveUniqueItems().And.OnlyContain(id => !string.IsNullOrEmpty(id));
        results.Should().OnlyContain(r => r.Result.Images.Count == 1
            && (((KieFluxKontextDetails)r.Result.ProviderDetails!).ParamJson ?? string.Empty).Contains($"\"{r.Prompt}\"", StringComparison.Ordinal));
        foreach (var bytes in images)
        {
            ImageInfo.TryIdentify(bytes.Span, out var info).Should().BeTrue();
            Math.Max(info.Width, info.Height).Should().Be(LongSide);
        }

        images.Select(bytes => Convert.ToHexString(SHA256.HashData(bytes.Span))).Should().OnlyHaveUniqueItems("each job rendered its own prompt");

        // Assert: the emulator made exactly these 1,000 tasks, once each, and charged for each once.
        var requests = _emulator.Requests;
        requests.Count.Should().BeLessThan(RequestLog.Capacity, "the log must hold the whole run to count from it");
        var run = requests.Skip(before).ToList();
        run.Where(r => r.Method == "POST" && r.Path == "/api/v1/flux/kontext/generate").Should().HaveCount(Jobs).And.OnlyContain(r => r.StatusCode == 200);
        _emulator.Kie.TaskIds.Where(id => id != sourceTask).ShouldBeTheSameIdsAs(jobIds, "every task the emulator made reached exactly one caller");
        var creditsAfter = await _client.GetRequiredService<IKieApi>().GetCreditsAsync().WithinLimitAsync("the credit balance");
        (creditsBefore - creditsAfter).Should().Be(Jobs * 5, "flux-kontext-pro costs 5 credits a task");

        // Assert: each job was polled, within what the schedule allows.
        const string RecordInfo = "/api/v1/flux/kontext/record-info?taskId=";
        var polls = run
            .Where(r => r.Method == "GET" && r.Path.StartsWith(RecordInfo, StringComparison.Ordinal))
            .GroupBy(r => Uri.UnescapeDataString(r.Path[RecordInfo.Length..]))
            .ToDictionary(g => g.Key, g => g.Count());
        polls.Keys.ShouldBeTheSameIdsAs(jobIds, "every task was polled, and nothing else");
        polls.Values.Max().Should().BeLessThanOrEqualTo(maxPolls, $"a {TaskDuration.TotalSeconds:0} s task polled on the schedule {Polling.FirstDelay.TotalSeconds:0} s x {Polling.BackoffFactor} (jitter {Polling.Jitter}) is done by check {maxPolls}");

        // Assert: waiting cost timers, not threads.
        output.WriteLine($"{Jobs} jobs: {polls.Values.Sum()} polls, at most {polls.Values.Max()} a job (bound {maxPolls}); at most {threads.Peak} thread-pool threads and {threads.ProcessPeak} threads in all in {threads.Samples} samples; {_time.PendingTimers} timers left");
        threads.Peak.Should().BeLessThan(LoadLimits.MaxThreadPoolThreads, "a thread per job would take over 1,000");
        threads.ProcessPeak.Should().BeLessThan(LoadLimits.MaxProcessThreads, "a dedicated thread per job would take over 1,000");
        _time.PendingTimers.Should().Be(0, "every timer a job sets for later (its calls' deadlines, its wait's limit) ends with it");
    }
}
