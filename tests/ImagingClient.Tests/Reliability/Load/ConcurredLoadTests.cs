using System.Net;
using System.Security.Cryptography;
using ImagingClient.Emulator;
using ImagingClient.Providers.Concurred;
using ImagingClient.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace ImagingClient.Tests.Reliability.Load;

/// <summary>
/// A hundred synchronous Concurred calls at once, half generations and half edits, through the real client against
/// the emulator on loopback, with faults mixed in. Client and emulator share one instant clock, which only the retried
/// faults' waits move (a second each), so the client's own limits stay as shipped.
/// </summary>
[Collection(LoadTestsDefinition.Name)]
public sealed class ConcurredLoadTests : IAsyncLifetime
{
    private const int Calls = LoadLimits.Calls;
    private const int Side = 256;

    private readonly InstantTimeProvider _time = new(DateTimeOffset.UtcNow);
    private ImagingEmulator _emulator = null!;

    public async Task InitializeAsync() =>

        // The emulator's own rate limit (60 a minute) is lifted: the faults here are the ones the test injects.
        _emulator = await ImagingEmulator.StartAsync(new ImagingEmulatorOptions { TimeProvider = _time, Concurred = { RateLimitPerMinute = 100_000 } });

    public async Task DisposeAsync() => await _emulator.DisposeAsync();

    [Fact]
    public async Task GenerateAndEditAsync_HundredConcurrentCallsWithRateLimitsMixedIn_AllSucceedWithOneRenderEach()
    {
        // Arrange: Concurred's 429s (a wait in details.retryAfter), which say it did not act, so even a paid call is
        // sent again. A call may meet several in a row, so it may retry as often as there are faults.
        const int Faults = 10;
        using var client = CreateClient(maxRetries: Faults);
        var source = await SourceAsync(client);
        var before = _emulator.Requests.Count;
        _emulator.Faults.FailNext(Faults, 429, TimeSpan.FromSeconds(1));

        // Act
        var outcomes = await RunCallsAsync(client, source).WithinLimitAsync("100 Concurred calls");

        // Assert
        outcomes.Should().OnlyContain(o => o.Result != null, "a 429 is always safe to retry");
        await AssertRenderedOncePerSuccessAsync(outcomes, before, retriedFaults: Faults);
    }

    [Fact]
    public async Task GenerateAndEditAsync_HundredConcurrentCallsWithUnavailableMixedIn_EachFailureSaysSoAndNoWorkIsLostOrDoubled()
    {
        // Arrange: 429s (safe to retry) interleaved with 503s, which a paid call without an Idempotency-Key does not
        // repeat (Concurred cannot replay it): each 503 ends exactly one call, each 429 costs one more attempt. A call
        // may meet every 429, so it may retry as often as there are 429s.
        const int Pairs = 10;
        using var client = CreateClient(maxRetries: Pairs);
        var source = await SourceAsync(client);
        var before = _emulator.Requests.Count;
        for (var i = 0; i < Pairs; i++)
        {
            _emulator.Faults.FailNext(1, 429, TimeSpan.FromSeconds(1));
            _emulator.Faults.FailNext(1, 503, TimeSpan.FromSeconds(2));
        }

        // Act
        var outcomes = await RunCallsAsync(client, source).WithinLimitAsync("100 Concurred calls");

        // Assert: the failed calls are the 503s, each saying what happened and that nothing was made.
        var failures = outcomes.Where(o => o.Failure != null).Select(o => o.Failure!).ToList();
        failures.Should().HaveCount(Pairs);
        failures.Should().OnlyContain(ex => ex.Provider == "concurred"
            && ex.StatusCode == HttpStatusCode.ServiceUnavailable
            && ex.ErrorCode == ImagingErrorCode.Unavailable
            && ex.RetryAfter == TimeSpan.FromSeconds(2)
            && ex.IsRetryable
            && !ex.MayHaveCreatedWork);
        await AssertRenderedOncePerSuccessAsync(outcomes, before, retriedFaults: Pairs);
    }

    /// <summary>The picture every edit starts from.</summary>
    private static async Task<Uri> SourceAsync(IImageClient client)
    {
        var result = await client.GenerateAsync(new ImageGenerationRequest { Prompt = "the source", Width = Side, Height = Side }).WithinLimitAsync("the source");
        return ((RemoteGeneratedImage)result.Images[0]).Url;
    }

    /// <summary>Makes <see cref="Calls"/> calls at once, even ones generations and odd ones edits; each returns or throws <see cref="ImagingApiException"/>.</summary>
    private static async Task<(ImageResult? Result, ImagingApiException? Failure)[]> RunCallsAsync(IImageClient client, Uri source) =>
        await Task.WhenAll(Enumerable.Range(0, Calls).Select(async i =>
        {
            try
            {
                var result = i % 2 == 0
                    ? await client.GenerateAsync(new ImageGenerationRequest { Prompt = $"call {i}", Width = Side, Height = Side })
                    : await client.EditAsync(new ImageEditRequest { Prompt = $"call {i}", Image = ImageInput.FromUri(source) });
                return ((ImageResult?)result, (ImagingApiException?)null);
            }
            catch (ImagingApiException ex)
            {
                return (null, ex);
            }
        }));

    /// <summary>
    /// Every call is accounted for (its picture or its exception); each returned picture is its own and downloads; and
    /// the emulator answered exactly one creating request per returned result, every other one being a fault.
    /// </summary>
    private async Task AssertRenderedOncePerSuccessAsync((ImageResult? Result, ImagingApiException? Failure)[] outcomes, int before, int retriedFaults)
    {
        outcomes.Should().HaveCount(Calls).And.OnlyContain(o => (o.Result == null) != (o.Failure == null));
        var results = outcomes.Where(o => o.Result != null).Select(o => o.Result!).ToList();
        results.Should().OnlyContain(r => r.Images.Count == 1);
        results.Select(r => ((RemoteGeneratedImage)r.Images[0]).Url.AbsoluteUri).Should().OnlyHaveUniqueItems();
        var images = await Task.WhenAll(results.Select(r => r.Images[0].GetBytesAsync().AsTask())).WithinLimitAsync("the downloads");
        foreach (var bytes in images)
        {
            ImageInfo.TryIdentify(bytes.Span, out var info).Should().BeTrue();
            (info.Width, info.Height).Should().Be((Side, Side));
        }

        images.Select(bytes => Convert.ToHexString(SHA256.HashData(bytes.Span))).Should().OnlyHaveUniqueItems("each call rendered its own prompt");

        var creates = _emulator.Requests.Skip(before)
            .Where(r => r.Method == "POST" && r.Path is "/api/v1/image/generate" or "/api/v1/image/edit")
            .ToList();
        creates.Should().HaveCount(Calls + retriedFaults, "each call is sent once, and once more after each retried fault");
        creates.Count(r => r.StatusCode == 200).Should().Be(results.Count, "every picture the emulator rendered reached its caller, once");
        creates.Where(r => r.StatusCode != 200).Should().OnlyContain(r => r.StatusCode == 429 || r.StatusCode == 503);
    }

    private IImageClient CreateClient(int maxRetries) => ImageClient.Create(imaging =>
    {
        imaging.Services.AddSingleton<TimeProvider>(_time);
        imaging.AddConcurred(options =>
        {
            options.ApiKey = ConcurredEmulatorOptions.DefaultApiKey;
            options.BaseAddress = _emulator.BaseAddress;
            options.Retry.MaxRetries = maxRetries;
        });
    });
}
