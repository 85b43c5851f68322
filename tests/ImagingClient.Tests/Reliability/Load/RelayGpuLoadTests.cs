using System.Net;
using System.Security.Cryptography;
using ImagingClient.Emulator;
using ImagingClient.Providers.RelayGpu;
using ImagingClient.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace ImagingClient.Tests.Reliability.Load;

/// <summary>
/// RelayGPU under load through the real client against the emulator on loopback: a thousand tasks at once in
/// asynchronous mode (submitted with an <c>Idempotency-Key</c>, followed with long polls), and a hundred synchronous
/// calls at once with faults mixed in. Client and emulator share one instant clock, as in <see cref="KieLoadTests"/>;
/// the synchronous calls keep the client's shipped limits, since only their retried faults' waits (a second each) move
/// it. The pictures are 64 pixels square and come back inline.
/// </summary>
[Collection(LoadTestsDefinition.Name)]
public sealed class RelayGpuLoadTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const int Jobs = LoadLimits.Jobs;
    private const int Calls = LoadLimits.Calls;
    private const int Side = 64;
    private const decimal Price = 0.03m;

    /// <summary>How long each asynchronous task runs in the emulator (its default).</summary>
    private static readonly TimeSpan TaskDuration = TimeSpan.FromSeconds(3);

    private readonly InstantTimeProvider _time = new(DateTimeOffset.UtcNow);
    private ImagingEmulator _emulator = null!;

    public async Task InitializeAsync() =>

        // The clock moves by every task's waits in turn (over an hour for a thousand), so task records are kept a day.
        _emulator = await ImagingEmulator.StartAsync(new ImagingEmulatorOptions
        {
            TimeProvider = _time,
            RelayGpu = { TaskDuration = TaskDuration, TaskRetention = TimeSpan.FromDays(1), InitialCredits = 1_000_000m },
        });

    public async Task DisposeAsync() => await _emulator.DisposeAsync();

    [Fact]
    public async Task StartGenerateAsync_ThousandConcurrentAsyncRelayGpuTasks_AllCompleteWithOneLongPollEach()
    {
        // Arrange: a long poll waits at RelayGPU until the task ends, as long as it is at least the task's duration.
        using var client = CreateClient(asynchronous: true);
        var longPollWait = new RelayGpuClientOptions().LongPollWait;
        longPollWait.Should().BeGreaterThanOrEqualTo(TaskDuration);
        const int MaxPolls = 1;
        var creditsBefore = _emulator.RelayGpu.Credits;
        await using var threads = ThreadPoolSampler.Start();

        // Act: every task at once, each waiting for its own result.
        var results = await Task.WhenAll(Enumerable.Range(0, Jobs).Select(async i =>
        {
            var job = await client.StartGenerateAsync(new ImageGenerationRequest { Prompt = $"load job {i}", Model = RelayGpuModels.Flux2Pro, Width = Side, Height = Side });
            threads.Sample();
            var result = await job.WaitForCompletionAsync(new Progress<ImageJobProgress>(_ => threads.Sample()));
            threads.Sample();
            return (Job: job, Result: result);
        })).WithinLimitAsync("1,000 RelayGPU tasks");

        // Assert: every task completed, with its own picture.
        results.Should().HaveCount(Jobs);
        var taskIds = results.Select(r => r.Job.Id).ToList();
        taskIds.Should().OnlyHaveUniqueItems().And.OnlyContain(id => id.StartsWith("direct:", StringComparison.Ordinal));
        results.Should().OnlyContain(r => r.Result.JobId == r.Job.Id && r.Result.Images.Count == 1);
        var images = results.Select(r => ((InlineGeneratedImage)r.Result.Images[0]).Data).ToList();
        foreach (var bytes in images)
        {
            ImageInfo.TryIdentify(bytes.Span, out var info).Should().BeTrue();
            (info.Width, info.Height).Should().Be((Side, Side));
        }

        images.Select(bytes => Convert.ToHexString(SHA256.HashData(bytes.Span))).Should().OnlyHaveUniqueItems("each task rendered its own prompt");

        // Assert: the emulator made exactly these 1,000 tasks, once each, and charged for each once.
        var requests = _emulator.Requests;
        requests.Count.Should().BeLessThan(RequestLog.Capacity, "the log must hold the whole run to count from it");
        var submits = requests.Where(r => r.Method == "POST" && r.Path == "/v2/image/flux/generate").ToList();
        submits.Should().HaveCount(Jobs).And.OnlyContain(r => r.StatusCode == 202);
        submits.Select(r => r.Headers["Idempotency-Key"]).Should().OnlyHaveUniqueItems("each task's submission carries its own key");
        _emulator.RelayGpu.TaskIds.ShouldBeTheSameIdsAs(taskIds, "every task the emulator made reached exactly one caller");
        (creditsBefore - _emulator.RelayGpu.Credits).Should().Be(Jobs * Price);

        // Assert: each task was polled once, without the key, in a poll that waited for it to end.
        var polls = requests.Where(r => r.Method == "GET" && r.Path.StartsWith("/v2/tasks/", StringComparison.Ordinal)).ToList();
        polls.Should().OnlyContain(r => r.Path.EndsWith($"?wait={longPollWait.TotalSeconds:0}", StringComparison.Ordinal) && !r.Headers.ContainsKey("X-API-Key"));
        var perTask = polls.GroupBy(r => Uri.UnescapeDataString(r.Path["/v2/tasks/".Length..r.Path.IndexOf('?', StringComparison.Ordinal)])).ToDictionary(g => g.Key, g => g.Count());
        perTask.Keys.ShouldBeTheSameIdsAs(taskIds, "every task was polled, and nothing else");
        perTask.Values.Max().Should().BeLessThanOrEqualTo(MaxPolls, $"a long poll of {longPollWait.TotalSeconds:0} s outlasts a {TaskDuration.TotalSeconds:0} s task");

        // Assert: waiting cost timers, not threads.
        output.WriteLine($"{Jobs} jobs: {perTask.Values.Sum()} polls, at most {perTask.Values.Max()} a job (bound {MaxPolls}); at most {threads.Peak} thread-pool threads and {threads.ProcessPeak} threads in all in {threads.Samples} samples; {_time.PendingTimers} timers left");
        threads.Peak.Should().BeLessThan(LoadLimits.MaxThreadPoolThreads, "a thread per task would take over 1,000");
        threads.ProcessPeak.Should().BeLessThan(LoadLimits.MaxProcessThreads, "a dedicated thread per task would take over 1,000");
        _time.PendingTimers.Should().Be(0, "every timer a task sets for later (its calls' deadlines, its wait's limit) ends with it");
    }

    [Fact]
    public async Task GenerateAsync_HundredConcurrentSyncCallsWithRateLimitsMixedIn_AllSucceedWithOnePaidTaskEach()
    {
        // Arrange: 429s with a short Retry-After, which say RelayGPU did not act, so even a call without an
        // Idempotency-Key is sent again. A call may meet several of them in a row, so it may retry as often as there
        // are faults.
        const int Faults = 10;
        using var client = CreateClient(asynchronous: false, maxRetries: Faults);
        _emulator.Faults.FailNextWithErrorCode(Faults, 429, "RATE_LIMITED", TimeSpan.FromSeconds(1));
        var creditsBefore = _emulator.RelayGpu.Credits;

        // Act
        var outcomes = await RunCallsAsync(client).WithinLimitAsync("100 synchronous RelayGPU calls");

        // Assert: every call returned its picture, and RelayGPU did each one's work once.
        outcomes.Should().OnlyContain(o => o.Result != null, "a 429 is always safe to retry");
        AssertPaidOncePerSuccess(outcomes, creditsBefore, retriedFaults: Faults);
    }

    [Fact]
    public async Task GenerateAsync_HundredConcurrentSyncCallsWithUnavailableMixedIn_EachFailureSaysSoAndNoWorkIsLostOrDoubled()
    {
        // Arrange: 429s (safe to retry) interleaved with 503s, which a synchronous call without an Idempotency-Key does
        // not repeat (RelayGPU cannot replay it): each 503 ends exactly one call, each 429 costs one more attempt. A
        // call may meet every 429, so it may retry as often as there are 429s.
        const int Pairs = 10;
        using var client = CreateClient(asynchronous: false, maxRetries: Pairs);
        for (var i = 0; i < Pairs; i++)
        {
            _emulator.Faults.FailNextWithErrorCode(1, 429, "RATE_LIMITED", TimeSpan.FromSeconds(1));
            _emulator.Faults.FailNextWithErrorCode(1, 503, "CAPACITY_EXHAUSTED", TimeSpan.FromSeconds(5));
        }

        var creditsBefore = _emulator.RelayGpu.Credits;

        // Act
        var outcomes = await RunCallsAsync(client).WithinLimitAsync("100 synchronous RelayGPU calls");

        // Assert: the failed calls are the 503s, each saying what happened and that nothing was made.
        var failures = outcomes.Where(o => o.Failure != null).Select(o => o.Failure!).ToList();
        failures.Should().HaveCount(Pairs);
        failures.Should().OnlyContain(ex => ex.Provider == "relaygpu"
            && ex.StatusCode == HttpStatusCode.ServiceUnavailable
            && ex.ErrorCode == ImagingErrorCode.Unavailable
            && ex.ProviderErrorCode == "CAPACITY_EXHAUSTED"
            && ex.RetryAfter == TimeSpan.FromSeconds(5)
            && ex.IsRetryable
            && !ex.MayHaveCreatedWork);
        AssertPaidOncePerSuccess(outcomes, creditsBefore, retriedFaults: Pairs);
    }

    /// <summary>Makes <see cref="Calls"/> synchronous generations at once; each either returns or throws <see cref="ImagingApiException"/>.</summary>
    private static async Task<(ImageResult? Result, ImagingApiException? Failure)[]> RunCallsAsync(IImageClient client) =>
        await Task.WhenAll(Enumerable.Range(0, Calls).Select(async i =>
        {
            try
            {
                return ((ImageResult?)await client.GenerateAsync(new ImageGenerationRequest { Prompt = $"sync call {i}", Model = RelayGpuModels.Flux2Pro, Width = Side, Height = Side }), (ImagingApiException?)null);
            }
            catch (ImagingApiException ex)
            {
                return (null, ex);
            }
        }));

    /// <summary>
    /// Every call is accounted for (its picture or its exception), and the emulator did, and charged for, exactly one
    /// task per returned result: every submission beyond one a call was answered by a retried fault.
    /// </summary>
    private void AssertPaidOncePerSuccess((ImageResult? Result, ImagingApiException? Failure)[] outcomes, decimal creditsBefore, int retriedFaults)
    {
        outcomes.Should().HaveCount(Calls).And.OnlyContain(o => (o.Result == null) != (o.Failure == null));
        var results = outcomes.Where(o => o.Result != null).Select(o => o.Result!).ToList();
        var taskIds = results.Select(r => r.JobId!).ToList();
        taskIds.Should().OnlyHaveUniqueItems();
        foreach (var result in results)
        {
            var bytes = result.Images.Should().ContainSingle().Which.Should().BeOfType<InlineGeneratedImage>().Which.Data;
            ImageInfo.TryIdentify(bytes.Span, out var info).Should().BeTrue();
            (info.Width, info.Height).Should().Be((Side, Side));
        }

        var submits = _emulator.Requests.Where(r => r.Method == "POST" && r.Path == "/v2/image/flux/generate").ToList();
        submits.Should().HaveCount(Calls + retriedFaults, "each call submits once, and once more after each retried fault");
        submits.Count(r => r.StatusCode == 200).Should().Be(results.Count, "every answered task reached its caller");
        _emulator.RelayGpu.TaskIds.ShouldBeTheSameIdsAs(taskIds, "every task the emulator made reached exactly one caller");
        (creditsBefore - _emulator.RelayGpu.Credits).Should().Be(results.Count * Price);
    }

    private IImageClient CreateClient(bool asynchronous, int maxRetries = 2) => ImageClient.Create(imaging =>
    {
        imaging.Services.AddSingleton<TimeProvider>(_time);
        imaging.AddRelayGpu(options =>
        {
            options.ApiKey = RelayGpuEmulatorOptions.DefaultApiKey;
            options.BaseAddress = _emulator.BaseAddress;
            options.Asynchronous = asynchronous;
            options.Retry.MaxRetries = maxRetries;
            if (asynchronous)
            {
                options.Timeout = LoadLimits.ClientLimit;
                options.Polling.Timeout = LoadLimits.ClientLimit;
            }
        });
    });
}
