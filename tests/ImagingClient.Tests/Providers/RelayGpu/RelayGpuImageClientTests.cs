using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using ImagingClient.Providers.RelayGpu;
using ImagingClient.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using RichardSzalay.MockHttp;

namespace ImagingClient.Tests.Providers.RelayGpu;

/// <summary>RelayGPU's wire over MockHttp, with answers shaped like those captured from the live service.</summary>
public sealed class RelayGpuImageClientTests
{
    private const string Key = "relay_sk_test_0123456789";
    private const string TaskId = "direct:8edfe6a0-752d-46fc-b89f-9ff69d1a5fd2";
    private const string Png1x1 = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==";
    private static readonly DateTimeOffset Now = new(2026, 10, 6, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task GenerateAsync_QwenSync_SendsTheModelAndSize_AndReadsTheCapturedAnswer()
    {
        // Arrange
        using var mock = new MockHttpMessageHandler();
        HttpRequestMessage? sent = null;
        string? body = null;
        mock.When(HttpMethod.Post, "https://relaygpu.com/v2/image/qwen/generate").Respond(async request =>
        {
            sent = request;
            body = await request.Content!.ReadAsStringAsync();
            return Json(HttpStatusCode.OK, $$"""{"urls":["https://cdn.relaygpu.com/content/3Qo-YCTEnVPtFyJnfGXDXw"],"model":"Qwen/qwen-image","size":"512x512","task_id":"{{TaskId}}","task_address":null,"mode":"direct"}""", "9da98813-23e6-43e3-9edb-23cf79b8620c");
        });
        using var client = Create(mock);

        // Act
        var result = await client.GenerateAsync(new ImageGenerationRequest { Prompt = "A small red apple on a white table", Model = RelayGpuModels.QwenImage, Width = 512, Height = 512, IdempotencyKey = "order-1" });

        // Assert
        sent!.Headers.GetValues("X-API-Key").Should().Equal(Key);
        sent.Headers.Contains("Idempotency-Key").Should().BeFalse("RelayGPU never replays a synchronous call, so a key would only license a repeat");
        using var json = JsonDocument.Parse(body!);
        json.RootElement.GetProperty("model").GetString().Should().Be("Qwen/qwen-image");
        json.RootElement.GetProperty("size").GetString().Should().Be("512x512");
        json.RootElement.TryGetProperty("async", out _).Should().BeFalse();
        var image = result.Images.Should().ContainSingle().Which.Should().BeOfType<RemoteGeneratedImage>().Which;
        image.ExpiresAt.Should().Be(Now.AddHours(1));
        result.RequestId.Should().Be("9da98813-23e6-43e3-9edb-23cf79b8620c");
        result.ProviderDetails.Should().BeOfType<RelayGpuDetails>().Which.TaskId.Should().Be(TaskId);
        result.Warnings.Should().Contain(w => w.Contains("IdempotencyKey was not sent", StringComparison.Ordinal));
    }

    [Fact]
    public async Task GenerateAsync_GptImageAnsweringUrlsInsteadOfBase64_IsReadEitherWay()
    {
        // Arrange: the original page says URLs for GPT Image, the live service base64; both are read on every route.
        using var mock = new MockHttpMessageHandler();
        var answers = new Queue<string>([$$"""{"images":["{{Png1x1}}"],"model":"openai/gpt-image-1.5-T2I","size":"1024x1024","mode":"direct","task_id":"direct:a"}""", """{"urls":["https://cdn.relaygpu.com/content/x"],"task_id":"direct:b"}"""]);
        string? body = null;
        mock.When(HttpMethod.Post, "https://relaygpu.com/v2/image/gpt-image/generate").Respond(async request =>
        {
            body = await request.Content!.ReadAsStringAsync();
            return Json(HttpStatusCode.OK, answers.Dequeue());
        });
        using var client = Create(mock);
        var request = new ImageGenerationRequest { Prompt = "a logo", Model = RelayGpuModels.GptImage15T2I, Count = 2 };

        // Act
        var inline = await client.GenerateAsync(request);
        var remote = await client.GenerateAsync(request);

        // Assert
        inline.Images.Should().ContainSingle().Which.Should().BeOfType<InlineGeneratedImage>().Which.MediaType.Should().Be("image/png");
        remote.Images.Should().ContainSingle().Which.Should().BeOfType<RemoteGeneratedImage>();
        using var json = JsonDocument.Parse(body!);
        json.RootElement.TryGetProperty("model", out _).Should().BeFalse("the GPT Image route takes no model field");
        json.RootElement.GetProperty("n").GetInt32().Should().Be(2);
    }

    [Fact]
    public async Task StartGenerateAsync_SendsAsyncAndAKey_AndPollsWithoutTheKeyUntilDone()
    {
        // Arrange
        using var mock = new MockHttpMessageHandler();
        HttpRequestMessage? submit = null;
        string? submitBody = null;
        var polls = new List<HttpRequestMessage>();
        mock.When(HttpMethod.Post, "https://relaygpu.com/v2/image/qwen/generate").Respond(async request =>
        {
            submit = request;
            submitBody = await request.Content!.ReadAsStringAsync();
            return Json(HttpStatusCode.Accepted, $$"""{"task_id":"{{TaskId}}","status":"queued","poll_url":"/v2/tasks/{{TaskId}}","message":"Task started. Poll task URL for status."}""");
        });
        var statuses = new Queue<string>([
            $$"""{"task_id":"{{TaskId}}","status":"running","elapsed_seconds":2,"task_address":null,"mode":"direct","model":"Qwen/qwen-image","created_at":"2026-10-06T09:00:00+00:00","result":null,"error":null,"error_code":null,"error_detail":null}""",
            $$"""{"task_id":"{{TaskId}}","status":"completed","elapsed_seconds":4,"task_address":null,"mode":"direct","model":"Qwen/qwen-image","created_at":"2026-10-06T09:00:00+00:00","result":{"urls":["https://cdn.relaygpu.com/content/WeI0xKQvMJiIz1Oz8o9qtQ"],"model":"Qwen/qwen-image","size":"512x512","success":true},"error":null}""",
        ]);
        mock.When(HttpMethod.Get, "https://relaygpu.com/v2/tasks/*").Respond(request =>
        {
            polls.Add(request);
            return Json(HttpStatusCode.OK, statuses.Dequeue());
        });
        using var client = Create(mock);

        // Act
        var job = await client.StartGenerateAsync(new ImageGenerationRequest { Prompt = "an apple", Model = RelayGpuModels.QwenImage });
        var result = await job.WaitForCompletionAsync();

        // Assert
        submit!.Headers.GetValues("Idempotency-Key").Single().Should().NotBeNullOrWhiteSpace();
        JsonDocument.Parse(submitBody!).RootElement.GetProperty("async").GetBoolean().Should().BeTrue();
        job.Id.Should().Be(TaskId);
        polls.Should().HaveCount(2);
        polls.Should().OnlyContain(p => !p.Headers.Contains("X-API-Key") && p.Headers.Authorization == null, "a poll's task id is its own capability");
        polls[0].RequestUri!.Query.Should().Contain("wait=20");
        var image = (RemoteGeneratedImage)result.Images.Single();
        image.ExpiresAt.Should().Be(new DateTimeOffset(2026, 10, 6, 10, 0, 4, TimeSpan.Zero), "links last an hour after the task ends");
    }

    [Fact]
    public async Task StartGenerateAsync_IdempotencyInProgress_WaitsAndRetriesWithTheSameKey_AndAReplayIsRecognised()
    {
        // Arrange
        using var mock = new MockHttpMessageHandler();
        var keys = new List<string>();
        var calls = 0;
        mock.When(HttpMethod.Post, "https://relaygpu.com/v2/image/qwen/generate").Respond(request =>
        {
            keys.Add(request.Headers.GetValues("Idempotency-Key").Single());
            if (++calls == 1)
            {
                var busy = Json(HttpStatusCode.Conflict, """{"detail":"in progress","error":{"code":"IDEMPOTENCY_IN_PROGRESS","type":"validation","source":"client","message":"A request with this key is in progress.","request_id":"r1"}}""");
                busy.Headers.RetryAfter = new RetryConditionHeaderValue(TimeSpan.FromSeconds(1));
                return busy;
            }

            var replay = Json(HttpStatusCode.Accepted, $$"""{"task_id":"{{TaskId}}","status":"queued","poll_url":"/v2/tasks/{{TaskId}}","message":"Task started."}""");
            replay.Headers.Add("Idempotency-Replayed", "true");
            return replay;
        });
        using var client = Create(mock);

        // Act
        var job = await client.StartGenerateAsync(new ImageGenerationRequest { Prompt = "an apple", Model = RelayGpuModels.QwenImage, IdempotencyKey = "order-9" });

        // Assert
        keys.Should().Equal("order-9", "order-9");
        job.Id.Should().Be(TaskId);
    }

    [Theory]
    [InlineData(422, "IDEMPOTENCY_KEY_REUSED", "conflict")]
    [InlineData(422, "CONTENT_POLICY_DECLINED", "content_policy")]
    [InlineData(502, "IMAGE_NO_OUTPUT", "generation_failed")]
    [InlineData(402, "INSUFFICIENT_CREDITS", "insufficient_credits")]
    [InlineData(403, "MODEL_NOT_AVAILABLE", "model_not_found")]
    [InlineData(503, "CAPACITY_EXHAUSTED", "unavailable")]
    [InlineData(504, "UPSTREAM_TIMEOUT", "timeout")]
    [InlineData(500, null, "server_error")]
    public async Task GenerateAsync_ErrorBody_MapsItsCodeOrItsStatus_AndKeepsTheRequestId(int status, string? code, string expected)
    {
        // Arrange
        using var mock = new MockHttpMessageHandler();
        var codeJson = code is null ? "null" : $"\"{code}\"";
        mock.When(HttpMethod.Post, "https://relaygpu.com/v2/image/qwen/generate").Respond(_ => Json((HttpStatusCode)status, $$$"""{"detail":"refused","error":{"code":{{{codeJson}}},"type":"validation","source":"client","message":"Refused for {{{Key}}}.","request_id":"req-{{{status}}}"}}"""));
        using var client = Create(mock, retries: 0);

        // Act
        var act = () => client.GenerateAsync(new ImageGenerationRequest { Prompt = "an apple", Model = RelayGpuModels.QwenImage });

        // Assert
        var failure = (await act.Should().ThrowAsync<ImagingApiException>()).Which;
        failure.ErrorCode.ToString().Should().Be(expected);
        failure.ProviderErrorCode.Should().Be(code);
        failure.RequestId.Should().Be($"req-{status}");
        failure.Message.Should().NotContain(Key);
    }

    [Fact]
    public async Task GenerateAsync_ValidationList_SurfacesEachFieldMessage()
    {
        // Arrange
        using var mock = new MockHttpMessageHandler();
        mock.When(HttpMethod.Post, "https://relaygpu.com/v2/image/qwen/generate").Respond(_ => Json(HttpStatusCode.UnprocessableEntity, """
            {"detail":[{"type":"extra_forbidden","loc":["body","colour"],"msg":"Extra inputs are not permitted"}],
             "error":{"code":"VALIDATION_ERROR","type":"validation","source":"client","message":"Request validation failed.","request_id":"r2","detail":[{"type":"extra_forbidden","loc":["body","colour"],"msg":"Extra inputs are not permitted"}]}}
            """));
        using var client = Create(mock);

        // Act
        var act = () => client.GenerateAsync(new ImageGenerationRequest { Prompt = "an apple", Model = RelayGpuModels.QwenImage });

        // Assert
        var failure = (await act.Should().ThrowAsync<ImagingApiException>()).Which;
        failure.ErrorCode.Should().Be(ImagingErrorCode.InvalidRequest);
        failure.Message.Should().Contain("body.colour: Extra inputs are not permitted");
        failure.Details.Should().Contain("extra_forbidden");
    }

    [Fact]
    public async Task WaitForCompletionAsync_TaskGoneAfterItsHour_IsResultExpiredNamingTheTask()
    {
        // Arrange
        using var mock = new MockHttpMessageHandler();
        mock.When(HttpMethod.Post, "https://relaygpu.com/v2/image/qwen/generate").Respond(_ => Json(HttpStatusCode.Accepted, $$"""{"task_id":"{{TaskId}}","status":"queued","poll_url":"/v2/tasks/{{TaskId}}","message":"ok"}"""));
        mock.When(HttpMethod.Get, "https://relaygpu.com/v2/tasks/*").Respond(_ => Json(HttpStatusCode.NotFound, $$$"""{"detail":"No task '{{{TaskId}}}'.","error":{"code":"TASK_NOT_FOUND","type":"validation","source":"client","message":"No task '{{{TaskId}}}'.","request_id":"r3"}}"""));
        using var client = Create(mock);
        var job = await client.StartGenerateAsync(new ImageGenerationRequest { Prompt = "an apple", Model = RelayGpuModels.QwenImage });

        // Act
        var act = () => job.WaitForCompletionAsync();

        // Assert
        var failure = (await act.Should().ThrowAsync<ImagingApiException>()).Which;
        failure.ErrorCode.Should().Be(ImagingErrorCode.ResultExpired);
        failure.JobId.Should().Be(TaskId);
        failure.Message.Should().Contain("1 hour after it ends");
    }

    [Fact]
    public async Task WaitForCompletionAsync_BlockedTask_IsContentPolicyWithTheBlockReason()
    {
        // Arrange
        using var mock = new MockHttpMessageHandler();
        mock.When(HttpMethod.Post, "https://relaygpu.com/v2/image/gemini-3/generate").Respond(_ => Json(HttpStatusCode.Accepted, $$"""{"task_id":"{{TaskId}}","status":"queued","poll_url":"/v2/tasks/{{TaskId}}","message":"ok"}"""));
        mock.When(HttpMethod.Get, "https://relaygpu.com/v2/tasks/*").Respond(_ => Json(HttpStatusCode.OK, $$$"""
            {"task_id":"{{{TaskId}}}","status":"failed","elapsed_seconds":3,"task_address":null,"mode":"direct","model":"google/gemini-3-pro-image","created_at":"2026-10-06T09:00:00+00:00",
             "result":null,"error":"The model declined the prompt.","error_code":"CONTENT_POLICY_DECLINED","error_detail":{"finish_reason":"SAFETY","block_reason":"PROHIBITED_CONTENT","text":null}}
            """));
        using var client = Create(mock);
        var job = await client.StartGenerateAsync(new ImageGenerationRequest { Prompt = "something", Model = RelayGpuModels.Gemini3ProImage });

        // Act
        var act = () => job.WaitForCompletionAsync();

        // Assert
        var failure = (await act.Should().ThrowAsync<ImagingApiException>()).Which;
        failure.ErrorCode.Should().Be(ImagingErrorCode.ContentPolicy);
        failure.Message.Should().Contain("block_reason PROHIBITED_CONTENT");
    }

    [Fact]
    public async Task StartGenerateAsync_UnknownModel_IsRefusedUnlessTheLiveCatalogIsOn_ThenUsesItsRoute()
    {
        // Arrange
        using var mock = new MockHttpMessageHandler();
        var lookups = mock.When(HttpMethod.Get, "https://relaygpu.com/v2/models/Qwen/qwen-image-2512").Respond(_ => Json(HttpStatusCode.OK, """
            {"name":"Qwen/qwen-image-2512","status":"available","endpoint":{"method":"POST","path":"/v2/image/qwen/generate","operation_id":"qwen_generate","model_in_body":true,"model_default":"Qwen/qwen-image","async_default":false,"streams":false},
             "request_schema":{"type":"object","additionalProperties":false,"required":["prompt"],"properties":{"prompt":{"type":"string"},"model":{"type":"string"},"size":{"type":"string"},"seed":{"type":"integer"},"quality":{"type":"string","enum":["low","high"]},"async":{"type":"boolean"},"mode":{"type":"string","enum":["auto","direct"]}}},
             "store_output_supported":true}
            """));
        string? body = null;
        mock.When(HttpMethod.Post, "https://relaygpu.com/v2/image/qwen/generate").Respond(async request =>
        {
            body = await request.Content!.ReadAsStringAsync();
            return Json(HttpStatusCode.OK, """{"urls":["https://cdn.relaygpu.com/content/n"],"model":"Qwen/qwen-image-2512","task_id":"direct:n","mode":"direct"}""");
        });
        using var strict = Create(mock);
        using var live = Create(mock, configure: o => o.ResolveUnknownModels = true);
        var request = new ImageGenerationRequest
        {
            Prompt = "an apple",
            Model = "relaygpu:Qwen/qwen-image-2512",
            Seed = 7,
            ProviderOptions = new RelayGpuOptions { Fields = new Dictionary<string, object> { ["quality"] = "high" } },
        };

        // Act
        var refused = () => strict.GenerateAsync(request);
        var first = await live.GenerateAsync(request);
        await live.GenerateAsync(request);

        // Assert
        (await refused.Should().ThrowAsync<ArgumentException>()).Which.Message.Should().Contain("ResolveUnknownModels");
        first.Model.Should().Be("Qwen/qwen-image-2512");
        using var json = JsonDocument.Parse(body!);
        json.RootElement.GetProperty("model").GetString().Should().Be("Qwen/qwen-image-2512");
        json.RootElement.GetProperty("seed").GetInt64().Should().Be(7);
        json.RootElement.GetProperty("quality").GetString().Should().Be("high");
        mock.GetMatchCount(lookups).Should().Be(1, "the live entry is cached");
        var unknownField = () => live.GenerateAsync(request with { ProviderOptions = new RelayGpuOptions { Fields = new Dictionary<string, object> { ["colour"] = "red" } } });
        var badValue = () => live.GenerateAsync(request with { ProviderOptions = new RelayGpuOptions { Fields = new Dictionary<string, object> { ["quality"] = "ultra" } } });
        (await unknownField.Should().ThrowAsync<ArgumentException>()).Which.Message.Should().Contain("colour");
        (await badValue.Should().ThrowAsync<ArgumentException>()).Which.Message.Should().Contain("use one of high, low");
    }

    [Fact]
    public async Task Guest_SendsNoKey_AndCannotAskForAWebhook()
    {
        // Arrange
        using var mock = new MockHttpMessageHandler();
        HttpRequestMessage? sent = null;
        mock.When(HttpMethod.Post, "https://relaygpu.com/v2/image/qwen/generate").Respond(request =>
        {
            sent = request;
            return Json(HttpStatusCode.OK, """{"urls":["https://cdn.relaygpu.com/content/g"],"model":"Qwen/qwen-image","task_id":"direct:g","mode":"direct"}""");
        });
        using var guest = Create(mock, configure: o =>
        {
            o.ApiKey = null;
            o.AllowGuest = true;
        });

        // Act
        await guest.GenerateAsync(new ImageGenerationRequest { Prompt = "an apple", Model = RelayGpuModels.QwenImage });
        var webhook = () => guest.StartGenerateAsync(new ImageGenerationRequest { Prompt = "an apple", Model = RelayGpuModels.QwenImage, WebhookUrl = new Uri("https://hooks.example.com/relay") });

        // Assert
        sent!.Headers.Contains("X-API-Key").Should().BeFalse();
        (await webhook.Should().ThrowAsync<ArgumentException>()).Which.Message.Should().Contain("guest");
    }

    [Fact]
    public async Task StartGenerateAsync_WithAWebhook_SendsDirectMode_AndRefusesPlainHttpToARealService()
    {
        // Arrange
        using var mock = new MockHttpMessageHandler();
        string? body = null;
        mock.When(HttpMethod.Post, "https://relaygpu.com/v2/image/qwen/generate").Respond(async request =>
        {
            body = await request.Content!.ReadAsStringAsync();
            return Json(HttpStatusCode.Accepted, $$"""{"task_id":"{{TaskId}}","status":"queued","poll_url":"/v2/tasks/{{TaskId}}","message":"ok"}""");
        });
        using var client = Create(mock);

        // Act
        await client.StartGenerateAsync(new ImageGenerationRequest { Prompt = "an apple", Model = RelayGpuModels.QwenImage, WebhookUrl = new Uri("https://hooks.example.com/relay") });
        var auto = () => client.StartGenerateAsync(new ImageGenerationRequest { Prompt = "an apple", Model = RelayGpuModels.QwenImage, WebhookUrl = new Uri("https://hooks.example.com/relay"), ProviderOptions = new RelayGpuOptions { Mode = "auto" } });
        var http = () => client.StartGenerateAsync(new ImageGenerationRequest { Prompt = "an apple", Model = RelayGpuModels.QwenImage, WebhookUrl = new Uri("http://localhost:8080/relay") });

        // Assert
        using var json = JsonDocument.Parse(body!);
        json.RootElement.GetProperty("mode").GetString().Should().Be("direct");
        json.RootElement.GetProperty("webhook_url").GetString().Should().Be("https://hooks.example.com/relay");
        (await auto.Should().ThrowAsync<ArgumentException>()).Which.Message.Should().Contain("direct mode");
        (await http.Should().ThrowAsync<ArgumentException>()).Which.Message.Should().Contain("https");
    }

    [Fact]
    public async Task GenerateAsync_WanWithMoreThanFourImages_NeedsSequentialMode()
    {
        // Arrange
        using var mock = new MockHttpMessageHandler();
        var route = mock.When(HttpMethod.Post, "https://relaygpu.com/v2/image/wan-2-7-image-pro/generate").Respond(_ => Json(HttpStatusCode.OK, """{"urls":["https://cdn.relaygpu.com/content/w"],"task_id":"direct:w","mode":"direct"}"""));
        using var client = Create(mock);

        // Act
        var refused = () => client.GenerateAsync(new ImageGenerationRequest { Prompt = "a story", Model = RelayGpuModels.Wan27ImagePro, Count = 8 });
        await client.GenerateAsync(new ImageGenerationRequest { Prompt = "a story", Model = RelayGpuModels.Wan27ImagePro, Count = 8, ProviderOptions = new RelayGpuWanOptions { EnableSequential = true } });

        // Assert
        (await refused.Should().ThrowAsync<ArgumentOutOfRangeException>()).Which.Message.Should().Contain("EnableSequential");
        mock.GetMatchCount(route).Should().Be(1);
    }

    [Fact]
    public async Task GenerateAsync_SyncAnswerWithoutImages_SaysTheCallWasBilledAndNamesTheTask()
    {
        // Arrange
        using var mock = new MockHttpMessageHandler();
        mock.When(HttpMethod.Post, "https://relaygpu.com/v2/image/qwen/generate").Respond(_ => Json(HttpStatusCode.OK, $$"""{"urls":[],"model":"Qwen/qwen-image","task_id":"{{TaskId}}","mode":"direct"}"""));
        using var client = Create(mock);

        // Act
        var act = () => client.GenerateAsync(new ImageGenerationRequest { Prompt = "an apple", Model = RelayGpuModels.QwenImage });

        // Assert
        var failure = (await act.Should().ThrowAsync<ImagingApiException>()).Which;
        failure.MayHaveCreatedWork.Should().BeTrue();
        failure.JobId.Should().Be(TaskId);
        failure.Message.Should().Contain("billed").And.Contain(TaskId);
    }

    [Fact]
    public async Task StartGenerateAsync_RouteThatRanAtOnce_ReturnsACompletedJobWithTheImages()
    {
        // Arrange
        using var mock = new MockHttpMessageHandler();
        mock.When(HttpMethod.Post, "https://relaygpu.com/v2/image/flux/generate").Respond(_ => Json(HttpStatusCode.OK, $$"""{"images":["{{Png1x1}}"],"model":"black-forest-labs/FLUX-2-pro","width":1024,"height":1024,"task_id":"direct:now","mode":"direct"}"""));
        using var client = Create(mock);

        // Act
        var job = await client.StartGenerateAsync(new ImageGenerationRequest { Prompt = "a fox", Model = RelayGpuModels.Flux2Pro });

        // Assert
        job.IsCompleted.Should().BeTrue();
        job.Result!.Images.Should().ContainSingle();
        job.Id.Should().Be("direct:now");
    }

    [Fact]
    public async Task WaitForCompletionAsync_TaskNotVisibleAtFirst_IsLookedForAgain()
    {
        // Arrange
        using var mock = new MockHttpMessageHandler();
        mock.When(HttpMethod.Post, "https://relaygpu.com/v2/image/qwen/generate").Respond(_ => Json(HttpStatusCode.Accepted, $$"""{"task_id":"{{TaskId}}","status":"queued","poll_url":"/v2/tasks/{{TaskId}}","message":"ok"}"""));
        var polls = 0;
        mock.When(HttpMethod.Get, "https://relaygpu.com/v2/tasks/*").Respond(_ => ++polls == 1
            ? Json(HttpStatusCode.NotFound, $$$"""{"detail":"No task.","error":{"code":"TASK_NOT_FOUND","type":"validation","source":"client","message":"No task '{{{TaskId}}}'.","request_id":"r"}}""")
            : Json(HttpStatusCode.OK, $$"""{"task_id":"{{TaskId}}","status":"completed","elapsed_seconds":1,"mode":"direct","model":"Qwen/qwen-image","created_at":"2026-10-06T09:00:00+00:00","result":{"urls":["https://cdn.relaygpu.com/content/q"],"success":true},"error":null}"""));
        using var client = Create(mock);
        var job = await client.StartGenerateAsync(new ImageGenerationRequest { Prompt = "an apple", Model = RelayGpuModels.QwenImage });

        // Act
        var result = await job.WaitForCompletionAsync();

        // Assert
        result.Images.Should().ContainSingle();
        polls.Should().Be(2);
    }

    private static IImageClient Create(MockHttpMessageHandler mock, int retries = 2, Action<RelayGpuClientOptions>? configure = null) =>
        ImageClient.Create(imaging =>
        {
            imaging.Services.AddSingleton<TimeProvider>(new InstantTimeProvider(Now));
            imaging.AddRelayGpu(
                options =>
                {
                    options.ApiKey = Key;
                    options.Retry.MaxRetries = retries;
                    options.Polling.Jitter = 0;
                    configure?.Invoke(options);
                },
                http => http.ConfigurePrimaryHttpMessageHandler(() => mock));
        });

    private static HttpResponseMessage Json(HttpStatusCode status, string body, string? requestId = null)
    {
        var response = new HttpResponseMessage(status) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        if (requestId is not null)
        {
            response.Headers.Add("X-Request-ID", requestId);
        }

        return response;
    }
}
