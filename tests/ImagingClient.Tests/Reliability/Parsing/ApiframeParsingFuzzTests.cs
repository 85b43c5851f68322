using System.Text;
using ImagingClient.Providers.Apiframe;
using ImagingClient.Tests.TestSupport;
using ImagingClient.Webhooks;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using RichardSzalay.MockHttp;
using Xunit.Abstractions;

namespace ImagingClient.Tests.Reliability.Parsing;

/// <summary>
/// Apiframe's submit, job, error and webhook parsers fed mutated payloads: the client calls (MockHttp, the full pipeline
/// with one retry, <see cref="InstantTimeProvider"/>) return a job or throw <see cref="ImagingApiException"/>; the
/// webhook verifier, given a valid signature over the mutated body, returns an event or refuses it as unreadable.
/// </summary>
public sealed class ApiframeParsingFuzzTests(ITestOutputHelper output)
{
    private const string Key = ParsingClients.ApiframeKey;
    private const string GenerateUrl = "https://api.apiframe.ai/v2/images/generate";
    private const string JobsUrl = "https://api.apiframe.ai/v2/jobs/*";
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 10, 0, 0, TimeSpan.Zero);
    private static readonly ImageGenerationRequest Request = new() { Prompt = "a fox", Model = ApiframeModels.Flux2Pro };
    private static readonly ImageJobToken Token = new("apiframe", ParsingSeeds.ApiframeJobId, "flux-2-pro", ImageOperationKind.Generate, Now);

    [Theory]
    [InlineData("queued")]
    [InlineData("replayed-completed")]
    public async Task StartGenerateAsync_MutatedApiframeSubmitAnswers_ThrowOnlyImagingApiException(string kind)
    {
        // Arrange
        var seed = ParsingSeeds.ApiframeSubmits[kind];
        var (mock, submit, _) = Mock();
        using var disposeMock = mock;
        using var client = ParsingClients.Apiframe(mock, Now);
        submit.Set(202, Encoding.UTF8.GetBytes(seed));
        var unmutated = await client.StartGenerateAsync(Request).WithinLimitAsync("the unmutated submit answer");

        // Act
        var report = await ParsingFuzz.RunAsync(
            $"Apiframe submit answer '{kind}'",
            seed,
            async mutated =>
            {
                submit.Set(202, mutated.Payload);
                var job = await client.StartGenerateAsync(Request);
                _ = ImageJobToken.Parse(job.ResumeToken!.ToString());
                await ParsingFuzz.TouchAsync(job);
            },
            ex => ex is ImagingApiException);

        // Assert
        unmutated.Id.Should().Be(ParsingSeeds.ApiframeJobId, "the harness must reach the submit parser");
        output.WriteLine(report.ToString());
    }

    [Theory]
    [InlineData("completed-url")]
    [InlineData("completed-set")]
    [InlineData("processing")]
    [InlineData("failed")]
    public async Task ResumeJobAndGetJobAsync_MutatedApiframeJobs_ThrowOnlyImagingApiException(string kind)
    {
        // Arrange
        var seed = ParsingSeeds.ApiframeJobs[kind];
        var (mock, _, jobs) = Mock();
        using var disposeMock = mock;
        using var client = ParsingClients.Apiframe(mock, Now);
        var api = client.GetRequiredService<IApiframeApi>();
        jobs.Set(200, Encoding.UTF8.GetBytes(seed));
        var unmutated = await client.ResumeJobAsync(Token).WithinLimitAsync("the unmutated job");

        // Act
        var report = await ParsingFuzz.RunAsync(
            $"Apiframe job record '{kind}'",
            seed,
            async mutated =>
            {
                jobs.Set(200, mutated.Payload);
                try
                {
                    await ParsingFuzz.TouchAsync(await client.ResumeJobAsync(Token));
                }
                catch (ImagingApiException)
                {
                    // Documented; the job request below reads the same body another way.
                }

                await ParsingFuzz.TouchAsync(await api.GetJobAsync(ParsingSeeds.ApiframeJobId));
            },
            ex => ex is ImagingApiException);

        // Assert
        unmutated.ProviderStatus.Should().NotBe("RESUMED", "the harness must reach the job parser");
        output.WriteLine(report.ToString());
    }

    [Theory]
    [InlineData("validation")]
    [InlineData("credits")]
    [InlineData("not-found")]
    [InlineData("rate-limit")]
    [InlineData("unavailable")]
    public async Task StartGenerateAndResumeJobAsync_MutatedApiframeErrorBodies_ThrowOnlyImagingApiException(string kind)
    {
        // Arrange
        var (status, seed) = ParsingSeeds.ApiframeErrors[kind];
        var (mock, submit, jobs) = Mock();
        using var disposeMock = mock;
        using var client = ParsingClients.Apiframe(mock, Now);
        submit.Set(status, Encoding.UTF8.GetBytes(seed));
        var unmutated = await Record.ExceptionAsync(() => client.StartGenerateAsync(Request).WithinLimitAsync("the unmutated error"));

        // Act
        var report = await ParsingFuzz.RunAsync(
            $"Apiframe error body '{kind}' (HTTP {status})",
            seed,
            async mutated =>
            {
                submit.Set(status, mutated.Payload);
                jobs.Set(status, mutated.Payload);
                try
                {
                    await ParsingFuzz.TouchAsync(await client.StartGenerateAsync(Request));
                }
                catch (ImagingApiException)
                {
                    // Documented; the status check below reads the same body.
                }

                await ParsingFuzz.TouchAsync(await client.ResumeJobAsync(Token));
            },
            ex => ex is ImagingApiException);

        // Assert
        var refused = unmutated.Should().BeOfType<ImagingApiException>().Which;
        refused.StatusCode.Should().Be((System.Net.HttpStatusCode)status);
        refused.ResponseExcerpt.Should().BeNull("the harness must reach the error parser, which reads the body as Apiframe's error format");
        output.WriteLine(report.ToString());
    }

    [Theory]
    [InlineData("job-list")]
    [InlineData("account")]
    [InlineData("upload")]
    public async Task ListJobsGetAccountAndUploadAsync_MutatedApiframeAccountAnswers_ThrowOnlyImagingApiException(string kind)
    {
        // Arrange
        var seed = ParsingSeeds.ApiframeAccountAnswers[kind];
        var answer = new ScriptedAnswer();
        using var mock = ParsingFuzz.MockWithDownloads();
        mock.When(HttpMethod.Get, "https://api.apiframe.ai/v2/jobs*").Respond(_ => answer.Respond());
        mock.When(HttpMethod.Get, "https://api.apiframe.ai/v2/me").Respond(_ => answer.Respond());
        mock.When(HttpMethod.Post, "https://api.apiframe.ai/v2/uploads").Respond(_ => answer.Respond());
        using var client = ParsingClients.Apiframe(mock, Now);
        var api = client.GetRequiredService<IApiframeApi>();
        var png = ImageInput.FromBytes(Convert.FromBase64String(ParsingSeeds.Png1x1), "image/png");
        Func<Task<string>> call = kind switch
        {
            // The same page answers every request, so its cursor comes back and the listing must stop there.
            "job-list" => async () => string.Join('\n', await api.ListJobsAsync().Select(job => $"{job} {string.Join(' ', job.ImageUrls)}").ToListAsync()),
            "account" => async () => $"{await api.GetAccountAsync()}",
            _ => async () => $"{await api.UploadAsync(png)}",
        };
        answer.Set(200, Encoding.UTF8.GetBytes(seed));
        var unmutated = await call().WithinLimitAsync("the unmutated answer");

        // Act
        var report = await ParsingFuzz.RunAsync(
            $"Apiframe account answer '{kind}'",
            seed,
            async mutated =>
            {
                answer.Set(200, mutated.Payload);
                _ = await call();
            },
            ex => ex is ImagingApiException);

        // Assert
        unmutated.Should().Contain(kind switch { "job-list" => ParsingSeeds.ApiframeJobId, "account" => "team_01", _ => "upl_01" }, "the harness must reach the answer's parser");
        output.WriteLine(report.ToString());
    }

    [Theory]
    [InlineData("models")]
    public async Task GetModelsAsync_MutatedApiframeCatalogs_ThrowOnlyImagingApiException(string kind)
    {
        // Arrange
        var seed = ParsingSeeds.ApiframeCatalogs[kind];
        var catalog = new ScriptedAnswer();
        using var mock = ParsingFuzz.MockWithDownloads();
        mock.When(HttpMethod.Get, "https://api.apiframe.ai/v2/models*").Respond(_ => catalog.Respond());
        using var client = ParsingClients.Apiframe(mock, Now);
        var api = client.GetRequiredService<IApiframeApi>();
        catalog.Set(200, Encoding.UTF8.GetBytes(seed));
        var unmutated = await api.GetModelsAsync().WithinLimitAsync("the unmutated catalog");

        // Act
        var report = await ParsingFuzz.RunAsync(
            $"Apiframe model catalog '{kind}'",
            seed,
            async mutated =>
            {
                catalog.Set(200, mutated.Payload);
                foreach (var model in await api.GetModelsAsync())
                {
                    _ = $"{model}";
                }
            },
            ex => ex is ImagingApiException);

        // Assert
        unmutated.Should().HaveCount(2, "the harness must reach the catalog parser");
        output.WriteLine(report.ToString());
    }

    [Theory]
    [InlineData("completed")]
    [InlineData("completed-set")]
    [InlineData("failed")]
    [InlineData("progress")]
    public async Task Verify_MutatedApiframeWebhooksSignedAfterMutation_ThrowOnlyWebhookVerificationException(string kind)
    {
        // Arrange
        var (eventName, seed) = ParsingSeeds.ApiframeWebhooks[kind];
        using var mock = ParsingFuzz.MockWithDownloads();
        using var downloads = new HttpClient(new SharedHandler(mock));
        var verifier = new ApiframeWebhookVerifier(Key, new FakeTimeProvider(Now), downloads);
        var unmutated = Deliver(verifier, eventName, Encoding.UTF8.GetBytes(seed));

        // Act
        var report = await ParsingFuzz.RunAsync(
            $"Apiframe webhook '{kind}'",
            seed,
            async mutated =>
            {
                var delivery = Deliver(verifier, eventName, mutated.Payload);
                _ = $"{delivery} {delivery.DeduplicationKey} {delivery.Model} {delivery.CreditCost} {delivery.Error} {delivery.CompletedAt} {delivery.GridUrl} {string.Join(' ', delivery.ImageUrls)} {delivery.Progress}";
                if (delivery.IsCompleted)
                {
                    try
                    {
                        await ParsingFuzz.TouchAsync(delivery.GetResult());
                    }
                    catch (ImagingApiException)
                    {
                        // Documented: the job failed, or its record is not usable, as polling would say.
                    }
                }
            },
            ex => ex is WebhookVerificationException { Reason: WebhookFailureReason.UnreadableBody });

        // Assert
        unmutated.JobId.Should().Be(ParsingSeeds.ApiframeJobId, "the harness must sign the delivery so that the verifier reads it");
        output.WriteLine(report.ToString());
    }

    /// <summary>Delivers a body with a valid signature over exactly its bytes.</summary>
    private static ApiframeWebhookEvent Deliver(ApiframeWebhookVerifier verifier, string eventName, byte[] body)
    {
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
        {
            [ApiframeWebhookVerifier.SignatureHeader] = ApiframeWebhookVerifier.ComputeSignature(Key, body),
            [ApiframeWebhookVerifier.EventHeader] = eventName,
        };
        var accepted = verifier.TryVerify(name => headers.GetValueOrDefault(name), body, out var tried, out var failure);
        try
        {
            var delivery = verifier.Verify(name => headers.GetValueOrDefault(name), body);
            accepted.Should().BeTrue("TryVerify must agree with Verify");
            tried!.JobId.Should().Be(delivery.JobId);
            return delivery;
        }
        catch (WebhookVerificationException)
        {
            accepted.Should().BeFalse("TryVerify must agree with Verify");
            failure.Should().NotBeNullOrEmpty();
            throw;
        }
    }

    private static (MockHttpMessageHandler Mock, ScriptedAnswer Submit, ScriptedAnswer Jobs) Mock()
    {
        var submit = new ScriptedAnswer();
        var jobs = new ScriptedAnswer();
        var mock = ParsingFuzz.MockWithDownloads();
        mock.When(HttpMethod.Post, GenerateUrl).Respond(_ => submit.Respond());
        mock.When(HttpMethod.Get, JobsUrl).Respond(_ => jobs.Respond());
        return (mock, submit, jobs);
    }
}
