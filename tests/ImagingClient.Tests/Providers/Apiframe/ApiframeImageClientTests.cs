using System.Net;
using System.Net.Http.Headers;
using System.Text;
using ImagingClient.Providers.Apiframe;
using ImagingClient.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using RichardSzalay.MockHttp;

namespace ImagingClient.Tests.Providers.Apiframe;

/// <summary>Apiframe's wire, over MockHttp: headers, answers in both documented result forms, and every error form.</summary>
public sealed class ApiframeImageClientTests
{
    private const string Key = "afk_test_0123456789";
    private const string JobId = "3f2a9c1e-8d4b-4e6f-a1b2-c3d4e5f60718";
    private static readonly Uri Base = new("https://api.apiframe.ai/");

    [Fact]
    public async Task GenerateAsync_ResultAsAPlainUrlString_ReturnsOneImageWithTheRequestIdAndKeyHeader()
    {
        // Arrange
        using var mock = new MockHttpMessageHandler();
        HttpRequestMessage? submitted = null;
        mock.When(HttpMethod.Post, "https://api.apiframe.ai/v2/images/generate").Respond(request =>
        {
            submitted = request;
            return Json(HttpStatusCode.Accepted, $$"""{"jobId":"{{JobId}}","status":"QUEUED"}""", requestId: "req-submit-1");
        });
        mock.When(HttpMethod.Get, $"https://api.apiframe.ai/v2/jobs/{JobId}").Respond(_ => Json(HttpStatusCode.OK, $$"""
            {"id":"{{JobId}}","status":"COMPLETED","model":"flux-2-pro","progress":100,"result":"https://cdn.apiframe.ai/results/{{JobId}}.png",
             "error":null,"creditCost":6,"webhookStatus":null,"createdAt":"2026-12-01T10:00:00Z","completedAt":"2026-12-01T10:00:05Z","expired":false}
            """));
        using var client = Create(mock);

        // Act
        var result = await client.GenerateAsync(new ImageGenerationRequest { Prompt = "a fox", Model = ApiframeModels.Flux2Pro });

        // Assert
        submitted!.Headers.GetValues("X-API-Key").Should().Equal(Key);
        submitted.Headers.Authorization.Should().BeNull();
        submitted.Headers.GetValues("Idempotency-Key").Single().Should().NotBeNullOrWhiteSpace();
        var image = result.Images.Should().ContainSingle().Which.Should().BeOfType<RemoteGeneratedImage>().Which;
        image.Url.Should().Be(new Uri($"https://cdn.apiframe.ai/results/{JobId}.png"));
        image.ExpiresAt.Should().Be(DateTimeOffset.Parse("2026-12-02T10:00:05Z", System.Globalization.CultureInfo.InvariantCulture));
        result.RequestId.Should().Be("req-submit-1");
        result.JobId.Should().Be(JobId);
        result.ProviderDetails.Should().BeOfType<ApiframeJobDetails>().Which.CreditCost.Should().Be(6);
    }

    [Fact]
    public async Task StartGenerateAsync_ValidationError_SurfacesEveryFieldMessageAndTheRequestId()
    {
        // Arrange
        using var mock = new MockHttpMessageHandler();
        mock.When(HttpMethod.Post, "https://api.apiframe.ai/v2/images/generate").Respond(_ => Json(HttpStatusCode.BadRequest, """
            {"error":"Validation failed","details":{"fluxParams.steps":["Number must be less than or equal to 50"],"prompt":["Required"]}}
            """, requestId: "req-400"));
        using var client = Create(mock);

        // Act
        var act = () => client.StartGenerateAsync(new ImageGenerationRequest { Prompt = "a fox", Model = ApiframeModels.Flux2Pro });

        // Assert
        var failure = (await act.Should().ThrowAsync<ImagingApiException>()).Which;
        failure.ErrorCode.Should().Be(ImagingErrorCode.InvalidRequest);
        failure.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        failure.Message.Should().Contain("fluxParams.steps: Number must be less than or equal to 50").And.Contain("prompt: Required").And.Contain("req-400");
        failure.Details.Should().Contain("fluxParams.steps");
        failure.RequestId.Should().Be("req-400");
        failure.MayHaveCreatedWork.Should().BeFalse();
    }

    [Theory]
    [InlineData(401, "unauthorized")]
    [InlineData(403, "forbidden")]
    [InlineData(404, "not_found")]
    [InlineData(409, "conflict")]
    [InlineData(503, "unavailable")]
    [InlineData(500, "server_error")]
    public async Task StartGenerateAsync_ErrorStatus_MapsToTheNormalisedCodeAndNeverShowsTheKey(int status, string code)
    {
        // Arrange
        using var mock = new MockHttpMessageHandler();
        mock.When(HttpMethod.Post, "https://api.apiframe.ai/v2/images/generate").Respond(_ => Json((HttpStatusCode)status, $$"""{"error":"refused for {{Key}}"}"""));
        using var client = Create(mock, retries: 0);

        // Act
        var act = () => client.StartGenerateAsync(new ImageGenerationRequest { Prompt = "a fox", Model = ApiframeModels.Flux2Pro });

        // Assert
        var failure = (await act.Should().ThrowAsync<ImagingApiException>()).Which;
        failure.ErrorCode.ToString().Should().Be(code);
        failure.Message.Should().NotContain(Key);
        failure.ToString().Should().NotContain(Key);
        failure.IdempotencyKey.Should().NotBeNullOrEmpty("the key the call sent is reported, so a resubmission can reuse it");
    }

    [Fact]
    public async Task StartGenerateAsync_RateLimitedWithAnHttpDate_ReportsTheWait()
    {
        // Arrange
        var time = new InstantTimeProvider(new DateTimeOffset(2026, 12, 1, 10, 0, 0, TimeSpan.Zero));
        using var mock = new MockHttpMessageHandler();
        mock.When(HttpMethod.Post, "https://api.apiframe.ai/v2/images/generate").Respond(_ =>
        {
            var response = Json(HttpStatusCode.TooManyRequests, """{"error":"Rate limit exceeded"}""");
            response.Headers.RetryAfter = new RetryConditionHeaderValue(new DateTimeOffset(2026, 12, 1, 10, 2, 0, TimeSpan.Zero));
            return response;
        });
        using var client = Create(mock, retries: 0, time);

        // Act
        var act = () => client.StartGenerateAsync(new ImageGenerationRequest { Prompt = "a fox", Model = ApiframeModels.Flux2Pro });

        // Assert
        var failure = (await act.Should().ThrowAsync<ImagingApiException>()).Which;
        failure.ErrorCode.Should().Be(ImagingErrorCode.RateLimited);
        failure.RetryAfter.Should().Be(TimeSpan.FromMinutes(2));
    }

    [Fact]
    public async Task StartGenerateAsync_ConnectionDropsAfterSending_SaysTheJobMayExistAndGivesTheKeyToResubmitWith()
    {
        // Arrange
        using var mock = new MockHttpMessageHandler();
        string? sentKey = null;
        mock.When(HttpMethod.Post, "https://api.apiframe.ai/v2/images/generate").Respond(request =>
        {
            sentKey = request.Headers.GetValues("Idempotency-Key").Single();
            throw new HttpRequestException("The response ended prematurely.", null, HttpStatusCode.OK);
        });
        using var client = Create(mock, retries: 0);

        // Act
        var act = () => client.StartGenerateAsync(new ImageGenerationRequest { Prompt = "a fox", Model = ApiframeModels.Flux2Pro });

        // Assert
        var failure = (await act.Should().ThrowAsync<ImagingApiException>()).Which;
        failure.MayHaveCreatedWork.Should().BeTrue();
        failure.IsRetryable.Should().BeTrue("the request carried an idempotency key, so a resubmission with it is safe");
        failure.IdempotencyKey.Should().Be(sentKey);
        failure.Message.Should().Contain(sentKey);
    }

    [Fact]
    public async Task StartGenerateAsync_CallersIdempotencyKey_IsSentAsGiven_AndTooLongIsRefusedBeforeSending()
    {
        // Arrange
        using var mock = new MockHttpMessageHandler();
        string? sentKey = null;
        var submit = mock.When(HttpMethod.Post, "https://api.apiframe.ai/v2/images/generate").Respond(request =>
        {
            sentKey = request.Headers.GetValues("Idempotency-Key").Single();
            return Json(HttpStatusCode.Accepted, $$"""{"jobId":"{{JobId}}","status":"QUEUED"}""");
        });
        using var client = Create(mock);

        // Act
        await client.StartGenerateAsync(new ImageGenerationRequest { Prompt = "a fox", Model = ApiframeModels.Flux2Pro, IdempotencyKey = "order-77" });
        var tooLong = () => client.StartGenerateAsync(new ImageGenerationRequest { Prompt = "a fox", Model = ApiframeModels.Flux2Pro, IdempotencyKey = new string('k', 256) });

        // Assert
        sentKey.Should().Be("order-77");
        (await tooLong.Should().ThrowAsync<ArgumentException>()).Which.Message.Should().Contain("255");
        mock.GetMatchCount(submit).Should().Be(1, "the second request was refused before it was sent");
    }

    [Fact]
    public async Task StartGenerateAsync_AcceptedWithoutAJobId_IsAnErrorThatMayHaveCreatedWork()
    {
        // Arrange
        using var mock = new MockHttpMessageHandler();
        mock.When(HttpMethod.Post, "https://api.apiframe.ai/v2/images/generate").Respond(_ => Json(HttpStatusCode.Accepted, """{"status":"QUEUED"}"""));
        using var client = Create(mock);

        // Act
        var act = () => client.StartGenerateAsync(new ImageGenerationRequest { Prompt = "a fox", Model = ApiframeModels.Flux2Pro });

        // Assert
        var failure = (await act.Should().ThrowAsync<ImagingApiException>()).Which;
        failure.ErrorCode.Should().Be(ImagingErrorCode.InvalidResponse);
        failure.MayHaveCreatedWork.Should().BeTrue();
        failure.IdempotencyKey.Should().NotBeNullOrEmpty();
    }

    [Fact]
    public async Task GenerateAsync_CancelledJob_IsACancelledFailureWithTheJob()
    {
        // Arrange
        using var mock = new MockHttpMessageHandler();
        mock.When(HttpMethod.Post, "https://api.apiframe.ai/v2/images/generate").Respond(_ => Json(HttpStatusCode.Accepted, $$"""{"jobId":"{{JobId}}","status":"QUEUED"}"""));
        mock.When(HttpMethod.Get, $"https://api.apiframe.ai/v2/jobs/{JobId}").Respond(_ => Json(HttpStatusCode.OK, $$"""
            {"id":"{{JobId}}","status":"CANCELLED","model":"flux-2-pro","progress":null,"result":null,"error":null,"creditCost":null,"webhookStatus":null,"createdAt":"2026-12-01T10:00:00Z","completedAt":null}
            """));
        using var client = Create(mock);
        var job = await client.StartGenerateAsync(new ImageGenerationRequest { Prompt = "a fox", Model = ApiframeModels.Flux2Pro });

        // Act
        var act = () => job.WaitForCompletionAsync();

        // Assert
        var failure = (await act.Should().ThrowAsync<ImagingApiException>()).Which;
        job.Status.Should().Be(ImageJobStatus.Cancelled);
        failure.JobId.Should().Be(JobId);
        failure.Message.Should().Contain("CANCELLED");
    }

    [Fact]
    public async Task UploadAsync_TooLargeOrNotAnImage_IsRefusedBeforeAnythingIsSent()
    {
        // Arrange
        using var mock = new MockHttpMessageHandler();
        var anything = mock.When("*").Respond(HttpStatusCode.InternalServerError);
        using var client = Create(mock);
        var api = client.GetRequiredService<IApiframeApi>();
        var tooLarge = new byte[(25 * 1024 * 1024) + 1];
        TestPng.Signature.CopyTo(tooLarge, 0);

        // Act
        var large = () => api.UploadAsync(ImageInput.FromBytes(tooLarge));
        var text = () => api.UploadAsync(ImageInput.FromBytes(Encoding.UTF8.GetBytes("not an image at all")));
        var url = () => api.UploadAsync(ImageInput.FromUri("https://example.com/a.png"));

        // Assert
        (await large.Should().ThrowAsync<ArgumentOutOfRangeException>()).Which.Message.Should().Contain("25 MB");
        (await text.Should().ThrowAsync<ArgumentException>()).Which.Message.Should().Contain("image/png").And.Contain("application/octet-stream");
        await url.Should().ThrowAsync<ArgumentException>();
        mock.GetMatchCount(anything).Should().Be(0);
    }

    [Fact]
    public async Task StartGenerateAsync_LocalReferenceImage_IsUploadedAsMultipartFileAndItsUrlSent()
    {
        // Arrange
        using var mock = new MockHttpMessageHandler();
        string? uploadContentType = null;
        string? generateBody = null;
        mock.When(HttpMethod.Post, "https://api.apiframe.ai/v2/uploads").Respond(async request =>
        {
            uploadContentType = request.Content!.Headers.ContentType!.MediaType;
            var form = await request.Content.ReadAsStringAsync();
            form.Should().Contain("name=file");
            return Json(HttpStatusCode.Created, """{"id":"9a0b1c2d-0000-4000-8000-000000000001","url":"https://cdn.apiframe.ai/uploads/u1.png","kind":"image","contentType":"image/png","byteSize":67,"expiresAt":"2026-12-01T12:00:00Z"}""");
        });
        mock.When(HttpMethod.Post, "https://api.apiframe.ai/v2/images/generate").Respond(async request =>
        {
            generateBody = await request.Content!.ReadAsStringAsync();
            return Json(HttpStatusCode.Accepted, $$"""{"jobId":"{{JobId}}","status":"QUEUED"}""");
        });
        using var client = Create(mock, time: new InstantTimeProvider(new DateTimeOffset(2026, 12, 1, 10, 0, 0, TimeSpan.Zero)));

        // Act
        await client.StartGenerateAsync(new ImageGenerationRequest { Prompt = "like this", Model = ApiframeModels.KlingImage, ReferenceImages = [ImageInput.FromBytes(TestPng.Tiny)] });

        // Assert
        uploadContentType.Should().Be("multipart/form-data");
        generateBody.Should().Be("""{"model":"kling-image","prompt":"like this","klingImageParams":{"image":"https://cdn.apiframe.ai/uploads/u1.png"}}""");
    }

    [Fact]
    public async Task StartEditAsync_InpaintWithoutAMask_IsRefusedBeforeAnythingIsSent_AndOutpaintSendsItsMode()
    {
        // Arrange
        using var mock = new MockHttpMessageHandler();
        string? editBody = null;
        var edit = mock.When(HttpMethod.Post, "https://api.apiframe.ai/v2/images/edit").Respond(async request =>
        {
            editBody = await request.Content!.ReadAsStringAsync();
            return Json(HttpStatusCode.Accepted, $$"""{"jobId":"{{JobId}}","status":"QUEUED"}""");
        });
        using var client = Create(mock);
        var image = ImageInput.FromUri("https://example.com/house.png");

        // Act
        var noMask = () => client.StartEditAsync(new ImageEditRequest { Prompt = "a red door", Image = image });
        await client.StartEditAsync(new ImageEditRequest { Prompt = "more sky", Image = image, ProviderOptions = new ApiframeFluxFillOptions { Outpaint = "Zoom out 2x" } });

        // Assert
        (await noMask.Should().ThrowAsync<ArgumentException>()).Which.Message.Should().Contain("Mask").And.Contain("apiframe:flux-fill-pro");
        mock.GetMatchCount(edit).Should().Be(1);
        editBody.Should().Be("""{"model":"flux-fill-pro","fluxFillParams":{"image":"https://example.com/house.png","mode":"outpaint","outpaint":"Zoom out 2x","prompt":"more sky"}}""");
    }

    [Fact]
    public async Task StartGenerateAsync_UrlsWithSpacesOrNonAscii_AreSentEscaped_AndAValidPreSignedUrlExactlyAsGiven()
    {
        // Arrange
        using var mock = new MockHttpMessageHandler();
        string? body = null;
        mock.When(HttpMethod.Post, "https://api.apiframe.ai/v2/images/generate").Respond(async request =>
        {
            body = await request.Content!.ReadAsStringAsync();
            return Json(HttpStatusCode.Accepted, $$"""{"jobId":"{{JobId}}","status":"QUEUED"}""");
        });
        using var client = Create(mock);
        const string signed = "https://bucket.example.com/in.png?X-Amz-Signature=ab%2Fcd&X-Amz-Expires=600";

        // Act
        await client.StartGenerateAsync(new ImageGenerationRequest
        {
            Prompt = "a fox",
            Model = ApiframeModels.NanoBanana,
            ReferenceImages = [ImageInput.FromUri("https://example.com/my photo.png"), ImageInput.FromUri("https://bücher.example/ä.png"), ImageInput.FromUri(signed)],
            WebhookUrl = new Uri("https://hooks.example.com/apiframe?tag=a b"),
        });

        // Assert
        using var sent = System.Text.Json.JsonDocument.Parse(body!);
        sent.RootElement.GetProperty("nanoBananaParams").GetProperty("image_input").EnumerateArray().Select(e => e.GetString())
            .Should().Equal("https://example.com/my%20photo.png", "https://xn--bcher-kva.example/%C3%A4.png", signed);
        sent.RootElement.GetProperty("webhookUrl").GetString().Should().Be("https://hooks.example.com/apiframe?tag=a%20b");
    }

    [Fact]
    public async Task StartGenerateAsync_SeedAbove2To53_IsSentExactly()
    {
        // Arrange
        using var mock = new MockHttpMessageHandler();
        string? body = null;
        mock.When(HttpMethod.Post, "https://api.apiframe.ai/v2/images/generate").Respond(async request =>
        {
            body = await request.Content!.ReadAsStringAsync();
            return Json(HttpStatusCode.Accepted, $$"""{"jobId":"{{JobId}}","status":"QUEUED"}""");
        });
        using var client = Create(mock);

        // Act
        await client.StartGenerateAsync(new ImageGenerationRequest { Prompt = "a fox", Model = ApiframeModels.Flux2Pro, Seed = 9007199254740993 });

        // Assert
        body.Should().Contain("\"seed\":9007199254740993");
    }

    [Theory]
    [InlineData(" ")]
    [InlineData("clé-1")]
    [InlineData("two words")]
    public async Task Submit_IdempotencyKeyThatIsBlankOrNotAHeaderValue_IsRefusedBeforeSending(string key)
    {
        // Arrange
        using var mock = new MockHttpMessageHandler();
        var anything = mock.When("*").Respond(HttpStatusCode.InternalServerError);
        using var client = Create(mock);
        var api = client.GetRequiredService<IApiframeApi>();

        // Act
        var generate = () => client.StartGenerateAsync(new ImageGenerationRequest { Prompt = "a fox", Model = ApiframeModels.Flux2Pro, IdempotencyKey = key });
        var upscale = () => api.StartUpscaleAsync(new ApiframeTopazUpscaleRequest { Image = ImageInput.FromUri("https://example.com/a.png"), IdempotencyKey = key });

        // Assert
        await generate.Should().ThrowAsync<ArgumentException>();
        (await upscale.Should().ThrowAsync<ArgumentException>()).Which.Message.Should().Contain("IdempotencyKey");
        mock.GetMatchCount(anything).Should().Be(0);
    }

    [Fact]
    public async Task StartMidjourneyActionAsync_InpaintMaskAsAUrlOrTooLarge_IsRefusedBeforeSending()
    {
        // Arrange
        using var mock = new MockHttpMessageHandler();
        var anything = mock.When("*").Respond(HttpStatusCode.InternalServerError);
        using var client = Create(mock);
        var api = client.GetRequiredService<IApiframeApi>();
        var large = new byte[9_000_001];
        TestPng.Signature.CopyTo(large, 0);

        // Act
        var url = () => api.StartMidjourneyActionAsync(new ApiframeMidjourneyInpaintRequest { ParentJobId = JobId, Mask = ImageInput.FromUri("https://example.com/mask.png") });
        var tooLarge = () => api.StartMidjourneyActionAsync(new ApiframeMidjourneyInpaintRequest { ParentJobId = JobId, Mask = ImageInput.FromBytes(large) });

        // Assert
        (await url.Should().ThrowAsync<ArgumentException>()).Which.Message.Should().Contain("bytes, a stream or a file");
        (await tooLarge.Should().ThrowAsync<ArgumentOutOfRangeException>()).Which.Message.Should().Contain("9000000");
        mock.GetMatchCount(anything).Should().Be(0);
    }

    [Fact]
    public async Task StartUpscaleAsync_TheJobsToken_SaysItIsAnUpscale_AndSurvivesATextRoundTrip()
    {
        // Arrange
        using var mock = new MockHttpMessageHandler();
        mock.When(HttpMethod.Post, "https://api.apiframe.ai/v2/images/upscale").Respond(_ => Json(HttpStatusCode.Accepted, $$"""{"jobId":"{{JobId}}","status":"QUEUED"}"""));
        using var client = Create(mock);

        // Act
        var job = await client.GetRequiredService<IApiframeApi>().StartUpscaleAsync(new ApiframeClarityUpscaleRequest { Image = ImageInput.FromUri("https://example.com/a.png") });

        // Assert
        job.ResumeToken!.Operation.Should().Be(ImageOperationKind.Upscale);
        ImageJobToken.Parse(job.ResumeToken.ToString()).Operation.Should().Be(ImageOperationKind.Upscale);
    }

    [Fact]
    public async Task GetJobAsync_ExpiredJobWithoutACompletionTime_ReportsItsUrlsAsExpiredNow()
    {
        // Arrange
        // Purged early (2 hours after creation, a team's shorter retention): 24 hours from creation would be a lie.
        var now = new DateTimeOffset(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);
        using var mock = new MockHttpMessageHandler();
        mock.When(HttpMethod.Get, $"https://api.apiframe.ai/v2/jobs/{JobId}").Respond(_ => Json(HttpStatusCode.OK, $$"""
            {"id":"{{JobId}}","status":"COMPLETED","model":"midjourney","progress":100,"result":{"images":["https://cdn.apiframe.ai/a-1.png"],"gridUrl":"https://cdn.apiframe.ai/a-grid.png"},
             "error":null,"creditCost":16,"webhookStatus":"sent","createdAt":"2026-12-01T10:00:00Z","completedAt":null,"expired":true}
            """));
        using var client = Create(mock, time: new InstantTimeProvider(now));

        // Act
        var job = await client.GetRequiredService<IApiframeApi>().GetJobAsync(JobId);

        // Assert
        var image = (RemoteGeneratedImage)job.Result!.Images[0];
        image.ExpiresAt.Should().Be(now);
        var details = (ApiframeJobDetails)job.Result.ProviderDetails!;
        details.Expired.Should().BeTrue();
        details.WebhookStatus.Should().Be("sent", "a status the spec does not list is kept as Apiframe wrote it");
        job.Result.Warnings.Should().Contain(w => w.Contains("purged", StringComparison.Ordinal));
    }

    [Fact]
    public async Task StartGenerateAsync_ErrorBodyWithOddlyTypedFields_StillSurfacesTheCreditsAndTheDetails()
    {
        // Arrange
        using var mock = new MockHttpMessageHandler();
        mock.When(HttpMethod.Post, "https://api.apiframe.ai/v2/images/generate").Respond(_ => Json(HttpStatusCode.PaymentRequired, """{"error":"Insufficient credits","creditsRequired":"16","creditsAvailable":3,"details":"top up your team"}"""));
        using var client = Create(mock);

        // Act
        var act = () => client.StartGenerateAsync(new ImageGenerationRequest { Prompt = "a fox", Model = ApiframeModels.Midjourney });

        // Assert
        var failure = (await act.Should().ThrowAsync<ImagingApiException>()).Which;
        failure.ErrorCode.Should().Be(ImagingErrorCode.InsufficientCredits);
        failure.Message.Should().Contain("16 credits required, 3 available").And.Contain("top up your team");
    }

    [Fact]
    public async Task StartGenerateAsync_GatewayFailsAfterALocalImageWasUploaded_SaysWhichUrlsAResubmissionMustSend()
    {
        // Arrange
        using var mock = new MockHttpMessageHandler();
        var uploads = mock.When(HttpMethod.Post, "https://api.apiframe.ai/v2/uploads").Respond(_ => Json(HttpStatusCode.Created, """{"id":"u1","url":"https://cdn.apiframe.ai/uploads/u1.png","kind":"image","contentType":"image/png","byteSize":67,"expiresAt":"2026-12-01T12:00:00Z"}"""));
        mock.When(HttpMethod.Post, "https://api.apiframe.ai/v2/images/generate").Respond(_ => Json(HttpStatusCode.BadGateway, """{"error":"Bad gateway"}"""));
        using var client = Create(mock, retries: 0, new InstantTimeProvider(new DateTimeOffset(2026, 12, 1, 10, 0, 0, TimeSpan.Zero)));
        var request = new ImageGenerationRequest { Prompt = "like this", Model = ApiframeModels.KlingImage, ReferenceImages = [ImageInput.FromBytes(TestPng.Tiny)] };

        // Act
        var first = () => client.StartGenerateAsync(request);
        var again = () => client.StartGenerateAsync(request with { ReferenceImages = [ImageInput.FromBytes(TestPng.Tiny.ToArray())] });

        // Assert
        var failure = (await first.Should().ThrowAsync<ImagingApiException>()).Which;
        failure.MayHaveCreatedWork.Should().BeTrue();
        failure.Message.Should().Contain("https://cdn.apiframe.ai/uploads/u1.png");
        await again.Should().ThrowAsync<ImagingApiException>();
        mock.GetMatchCount(uploads).Should().Be(1, "the same bytes, given again in a rebuilt request, reuse the upload, so the body is the same");
    }

    private static IImageClient Create(MockHttpMessageHandler mock, int retries = 2, TimeProvider? time = null) =>
        ImageClient.Create(imaging =>
        {
            imaging.Services.AddSingleton(time ?? new InstantTimeProvider());
            imaging.AddApiframe(
                options =>
                {
                    options.ApiKey = Key;
                    options.BaseAddress = Base;
                    options.Retry.MaxRetries = retries;
                    options.Polling.Jitter = 0;
                },
                http => http.ConfigurePrimaryHttpMessageHandler(() => mock));
        });

    private static HttpResponseMessage Json(HttpStatusCode status, string body, string? requestId = null)
    {
        var response = new HttpResponseMessage(status) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        if (requestId is not null)
        {
            response.Headers.Add("x-request-id", requestId);
        }

        return response;
    }
}

/// <summary>A real 1×1 PNG, for inputs.</summary>
internal static class TestPng
{
    public static readonly byte[] Signature = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    public static readonly byte[] Tiny = Convert.FromBase64String("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==");
}
