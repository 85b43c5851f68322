using System.Net;
using System.Text.RegularExpressions;
using ImagingClient.Emulator;
using ImagingClient.Tests.TestSupport;

namespace ImagingClient.Tests.Reliability;

/// <summary>A fault that breaks the answer to a request at the socket, after the provider acted on it.</summary>
public enum ConnectionFault
{
    /// <summary>The connection is reset (RST) once the request was read.</summary>
    ResetAfterRequest,

    /// <summary>The connection, one an earlier call used, is closed without a byte of answer.</summary>
    CloseOnReusedConnection,

    /// <summary>The head and half the body arrive, then the connection closes.</summary>
    BodyStopsHalfway,
}

/// <summary>A fault where the answer never finishes arriving: the server goes silent until the client gives up.</summary>
public enum SilentFault
{
    /// <summary>Not a byte of answer.</summary>
    NoAnswer,

    /// <summary>The head arrives, then silence.</summary>
    HeadersThenSilence,

    /// <summary>Half the body arrives, then silence: a body slower than the time-out.</summary>
    BodySlowerThanTheTimeout,

    /// <summary>The whole body arrives, but Content-Length promised more.</summary>
    ContentLengthNeverArrives,
}

/// <summary>A success status whose body cannot be read as the provider's answer.</summary>
public enum UnreadableAnswer
{
    TruncatedJson,
    MalformedJson,
    WrongShapeJson,
    HtmlPage,
    EmptyBody,
    OversizedBody,
}

/// <summary>A result URL that points somewhere it should not.</summary>
public enum HostileResultUrl
{
    FileScheme,
    FtpScheme,

    /// <summary>On another port of this machine, with the default private-address block on.</summary>
    OtherPortOnThisMachine,

    /// <summary>On another host (a server on another port standing in for a public CDN).</summary>
    OtherPort,
    Redirecting,
    RedirectingToFile,
}

/// <summary>Where in a call a fault strikes.</summary>
public enum CallStep
{
    CreatingRequest,
    StatusCheck,
    ResultDownload,
}

/// <summary>
/// What every fault suite class stands on: the provider under test, one emulator for the class on an instant clock it
/// shares with the clients, and the <see cref="FaultRunner"/> over both.
/// </summary>
/// <typeparam name="THarness">The provider under test.</typeparam>
#pragma warning disable CA1000 // The theories' data is static per provider: xunit reads it from the closed generic type.
public abstract class FaultFixture<THarness> : IAsyncLifetime
    where THarness : ProviderHarness, new()
{
    private ImagingEmulator _emulator = null!;

    private protected static THarness Harness { get; } = new();

    private protected FaultRunner Runner { get; private set; } = null!;

    private protected InstantTimeProvider Time { get; } = new(DateTimeOffset.UtcNow);

    public async Task InitializeAsync()
    {
        var options = new ImagingEmulatorOptions { TimeProvider = Time };
        Harness.ConfigureEmulator(options);
        _emulator = await ImagingEmulator.StartAsync(options);
        Runner = new FaultRunner(Harness, _emulator, Time);
    }

    public async Task DisposeAsync() => await _emulator.DisposeAsync();
}
#pragma warning restore CA1000

/// <summary>
/// The fault-injection suite, run once per provider (the derived classes): every call that creates paid work,
/// against a hostile server on 127.0.0.1, with each fault the issue lists. Every case asserts what the caller gets
/// (the exception, its ErrorCode, IsRetryable and MayHaveCreatedWork), how many paid requests the server saw, that a
/// job the provider announced is named in the exception with its resume token, how long it took on the clock against
/// the deadline, and — through <see cref="FaultRunner.AssertGuarantees"/> — that no secret reached an exception, a
/// result or a log at any level, even though every faulted answer echoes the key back.
/// </summary>
/// <typeparam name="THarness">The provider under test.</typeparam>
#pragma warning disable CA1000 // The theories' data is static per provider: xunit reads it from the closed generic type.
public abstract class FaultSuite<THarness> : FaultFixture<THarness>
    where THarness : ProviderHarness, new()
{
    public static TheoryData<string> Operations() => [.. Harness.Operations.Select(o => o.Name)];

    public static TheoryData<string, RetryAfterForm> WaitsWithinTheCap()
    {
        var data = new TheoryData<string, RetryAfterForm>();
        foreach (var operation in Harness.Operations)
        {
            foreach (var form in new[] { RetryAfterForm.Seconds, RetryAfterForm.HttpDate, RetryAfterForm.Negative, RetryAfterForm.Garbage, RetryAfterForm.BodyOnly })
            {
                if (form != RetryAfterForm.BodyOnly || Harness.RetriesRateLimitsInTheBody)
                {
                    data.Add(operation.Name, form);
                }
            }
        }

        return data;
    }

    public static TheoryData<string, int, bool> ServerErrors()
    {
        var data = new TheoryData<string, int, bool>();
        foreach (var operation in AllNames())
        {
            foreach (var (status, html) in new[] { (500, false), (502, false), (502, true), (503, false), (504, false) })
            {
                data.Add(operation, status, html);
            }
        }

        return data;
    }

    public static TheoryData<string, ConnectionFault> ConnectionFaults() => Cross(AllNames(), Enum.GetValues<ConnectionFault>());

    public static TheoryData<string, SilentFault> SilentFaults() => Cross(AllNames(), Enum.GetValues<SilentFault>());

    public static TheoryData<string, UnreadableAnswer> UnreadableAnswers() => Cross(AllNames(), Enum.GetValues<UnreadableAnswer>());

    public static TheoryData<string, HostileResultUrl> HostileResultUrls() =>
        Cross([.. Harness.Operations.Where(o => Harness.ReturnsResultUrls(o.Name)).Select(o => o.Name)], Enum.GetValues<HostileResultUrl>());

    public static TheoryData<string, CallStep> CancelableSteps()
    {
        var data = new TheoryData<string, CallStep>();
        foreach (var operation in Harness.Operations)
        {
            data.Add(operation.Name, CallStep.CreatingRequest);
            if (operation.CreatesJob)
            {
                data.Add(operation.Name, CallStep.StatusCheck);
            }

            if (Harness.ReturnsResultUrls(operation.Name))
            {
                data.Add(operation.Name, CallStep.ResultDownload);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(WaitsWithinTheCap))]
    public async Task CreatingRequest_RateLimitedOnceWithAWaitWithinTheCap_IsRetriedAndPaidOnce(string operationName, RetryAfterForm form)
    {
        // Arrange
        var operation = Harness.Operation(operationName);
        var attempts = 0;

        // Act
        var outcome = await Runner.RunAsync(operation, r => ProviderHarness.IsCreating(r) && Interlocked.Increment(ref attempts) == 1
            ? new ProxyAction.Replace(_ => Harness.RateLimited(form, Time.GetUtcNow(), Runner.ApiKey)) { Forward = false }
            : null);

        // Assert
        Runner.AssertGuarantees(outcome, operation);
        outcome.Exception.Should().BeNull(outcome.ToString());
        outcome.Creating.Should().HaveCount(2, "the 429 is waited out and the request sent once more");
        outcome.CreatingForwarded.Should().ContainSingle("only the second one reached the provider");
        if (form == RetryAfterForm.Seconds)
        {
            outcome.Elapsed.Should().BeGreaterThanOrEqualTo(TimeSpan.FromSeconds(2), "the provider asked for 2 seconds");
        }
    }

    [Theory]
    [MemberData(nameof(Operations))]
    public async Task CreatingRequest_RateLimitedWithAHugeWait_FailsAtOnceWithTheWaitAndNothingPaid(string operationName)
    {
        // Arrange: 10^21 seconds, far past any cap (openai-dotnet #404 waited 114 hours on such a header).
        var operation = Harness.Operation(operationName);

        // Act
        var outcome = await Runner.RunAsync(operation, r => ProviderHarness.IsCreating(r)
            ? new ProxyAction.Replace(_ => Harness.RateLimited(RetryAfterForm.Huge, Time.GetUtcNow(), Runner.ApiKey)) { Forward = false }
            : null);

        // Assert
        Runner.AssertGuarantees(outcome, operation);
        var ex = outcome.ApiException;
        ex.ErrorCode.Should().Be(ImagingErrorCode.RateLimited);
        ex.RetryAfter.Should().BeGreaterThan(TimeSpan.FromDays(1));
        ex.IsRetryable.Should().BeTrue();
        ex.MayHaveCreatedWork.Should().BeFalse();
        outcome.Creating.Should().ContainSingle("a wait longer than the cap is not taken");
        outcome.CreatingForwarded.Should().BeEmpty();
        outcome.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(1), "nothing was waited for");
    }

    [Theory]
    [MemberData(nameof(Operations))]
    public async Task CreatingRequest_RateLimitedInTheBodyOnly_FailsRetryableWithNothingPaidOrIsRetried(string operationName)
    {
        // Arrange: the provider's own body form of a rate limit, with no Retry-After header.
        var operation = Harness.Operation(operationName);
        var attempts = 0;

        // Act
        var outcome = await Runner.RunAsync(operation, r => ProviderHarness.IsCreating(r) && Interlocked.Increment(ref attempts) == 1
            ? new ProxyAction.Replace(_ => Harness.RateLimited(RetryAfterForm.BodyOnly, Time.GetUtcNow(), Runner.ApiKey)) { Forward = false }
            : null);

        // Assert
        Runner.AssertGuarantees(outcome, operation);
        if (Harness.RetriesRateLimitsInTheBody)
        {
            outcome.Exception.Should().BeNull(outcome.ToString());
            outcome.CreatingForwarded.Should().ContainSingle();
        }
        else
        {
            var ex = outcome.ApiException;
            ex.ErrorCode.Should().Be(ImagingErrorCode.RateLimited);
            ex.IsRetryable.Should().BeTrue();
            ex.MayHaveCreatedWork.Should().BeFalse();
            outcome.CreatingForwarded.Should().BeEmpty();
        }
    }

    [Theory]
    [MemberData(nameof(ServerErrors))]
    public async Task CreatingRequest_ServerError_FailsWithTheStatusAndNeverPaysTwice(string operationName, int status, bool htmlPage)
    {
        // Arrange: 502 and 504 come from a gateway after the provider may have acted (so they are forwarded first).
        var operation = Harness.Operation(operationName);
        var providerActed = status is 502 or 504;

        // Act
        var outcome = await Runner.RunAsync(operation, r => ProviderHarness.IsCreating(r)
            ? new ProxyAction.Replace(_ => htmlPage
                ? ProxiedAnswer.Of(status, $"<html><body><h1>{status} Bad Gateway</h1><p>{Runner.ApiKey}</p></body></html>", "text/html")
                : Harness.ServerError(status, Runner.ApiKey)) { Forward = providerActed }
            : null);

        // Assert
        Runner.AssertGuarantees(outcome, operation);
        var ex = outcome.ApiException;
        ex.StatusCode.Should().Be((HttpStatusCode)status);
        ex.MayHaveCreatedWork.Should().Be(providerActed && operation.Paid);
        outcome.Creating.Should().HaveCount(operation.CarriesIdempotencyKey ? 3 : 1, operation.CarriesIdempotencyKey
            ? "with an Idempotency-Key a server error is retried (twice) with the same key"
            : "without an Idempotency-Key a creating request is not repeated after a server error");
        if (!providerActed)
        {
            ex.IsRetryable.Should().BeTrue("the provider did not act, so trying again later is safe");
        }
    }

    [Theory]
    [MemberData(nameof(ConnectionFaults))]
    public async Task CreatingRequest_ConnectionBreaksAfterTheProviderActed_NeverPaysTwiceAndSaysWorkMayExist(string operationName, ConnectionFault fault)
    {
        // Arrange
        var operation = Harness.Operation(operationName);
        var attempts = 0;
        ProxyAction action = fault switch
        {
            ConnectionFault.ResetAfterRequest => new ProxyAction.Reset(),
            ConnectionFault.CloseOnReusedConnection => new ProxyAction.Close(),
            _ => new ProxyAction.Cut(BodyBytes: 20, Hang: false),
        };

        // Act
        var outcome = await Runner.RunAsync(
            operation,
            r => ProviderHarness.IsCreating(r) && Interlocked.Increment(ref attempts) == 1 ? action : null,
            warmUp: fault == ConnectionFault.CloseOnReusedConnection);

        // Assert
        Runner.AssertGuarantees(outcome, operation);
        if (fault == ConnectionFault.CloseOnReusedConnection)
        {
            outcome.Creating[0].OnReusedConnection.Should().BeTrue("the fault must hit a reused connection");
        }

        if (operation.CarriesIdempotencyKey)
        {
            // Sent again with the same key, the provider answers with the first submission: one job, one payment. A
            // body that breaks is read after the HTTP pipeline, so there the caller gets the key to send it again with.
            if (fault != ConnectionFault.BodyStopsHalfway)
            {
                outcome.Exception.Should().BeNull(outcome.ToString());
            }
            else if (outcome.Exception is not null)
            {
                outcome.ApiException.IsRetryable.Should().BeTrue();
                outcome.ApiException.IdempotencyKey.Should().NotBeNull();
            }
        }
        else
        {
            var ex = outcome.ApiException;
            ex.ErrorCode.Should().Be(ImagingErrorCode.NetworkError);
            ex.MayHaveCreatedWork.Should().Be(operation.Paid);
            ex.IsRetryable.Should().Be(!operation.Paid, "a repeat would pay twice, unless nothing paid was made");
            outcome.Creating.Should().ContainSingle("a creating request without an Idempotency-Key is never sent twice");
        }
    }

    [Theory]
    [MemberData(nameof(SilentFaults))]
    public async Task CreatingRequest_AnswerNeverCompletes_EndsAtTheDeadlineSayingWorkMayExist(string operationName, SilentFault fault)
    {
        // Arrange
        var operation = Harness.Operation(operationName);
        var action = Silent(fault);

        // Act
        var outcome = await Runner.RunAsync(operation, r => ProviderHarness.IsCreating(r) ? action : null);

        // Assert
        Runner.AssertGuarantees(outcome, operation);
        var ex = outcome.ApiException;
        ex.ErrorCode.Should().Be(ImagingErrorCode.Timeout);
        ex.MayHaveCreatedWork.Should().Be(operation.Paid);
        outcome.CreatingForwarded.Should().ContainSingle("an attempt is never cut off and repeated: the deadline covers the whole call");
        outcome.Elapsed.Should().BeGreaterThanOrEqualTo(ProviderHarness.CallTimeout).And.BeLessThanOrEqualTo(ProviderHarness.CallTimeout + FaultRunner.DeadlineSlack);
    }

    [Theory]
    [MemberData(nameof(UnreadableAnswers))]
    public async Task CreatingRequest_UnreadableSuccessAnswer_FailsInvalidResponseSayingWorkMayExist(string operationName, UnreadableAnswer fault)
    {
        // Arrange
        var operation = Harness.Operation(operationName);

        // Act
        var outcome = await Runner.RunAsync(operation, r => ProviderHarness.IsCreating(r) ? new ProxyAction.Answer(a => Unreadable(a, fault)) : null);

        // Assert
        Runner.AssertGuarantees(outcome, operation);
        var ex = outcome.ApiException;
        ex.ErrorCode.Should().Be(ImagingErrorCode.InvalidResponse);
        ex.MayHaveCreatedWork.Should().Be(operation.Paid, "the provider answered success, so it may have produced (and charged for) the work");
        outcome.CreatingForwarded.Should().ContainSingle("an unreadable answer is not a reason to pay again");
    }

    [Theory]
    [MemberData(nameof(HostileResultUrls))]
    public async Task ResultUrl_Hostile_IsRefusedOrFetchedWithoutCredentials(string operationName, HostileResultUrl kind)
    {
        // Arrange: a second server on another port, which records what reaches it.
        var operation = Harness.Operation(operationName);
        await using var elsewhere = new LoopbackHttpServer(_ => LoopbackHttpServer.Png(System.Text.Encoding.Latin1.GetString(TestImages.Png)));
        var rewritten = 0;

        // Act
        var outcome = await Runner.RunAsync(operation, r =>
        {
            if (ProviderHarness.IsDownload(r))
            {
                return kind switch
                {
                    HostileResultUrl.Redirecting => new ProxyAction.Replace(_ => ProxiedAnswer.Of(302, string.Empty, "text/plain", new KeyValuePair<string, string>("Location", new Uri(elsewhere.BaseAddress, "moved.png").ToString()))) { Forward = false },
                    HostileResultUrl.RedirectingToFile => new ProxyAction.Replace(_ => ProxiedAnswer.Of(302, string.Empty, "text/plain", new KeyValuePair<string, string>("Location", "file:///etc/passwd"))) { Forward = false },
                    _ => null,
                };
            }

            return kind is HostileResultUrl.FileScheme or HostileResultUrl.FtpScheme or HostileResultUrl.OtherPort or HostileResultUrl.OtherPortOnThisMachine
                ? new ProxyAction.Answer(a =>
                {
                    var text = a.BodyText;
                    var changed = Regex.Replace(text, @"http://127\.0\.0\.1:\d+/files/[^""\s\\]+", kind switch
                    {
                        HostileResultUrl.FileScheme => "file:///etc/passwd",
                        HostileResultUrl.FtpScheme => "ftp://127.0.0.1/result.png",
                        _ => new Uri(elsewhere.BaseAddress, "result.png").ToString(),
                    });
                    if (changed != text)
                    {
                        Interlocked.Increment(ref rewritten);
                    }

                    return a.WithBody(changed, a.Header("Content-Type") ?? "application/json");
                })
                : null;
        },
        downloadsFromThisMachineArePublic: kind != HostileResultUrl.OtherPortOnThisMachine);

        // Assert
        Runner.AssertGuarantees(outcome, operation, answerChanged: false);
        foreach (var request in elsewhere.Requests)
        {
            request.Header("Authorization").Should().BeNull();
            request.Header("X-API-Key").Should().BeNull();
        }

        switch (kind)
        {
            case HostileResultUrl.FileScheme or HostileResultUrl.FtpScheme:
                rewritten.Should().BePositive("the answers should have carried a result URL to change");
                outcome.ApiException.ErrorCode.Should().Be(ImagingErrorCode.InvalidResponse);
                elsewhere.Requests.Should().BeEmpty();
                break;
            case HostileResultUrl.OtherPortOnThisMachine:
                rewritten.Should().BePositive("the answers should have carried a result URL to change");
                outcome.ApiException.ErrorCode.Should().Be(ImagingErrorCode.InvalidResponse, "a result URL may not make a server fetch from its own machine");
                outcome.ApiException.Message.Should().Contain("BlockPrivateNetworkDownloads");
                elsewhere.Requests.Should().BeEmpty();
                break;
            case HostileResultUrl.OtherPort:
                rewritten.Should().BePositive("the answers should have carried a result URL to change");
                outcome.Exception.Should().BeNull(outcome.ToString());
                elsewhere.Requests.Should().NotBeEmpty("the image is fetched from where the provider said, without credentials");
                break;
            case HostileResultUrl.Redirecting:
                outcome.Exception.Should().BeNull(outcome.ToString());
                elsewhere.Requests.Should().NotBeEmpty("the redirect is followed, without credentials");
                break;
            case HostileResultUrl.RedirectingToFile:
                var ex = outcome.ApiException;
                ex.ErrorCode.Should().Be(ImagingErrorCode.InvalidResponse);
                ex.Message.Should().Contain("/files/", "the refused download names the result URL, so the caller keeps it");
                break;
        }
    }

    [Theory]
    [MemberData(nameof(CancelableSteps))]
    public async Task ApiOrDownloadCall_Redirected_IsNotFollowedWithTheKey(string operationName, CallStep step)
    {
        // Arrange: a redirect to another server; an API call must not carry the key there.
        var operation = Harness.Operation(operationName);
        await using var elsewhere = new LoopbackHttpServer(_ => LoopbackHttpServer.Png(System.Text.Encoding.Latin1.GetString(TestImages.Png)));
        var target = new Uri(elsewhere.BaseAddress, "stolen").ToString();

        // Act
        var outcome = await Runner.RunAsync(
            operation,
            r => Matches(r, step)
                ? new ProxyAction.Replace(_ => ProxiedAnswer.Of(307, string.Empty, "text/plain", new KeyValuePair<string, string>("Location", target))) { Forward = false }
                : null,
            downloadsFromThisMachineArePublic: true);

        // Assert
        Runner.AssertGuarantees(outcome, operation);
        if (step == CallStep.ResultDownload)
        {
            outcome.Exception.Should().BeNull("a download carries no key and follows the redirect");
            elsewhere.Requests.Should().OnlyContain(r => r.Header("Authorization") == null && r.Header("X-API-Key") == null);
        }
        else
        {
            outcome.ApiException.ErrorCode.Should().Be(ImagingErrorCode.InvalidResponse);
            elsewhere.Requests.Should().BeEmpty("an API call is never redirected");
        }
    }

    [Theory]
    [MemberData(nameof(CancelableSteps))]
    public async Task Call_CanceledWhileTheServerIsSilent_EndsPromptlyAsCanceled(string operationName, CallStep step)
    {
        // Arrange
        var operation = Harness.Operation(operationName);

        // Act
        var outcome = await Runner.RunAsync(operation, r => Matches(r, step) ? new ProxyAction.Silence { Forward = step == CallStep.CreatingRequest } : null, cancelOnSilence: true);

        // Assert
        Runner.AssertGuarantees(outcome, operation);
        outcome.Exception.Should().BeAssignableTo<OperationCanceledException>(outcome.ToString());
        if (step == CallStep.StatusCheck)
        {
            var wait = outcome.Exception.Should().BeOfType<ImageJobWaitCanceledException>().Subject;
            wait.JobId.Should().NotBeNullOrEmpty();
            wait.ResumeToken.Should().NotBeNull();
        }

        outcome.Elapsed.Should().BeLessThan(ProviderHarness.CallTimeout, "the cancellation, not a deadline, ended the call");
    }

    [Theory]
    [MemberData(nameof(ResultDownloadFaults))]
    public async Task ResultDownload_ConnectionFaults_FailNamingTheResultUrl(string operationName, SilentFault fault)
    {
        // Arrange: every download of the result breaks (downloads are reads: they are retried, then fail).
        var operation = Harness.Operation(operationName);

        // Act
        var outcome = await Runner.RunAsync(operation, r => ProviderHarness.IsDownload(r) ? Silent(fault) with { Forward = true } : null);

        // Assert
        Runner.AssertGuarantees(outcome, operation);
        var ex = outcome.ApiException;
        ex.ErrorCode.Should().BeOneOf(ImagingErrorCode.Timeout, ImagingErrorCode.NetworkError);
        ex.Message.Should().Contain("/files/", "the result URL reaches the caller in the exception");
        outcome.CreatingForwarded.Should().ContainSingle();
    }

    public static TheoryData<string, SilentFault> ResultDownloadFaults() =>
        Cross([.. Harness.Operations.Where(o => Harness.ReturnsResultUrls(o.Name)).Select(o => o.Name)], Enum.GetValues<SilentFault>());

    private protected static TheoryData<string, T> Cross<T>(IEnumerable<string> operations, IEnumerable<T> cases)
    {
        var data = new TheoryData<string, T>();
        foreach (var operation in operations)
        {
            foreach (var item in cases)
            {
                data.Add(operation, item);
            }
        }

        return data;
    }

    private static IEnumerable<string> AllNames() => Harness.Operations.Select(o => o.Name);

    private protected static bool Matches(ProxiedRequest request, CallStep step) => step switch
    {
        CallStep.CreatingRequest => ProviderHarness.IsCreating(request),
        CallStep.StatusCheck => Harness.IsStatusCheck(request),
        _ => ProviderHarness.IsDownload(request),
    };

    private protected static ProxyAction Silent(SilentFault fault) => fault switch
    {
        SilentFault.NoAnswer => new ProxyAction.Silence(),
        SilentFault.HeadersThenSilence => new ProxyAction.Cut(BodyBytes: 0, Hang: true),
        SilentFault.BodySlowerThanTheTimeout => new ProxyAction.Cut(BodyBytes: 20, Hang: true),
        _ => new ProxyAction.Cut(BodyBytes: -1, Hang: true, ExtraLength: 1000),
    };

    private static ProxiedAnswer Unreadable(ProxiedAnswer answer, UnreadableAnswer fault) => fault switch
    {
        UnreadableAnswer.TruncatedJson => answer with { Body = answer.Body[..(answer.Body.Length / 2)] },
        UnreadableAnswer.MalformedJson => answer.WithBody(answer.BodyText.Replace(":", ":,", StringComparison.Ordinal)),
        UnreadableAnswer.WrongShapeJson => answer.WithBody("""[{"id":[1,2,3]},"data",null,{"images":{"url":7}}]"""),
        UnreadableAnswer.HtmlPage => answer.WithBody("<!DOCTYPE html><html><body><h1>Welcome to nginx!</h1></body></html>", "text/html"),
        UnreadableAnswer.EmptyBody => answer with { Body = [] },
        _ => answer.WithBody("{\"data\":\"" + new string('A', (int)ProviderHarness.MaxResponseBytes + 1024) + "\"}"),
    };

    private protected static Func<string, string> MarkPrompt(string marker) =>
        body => body.Replace("a lighthouse at dusk", "a lighthouse at dusk " + marker, StringComparison.Ordinal)
            .Replace("make it winter", "make it winter " + marker, StringComparison.Ordinal);
}


/// <summary>
/// The fault suite's cases for a provider's jobs, on top of <see cref="FaultSuite{THarness}"/>: a job that fails late,
/// one that never finishes, status checks that hang across the deadline, fail for a while, or find the record gone.
/// </summary>
/// <typeparam name="THarness">The provider under test.</typeparam>
public abstract class JobFaultSuite<THarness> : FaultSuite<THarness>
    where THarness : ProviderHarness, new()
{
    public static TheoryData<string> JobOperations() => [.. Harness.Operations.Where(o => o.CreatesJob).Select(o => o.Name)];

    /// <summary>The job operations that take a prompt, which the emulator reads for its fault markers.</summary>
    public static TheoryData<string> PromptedJobOperations() => [.. Harness.Operations.Where(o => o.CreatesJob && o.Name is "generate" or "edit" or "submit").Select(o => o.Name)];

    [Theory]
    [MemberData(nameof(PromptedJobOperations))]
    public async Task Job_FailsLate_FailsWithTheJobIdAndResumeToken(string operationName)
    {
        // Arrange: the emulator fails a job whose prompt says "[fail]", after it ran.
        var operation = Harness.Operation(operationName);

        // Act
        var outcome = await Runner.RunAsync(operation, r => ProviderHarness.IsCreating(r) ? new ProxyAction.Pass { ChangeRequest = MarkPrompt("[fail]") } : null);

        // Assert
        Runner.AssertGuarantees(outcome, operation);
        var ex = outcome.ApiException;
        ex.ErrorCode.Should().Be(Harness.LateFailure);
        ex.JobId.Should().NotBeNullOrEmpty();
        ex.ResumeToken.Should().NotBeNull();
        outcome.CreatingForwarded.Should().ContainSingle();
    }

    [Theory]
    [MemberData(nameof(PromptedJobOperations))]
    public async Task Job_NeverFinishes_EndsAtTheDeadlineStillRunningWithTheJobIdAndResumeToken(string operationName)
    {
        // Arrange
        var operation = Harness.Operation(operationName);

        // Act
        var outcome = await Runner.RunAsync(operation, r => ProviderHarness.IsCreating(r) ? new ProxyAction.Pass { ChangeRequest = MarkPrompt(Harness.NeverFinishesMarker) } : null);

        // Assert
        Runner.AssertGuarantees(outcome, operation);
        var ex = outcome.ApiException;
        ex.ErrorCode.Should().Be(ImagingErrorCode.StillRunning);
        ex.JobId.Should().NotBeNullOrEmpty();
        ex.ResumeToken.Should().NotBeNull();
        ex.IsRetryable.Should().BeFalse("resume the job rather than submit it again");
        outcome.CreatingForwarded.Should().ContainSingle();
        // Past the deadline by at most one interval: a poll the emulator holds (RelayGPU's long poll) moves the shared
        // instant clock by its whole wait at once, while the client cuts the check off at the deadline.
        outcome.Elapsed.Should().BeGreaterThanOrEqualTo(ProviderHarness.JobTimeout).And.BeLessThanOrEqualTo(ProviderHarness.JobTimeout + FaultRunner.DeadlineSlack);
    }

    [Theory]
    [MemberData(nameof(JobOperations))]
    public async Task StatusCheck_HangsAcrossTheDeadline_EndsAtTheDeadlineWithTheJobIdAndResumeToken(string operationName)
    {
        // Arrange
        var operation = Harness.Operation(operationName);

        // Act
        var outcome = await Runner.RunAsync(operation, r => Harness.IsStatusCheck(r) ? new ProxyAction.Silence { Forward = false } : null);

        // Assert
        Runner.AssertGuarantees(outcome, operation);
        var ex = outcome.ApiException;
        ex.ErrorCode.Should().BeOneOf(ImagingErrorCode.StillRunning, ImagingErrorCode.Timeout);
        ex.JobId.Should().NotBeNullOrEmpty();
        ex.ResumeToken.Should().NotBeNull();
        outcome.CreatingForwarded.Should().ContainSingle();
        outcome.Elapsed.Should().BeLessThanOrEqualTo(ProviderHarness.JobTimeout + FaultRunner.DeadlineSlack);
    }

    [Theory]
    [MemberData(nameof(JobOperations))]
    public async Task StatusCheck_TransientFailures_AreRetriedAndTheJobCompletesPaidOnce(string operationName)
    {
        // Arrange: the first status checks answer 503, 429 and a reset.
        var operation = Harness.Operation(operationName);
        var checks = 0;

        // Act
        var outcome = await Runner.RunAsync(operation, r => Harness.IsStatusCheck(r)
            ? Interlocked.Increment(ref checks) switch
            {
                1 => new ProxyAction.Replace(_ => Harness.ServerError(503, Runner.ApiKey)) { Forward = false },
                2 => new ProxyAction.Replace(_ => Harness.RateLimited(RetryAfterForm.Seconds, Time.GetUtcNow(), Runner.ApiKey)) { Forward = false },
                3 => new ProxyAction.Reset { Forward = false },
                _ => null,
            }
            : null);

        // Assert
        Runner.AssertGuarantees(outcome, operation);
        outcome.Exception.Should().BeNull(outcome.ToString());
        outcome.CreatingForwarded.Should().ContainSingle();
        checks.Should().BeGreaterThan(3);
    }

    [Theory]
    [MemberData(nameof(JobOperations))]
    public async Task StatusCheck_TaskRecordGone_FailsWithTheJobIdAndResumeToken(string operationName)
    {
        // Arrange
        var operation = Harness.Operation(operationName);

        // Act
        var outcome = await Runner.RunAsync(operation, r => Harness.IsStatusCheck(r) ? new ProxyAction.Replace(_ => Harness.TaskGone(Runner.ApiKey)) { Forward = false } : null);

        // Assert
        Runner.AssertGuarantees(outcome, operation);
        var ex = outcome.ApiException;
        ex.ErrorCode.Should().BeOneOf(ImagingErrorCode.ResultExpired, ImagingErrorCode.NotFound);
        ex.JobId.Should().NotBeNullOrEmpty();
        ex.ResumeToken.Should().NotBeNull();
        outcome.CreatingForwarded.Should().ContainSingle();
    }
}
#pragma warning restore CA1000

public sealed class ConcurredFaultTests : FaultSuite<ConcurredHarness>;

public sealed class KieFaultTests : JobFaultSuite<KieHarness>;

public sealed class ApiframeFaultTests : JobFaultSuite<ApiframeHarness>;

public sealed class RelayGpuFaultTests : JobFaultSuite<RelayGpuHarness>;

/// <summary>
/// The fault suite's cases for images that arrive inline, as base64 in the answer (Concurred's Imagen, RelayGPU's
/// base64 routes): an answer whose image data is not base64.
/// </summary>
/// <typeparam name="THarness">The provider under test.</typeparam>
#pragma warning disable CA1000 // The theories' data is static per provider: xunit reads it from the closed generic type.
public abstract partial class InlineImageFaultSuite<THarness> : FaultFixture<THarness>
    where THarness : ProviderHarness, new()
{
    public static TheoryData<string> InlineOperations() => [.. Harness.Operations.Where(o => !Harness.ReturnsResultUrls(o.Name) && o.Name != "upload").Select(o => o.Name)];

    [Theory]
    [MemberData(nameof(InlineOperations))]
    public async Task CreatingRequest_InvalidBase64Image_FailsInvalidResponseSayingWorkMayExist(string operationName)
    {
        // Arrange
        var operation = Harness.Operation(operationName);
        var replaced = 0;

        // Act
        var outcome = await Runner.RunAsync(operation, r => ProviderHarness.IsCreating(r)
            ? new ProxyAction.Answer(a =>
            {
                var text = Base64Value().Replace(a.BodyText, "\"@@ not base64 @@\"");
                if (text != a.BodyText)
                {
                    Interlocked.Increment(ref replaced);
                }

                return a.WithBody(text);
            })
            : null);

        // Assert
        Runner.AssertGuarantees(outcome, operation);
        replaced.Should().Be(1, "the answer should have carried an inline image to garble");
        var ex = outcome.ApiException;
        ex.ErrorCode.Should().Be(ImagingErrorCode.InvalidResponse);
        ex.MayHaveCreatedWork.Should().BeTrue("the provider made (and charged for) the image it sent");
        outcome.CreatingForwarded.Should().ContainSingle();
    }

    [GeneratedRegex("\"[A-Za-z0-9+/]{200,}={0,2}\"")]
    private static partial Regex Base64Value();
}
#pragma warning restore CA1000

public sealed class ConcurredInlineImageFaultTests : InlineImageFaultSuite<ConcurredHarness>;

public sealed class RelayGpuInlineImageFaultTests : InlineImageFaultSuite<RelayGpuHarness>;
