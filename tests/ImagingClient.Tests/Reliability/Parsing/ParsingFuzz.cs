using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using ImagingClient.Tests.TestSupport;
using RichardSzalay.MockHttp;

namespace ImagingClient.Tests.Reliability.Parsing;

/// <summary>What a run of mutated cases did: how many, and how each ended.</summary>
internal sealed record FuzzReport(string What, int Cases, IReadOnlyDictionary<string, int> Outcomes)
{
    public override string ToString() =>
        $"{What}: {Cases} cases; " + string.Join(", ", Outcomes.OrderByDescending(o => o.Value).Select(o => string.Create(CultureInfo.InvariantCulture, $"{o.Key} {o.Value}")));
}

/// <summary>
/// Runs mutated payloads through a parser and keeps what must not happen: an exception the SDK does not document for
/// that call, a cut-off payload taken as a whole answer, or a case that does not end. Each case runs on the thread pool
/// under its own wall-clock bound (<see cref="CaseLimit"/>), so one that hangs, even synchronously, fails the test with
/// its seed instead of hanging the run; the run stops at the first such case, so it is bounded too.
/// </summary>
internal static class ParsingFuzz
{
    /// <summary>Mutated cases per seed payload: with four to five payload kinds of two to five seeds each, over 1,000 per provider.</summary>
    public const int CasesPerSeed = 120;

    /// <summary>
    /// How long one case may take on the wall clock. A case takes milliseconds; the bound only has to beat "for ever"
    /// on a loaded machine, and is shorter than <see cref="Bounded.Limit"/> so that a hang is reported with its seed.
    /// </summary>
    public static readonly TimeSpan CaseLimit = TimeSpan.FromSeconds(10);

    /// <summary>A seed for a row that stays the same from run to run (not <see cref="string.GetHashCode()"/>, which is randomised).</summary>
    public static int SeedOf(string row)
    {
        var hash = 2166136261u;
        foreach (var c in row)
        {
            hash = (hash ^ c) * 16777619u;
        }

        return (int)(hash & 0x7FFF_0000);
    }

    /// <summary>
    /// Runs <see cref="CasesPerSeed"/> mutations of <paramref name="payload"/> through <paramref name="runCase"/>;
    /// an exception <paramref name="documented"/> does not accept, a truncated payload that is accepted, or a case that
    /// does not end within <see cref="CaseLimit"/> fails the test, naming the seed and the payload.
    /// </summary>
    /// <param name="what">The provider, the call and the payload kind, for messages.</param>
    /// <param name="payload">The valid payload to mutate (a JSON object, so that no cut of it is a whole document).</param>
    /// <param name="runCase">Feeds one payload to the parser and touches what it returns as a caller would.</param>
    /// <param name="documented">Whether an exception is one the call documents.</param>
    public static async Task<FuzzReport> RunAsync(string what, string payload, Func<MutatedPayload, Task> runCase, Func<Exception, bool> documented)
    {
        var outcomes = new Dictionary<string, int>(StringComparer.Ordinal);
        var failures = new List<string>();
        foreach (var mutated in JsonMutator.Cases(payload, SeedOf(what), CasesPerSeed))
        {
            string outcome;
            var run = Task.Run(() => runCase(mutated));
            try
            {
                await run.WaitAsync(CaseLimit);
                outcome = "accepted";
                if (mutated.Kind == MutationKind.Truncation)
                {
                    failures.Add($"A cut-off payload was taken as a whole answer\n    for {mutated.Describe()}");
                }
            }
            catch (TimeoutException) when (!run.IsCompleted)
            {
                failures.Add(string.Create(CultureInfo.InvariantCulture, $"HUNG: still running after {CaseLimit.TotalSeconds:0} s of wall-clock time\n    for {mutated.Describe()}"));
                outcomes["HUNG"] = 1;
                break;
            }
            catch (Exception ex) when (documented(ex))
            {
                outcome = ex is ImagingApiException api ? $"{ex.GetType().Name}({api.ErrorCode})" : ex.GetType().Name;
            }
            catch (Exception ex)
            {
                outcome = "UNDOCUMENTED " + ex.GetType().Name;
                failures.Add($"{ex.GetType().FullName}: {Cut(ex.Message, 300)}\n    {Where(ex)}\n    for {mutated.Describe()}");
            }

            outcomes[outcome] = outcomes.GetValueOrDefault(outcome) + 1;
        }

        var report = new FuzzReport(what, outcomes.Values.Sum(), outcomes);
        failures.Should().BeEmpty(
            "every mutated payload of {0} must be accepted or refused with a documented exception, a cut-off one refused, and each within {1} ({2}); reproduce one with JsonMutator.Mutate(seed payload, seed). {3} of them failed; the first:\n{4}",
            what,
            CaseLimit,
            report,
            failures.Count,
            string.Join("\n", failures.Take(8)));
        return report;
    }

    /// <summary>Touches everything a caller reads of a result: each image's bytes or URL and expiry, the details, the warnings.</summary>
    public static async Task TouchAsync(ImageResult result)
    {
        var seen = new StringBuilder();
        seen.Append(result.Provider).Append(result.Model).Append(result.RequestId).Append(result.JobId).Append(result.RateLimit);
        seen.AppendJoin(' ', result.Warnings).Append(result.ProviderDetails);
        foreach (var image in result.Images)
        {
            seen.Append(image.MediaType).Append(image);
            switch (image)
            {
                case InlineGeneratedImage inline:
                    var bytes = await inline.GetBytesAsync();
                    bytes.Length.Should().Be(inline.Data.Length);
                    await using (var stream = await inline.OpenReadAsync())
                    {
                        await stream.CopyToAsync(Stream.Null);
                    }

                    break;
                case RemoteGeneratedImage remote:
                    seen.Append(remote.Url.AbsoluteUri).Append(remote.ExpiresAt);
                    try
                    {
                        await remote.GetBytesAsync();
                    }
                    catch (ImagingApiException)
                    {
                        // Documented: the download failed (refused, expired, not an image).
                    }

                    break;
            }
        }
    }

    /// <summary>Touches what a caller reads of a job, and its result or failure once it has finished.</summary>
    public static async Task TouchAsync(ImageJob job)
    {
        _ = $"{job} {job.Id} {job.Status} {job.ProviderStatus} {job.Progress} {job.ResumeToken} {job.LastUpdated} {job.Failure?.Message}";
        if (job.Result is { } result)
        {
            await TouchAsync(result);
        }

        if (job.IsCompleted)
        {
            // A finished job answers at once, without polling: its images, or its failure thrown.
            await TouchAsync(await job.WaitForCompletionAsync());
        }
    }

    /// <summary>An answer with a JSON body.</summary>
    public static HttpResponseMessage Answer(int status, byte[] body)
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        return new HttpResponseMessage((HttpStatusCode)status) { Content = content };
    }

    /// <summary>
    /// A mock on which every request no route matched is an image download, answered with a PNG: result URLs may be
    /// anything after mutation, and a download must be readable wherever it points.
    /// </summary>
    public static MockHttpMessageHandler MockWithDownloads()
    {
        var mock = new MockHttpMessageHandler();
        mock.Fallback.Respond(request => request.Method == HttpMethod.Get
            ? new HttpResponseMessage(HttpStatusCode.OK) { Content = new ByteArrayContent(Convert.FromBase64String(ParsingSeeds.Png1x1)) { Headers = { ContentType = new MediaTypeHeaderValue("image/png") } } }
            : new HttpResponseMessage((HttpStatusCode)599) { Content = new StringContent("unexpected request " + request.RequestUri) });
        return mock;
    }

    /// <summary>The frame that threw, and the library's own frame nearest to it.</summary>
    private static string Where(Exception ex)
    {
        var frames = (ex.StackTrace ?? string.Empty).Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        var own = frames.FirstOrDefault(f => f.StartsWith("at ImagingClient.", StringComparison.Ordinal) && !f.StartsWith("at ImagingClient.Tests.", StringComparison.Ordinal));
        return Cut(frames.FirstOrDefault(), 200) + (own is null || own == frames.FirstOrDefault() ? string.Empty : "\n    " + Cut(own, 200));
    }

    private static string Cut(string? text, int max) => text is null ? string.Empty : text.Length <= max ? text : text[..max] + "…";
}

/// <summary>The answer a mocked route gives next: set before each case, read by the route.</summary>
internal sealed class ScriptedAnswer
{
    private volatile Tuple<int, byte[]> _next = Tuple.Create(200, Array.Empty<byte>());

    public void Set(int status, byte[] body) => _next = Tuple.Create(status, body);

    public HttpResponseMessage Respond()
    {
        var next = _next;
        return ParsingFuzz.Answer(next.Item1, next.Item2);
    }
}

/// <summary>Lets the client factory rotate handlers without disposing the test's mock.</summary>
internal sealed class SharedHandler(HttpMessageHandler inner) : HttpMessageHandler
{
    private readonly HttpMessageInvoker _invoker = new(inner, disposeHandler: false);

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
        _invoker.SendAsync(request, cancellationToken);
}
