using System.Net;
using System.Text.Json.Nodes;
using ImagingClient.Providers.Kie;
using ImagingClient.Tests.Providers.Concurred;
using ImagingClient.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using RichardSzalay.MockHttp;

namespace ImagingClient.Tests.Providers.Kie;

public sealed class KieImageClientTests
{
    private static readonly ImageGenerationRequest Request = new() { Prompt = "a cat", Model = KieModels.FluxKontextPro };

    [Fact]
    public async Task StartGenerateAsync_EveryField_SendsKiesExactJsonWithBearerKey()
    {
        // Arrange
        using var api = new KieApi();
        api.OnSubmit(() => KieApi.Created());
        using var client = api.CreateClient();

        // Act
        var job = await client.StartGenerateAsync(new ImageGenerationRequest
        {
            Prompt = "A serene mountain landscape",
            Model = KieModels.FluxKontextMax,
            AspectRatio = new ImageAspectRatio("21:9"),
            OutputFormat = ImageOutputFormat.Png,
            WebhookUrl = new Uri("https://example.com/kie/callback"),
            ProviderOptions = new KieFluxKontextOptions
            {
                EnableTranslation = false,
                UploadCn = false,
                PromptUpsampling = true,
                SafetyTolerance = 6,
                Watermark = "wm-1",
            },
        });

        // Assert
        var sent = api.Requests.Should().ContainSingle().Subject;
        sent.Authorization.Should().Be($"Bearer {TestClients.KieKey}");
        JsonAssert.Equivalent(sent.Body, """
            {"prompt":"A serene mountain landscape","enableTranslation":false,"uploadCn":false,"aspectRatio":"21:9",
             "outputFormat":"png","promptUpsampling":true,"model":"flux-kontext-max",
             "callBackUrl":"https://example.com/kie/callback","safetyTolerance":6,"watermark":"wm-1"}
            """);
        job.Id.Should().Be(KieApi.TaskId);
        job.Status.Should().Be(ImageJobStatus.Queued);
        job.IsCompleted.Should().BeFalse();
        job.ResumeToken.Should().NotBeNull();
        job.ResumeToken!.JobId.Should().Be(KieApi.TaskId);
        job.ResumeToken.Model.Should().Be("flux-kontext-max");
    }

    [Fact]
    public async Task StartEditAsync_WithoutAspectRatio_SendsInputImageAndNoAspectRatio()
    {
        // Arrange
        using var api = new KieApi();
        api.OnSubmit(() => KieApi.Created());
        using var client = api.CreateClient();

        // Act
        await client.StartEditAsync(new ImageEditRequest { Prompt = "add a hat", Image = ImageInput.FromUri("https://example.com/in.jpg?sig=a%2Fb") });

        // Assert
        JsonAssert.Equivalent(api.Requests.Single().Body, """{"prompt":"add a hat","inputImage":"https://example.com/in.jpg?sig=a%2Fb","model":"flux-kontext-pro"}""");
    }

    [Theory]
    [InlineData(false, 7)]
    [InlineData(false, -1)]
    [InlineData(true, 3)]
    public async Task Start_SafetyToleranceOutOfRange_ThrowsBeforeSending(bool edit, int tolerance)
    {
        // Arrange
        using var api = new KieApi();
        using var client = api.CreateClient();
        var options = new KieFluxKontextOptions { SafetyTolerance = tolerance };

        // Act
        Func<Task> act = edit
            ? () => client.StartEditAsync(new ImageEditRequest { Prompt = "p", Image = ImageInput.FromUri("https://example.com/a.png"), ProviderOptions = options })
            : () => client.StartGenerateAsync(Request with { ProviderOptions = options });

        // Assert
        (await act.Should().ThrowAsync<ArgumentOutOfRangeException>()).Which.Message.Should().Contain(edit ? "between 0 and 2 when editing" : "between 0 and 6 when generating");
        api.Requests.Should().BeEmpty();
    }

    [Theory]
    [InlineData("Width")]
    [InlineData("Seed")]
    [InlineData("Count")]
    [InlineData("NegativePrompt")]
    public async Task StartGenerateAsync_FieldKieLacks_ThrowsNamingIt(string field)
    {
        // Arrange
        using var api = new KieApi();
        using var client = api.CreateClient();
        var request = field switch
        {
            "Width" => Request with { Width = 512 },
            "Seed" => Request with { Seed = 1 },
            "Count" => Request with { Count = 2 },
            _ => Request with { NegativePrompt = "blur" },
        };

        // Act
        var act = () => client.StartGenerateAsync(request);

        // Assert
        (await act.Should().ThrowAsync<ArgumentException>()).Which.ParamName.Should().Be(field);
        api.Requests.Should().BeEmpty();
    }

    [Fact]
    public async Task StartEditAsync_WithBytes_SaysKieNeedsAPublicUrl()
    {
        // Arrange
        using var api = new KieApi();
        using var client = api.CreateClient();

        // Act
        var act = () => client.StartEditAsync(new ImageEditRequest { Prompt = "p", Image = ImageInput.FromBytes(new byte[] { 1 }) });

        // Assert
        (await act.Should().ThrowAsync<ArgumentException>()).Which.Message.Should().Contain("public URL");
    }

    [Theory]
    [InlineData(401, "unauthorized")]
    [InlineData(402, "insufficient_credits")]
    [InlineData(404, "not_found")]
    [InlineData(408, "generation_failed")]
    [InlineData(422, "invalid_request")]
    [InlineData(429, "rate_limited")]
    [InlineData(455, "unavailable")]
    [InlineData(500, "server_error")]
    [InlineData(501, "generation_failed")]
    [InlineData(505, "unavailable")]
    public async Task StartGenerateAsync_ErrorCodeInHttp200_MapsLikeTheHttpStatus(int code, string expected)
    {
        // Arrange
        using var api = new KieApi();
        api.OnSubmit(() => KieApi.Error(code, "nope"));
        using var client = api.CreateClient();

        // Act
        var act = () => client.StartGenerateAsync(Request);

        // Assert
        var ex = (await act.Should().ThrowAsync<ImagingApiException>()).Which;
        ex.ErrorCode.ToString().Should().Be(expected);
        ex.ProviderErrorCode.Should().Be(code.ToString(System.Globalization.CultureInfo.InvariantCulture));
        ex.StatusCode.Should().Be(HttpStatusCode.OK);
        ex.Message.Should().Contain("nope");
    }

    [Fact]
    public async Task StartGenerateAsync_HttpErrorWithEnvelope_MapsTheSameWay()
    {
        // Arrange
        using var api = new KieApi();
        api.OnSubmit(() => KieApi.Error(401, "You do not have access permissions", HttpStatusCode.Unauthorized));
        using var client = api.CreateClient();

        // Act
        var act = () => client.StartGenerateAsync(Request);

        // Assert
        var ex = (await act.Should().ThrowAsync<ImagingApiException>()).Which;
        ex.ErrorCode.Should().Be(ImagingErrorCode.Unauthorized);
        ex.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
    }

    [Theory]
    [InlineData("""{"code":200,"msg":"success","data":{}}""")]
    [InlineData("""{"code":200,"msg":"success","data":null}""")]
    [InlineData("""<html>gateway</html>""")]
    public async Task StartGenerateAsync_NoTaskId_ThrowsInvalidResponse(string body)
    {
        // Arrange
        using var api = new KieApi();
        api.OnSubmit(() => KieApi.Json(body));
        using var client = api.CreateClient();

        // Act
        var act = () => client.StartGenerateAsync(Request);

        // Assert
        (await act.Should().ThrowAsync<ImagingApiException>()).Which.ErrorCode.Should().Be(ImagingErrorCode.InvalidResponse);
    }

    [Fact]
    public async Task GenerateAsync_PollsUntilSuccess_ReturnsTheResultKeptFourteenDaysWithTheOriginInDetails()
    {
        // Arrange
        using var api = new KieApi();
        api.OnSubmit(() => KieApi.Created());
        api.OnPoll(KieApi.Generating, KieApi.Generating, () => KieApi.Succeeded());
        using var client = api.CreateClient();

        // Act
        var result = await client.GenerateAsync(Request);

        // Assert
        api.Polls.Should().Be(3);
        api.Requests.Where(r => r.Method == HttpMethod.Get).Should().OnlyContain(r => r.Url == $"{KieApi.RecordInfoUrl}?taskId={KieApi.TaskId}");
        var image = result.Images.Should().ContainSingle().Which.Should().BeOfType<RemoteGeneratedImage>().Which;
        image.Url.Should().Be(new Uri(KieApi.ResultUrl));
        image.ExpiresAt.Should().Be(DateTimeOffset.Parse("2026-11-21T12:00:20Z", System.Globalization.CultureInfo.InvariantCulture) + TimeSpan.FromDays(14));
        result.JobId.Should().Be(KieApi.TaskId);
        var details = result.ProviderDetails.Should().BeOfType<KieFluxKontextDetails>().Which;
        details.OriginImageUrl.Should().Be(new Uri(KieApi.OriginUrl));
        details.OriginExpiresAt.Should().Be(DateTimeOffset.Parse("2026-11-21T12:00:20Z", System.Globalization.CultureInfo.InvariantCulture) + TimeSpan.FromMinutes(10));
        details.ParamJson.Should().Contain("a cat");
    }

    [Fact]
    public async Task WaitForCompletionAsync_DelaySequence_FollowsFirstDelayBackoffAndMaximum()
    {
        // Arrange
        using var api = new KieApi();
        api.OnSubmit(() => KieApi.Created());
        api.OnPoll(KieApi.Generating, KieApi.Generating, KieApi.Generating, KieApi.Generating, () => KieApi.Succeeded());
        using var client = api.CreateClient(o =>
        {
            o.Polling.FirstDelay = TimeSpan.FromSeconds(2);
            o.Polling.BackoffFactor = 2;
            o.Polling.MaxInterval = TimeSpan.FromSeconds(10);
        });
        var job = await client.StartGenerateAsync(Request);

        // Act
        await job.WaitForCompletionAsync();

        // Assert
        api.Time.Delays.Should().Equal(
            TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(4), TimeSpan.FromSeconds(8), TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task WaitForCompletionAsync_ReportsEachStatusChange()
    {
        // Arrange
        using var api = new KieApi();
        api.OnSubmit(() => KieApi.Created());
        api.OnPoll(KieApi.Generating, KieApi.Generating, () => KieApi.Succeeded());
        using var client = api.CreateClient();
        var job = await client.StartGenerateAsync(Request);
        var reports = new List<ImageJobProgress>();

        // Act
        await job.WaitForCompletionAsync(new SyncProgress(reports));

        // Assert
        reports.Select(r => r.Status).Should().Equal(ImageJobStatus.Queued, ImageJobStatus.Running, ImageJobStatus.Succeeded);
        reports.Select(r => r.ProviderStatus).Should().Equal("SUBMITTED", "GENERATING", "SUCCESS");
        reports.Should().OnlyContain(r => r.JobId == KieApi.TaskId);
    }

    [Theory]
    [InlineData(3, 400, "content_policy")]
    [InlineData(3, 501, "generation_failed")]
    [InlineData(2, 500, "server_error")]
    public async Task GenerateAsync_TaskFails_ThrowsWithJobIdTokenAndMappedCode(int successFlag, int errorCode, string expected)
    {
        // Arrange
        using var api = new KieApi();
        api.OnSubmit(() => KieApi.Created());
        api.OnPoll(KieApi.Generating, () => KieApi.Failed(successFlag, errorCode, "it went wrong"));
        using var client = api.CreateClient();

        // Act
        var act = () => client.GenerateAsync(Request);

        // Assert
        var ex = (await act.Should().ThrowAsync<ImagingApiException>()).Which;
        ex.ErrorCode.ToString().Should().Be(expected);
        ex.JobId.Should().Be(KieApi.TaskId);
        ex.ResumeToken!.JobId.Should().Be(KieApi.TaskId);
        ex.ProviderErrorCode.Should().Be(errorCode.ToString(System.Globalization.CultureInfo.InvariantCulture));
        ex.Message.Should().Contain("it went wrong");
    }

    [Fact]
    public async Task WaitForCompletionAsync_TransientPollFailures_DoNotLoseTheJob()
    {
        // Arrange
        using var api = new KieApi();
        api.OnSubmit(() => KieApi.Created());
        api.OnPoll(
            () => new HttpResponseMessage(HttpStatusCode.ServiceUnavailable),
            () => KieApi.Error(500, "upstream hiccup"),
            () => throw new HttpRequestException("connection reset"),
            () => KieApi.Succeeded());
        using var client = api.CreateClient(o => o.Retry.MaxRetries = 0);

        // Act
        var result = await client.GenerateAsync(Request);

        // Assert
        result.Images.Should().ContainSingle();
        api.Polls.Should().Be(4);
    }

    [Fact]
    public async Task GenerateAsync_JobNeverFinishes_TimesOutWithJobIdAndTokenWithoutCancellingIt()
    {
        // Arrange
        using var api = new KieApi();
        api.OnSubmit(() => KieApi.Created());
        api.OnPoll(KieApi.Generating);
        using var client = api.CreateClient();
        var started = api.Time.GetUtcNow();

        // Act
        var act = () => client.GenerateAsync(Request);

        // Assert
        var ex = (await act.Should().ThrowAsync<ImagingApiException>()).Which;
        ex.ErrorCode.Should().Be(ImagingErrorCode.StillRunning);
        ex.IsRetryable.Should().BeFalse("the job goes on: resume it, do not submit again");
        ex.JobId.Should().Be(KieApi.TaskId);
        ex.ResumeToken.Should().NotBeNull();
        ex.Message.Should().Contain("has not been cancelled").And.Contain(ex.ResumeToken!.ToString());
        (api.Time.GetUtcNow() - started).Should().Be(TimeSpan.FromMinutes(10));
        api.Requests.Should().OnlyContain(r => r.Url == KieApi.GenerateUrl || r.Url.StartsWith(KieApi.RecordInfoUrl, StringComparison.Ordinal), "nothing claims to cancel the task");
    }

    [Fact]
    public async Task GenerateAsync_WaitTimeoutPerCall_OverridesTheDefault()
    {
        // Arrange
        using var api = new KieApi();
        api.OnSubmit(() => KieApi.Created());
        api.OnPoll(KieApi.Generating);
        using var client = api.CreateClient();
        var started = api.Time.GetUtcNow();

        // Act
        var act = () => client.GenerateAsync(Request with { WaitTimeout = TimeSpan.FromSeconds(30) });

        // Assert
        (await act.Should().ThrowAsync<ImagingApiException>()).Which.ErrorCode.Should().Be(ImagingErrorCode.StillRunning);
        (api.Time.GetUtcNow() - started).Should().Be(TimeSpan.FromSeconds(30));
    }

    [Fact]
    public async Task WaitForCompletionAsync_CallerCancels_ThrowsWaitCanceledWithJobIdAndToken()
    {
        // Arrange
        using var api = new KieApi();
        using var cts = new CancellationTokenSource();
        api.OnSubmit(() => KieApi.Created());
        api.OnPoll(() =>
        {
            cts.Cancel();
            return KieApi.Generating();
        });
        using var client = api.CreateClient();
        var job = await client.StartGenerateAsync(Request);

        // Act
        var act = () => job.WaitForCompletionAsync(cancellationToken: cts.Token);

        // Assert
        var ex = (await act.Should().ThrowAsync<ImageJobWaitCanceledException>()).Which;
        ex.JobId.Should().Be(KieApi.TaskId);
        ex.ResumeToken.Should().Be(job.ResumeToken);
        ex.Message.Should().Contain("was not cancelled at kie");
    }

    [Fact]
    public async Task ResumeJobAsync_FromTokenTextInAFreshClient_WaitsForTheSameTask()
    {
        // Arrange
        using var api = new KieApi();
        api.OnSubmit(() => KieApi.Created());
        api.OnPoll(KieApi.Generating, () => KieApi.Succeeded());
        string saved;
        using (var first = api.CreateClient())
        {
            saved = (await first.StartGenerateAsync(Request)).ResumeToken!.ToString();
        }

        using var second = api.CreateClient();

        // Act
        var job = await second.ResumeJobAsync(ImageJobToken.Parse(saved));
        var result = await job.WaitForCompletionAsync();

        // Assert
        job.Id.Should().Be(KieApi.TaskId);
        job.Model.Should().Be("flux-kontext-pro");
        result.Images.Should().ContainSingle();
        api.Requests.Count(r => r.Url == KieApi.GenerateUrl).Should().Be(1, "resuming never submits again");
    }

    [Fact]
    public async Task UpdateStatusAsync_NonTransientFailure_CarriesJobIdAndToken()
    {
        // Arrange
        using var api = new KieApi();
        api.OnSubmit(() => KieApi.Created());
        api.OnPoll(() => KieApi.Error(401, "You do not have access permissions"));
        using var client = api.CreateClient();
        var job = await client.StartGenerateAsync(Request);

        // Act
        var act = async () => await job.UpdateStatusAsync();

        // Assert
        var ex = (await act.Should().ThrowAsync<ImagingApiException>()).Which;
        ex.ErrorCode.Should().Be(ImagingErrorCode.Unauthorized);
        ex.JobId.Should().Be(KieApi.TaskId);
        ex.ResumeToken.Should().Be(job.ResumeToken);
    }

    [Fact]
    public async Task GetRequiredService_KieApiDownloadUrlAndCredits_CallTheAccountEndpoints()
    {
        // Arrange
        using var api = new KieApi();
        api.Mock.When(HttpMethod.Post, "https://api.kie.ai/api/v1/common/download-url")
            .WithContent("""{"url":"https://tempfile.aiquickdraw.com/r/result.png"}""")
            .Respond("application/json", """{"code":200,"msg":"success","data":"https://dl.kie.ai/x?t=1"}""");
        api.Mock.When(HttpMethod.Get, "https://api.kie.ai/api/v1/chat/credit")
            .Respond("application/json", """{"code":200,"msg":"success","data":123.5}""");
        using var client = api.CreateClient();
        var kie = client.GetRequiredService<IKieApi>();

        // Act
        var link = await kie.GetDownloadUrlAsync(new Uri(KieApi.ResultUrl));
        var credits = await kie.GetCreditsAsync();

        // Assert
        link.Url.Should().Be(new Uri("https://dl.kie.ai/x?t=1"));
        link.ExpiresAt.Should().Be(api.Time.GetUtcNow() + TimeSpan.FromMinutes(20));
        credits.Should().Be(123.5m);
    }

    [Fact]
    public async Task GetRequiredService_KieApiDownloadUrlOfAForeignFile_Throws422AsInvalidRequest()
    {
        // Arrange
        using var api = new KieApi();
        api.Mock.When(HttpMethod.Post, "https://api.kie.ai/api/v1/common/download-url").Respond("application/json", """{"code":422,"msg":"not a kie url","data":null}""");
        using var client = api.CreateClient();

        // Act
        var act = () => client.GetRequiredService<IKieApi>().GetDownloadUrlAsync(new Uri("https://example.com/a.png"));

        // Assert
        (await act.Should().ThrowAsync<ImagingApiException>()).Which.ErrorCode.Should().Be(ImagingErrorCode.InvalidRequest);
    }

    [Fact]
    public void GetRequiredService_ClientWithoutKie_ThrowsNamingTheMissingService()
    {
        // Arrange
        using var client = ImageClient.Create(i => i.AddConcurred(o => o.ApiKey = TestClients.ConcurredKey));

        // Act
        var act = () => client.GetRequiredService<IKieApi>();

        // Assert
        act.Should().Throw<InvalidOperationException>().WithMessage("*IKieApi*not registered*");
    }

    [Fact]
    public void GetService_WithAProviderKey_AsksOnlyThatProvider()
    {
        // Arrange
        using var client = ImageClient.Create(i => i
            .AddConcurred(o => o.ApiKey = TestClients.ConcurredKey)
            .AddKie(o => o.ApiKey = TestClients.KieKey));

        // Act
        var unkeyed = client.GetService<IKieApi>();
        var fromKie = client.GetService<IKieApi>(KieModels.ProviderName);
        var fromConcurred = client.GetService<IKieApi>(ImagingClient.Providers.Concurred.ConcurredModels.ProviderName);
        var router = client.GetService<IImageClient>();

        // Assert
        unkeyed.Should().NotBeNull();
        fromKie.Should().BeSameAs(unkeyed);
        fromConcurred.Should().BeNull();
        router.Should().NotBeNull();
        client.Invoking(c => c.GetService(null!)).Should().Throw<ArgumentNullException>();
    }

    private sealed class SyncProgress(List<ImageJobProgress> sink) : IProgress<ImageJobProgress>
    {
        public void Report(ImageJobProgress value) => sink.Add(value);
    }
}

public sealed class KieSecretEchoTests
{
    [Fact]
    public async Task GenerateAsync_KeyEchoedInParamJsonAndFailureMessage_IsRedacted()
    {
        // Arrange: a server that echoes the key into the recorded request, then into a failure.
        using var api = new KieApi();
        api.OnSubmit(() => KieApi.Created());
        api.OnPoll(() => KieApi.Json($$$"""{"code":200,"msg":"success","data":{"taskId":"{{{KieApi.TaskId}}}","paramJson":"{\"key\":\"{{{TestClients.KieKey}}}\"}","completeTime":"2026-11-21T12:00:20Z","response":{"resultImageUrl":"{{{KieApi.ResultUrl}}}"},"successFlag":1}}"""));
        using var client = api.CreateClient();

        // Act
        var result = await client.GenerateAsync(new ImageGenerationRequest { Prompt = "p" });

        // Assert
        var details = result.ProviderDetails.Should().BeOfType<KieFluxKontextDetails>().Subject;
        details.ParamJson.Should().NotContain(TestClients.KieKey).And.Contain("[REDACTED]");
        details.ToString().Should().NotContain(TestClients.KieKey);
    }

    [Fact]
    public async Task GenerateAsync_KeyEchoedInTaskFailure_IsRedacted()
    {
        // Arrange
        using var api = new KieApi();
        api.OnSubmit(() => KieApi.Created());
        api.OnPoll(() => KieApi.Failed(3, 501, "bad key " + TestClients.KieKey));
        using var client = api.CreateClient();

        // Act
        var act = () => client.GenerateAsync(new ImageGenerationRequest { Prompt = "p" });

        // Assert
        var ex = (await act.Should().ThrowAsync<ImagingApiException>()).Which;
        ex.ToString().Should().NotContain(TestClients.KieKey);
        ex.JobId.Should().Be(KieApi.TaskId);
    }
}
