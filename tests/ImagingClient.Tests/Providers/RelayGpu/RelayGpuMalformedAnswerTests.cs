using System.Text;
using ImagingClient.Providers.RelayGpu;
using ImagingClient.Tests.Reliability.Parsing;
using RichardSzalay.MockHttp;

namespace ImagingClient.Tests.Providers.RelayGpu;

/// <summary>Answers the parsing fuzz tests found the RelayGPU client failing on with an undocumented exception, or taking as good.</summary>
public sealed class RelayGpuMalformedAnswerTests
{
    private const string QwenUrl = "https://relaygpu.com/v2/image/qwen/generate";
    private const string TasksUrl = "https://relaygpu.com/v2/tasks/*";
    private const string TaskId = "direct:8edfe6a0-752d-46fc-b89f-9ff69d1a5fd2";
    private static readonly DateTimeOffset Now = new(2026, 10, 6, 9, 0, 0, TimeSpan.Zero);
    private static readonly ImageJobToken Token = new("relaygpu", TaskId, "Qwen/qwen-image", ImageOperationKind.Generate, Now);
    private static readonly ImageGenerationRequest Qwen = new() { Prompt = "an apple", Model = RelayGpuModels.QwenImage };

    [Fact]
    public async Task GetModelsAsync_CatalogCutOff_ThrowsInvalidResponseInsteadOfAnEmptyList()
    {
        // Arrange
        using var mock = Answering("https://relaygpu.com/v2/models", 200, """{"models":[{"name":"Qwen/qwen-image","endpoint":{"path":"/v2/ima"""u8.ToArray());
        using var client = ParsingClients.RelayGpu(mock, Now);
        var api = client.GetRequiredService<IRelayGpuApi>();

        // Act
        var act = () => api.GetModelsAsync();

        // Assert
        (await act.Should().ThrowExactlyAsync<ImagingApiException>()).Which.ErrorCode.Should().Be(ImagingErrorCode.InvalidResponse);
    }

    [Fact]
    public async Task GetModelAsync_EntryNotJson_ThrowsInvalidResponse()
    {
        // Arrange
        using var mock = Answering("https://relaygpu.com/v2/models/*", 200, "<html><body>502 Bad Gateway</body></html>"u8.ToArray());
        using var client = ParsingClients.RelayGpu(mock, Now);
        var api = client.GetRequiredService<IRelayGpuApi>();

        // Act
        var act = () => api.GetModelAsync("acme/new-model");

        // Assert
        (await act.Should().ThrowExactlyAsync<ImagingApiException>()).Which.ErrorCode.Should().Be(ImagingErrorCode.InvalidResponse);
    }

    [Fact]
    public async Task GetModelAsync_EntryWithInvalidUtf8_KeepsItsJsonWithReplacementCharacters()
    {
        // Arrange
        byte[] entry = [.. """{"name":"acme/new-model","endpoint":{"path":"/v2/image/qwen/generate"},"request_schema":{"properties":{"size":{"type":["str"""u8, 0xFF, .. """ing","null"]}}}}"""u8];
        using var mock = Answering("https://relaygpu.com/v2/models/*", 200, entry);
        using var client = ParsingClients.RelayGpu(mock, Now);
        var api = client.GetRequiredService<IRelayGpuApi>();

        // Act
        var model = await api.GetModelAsync("acme/new-model");

        // Assert
        model.Name.Should().Be("acme/new-model");
        model.RequestSchemaJson.Should().Contain("str\uFFFDing");
    }

    [Fact]
    public async Task GenerateAsync_LiveEntryWithAPropertyThatIsNotASchema_IgnoresThatProperty()
    {
        // Arrange
        using var mock = ParsingFuzz.MockWithDownloads();
        mock.When(HttpMethod.Get, "https://relaygpu.com/v2/models/*").Respond(_ => ParsingFuzz.Answer(200, """{"name":"acme/new-model","endpoint":{"path":"/v2/image/qwen/generate","model_in_body":true},"request_schema":{"properties":{"prompt":{"type":"string"},"size":[],"seed":"integer"}}}"""u8.ToArray()));
        mock.When(HttpMethod.Post, QwenUrl).Respond(_ => ParsingFuzz.Answer(200, Encoding.UTF8.GetBytes(ParsingSeeds.RelayGpuSyncAnswers["urls"])));
        using var client = ParsingClients.RelayGpu(mock, Now, options => options.ResolveUnknownModels = true);

        // Act
        var result = await client.GenerateAsync(new ImageGenerationRequest { Prompt = "an apple", Model = "relaygpu:acme/new-model" });

        // Assert
        result.Images.Should().ContainSingle();
    }

    [Fact]
    public async Task ResumeJobAsync_ElapsedSecondsTooLongForATimeSpan_CountsTheLinksFromNow()
    {
        // Arrange
        using var mock = Answering(TasksUrl, 200, Task("\"created_at\":\"2026-10-06T08:00:00Z\",\"elapsed_seconds\":1.7976931348623157e308"));
        using var client = ParsingClients.RelayGpu(mock, Now);

        // Act
        var job = await client.ResumeJobAsync(Token);

        // Assert
        var image = job.Result!.Images.Should().ContainSingle().Which.Should().BeOfType<RemoteGeneratedImage>().Which;
        image.ExpiresAt.Should().Be(Now + RelayGpuTaskReader.Retention);
    }

    [Fact]
    public async Task ResumeJobAsync_CreatedAtTheEndOfTime_ExpiresAtMaxValue()
    {
        // Arrange
        using var mock = Answering(TasksUrl, 200, Task("\"created_at\":\"9999-12-31T23:59:59Z\",\"elapsed_seconds\":4"));
        using var client = ParsingClients.RelayGpu(mock, Now);

        // Act
        var job = await client.ResumeJobAsync(Token);

        // Assert
        var image = job.Result!.Images.Should().ContainSingle().Which.Should().BeOfType<RemoteGeneratedImage>().Which;
        image.ExpiresAt.Should().Be(DateTimeOffset.MaxValue);
    }

    [Fact]
    public async Task ResumeJobAsync_FailedTaskWithInvalidUtf8InItsDetail_FailsWithTheReadableParts()
    {
        // Arrange
        byte[] task = [.. """{"task_id":"direct:8edfe6a0-752d-46fc-b89f-9ff69d1a5fd2","status":"failed","model":"google/gemini-3-pro-image","error":"declined","error_code":"CONTENT_POLICY_DECLINED","error_detail":{"finish_reason":"SAF"""u8, 0xFF, .. """ETY","text":"I can't draw that."}}"""u8];
        using var mock = Answering(TasksUrl, 200, task);
        using var client = ParsingClients.RelayGpu(mock, Now);

        // Act
        var job = await client.ResumeJobAsync(Token);

        // Assert
        job.Status.Should().Be(ImageJobStatus.Failed);
        job.Failure!.ErrorCode.Should().Be(ImagingErrorCode.ContentPolicy);
        job.Failure.Message.Should().Contain("text I can't draw that.").And.NotContain("finish_reason");
    }

    [Fact]
    public async Task GetTaskAsync_ModelTooLongForAToken_ReturnsTheTaskUnderAnUnknownModel()
    {
        // Arrange
        using var mock = Answering(TasksUrl, 200, Encoding.UTF8.GetBytes($$$"""{"task_id":"{{{TaskId}}}","status":"running","model":"{{{new string('m', 5_000)}}}","created_at":"2026-10-06T09:00:00Z"}"""));
        using var client = ParsingClients.RelayGpu(mock, Now);
        var api = client.GetRequiredService<IRelayGpuApi>();

        // Act
        var job = await api.GetTaskAsync(TaskId);

        // Assert
        job.Status.Should().Be(ImageJobStatus.Running);
        job.ResumeToken!.Model.Should().Be("unknown");
    }

    [Fact]
    public async Task StartGenerateAsync_TaskIdTooLongForAToken_ThrowsInvalidResponseThatMayHaveCreatedWork()
    {
        // Arrange
        using var mock = Answering(QwenUrl, 202, Encoding.UTF8.GetBytes($$$"""{"task_id":"direct:{{{new string('a', 5_000)}}}","status":"queued"}"""));
        using var client = ParsingClients.RelayGpu(mock, Now);

        // Act
        var act = () => client.StartGenerateAsync(Qwen);

        // Assert
        var failure = (await act.Should().ThrowExactlyAsync<ImagingApiException>()).Which;
        failure.ErrorCode.Should().Be(ImagingErrorCode.InvalidResponse);
        failure.MayHaveCreatedWork.Should().BeTrue();
        failure.IdempotencyKey.Should().NotBeNullOrEmpty("the caller retries the submission with that key");
    }

    [Fact]
    public async Task StartGenerateAsync_PollUrlTooLongForAToken_ReturnsTheJobPolledByItsId()
    {
        // Arrange
        using var mock = Answering(QwenUrl, 202, Encoding.UTF8.GetBytes($$$"""{"task_id":"{{{TaskId}}}","status":"queued","poll_url":"/v2/tasks/{{{new string('p', 5_000)}}}"}"""));
        using var client = ParsingClients.RelayGpu(mock, Now);

        // Act
        var job = await client.StartGenerateAsync(Qwen);

        // Assert
        job.Id.Should().Be(TaskId);
        job.ResumeToken!.State.Values.Should().NotContain(value => value.Contains("ppp", StringComparison.Ordinal));
    }

    [Fact]
    public async Task StartGenerateAsync_AnsweredAtOnceWithATaskIdTooLongForAToken_ReturnsTheImagesUnderALocalId()
    {
        // Arrange
        using var mock = Answering(QwenUrl, 200, Encoding.UTF8.GetBytes($$$"""{"urls":["https://cdn.relaygpu.com/content/x"],"model":"Qwen/qwen-image","task_id":"direct:{{{new string('a', 5_000)}}}","mode":"direct"}"""));
        using var client = ParsingClients.RelayGpu(mock, Now);

        // Act
        var job = await client.StartGenerateAsync(Qwen);

        // Assert
        job.Status.Should().Be(ImageJobStatus.Succeeded);
        job.Id.Should().StartWith("local_");
        job.Result!.Images.Should().ContainSingle();
    }

    [Fact]
    public async Task GenerateAsync_ErrorBodyWithInvalidUtf8_ThrowsTheMappedErrorWithTheReadableFields()
    {
        // Arrange
        byte[] body = [.. """{"detail":[{"loc":["bo"""u8, 0xFF, .. """dy","width"],"msg":"Input should be less than or equal to 2048"}],"error":{"code":"VALIDATION_ERROR","message":"Request valid"""u8, 0xC3, .. """ation failed","request_id":"req_"""u8, 0xFF, .. "\"}}"u8];
        using var mock = Answering(QwenUrl, 422, body);
        using var client = ParsingClients.RelayGpu(mock, Now);

        // Act
        var act = () => client.GenerateAsync(Qwen);

        // Assert
        var failure = (await act.Should().ThrowExactlyAsync<ImagingApiException>()).Which;
        failure.ErrorCode.Should().Be(ImagingErrorCode.InvalidRequest);
        failure.ProviderErrorCode.Should().Be("VALIDATION_ERROR");
        failure.Message.Should().Contain("width").And.Contain("less than or equal to 2048");
    }

    private static byte[] Task(string times) => Encoding.UTF8.GetBytes(
        $$$"""{"task_id":"{{{TaskId}}}","status":"completed",{{{times}}},"mode":"direct","model":"Qwen/qwen-image","result":{"urls":["https://cdn.relaygpu.com/content/WeI0xKQvMJiIz1Oz8o9qtQ"],"success":true},"error":null}""");

    private static MockHttpMessageHandler Answering(string url, int status, byte[] body)
    {
        var mock = ParsingFuzz.MockWithDownloads();
        mock.When(url).Respond(_ => ParsingFuzz.Answer(status, body));
        return mock;
    }
}
