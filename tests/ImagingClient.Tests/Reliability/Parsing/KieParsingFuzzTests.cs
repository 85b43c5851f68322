using System.Globalization;
using System.Text;
using System.Text.Json;
using ImagingClient.Providers.Kie;
using ImagingClient.Providers.Kie.Wire;
using ImagingClient.Tests.TestSupport;
using ImagingClient.Webhooks;
using Microsoft.Extensions.Time.Testing;
using RichardSzalay.MockHttp;
using Xunit.Abstractions;

namespace ImagingClient.Tests.Reliability.Parsing;

/// <summary>
/// Kie's submit, record-info, error and callback parsers fed mutated payloads: the client calls (MockHttp, the full
/// pipeline with one retry, <see cref="InstantTimeProvider"/>) return a job or throw <see cref="ImagingApiException"/>;
/// the callback verifier, given a valid signature for whatever task id the mutated body names, returns a callback or
/// refuses it as unreadable with <see cref="WebhookVerificationException"/>.
/// </summary>
public sealed class KieParsingFuzzTests(ITestOutputHelper output)
{
    private const string GenerateUrl = "https://api.kie.ai/api/v1/flux/kontext/generate";
    private const string RecordInfoUrl = "https://api.kie.ai/api/v1/flux/kontext/record-info";
    private const string DownloadUrlUrl = "https://api.kie.ai/api/v1/common/download-url";
    private const string CreditUrl = "https://api.kie.ai/api/v1/chat/credit";
    private const string HmacKey = "kie_webhook_hmac_key_for_tests";
    private static readonly DateTimeOffset SignedAt = new(2026, 11, 21, 12, 0, 0, TimeSpan.Zero);
    private static readonly ImageGenerationRequest Request = new() { Prompt = "a cat" };

    [Theory]
    [InlineData("task-id")]
    [InlineData("numeric-task-id")]
    public async Task StartGenerateAsync_MutatedKieSubmitAnswers_ThrowOnlyImagingApiException(string kind)
    {
        // Arrange
        var seed = ParsingSeeds.KieSubmits[kind];
        var (mock, submit, _) = Mock();
        using var disposeMock = mock;
        using var client = ParsingClients.Kie(mock);
        submit.Set(200, Encoding.UTF8.GetBytes(seed));
        var unmutated = await client.StartGenerateAsync(Request).WithinLimitAsync("the unmutated submit answer");

        // Act
        var report = await ParsingFuzz.RunAsync(
            $"Kie submit answer '{kind}'",
            seed,
            async mutated =>
            {
                submit.Set(200, mutated.Payload);
                var job = await client.StartGenerateAsync(Request);
                _ = ImageJobToken.Parse(job.ResumeToken!.ToString());
                await ParsingFuzz.TouchAsync(job);
            },
            ex => ex is ImagingApiException);

        // Assert
        unmutated.Id.Should().NotBeNullOrWhiteSpace("the harness must reach the submit parser");
        output.WriteLine(report.ToString());
    }

    [Theory]
    [InlineData("success")]
    [InlineData("success-unix-times")]
    [InlineData("generating")]
    [InlineData("failed")]
    public async Task ResumeJobAsync_MutatedKieRecords_ThrowOnlyImagingApiException(string kind)
    {
        // Arrange
        var seed = ParsingSeeds.KieRecords[kind];
        var (mock, _, poll) = Mock();
        using var disposeMock = mock;
        using var client = ParsingClients.Kie(mock);
        var token = new ImageJobToken("kie", ParsingSeeds.KieTaskId, "flux-kontext-pro", ImageOperationKind.Generate, SignedAt);
        poll.Set(200, Encoding.UTF8.GetBytes(seed));
        var unmutated = await client.ResumeJobAsync(token).WithinLimitAsync("the unmutated record");

        // Act
        var report = await ParsingFuzz.RunAsync(
            $"Kie record-info answer '{kind}'",
            seed,
            async mutated =>
            {
                poll.Set(200, mutated.Payload);
                await ParsingFuzz.TouchAsync(await client.ResumeJobAsync(token));
            },
            ex => ex is ImagingApiException);

        // Assert
        unmutated.ProviderStatus.Should().NotBe("RESUMED", "the harness must reach the record parser");
        output.WriteLine(report.ToString());
    }

    [Theory]
    [InlineData("credits-in-200")]
    [InlineData("rate-limit")]
    [InlineData("server-error")]
    [InlineData("validation-in-200")]
    public async Task StartGenerateAndResumeJobAsync_MutatedKieErrorBodies_ThrowOnlyImagingApiException(string kind)
    {
        // Arrange
        var (status, seed) = ParsingSeeds.KieErrors[kind];
        var (mock, submit, poll) = Mock();
        using var disposeMock = mock;
        using var client = ParsingClients.Kie(mock);
        var token = new ImageJobToken("kie", ParsingSeeds.KieTaskId, "flux-kontext-pro", ImageOperationKind.Generate, SignedAt);
        submit.Set(status, Encoding.UTF8.GetBytes(seed));
        var unmutated = await Record.ExceptionAsync(() => client.StartGenerateAsync(Request).WithinLimitAsync("the unmutated error"));

        // Act
        var report = await ParsingFuzz.RunAsync(
            $"Kie error body '{kind}' (HTTP {status})",
            seed,
            async mutated =>
            {
                submit.Set(status, mutated.Payload);
                poll.Set(status, mutated.Payload);
                try
                {
                    await ParsingFuzz.TouchAsync(await client.StartGenerateAsync(Request));
                }
                catch (ImagingApiException)
                {
                    // Documented; the status check below reads the same body.
                }

                await ParsingFuzz.TouchAsync(await client.ResumeJobAsync(token));
            },
            ex => ex is ImagingApiException);

        // Assert
        unmutated.Should().BeOfType<ImagingApiException>().Which.ProviderErrorCode.Should().NotBeNull("the harness must reach the error parser");
        output.WriteLine(report.ToString());
    }

    [Theory]
    [InlineData("download-url")]
    [InlineData("credits")]
    [InlineData("credits-as-text")]
    public async Task GetDownloadUrlAndGetCreditsAsync_MutatedKieCommonAnswers_ThrowOnlyImagingApiException(string kind)
    {
        // Arrange
        var seed = ParsingSeeds.KieCommonAnswers[kind];
        var answer = new ScriptedAnswer();
        using var mock = ParsingFuzz.MockWithDownloads();
        mock.When(HttpMethod.Post, DownloadUrlUrl).Respond(_ => answer.Respond());
        mock.When(HttpMethod.Get, CreditUrl).Respond(_ => answer.Respond());
        using var client = ParsingClients.Kie(mock);
        var api = client.GetRequiredService<IKieApi>();
        var fileUrl = new Uri("https://tempfile.aiquickdraw.com/r/result.png");
        Func<Task<string>> call = kind == "download-url"
            ? async () => (await api.GetDownloadUrlAsync(fileUrl)).ToString()
            : async () => (await api.GetCreditsAsync()).ToString(CultureInfo.InvariantCulture);
        answer.Set(200, Encoding.UTF8.GetBytes(seed));
        var unmutated = await call().WithinLimitAsync("the unmutated answer");

        // Act
        var report = await ParsingFuzz.RunAsync(
            $"Kie common answer '{kind}'",
            seed,
            async mutated =>
            {
                answer.Set(200, mutated.Payload);
                _ = await call();
            },
            ex => ex is ImagingApiException);

        // Assert
        unmutated.Should().Contain(kind == "download-url" ? "download.png" : kind == "credits" ? "1234.5" : "87.25", "the harness must reach the answer's parser");
        output.WriteLine(report.ToString());
    }

    [Theory]
    [InlineData("success")]
    [InlineData("failed")]
    [InlineData("snake-case")]
    public async Task Verify_MutatedKieCallbacksSignedForTheirTaskId_ThrowOnlyWebhookVerificationException(string kind)
    {
        // Arrange
        var seed = ParsingSeeds.KieCallbacks[kind];
        using var mock = ParsingFuzz.MockWithDownloads();
        using var downloads = new HttpClient(new SharedHandler(mock));
        var verifier = new KieCallbackVerifier(new KieCallbackOptions { WebhookHmacKey = HmacKey }, new FakeTimeProvider(SignedAt), downloads);
        var unmutated = Deliver(verifier, Encoding.UTF8.GetBytes(seed));

        // Act
        var report = await ParsingFuzz.RunAsync(
            $"Kie callback '{kind}'",
            seed,
            async mutated =>
            {
                var callback = Deliver(verifier, mutated.Payload);
                _ = $"{callback} {callback.TaskId} {callback.Code} {callback.Message} {callback.ResultImageUrl} {callback.OriginImageUrl} {callback.Kind} {callback.SentAt}";
                if (callback.IsCompleted)
                {
                    try
                    {
                        await ParsingFuzz.TouchAsync(callback.GetResult());
                    }
                    catch (ImagingApiException)
                    {
                        // Documented: the task failed, as polling would say.
                    }
                }
            },
            ex => ex is WebhookVerificationException { Reason: WebhookFailureReason.UnreadableBody });

        // Assert
        unmutated.TaskId.Should().Be(ParsingSeeds.KieTaskId, "the harness must sign the callback so that the verifier reads it");
        output.WriteLine(report.ToString());
    }

    /// <summary>Delivers a body signed for the task id the verifier will read from it (Kie signs the id, not the body).</summary>
    private static KieCallback Deliver(KieCallbackVerifier verifier, byte[] body)
    {
        string? taskId;
        try
        {
            var parsed = JsonSerializer.Deserialize(body, KieJsonContext.Default.KieCallbackBody);
            taskId = parsed?.Data?.TaskId ?? parsed?.Data?.TaskIdSnakeCase;
        }
        catch (JsonException)
        {
            taskId = null;
        }

        var timestamp = SignedAt.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var signature = KieCallbackVerifier.ComputeSignature(HmacKey, taskId ?? ParsingSeeds.KieTaskId, timestamp);
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
        {
            [KieCallbackVerifier.TimestampHeader] = timestamp,
            [KieCallbackVerifier.SignatureHeader] = signature,
        };
        var accepted = verifier.TryVerify(name => headers.GetValueOrDefault(name), body, out var tried, out var failure);
        try
        {
            var callback = verifier.Verify(name => headers.GetValueOrDefault(name), body);
            accepted.Should().BeTrue("TryVerify must agree with Verify");
            tried!.TaskId.Should().Be(callback.TaskId);
            return callback;
        }
        catch (WebhookVerificationException)
        {
            accepted.Should().BeFalse("TryVerify must agree with Verify");
            failure.Should().NotBeNullOrEmpty();
            throw;
        }
    }

    private static (MockHttpMessageHandler Mock, ScriptedAnswer Submit, ScriptedAnswer Poll) Mock()
    {
        var submit = new ScriptedAnswer();
        var poll = new ScriptedAnswer();
        var mock = ParsingFuzz.MockWithDownloads();
        mock.When(HttpMethod.Post, GenerateUrl).Respond(_ => submit.Respond());
        mock.When(HttpMethod.Get, RecordInfoUrl).Respond(_ => poll.Respond());
        return (mock, submit, poll);
    }
}
