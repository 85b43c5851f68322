using System.Security.Cryptography;
using ImagingClient.Emulator;
using ImagingClient.Providers.Apiframe;
using ImagingClient.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace ImagingClient.Tests.Reliability.Load;

/// <summary>
/// A thousand Apiframe jobs at once through the real client against the emulator on loopback, each submitted with its
/// own <c>Idempotency-Key</c>. Client and emulator share one instant clock, as in <see cref="KieLoadTests"/>; the
/// pictures are the smallest Apiframe's flux models take (256 pixels square).
/// </summary>
[Collection(LoadTestsDefinition.Name)]
public sealed class ApiframeLoadTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const int Jobs = LoadLimits.Jobs;

    /// <summary>How long each job runs in the emulator (its default).</summary>
    private static readonly TimeSpan JobDuration = TimeSpan.FromSeconds(4);

    /// <summary>The shipped poll schedule (2 s, then x 1.5 up to 3 s, jitter 0.1).</summary>
    private static readonly ImagingPollingOptions Polling = new ApiframeClientOptions().Polling;

    private readonly InstantTimeProvider _time = new(DateTimeOffset.UtcNow);
    private ImagingEmulator _emulator = null!;
    private IImageClient _client = null!;

    public async Task InitializeAsync()
    {
        _emulator = await ImagingEmulator.StartAsync(new ImagingEmulatorOptions
        {
            TimeProvider = _time,
            ImageCapacity = 2 * Jobs,
            Apiframe = { JobDuration = JobDuration, InitialCredits = 1_000_000 },
        });
        _client = ImageClient.Create(imaging =>
        {
            imaging.Services.AddSingleton<TimeProvider>(_time);
            imaging.AddApiframe(options =>
            {
                options.ApiKey = _emulator.ApiKeyFor("apiframe");
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
    public async Task StartGenerateAsync_ThousandConcurrentApiframeJobs_AllCompleteWithBoundedPolls()
    {
        // Arrange
        var maxPolls = PollBound.MaxChecks(Polling, JobDuration);
        var creditsBefore = _emulator.Apiframe.Credits;
        await using var threads = ThreadPoolSampler.Start();

        // Act: start every job at once, then wait for each; then download every image at once.
        var results = await Task.WhenAll(Enumerable.Range(0, Jobs).Select(async i =>
        {
            var job = await _client.StartGenerateAsync(new ImageGenerationRequest
            {
                Prompt = $"load job {i}",
                Model = ApiframeModels.Flux2Pro,
                Width = 256,
                Height = 256,
            });
            threads.Sample();
            var result = await job.WaitForCompletionAsync(new Progress<ImageJobProgress>(_ => threads.Sample()));
            threads.Sample();
            return (Job: job, Result: result);
        })).WithinLimitAsync("1,000 Apiframe jobs");
        var images = await Task.WhenAll(results.Select(r => r.Result.Images[0].GetBytesAsync().AsTask())).WithinLimitAsync("1,000 downloads");

        // Assert: every job completed, with its own picture.
        results.Should().HaveCount(Jobs);
        var jobIds = results.Select(r => r.Job.Id).ToList();
        jobIds.Should().OnlyHaveUniqueItems().And.OnlyContain(id => !string.IsNullOrEmpty(id));
        results.Should().OnlyContain(r => r.Result.JobId == r.Job.Id && r.Result.Images.Count == 1);
        foreach (var bytes in images)
        {
            ImageInfo.TryIdentify(bytes.Span, out var info).Should().BeTrue();
            (info.Width, info.Height).Should().Be((256, 256));
        }

        images.Select(bytes => Convert.ToHexString(SHA256.HashData(bytes.Span))).Should().OnlyHaveUniqueItems("each job rendered its own prompt");

        // Assert: the emulator made exactly these 1,000 jobs, once each, and charged for each once.
        var requests = _emulator.Requests;
        requests.Count.Should().BeLessThan(RequestLog.Capacity, "the log must hold the whole run to count from it");
        var creates = requests.Where(r => r.Method == "POST" && r.Path == "/v2/images/generate").ToList();
        creates.Should().HaveCount(Jobs).And.OnlyContain(r => r.StatusCode == 202);
        creates.Select(r => r.Headers["Idempotency-Key"]).Should().OnlyHaveUniqueItems("each job's submission carries its own key");
        _emulator.Apiframe.JobIds.ShouldBeTheSameIdsAs(jobIds, "every job the emulator made reached exactly one caller");
        (creditsBefore - _emulator.Apiframe.Credits).Should().Be(Jobs * 10, "flux-2-pro costs 10 credits a job");

        // Assert: each job was polled, within what the schedule allows.
        var polls = requests
            .Where(r => r.Method == "GET" && r.Path.StartsWith("/v2/jobs/", StringComparison.Ordinal))
            .GroupBy(r => r.Path["/v2/jobs/".Length..])
            .ToDictionary(g => g.Key, g => g.Count());
        polls.Keys.ShouldBeTheSameIdsAs(jobIds, "every job was polled, and nothing else");
        polls.Values.Max().Should().BeLessThanOrEqualTo(maxPolls, $"a {JobDuration.TotalSeconds:0} s job polled on the schedule {Polling.FirstDelay.TotalSeconds:0} s x {Polling.BackoffFactor} (jitter {Polling.Jitter}) is done by check {maxPolls}");

        // Assert: waiting cost timers, not threads.
        output.WriteLine($"{Jobs} jobs: {polls.Values.Sum()} polls, at most {polls.Values.Max()} a job (bound {maxPolls}); at most {threads.Peak} thread-pool threads and {threads.ProcessPeak} threads in all in {threads.Samples} samples; {_time.PendingTimers} timers left");
        threads.Peak.Should().BeLessThan(LoadLimits.MaxThreadPoolThreads, "a thread per job would take over 1,000");
        threads.ProcessPeak.Should().BeLessThan(LoadLimits.MaxProcessThreads, "a dedicated thread per job would take over 1,000");
        _time.PendingTimers.Should().Be(0, "every timer a job sets for later (its calls' deadlines, its wait's limit) ends with it");
    }
}
