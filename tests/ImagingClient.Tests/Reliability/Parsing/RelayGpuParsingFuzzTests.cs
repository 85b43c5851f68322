using System.Globalization;
using System.Text;
using ImagingClient.Providers.RelayGpu;
using ImagingClient.Tests.TestSupport;
using ImagingClient.Webhooks;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using RichardSzalay.MockHttp;
using Xunit.Abstractions;

namespace ImagingClient.Tests.Reliability.Parsing;

/// <summary>
/// RelayGPU's sync answer, task ticket, task record, error and Standard Webhooks parsers fed mutated payloads: the client
/// calls (MockHttp, the full pipeline with one retry, <see cref="InstantTimeProvider"/>) return images or a job or throw
/// <see cref="ImagingApiException"/>; the webhook verifier, given a valid signature over the mutated body at the signed
/// time, returns an event or refuses it as unreadable.
/// </summary>
public sealed class RelayGpuParsingFuzzTests(ITestOutputHelper output)
{
    private const string QwenUrl = "https://relaygpu.com/v2/image/qwen/generate";
    private const string GptImageUrl = "https://relaygpu.com/v2/image/gpt-image/generate";
    private const string TasksUrl = "https://relaygpu.com/v2/tasks/*";
    private const string WebhookId = "msg_2Lz1e0Yh3Jm5";
    private static readonly string Secret = "whsec_" + Convert.ToBase64String(Encoding.ASCII.GetBytes("relaygpu-webhook-secret-32bytes!"));
    private static readonly DateTimeOffset Now = new(2026, 10, 6, 9, 0, 0, TimeSpan.Zero);
    private static readonly ImageJobToken Token = new("relaygpu", ParsingSeeds.RelayGpuTaskId, "Qwen/qwen-image", ImageOperationKind.Generate, Now);

    [Theory]
    [InlineData("urls")]
    [InlineData("base64")]
    public async Task GenerateAsync_MutatedRelayGpuSyncAnswers_ThrowOnlyImagingApiException(string kind)
    {
        // Arrange
        var seed = ParsingSeeds.RelayGpuSyncAnswers[kind];
        var (mock, qwen, gptImage, _) = Mock();
        using var disposeMock = mock;
        using var client = ParsingClients.RelayGpu(mock, Now);
        var (answer, request) = kind == "urls" ? (qwen, Generate(RelayGpuModels.QwenImage)) : (gptImage, Generate(RelayGpuModels.GptImage15T2I));
        answer.Set(200, Encoding.UTF8.GetBytes(seed));
        var unmutated = await client.GenerateAsync(request).WithinLimitAsync("the unmutated answer");

        // Act
        var report = await ParsingFuzz.RunAsync(
            $"RelayGPU sync answer '{kind}'",
            seed,
            async mutated =>
            {
                answer.Set(200, mutated.Payload);
                await ParsingFuzz.TouchAsync(await client.GenerateAsync(request));
            },
            ex => ex is ImagingApiException);

        // Assert
        unmutated.Images.Should().NotBeEmpty("the harness must reach the answer parser");
        output.WriteLine(report.ToString());
    }

    [Theory]
    [InlineData("ticket")]
    [InlineData("answered-at-once")]
    public async Task StartGenerateAsync_MutatedRelayGpuSubmitAnswers_ThrowOnlyImagingApiException(string kind)
    {
        // Arrange
        var (status, seed) = ParsingSeeds.RelayGpuSubmits[kind];
        var (mock, qwen, _, _) = Mock();
        using var disposeMock = mock;
        using var client = ParsingClients.RelayGpu(mock, Now);
        var request = Generate(RelayGpuModels.QwenImage);
        qwen.Set(status, Encoding.UTF8.GetBytes(seed));
        var unmutated = await client.StartGenerateAsync(request).WithinLimitAsync("the unmutated submit answer");

        // Act
        var report = await ParsingFuzz.RunAsync(
            $"RelayGPU submit answer '{kind}' (HTTP {status})",
            seed,
            async mutated =>
            {
                qwen.Set(status, mutated.Payload);
                var job = await client.StartGenerateAsync(request);
                if (job.ResumeToken is { } token)
                {
                    _ = ImageJobToken.Parse(token.ToString());
                }

                await ParsingFuzz.TouchAsync(job);
            },
            ex => ex is ImagingApiException);

        // Assert
        unmutated.Id.Should().Be(ParsingSeeds.RelayGpuTaskId, "the harness must reach the submit parser");
        output.WriteLine(report.ToString());
    }

    [Theory]
    [InlineData("completed-urls")]
    [InlineData("completed-base64")]
    [InlineData("running")]
    [InlineData("failed")]
    public async Task ResumeJobAndGetTaskAsync_MutatedRelayGpuTasks_ThrowOnlyImagingApiException(string kind)
    {
        // Arrange
        var seed = ParsingSeeds.RelayGpuTasks[kind];
        var (mock, _, _, tasks) = Mock();
        using var disposeMock = mock;
        using var client = ParsingClients.RelayGpu(mock, Now);
        var api = client.GetRequiredService<IRelayGpuApi>();
        tasks.Set(200, Encoding.UTF8.GetBytes(seed));
        var unmutated = await client.ResumeJobAsync(Token).WithinLimitAsync("the unmutated task");

        // Act
        var report = await ParsingFuzz.RunAsync(
            $"RelayGPU task record '{kind}'",
            seed,
            async mutated =>
            {
                tasks.Set(200, mutated.Payload);
                try
                {
                    await ParsingFuzz.TouchAsync(await client.ResumeJobAsync(Token));
                }
                catch (ImagingApiException)
                {
                    // Documented; the task request below reads the same body another way.
                }

                await ParsingFuzz.TouchAsync(await api.GetTaskAsync(ParsingSeeds.RelayGpuTaskId));
            },
            ex => ex is ImagingApiException);

        // Assert
        unmutated.ProviderStatus.Should().NotBe("RESUMED", "the harness must reach the task parser");
        output.WriteLine(report.ToString());
    }

    [Theory]
    [InlineData("validation")]
    [InlineData("rate-limit")]
    [InlineData("not-found")]
    [InlineData("capacity")]
    [InlineData("content-policy")]
    public async Task GenerateAndResumeJobAsync_MutatedRelayGpuErrorBodies_ThrowOnlyImagingApiException(string kind)
    {
        // Arrange
        var (status, seed) = ParsingSeeds.RelayGpuErrors[kind];
        var (mock, qwen, _, tasks) = Mock();
        using var disposeMock = mock;
        using var client = ParsingClients.RelayGpu(mock, Now);
        var request = Generate(RelayGpuModels.QwenImage);
        qwen.Set(status, Encoding.UTF8.GetBytes(seed));
        var unmutated = await Record.ExceptionAsync(() => client.GenerateAsync(request).WithinLimitAsync("the unmutated error"));

        // Act
        var report = await ParsingFuzz.RunAsync(
            $"RelayGPU error body '{kind}' (HTTP {status})",
            seed,
            async mutated =>
            {
                qwen.Set(status, mutated.Payload);
                tasks.Set(status, mutated.Payload);
                try
                {
                    await ParsingFuzz.TouchAsync(await client.GenerateAsync(request));
                }
                catch (ImagingApiException)
                {
                    // Documented; the task poll below reads the same body.
                }

                await ParsingFuzz.TouchAsync(await client.ResumeJobAsync(Token));
            },
            ex => ex is ImagingApiException);

        // Assert
        var refused = unmutated.Should().BeOfType<ImagingApiException>().Which;
        refused.StatusCode.Should().Be((System.Net.HttpStatusCode)status);
        refused.ResponseExcerpt.Should().BeNull("the harness must reach the error parser, which reads the body as RelayGPU's error format");
        output.WriteLine(report.ToString());
    }

    [Theory]
    [InlineData("list")]
    [InlineData("data-list")]
    public async Task GetModelsAsync_MutatedRelayGpuCatalogs_ThrowOnlyImagingApiException(string kind)
    {
        // Arrange
        var seed = ParsingSeeds.RelayGpuCatalogs[kind];
        var (mock, _, _, _) = Mock();
        using var disposeMock = mock;
        var catalog = new ScriptedAnswer();
        mock.When(HttpMethod.Get, "https://relaygpu.com/v2/models").Respond(_ => catalog.Respond());
        using var client = ParsingClients.RelayGpu(mock, Now);
        var api = client.GetRequiredService<IRelayGpuApi>();
        catalog.Set(200, Encoding.UTF8.GetBytes(seed));
        var unmutated = await api.GetModelsAsync().WithinLimitAsync("the unmutated catalog");

        // Act
        var report = await ParsingFuzz.RunAsync(
            $"RelayGPU model catalog '{kind}'",
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
    [InlineData("entry")]
    [InlineData("entry-without-schema")]
    public async Task GenerateAsync_UnknownModelFromMutatedLiveCatalogEntries_ThrowsOnlyDocumentedExceptions(string kind)
    {
        // Arrange: a model the built-in catalog does not know is looked up (never cached here) and called by its entry.
        var seed = ParsingSeeds.RelayGpuCatalogs[kind];
        var (mock, qwen, _, _) = Mock();
        using var disposeMock = mock;
        var entry = new ScriptedAnswer();
        mock.When(HttpMethod.Get, "https://relaygpu.com/v2/models/*").Respond(_ => entry.Respond());
        using var client = ParsingClients.RelayGpu(mock, Now, options =>
        {
            options.ResolveUnknownModels = true;
            options.LiveCatalogCacheDuration = TimeSpan.Zero;
        });
        var api = client.GetRequiredService<IRelayGpuApi>();
        var request = Generate("relaygpu:acme/new-model");
        qwen.Set(200, Encoding.UTF8.GetBytes(ParsingSeeds.RelayGpuSyncAnswers["urls"]));
        entry.Set(200, Encoding.UTF8.GetBytes(seed));
        var unmutated = await client.GenerateAsync(request).WithinLimitAsync("a call with the unmutated entry");

        // Act
        var report = await ParsingFuzz.RunAsync(
            $"RelayGPU live catalog entry '{kind}'",
            seed,
            async mutated =>
            {
                entry.Set(200, mutated.Payload);
                _ = $"{await api.GetModelAsync("acme/new-model")}";
                await ParsingFuzz.TouchAsync(await client.GenerateAsync(request));
            },
            // Documented: RelayGPU refused or answered nothing usable; or the entry makes the request invalid for that
            // model (retired, no route, a field it requires), refused by the SDK's own checks before anything is sent.
            ex => ex is ImagingApiException || IsRefusedForTheModel(ex));

        // Assert
        unmutated.Images.Should().NotBeEmpty("the harness must reach the entry's parser and call its route");
        output.WriteLine(report.ToString());
    }

    [Theory]
    [InlineData("completed")]
    [InlineData("completed-base64")]
    [InlineData("failed")]
    [InlineData("result-omitted")]
    public async Task Verify_MutatedRelayGpuWebhooksSignedAfterMutation_ThrowOnlyWebhookVerificationException(string kind)
    {
        // Arrange
        var seed = ParsingSeeds.RelayGpuWebhooks[kind];
        using var mock = ParsingFuzz.MockWithDownloads();
        using var downloads = new HttpClient(new SharedHandler(mock));
        var verifier = new RelayGpuWebhookVerifier(new RelayGpuWebhookOptions { Secret = Secret }, new FakeTimeProvider(Now), downloads);
        var unmutated = Deliver(verifier, Encoding.UTF8.GetBytes(seed));

        // Act
        var report = await ParsingFuzz.RunAsync(
            $"RelayGPU webhook '{kind}'",
            seed,
            async mutated =>
            {
                var delivery = Deliver(verifier, mutated.Payload);
                _ = $"{delivery} {delivery.TaskId} {delivery.Model} {delivery.Error} {delivery.ErrorCode} {delivery.EventId} {delivery.SentAt} {delivery.Progress}";
                try
                {
                    await ParsingFuzz.TouchAsync(delivery.GetResult());
                }
                catch (ImagingApiException)
                {
                    // Documented: the task failed, or its result is not usable, as polling would say.
                }
                catch (InvalidOperationException) when (delivery.ResultOmitted)
                {
                    // Documented: RelayGPU left the result out; it is fetched with FetchResultAsync.
                }
            },
            ex => ex is WebhookVerificationException { Reason: WebhookFailureReason.UnreadableBody });

        // Assert
        unmutated.TaskId.Should().Be(ParsingSeeds.RelayGpuTaskId, "the harness must sign the delivery so that the verifier reads it");
        output.WriteLine(report.ToString());
    }

    /// <summary>Delivers a body with a valid Standard Webhooks signature over its id, the current time and exactly its bytes.</summary>
    private static RelayGpuWebhookEvent Deliver(RelayGpuWebhookVerifier verifier, byte[] body)
    {
        var timestamp = Now.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
        {
            ["webhook-id"] = WebhookId,
            ["webhook-timestamp"] = timestamp,
            ["webhook-signature"] = RelayGpuWebhookVerifier.ComputeSignature(Secret, WebhookId, timestamp, body),
        };
        var accepted = verifier.TryVerify(name => headers.GetValueOrDefault(name), body, out var tried, out var failure);
        try
        {
            var delivery = verifier.Verify(name => headers.GetValueOrDefault(name), body);
            accepted.Should().BeTrue("TryVerify must agree with Verify");
            tried!.TaskId.Should().Be(delivery.TaskId);
            return delivery;
        }
        catch (WebhookVerificationException)
        {
            accepted.Should().BeFalse("TryVerify must agree with Verify");
            failure.Should().NotBeNullOrEmpty();
            throw;
        }
    }

    /// <summary>
    /// The <see cref="ArgumentException"/> <see cref="IImageClient.GenerateAsync"/> documents: the live entry makes the
    /// request invalid for its model, found by the entry's reader or the request validator (not one thrown anywhere else).
    /// </summary>
    private static bool IsRefusedForTheModel(Exception ex) =>
        ex.GetType() == typeof(ArgumentException)
        && ex.StackTrace is { } stack
        && (stack.Contains("RelayGpuLiveCatalog.ToModelSpec", StringComparison.Ordinal) || stack.Contains("Models.RequestValidator.", StringComparison.Ordinal));

    private static ImageGenerationRequest Generate(string model) => new() { Prompt = "an apple", Model = model };

    private static (MockHttpMessageHandler Mock, ScriptedAnswer Qwen, ScriptedAnswer GptImage, ScriptedAnswer Tasks) Mock()
    {
        var qwen = new ScriptedAnswer();
        var gptImage = new ScriptedAnswer();
        var tasks = new ScriptedAnswer();
        var mock = ParsingFuzz.MockWithDownloads();
        mock.When(HttpMethod.Post, QwenUrl).Respond(_ => qwen.Respond());
        mock.When(HttpMethod.Post, GptImageUrl).Respond(_ => gptImage.Respond());
        mock.When(HttpMethod.Get, TasksUrl).Respond(_ => tasks.Respond());
        return (mock, qwen, gptImage, tasks);
    }
}
