using System.Collections;
using System.Reflection;
using ImagingClient.Emulator;
using ImagingClient.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ImagingClient.Tests.Reliability;

/// <summary>What one faulted call did: what the caller got, what the server saw, what was logged, how long it took.</summary>
internal sealed record FaultOutcome(
    object? Result,
    Exception? Exception,
    IReadOnlyList<ProxiedRequest> Requests,
    IReadOnlyList<CapturedLog> Logs,
    TimeSpan Elapsed,
    HostileProxy Proxy)
{
    /// <summary>The creating requests of the call under test (not of its preparation).</summary>
    public IReadOnlyList<ProxiedRequest> Creating => [.. Requests.Where(ProviderHarness.IsCreating)];

    /// <summary>The creating requests that reached the provider: the ones that may have been paid for.</summary>
    public IReadOnlyList<ProxiedRequest> CreatingForwarded => [.. Creating.Where(r => Proxy.HandlingOf(r) is var h && (h.Action?.Forward ?? true))];

    public ImagingApiException ApiException => Exception.Should().BeAssignableTo<ImagingApiException>($"the call should fail with an ImagingApiException, but it {(Exception is null ? "succeeded" : "threw " + Exception)}").Subject;

    public override string ToString() =>
        $"result: {Result?.GetType().Name ?? "none"}; exception: {Exception?.GetType().Name}: {Exception?.Message}; requests: "
        + string.Join(", ", Requests.Select(r => $"{r.Method} {r.Path} ({Proxy.HandlingOf(r).Action?.GetType().Name ?? "passed"} -> {Proxy.HandlingOf(r).UpstreamStatus})"));
}

/// <summary>
/// Runs one paid call of one provider through a <see cref="HostileProxy"/> in front of a shared emulator, on an
/// instant clock shared by both: the fault hits only the call under test (not its preparation), a silent
/// connection moves the clock until the client's deadline ends it, and the whole run is bounded on the wall clock.
/// </summary>
internal sealed class FaultRunner(ProviderHarness harness, ImagingEmulator emulator, InstantTimeProvider time)
{
    /// <summary>How far the clock moves each time the client waits on a silent connection.</summary>
    public static readonly TimeSpan SilenceStep = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How far past a deadline a call may end on the test clock: the clock moves in <see cref="SilenceStep"/>s, and on
    /// a loaded machine it may move once more between the deadline's timer firing and the call's end being read.
    /// </summary>
    public static readonly TimeSpan DeadlineSlack = SilenceStep * 2;

    public ProviderHarness Harness => harness;

    public string ApiKey => emulator.ApiKeyFor(harness.Name);

    /// <summary>Every secret the client holds; none may appear anywhere the caller or a log can see.</summary>
    public IEnumerable<string> Secrets => harness.WebhookSecret is { } secret ? [ApiKey, secret] : [ApiKey];

    /// <summary>
    /// Runs <paramref name="operation"/> with <paramref name="fault"/> deciding each request of the call under test
    /// (null passes it through). <paramref name="warmUp"/> runs the operation once unfaulted first, so the faulted
    /// request goes out on a reused connection. <paramref name="cancelOnSilence"/> cancels the call's token as soon
    /// as the server goes silent instead of moving the clock.
    /// </summary>
    /// <param name="downloadsFromThisMachineArePublic">
    /// Turns <see cref="ImagingClientOptions.BlockPrivateNetworkDownloads"/> off, for a case whose second loopback server
    /// stands in for a public host (a CDN on another port, a redirect's target).
    /// </param>
    public async Task<FaultOutcome> RunAsync(PaidOperation operation, Func<ProxiedRequest, ProxyAction?> fault, bool warmUp = false, bool cancelOnSilence = false, bool downloadsFromThisMachineArePublic = false)
    {
        var armedFrom = int.MaxValue;
        await using var proxy = new HostileProxy(emulator.BaseAddress, r => r.Sequence >= Volatile.Read(ref armedFrom) ? fault(r) : null);
        var logs = new CapturingLoggerProvider();
        using var client = ImageClient.Create(imaging =>
        {
            imaging.Services.AddSingleton<TimeProvider>(time);
            imaging.Services.AddLogging(logging => logging.AddProvider(logs).SetMinimumLevel(LogLevel.Trace));
            if (downloadsFromThisMachineArePublic)
            {
                imaging.Services.AddImagingClient(o => o.BlockPrivateNetworkDownloads = false);
            }

            harness.Register(imaging, proxy.BaseAddress, ApiKey);
        });

        var state = operation.Prepare is null ? null : await operation.Prepare(client).WithinLimitAsync($"{operation} preparation");
        if (warmUp)
        {
            await Consume(await operation.Run(client, state, CancellationToken.None).WithinLimitAsync($"{operation} warm-up"));
        }

        Volatile.Write(ref armedFrom, proxy.Requests.Count);
        using var cancel = new CancellationTokenSource();
        var started = time.GetUtcNow();
        var call = RunToTheEndAsync(operation, client, state, time, cancel.Token);
        var wallClock = System.Diagnostics.Stopwatch.StartNew();
        while (!call.IsCompleted)
        {
            if (wallClock.Elapsed > Bounded.Limit)
            {
                throw new TimeoutException($"{harness.Name} {operation} did not end within {Bounded.Limit} on the wall clock; requests so far: {string.Join(", ", proxy.Requests.Select(r => r.Method + " " + r.Path))}.");
            }

            await Task.WhenAny(call, Task.Delay(10));
            if (!call.IsCompleted && proxy.Silent > 0)
            {
                if (cancelOnSilence)
                {
                    await cancel.CancelAsync();
                }
                else
                {
                    time.Advance(SilenceStep);
                }
            }
        }

        var (result, exception, endedAt) = await call;
        var elapsed = endedAt - started;
        return new FaultOutcome(result, exception, [.. proxy.Requests.Where(r => r.Sequence >= armedFrom)], logs.Logs, elapsed, proxy);
    }

    /// <summary>The call and, when it returns images, reading each of them, as the caller would.</summary>
    /// <summary>
    /// The call and, when it returns images, reading each of them, as the caller would; and the clock's time when it
    /// ended, read at once (the loop above may move the clock again before it sees the call has ended).
    /// </summary>
    private static async Task<(object? Result, Exception? Exception, DateTimeOffset EndedAt)> RunToTheEndAsync(PaidOperation operation, IImageClient client, object? state, TimeProvider time, CancellationToken cancellationToken)
    {
        object? result = null;
        try
        {
            result = await operation.Run(client, state, cancellationToken);
            await Consume(result, cancellationToken);
            return (result, null, time.GetUtcNow());
        }
        catch (Exception ex)
        {
            // The result the caller got, when only reading its images failed.
            return (result, ex, time.GetUtcNow());
        }
    }

    private static async Task Consume(object result, CancellationToken cancellationToken = default)
    {
        if (result is ImageResult images)
        {
            foreach (var image in images.Images)
            {
                var bytes = await image.GetBytesAsync(cancellationToken);
                ImageInfo.TryIdentify(bytes.Span, out _).Should().BeTrue("every returned image should be a readable image");
            }
        }
    }

    /// <summary>
    /// The guarantees every faulted call keeps, whatever the fault: no secret anywhere the caller or a log can see; no
    /// credential on downloads (nor on RelayGPU's status checks); no second paid request unless one Idempotency-Key
    /// made it harmless; and when the call fails, an <see cref="ImagingApiException"/> (or a cancellation) that says
    /// whether work may exist, and carries the job id and resume token whenever the caller was told of a job.
    /// </summary>
    /// <param name="answerChanged">
    /// Whether the fault garbled an answer the provider gave (so work may exist that the caller was not told of); false
    /// when it only changed where the result is, which the caller is told of.
    /// </param>
    public void AssertGuarantees(FaultOutcome outcome, PaidOperation operation, bool answerChanged = true)
    {
        using var scope = new FluentAssertions.Execution.AssertionScope();
        scope.AddReportable("outcome", () => $"{harness.Name} {operation}: {outcome}");

        foreach (var secret in Secrets)
        {
            foreach (var text in VisibleTexts(outcome))
            {
                text.Should().NotContain(secret, "no secret may reach an exception, a result, or a log");
            }
        }

        foreach (var request in outcome.Requests.Where(r => ProviderHarness.IsDownload(r) || (harness.Name == "relaygpu" && harness.IsStatusCheck(r))))
        {
            request.Headers.Keys.Should().NotContain(k => k.Equals("Authorization", StringComparison.OrdinalIgnoreCase) || k.Equals("X-API-Key", StringComparison.OrdinalIgnoreCase),
                $"{request.Method} {request.Path} should carry no credential");
            foreach (var secret in Secrets)
            {
                (request.Target + string.Join("\n", request.Headers.Values)).Should().NotContain(secret);
            }
        }

        var paid = outcome.CreatingForwarded;
        if (paid.Count > 1)
        {
            var keys = paid.Select(r => r.Header("Idempotency-Key")).Distinct().ToList();
            keys.Should().ContainSingle("a paid request may be sent twice only with one Idempotency-Key").Which.Should().NotBeNullOrEmpty();
        }

        if (outcome.Exception is null)
        {
            return;
        }

        if (outcome.Exception is OperationCanceledException canceled)
        {
            if (operation.CreatesJob && JobWasAnnounced(outcome) && canceled is ImageJobWaitCanceledException wait)
            {
                wait.JobId.Should().NotBeNullOrEmpty();
                wait.ResumeToken.Should().NotBeNull();
            }

            return;
        }

        var ex = outcome.ApiException;
        ex.Provider.Should().Be(harness.Name);
        if (operation.CreatesJob && JobWasAnnounced(outcome) && outcome.Result is null)
        {
            ex.JobId.Should().NotBeNullOrEmpty("the provider announced a job, so the exception should name it");
            ex.ResumeToken.Should().NotBeNull("the provider announced a job, so the exception should let the caller resume it");
        }

        if (answerChanged && operation.Paid && AnswerWasLost(outcome) && !JobWasAnnounced(outcome))
        {
            ex.MayHaveCreatedWork.Should().BeTrue("the provider acted on the request but its answer was lost");
            if (operation.CarriesIdempotencyKey)
            {
                ex.IdempotencyKey.Should().Be(paid[^1].Header("Idempotency-Key"), "the key lets the caller repeat the call safely");
                ex.IsRetryable.Should().BeTrue("with the same Idempotency-Key a repeat is harmless");
            }
            else
            {
                ex.IsRetryable.Should().BeFalse("a repeat without an Idempotency-Key would pay twice");
            }
        }
    }

    /// <summary>Whether a creating request reached the provider and its success answer reached the client unchanged.</summary>
    private static bool JobWasAnnounced(FaultOutcome outcome) =>
        outcome.CreatingForwarded.Any(r => outcome.Proxy.HandlingOf(r) is { Action: null or ProxyAction.Pass, UpstreamStatus: >= 200 and < 300 });

    /// <summary>Whether a creating request reached the provider, which accepted it, but the client got a faulted answer.</summary>
    private static bool AnswerWasLost(FaultOutcome outcome) =>
        outcome.CreatingForwarded.Count > 0
        && outcome.CreatingForwarded.All(r => outcome.Proxy.HandlingOf(r) is { Action: not (null or ProxyAction.Pass), UpstreamStatus: >= 200 and < 300 });

    /// <summary>Every text a caller or an operator can see: the exception and all its properties, the result, the logs.</summary>
    private static List<string> VisibleTexts(FaultOutcome outcome)
    {
        var texts = new List<string>();
        Walk(outcome.Exception, texts, depth: 0);
        Walk(outcome.Result, texts, depth: 0);
        texts.AddRange(outcome.Logs.SelectMany(l => l.AllText()));
        return texts;
    }

    private static void Walk(object? value, List<string> texts, int depth)
    {
        if (value is null || depth > 4)
        {
            return;
        }

        texts.Add(value.ToString() ?? string.Empty);
        if (value is string or Type or MemberInfo or Delegate || value.GetType().IsPrimitive || value.GetType().IsEnum)
        {
            return;
        }

        if (value is IEnumerable items)
        {
            var count = 0;
            foreach (var item in items)
            {
                if (count++ > 50)
                {
                    break;
                }

                Walk(item, texts, depth + 1);
            }

            return;
        }

        foreach (var property in value.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (property.GetIndexParameters().Length > 0 || property.Name is "TargetSite" or "StackTrace" || property.PropertyType == typeof(ReadOnlyMemory<byte>))
            {
                continue;
            }

            object? propertyValue;
            try
            {
                propertyValue = property.GetValue(value);
            }
            catch (TargetInvocationException)
            {
                continue;
            }

            Walk(propertyValue, texts, depth + 1);
        }
    }
}
