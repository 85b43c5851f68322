using System.Net;
using System.Text;
using ImagingClient.Providers.Apiframe;
using ImagingClient.Providers.Kie;
using ImagingClient.Providers.RelayGpu;
using ImagingClient.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using RichardSzalay.MockHttp;

namespace ImagingClient.Tests.Reliability.Safety;

/// <summary>
/// <see cref="ImagingProviderOptions.MaxResponseBytes"/> on every provider's answer paths (Concurred's is covered in
/// ProviderErrorsTests): an answer over it is refused with an <see cref="ImagingApiException"/> (InvalidResponse)
/// before it is read whole; for a call that creates paid work it says the work may have been charged for, and for a
/// poll it does not. And <see cref="ImagingClientOptions.MaxDownloadBytes"/> on a result through a client.
/// </summary>
public sealed class ResponseSizeCapTests
{
    private const int Cap = 1024;
    private static readonly string Padding = new('x', 4 * Cap);

    [Fact]
    public async Task KieSubmit_AnswerOverMaxResponseBytes_IsRefusedSayingTheTaskMayBeCharged()
    {
        // Arrange
        using var mock = new MockHttpMessageHandler();
        mock.When(HttpMethod.Post, "https://api.kie.ai/api/v1/flux/kontext/generate").Respond(_ => Json(HttpStatusCode.OK, $$"""{"code":200,"msg":"success","data":{"taskId":"task_1"},"pad":"{{Padding}}"}"""));
        using var client = TestClients.Kie(mock, o => o.MaxResponseBytes = Cap);

        // Act
        var act = () => client.StartGenerateAsync(new ImageGenerationRequest { Prompt = "a kite", Model = KieModels.FluxKontextPro });

        // Assert
        var ex = (await act.Should().ThrowAsync<ImagingApiException>()).Which;
        ex.ErrorCode.Should().Be(ImagingErrorCode.InvalidResponse);
        ex.MayHaveCreatedWork.Should().BeTrue();
        ex.Message.Should().Contain($"MaxResponseBytes ({Cap} bytes)").And.Contain("charged for");
    }

    [Fact]
    public async Task KiePoll_AnswerOverMaxResponseBytes_IsRefusedWithoutClaimingACharge()
    {
        // Arrange
        using var mock = new MockHttpMessageHandler();
        mock.When(HttpMethod.Post, "https://api.kie.ai/api/v1/flux/kontext/generate").Respond(_ => Json(HttpStatusCode.OK, """{"code":200,"msg":"success","data":{"taskId":"task_1"}}"""));
        mock.When(HttpMethod.Get, "https://api.kie.ai/api/v1/flux/kontext/record-info").Respond(_ => Json(HttpStatusCode.OK, $$"""{"code":200,"msg":"success","data":{"taskId":"task_1","successFlag":0,"pad":"{{Padding}}"} }"""));
        using var client = TestClients.Kie(mock, o => o.MaxResponseBytes = Cap);
        var job = await client.StartGenerateAsync(new ImageGenerationRequest { Prompt = "a kite", Model = KieModels.FluxKontextPro });

        // Act
        var act = async () => await job.UpdateStatusAsync();

        // Assert
        var ex = (await act.Should().ThrowAsync<ImagingApiException>()).Which;
        ex.ErrorCode.Should().Be(ImagingErrorCode.InvalidResponse);
        ex.MayHaveCreatedWork.Should().BeFalse();
        ex.JobId.Should().Be("task_1");
        ex.Message.Should().Contain($"MaxResponseBytes ({Cap} bytes)").And.NotContain("charged");
    }

    [Fact]
    public async Task ApiframeSubmit_AnswerOverMaxResponseBytes_IsRefusedSayingTheJobMayBeCharged()
    {
        // Arrange
        using var mock = new MockHttpMessageHandler();
        mock.When(HttpMethod.Post, "https://api.apiframe.ai/v2/images/generate").Respond(_ => Json(HttpStatusCode.Accepted, $$"""{"jobId":"job_1","status":"QUEUED","pad":"{{Padding}}"}"""));
        using var client = Apiframe(mock);

        // Act
        var act = () => client.StartGenerateAsync(new ImageGenerationRequest { Prompt = "a comet", Model = ApiframeModels.Midjourney });

        // Assert
        var ex = (await act.Should().ThrowAsync<ImagingApiException>()).Which;
        ex.ErrorCode.Should().Be(ImagingErrorCode.InvalidResponse);
        ex.MayHaveCreatedWork.Should().BeTrue();
        ex.IdempotencyKey.Should().NotBeNullOrEmpty("the submission carried one, so repeating it with the same key is safe");
        ex.Message.Should().Contain($"MaxResponseBytes ({Cap} bytes)").And.Contain("charged for");
    }

    [Fact]
    public async Task ApiframePoll_AnswerOverMaxResponseBytes_IsRefusedWithoutClaimingACharge()
    {
        // Arrange
        using var mock = new MockHttpMessageHandler();
        mock.When(HttpMethod.Post, "https://api.apiframe.ai/v2/images/generate").Respond(_ => Json(HttpStatusCode.Accepted, """{"jobId":"job_1","status":"QUEUED"}"""));
        mock.When(HttpMethod.Get, "https://api.apiframe.ai/v2/jobs/job_1").Respond(_ => Json(HttpStatusCode.OK, $$"""{"id":"job_1","status":"PROCESSING","progress":10,"pad":"{{Padding}}"}"""));
        using var client = Apiframe(mock);
        var job = await client.StartGenerateAsync(new ImageGenerationRequest { Prompt = "a comet", Model = ApiframeModels.Midjourney });

        // Act
        var act = async () => await job.UpdateStatusAsync();

        // Assert
        var ex = (await act.Should().ThrowAsync<ImagingApiException>()).Which;
        ex.ErrorCode.Should().Be(ImagingErrorCode.InvalidResponse);
        ex.MayHaveCreatedWork.Should().BeFalse();
        ex.Message.Should().Contain($"MaxResponseBytes ({Cap} bytes)").And.NotContain("charged");
    }

    [Fact]
    public async Task ApiframeJobListing_AnswerOverTheBuiltInCap_IsRefusedNamingTheCap()
    {
        // Arrange: MaxResponseBytes left at its 256 MiB default; Apiframe's answers are capped lower, at 16 MiB.
        using var mock = new MockHttpMessageHandler();
        const string JobId = "0b9f5c2e-7d1a-4c3b-9e8f-1a2b3c4d5e6f";
        mock.When(HttpMethod.Get, $"https://api.apiframe.ai/v2/jobs/{JobId}").Respond(_ => new HttpResponseMessage(HttpStatusCode.OK)
        {
            Content = new ByteArrayContent(Encoding.UTF8.GetBytes($"{{\"id\":\"{JobId}\",\"pad\":\"" + new string('x', 16 * 1024 * 1024) + "\"}")),
        });
        using var client = Apiframe(mock, maxResponseBytes: null);

        // Act
        var act = () => client.GetRequiredService<IApiframeApi>().GetJobAsync(JobId);

        // Assert
        var ex = (await act.Should().ThrowAsync<ImagingApiException>()).Which;
        ex.ErrorCode.Should().Be(ImagingErrorCode.InvalidResponse);
        ex.Message.Should().Contain("16777216 bytes, more than any answer Apiframe documents").And.NotContain("Raise MaxResponseBytes");
    }

    [Fact]
    public async Task RelayGpuSync_AnswerOverMaxResponseBytes_IsRefusedSayingTheImagesWereCharged()
    {
        // Arrange
        using var mock = new MockHttpMessageHandler();
        mock.When(HttpMethod.Post, "https://relaygpu.com/v2/image/qwen/generate").Respond(_ => Json(HttpStatusCode.OK, $$"""{"images":["{{Padding}}"],"task_id":"direct:a"}"""));
        using var client = RelayGpu(mock);

        // Act
        var act = () => client.GenerateAsync(new ImageGenerationRequest { Prompt = "an apple", Model = RelayGpuModels.QwenImage });

        // Assert
        var ex = (await act.Should().ThrowAsync<ImagingApiException>()).Which;
        ex.ErrorCode.Should().Be(ImagingErrorCode.InvalidResponse);
        ex.MayHaveCreatedWork.Should().BeTrue();
        ex.Message.Should().Contain($"MaxResponseBytes ({Cap} bytes)").And.Contain("charged for");
    }

    [Fact]
    public async Task RelayGpuAsyncSubmit_AnswerOverMaxResponseBytes_IsRefusedSayingTheTaskMayBeCharged()
    {
        // Arrange: an answer of unknown length (no Content-Length), as a route that ran the call at once may send.
        using var mock = new MockHttpMessageHandler();
        mock.When(HttpMethod.Post, "https://relaygpu.com/v2/image/qwen/generate").Respond(_ => new HttpResponseMessage(HttpStatusCode.OK)
        {
            Content = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes($$"""{"images":["{{Padding}}"],"task_id":"direct:a"}"""))),
        });
        using var client = RelayGpu(mock);

        // Act
        var act = () => client.StartGenerateAsync(new ImageGenerationRequest { Prompt = "an apple", Model = RelayGpuModels.QwenImage });

        // Assert
        var ex = (await act.Should().ThrowAsync<ImagingApiException>()).Which;
        ex.ErrorCode.Should().Be(ImagingErrorCode.InvalidResponse);
        ex.MayHaveCreatedWork.Should().BeTrue();
        ex.Message.Should().Contain($"MaxResponseBytes ({Cap} bytes)").And.Contain("charged for");
    }

    [Fact]
    public async Task RelayGpuAsyncSubmit_AnswerWithImagesOverEightMebibytesButWithinMaxResponseBytes_IsRead()
    {
        // Arrange: a route that runs the call at once answers an async submission with its (base64) images.
        var png = Convert.ToBase64String(Convert.FromBase64String("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=="));
        using var mock = new MockHttpMessageHandler();
        mock.When(HttpMethod.Post, "https://relaygpu.com/v2/image/qwen/generate").Respond(_ => Json(HttpStatusCode.OK, $$"""{"images":["{{png}}"],"task_id":"direct:a","pad":"{{new string('x', 9 * 1024 * 1024)}}"}"""));
        using var client = RelayGpu(mock, maxResponseBytes: null);

        // Act
        var job = await client.StartGenerateAsync(new ImageGenerationRequest { Prompt = "an apple", Model = RelayGpuModels.QwenImage }).WithinLimitAsync("the submission");

        // Assert
        job.IsCompleted.Should().BeTrue();
        (await job.WaitForCompletionAsync()).Images.Should().ContainSingle();
    }

    [Fact]
    public async Task RelayGpuPoll_AnswerOverMaxResponseBytes_IsRefusedWithoutClaimingACharge()
    {
        // Arrange
        using var mock = new MockHttpMessageHandler();
        mock.When(HttpMethod.Post, "https://relaygpu.com/v2/image/qwen/generate").Respond(_ => Json(HttpStatusCode.Accepted, """{"task_id":"direct:a","status":"queued","poll_url":"/v2/tasks/direct:a"}"""));
        mock.When(HttpMethod.Get, "https://relaygpu.com/v2/tasks/*").Respond(_ => Json(HttpStatusCode.OK, $$"""{"task_id":"direct:a","status":"running","pad":"{{Padding}}"}"""));
        using var client = RelayGpu(mock);
        var job = await client.StartGenerateAsync(new ImageGenerationRequest { Prompt = "an apple", Model = RelayGpuModels.QwenImage });

        // Act
        var act = async () => await job.UpdateStatusAsync();

        // Assert
        var ex = (await act.Should().ThrowAsync<ImagingApiException>()).Which;
        ex.ErrorCode.Should().Be(ImagingErrorCode.InvalidResponse);
        ex.MayHaveCreatedWork.Should().BeFalse();
        ex.Message.Should().Contain($"MaxResponseBytes ({Cap} bytes)").And.NotContain("charged");
    }

    [Fact]
    public async Task ResultDownload_OverMaxDownloadBytes_IsRefusedAsInvalidResponse()
    {
        // Arrange: the cap set on the router's options reaches every provider's results.
        using var mock = new MockHttpMessageHandler();
        mock.When(HttpMethod.Post, "https://relaygpu.com/v2/image/qwen/generate").Respond(_ => Json(HttpStatusCode.OK, """{"urls":["https://cdn.relaygpu.com/content/big"],"task_id":"direct:a"}"""));
        mock.When(HttpMethod.Get, "https://cdn.relaygpu.com/content/big").Respond(_ => new HttpResponseMessage(HttpStatusCode.OK) { Content = new ByteArrayContent(new byte[4 * Cap]) });
        using var client = ImageClient.Create(
            imaging =>
            {
                imaging.Services.AddSingleton<TimeProvider>(new InstantTimeProvider());
                imaging.Services.AddHttpClient(ImagingHttpClientNames.Downloads).ConfigurePrimaryHttpMessageHandler(() => mock);
                imaging.AddRelayGpu(o => o.ApiKey = "relay_sk_test_0123456789", http => http.ConfigurePrimaryHttpMessageHandler(() => mock));
            },
            o => o.MaxDownloadBytes = Cap);
        var result = await client.GenerateAsync(new ImageGenerationRequest { Prompt = "an apple", Model = RelayGpuModels.QwenImage });

        // Act
        var act = async () => await result.Images[0].GetBytesAsync();

        // Assert
        var ex = (await act.Should().ThrowAsync<ImagingApiException>()).Which;
        ex.ErrorCode.Should().Be(ImagingErrorCode.InvalidResponse);
        ex.Message.Should().Contain($"MaxDownloadBytes ({Cap} bytes)");
    }

    private static IImageClient Apiframe(MockHttpMessageHandler mock, long? maxResponseBytes = Cap) =>
        ImageClient.Create(imaging =>
        {
            imaging.Services.AddSingleton<TimeProvider>(new InstantTimeProvider());
            imaging.AddApiframe(
                o =>
                {
                    o.ApiKey = "afk_test_0123456789";
                    o.Retry.MaxRetries = 0;
                    o.MaxResponseBytes = maxResponseBytes ?? o.MaxResponseBytes;
                },
                http => http.ConfigurePrimaryHttpMessageHandler(() => mock));
        });

    private static IImageClient RelayGpu(MockHttpMessageHandler mock, long? maxResponseBytes = Cap) =>
        ImageClient.Create(imaging =>
        {
            imaging.Services.AddSingleton<TimeProvider>(new InstantTimeProvider());
            imaging.AddRelayGpu(
                o =>
                {
                    o.ApiKey = "relay_sk_test_0123456789";
                    o.Retry.MaxRetries = 0;
                    o.MaxResponseBytes = maxResponseBytes ?? o.MaxResponseBytes;
                },
                http => http.ConfigurePrimaryHttpMessageHandler(() => mock));
        });

    private static HttpResponseMessage Json(HttpStatusCode status, string body) =>
        new(status) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
}
