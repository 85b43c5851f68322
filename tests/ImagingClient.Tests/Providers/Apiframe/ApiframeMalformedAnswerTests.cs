using System.Net;
using System.Text;
using ImagingClient.Providers.Apiframe;
using ImagingClient.Tests.Reliability.Parsing;
using RichardSzalay.MockHttp;

namespace ImagingClient.Tests.Providers.Apiframe;

/// <summary>Answers the parsing fuzz tests found the Apiframe client failing on with an undocumented exception.</summary>
public sealed class ApiframeMalformedAnswerTests
{
    private const string GenerateUrl = "https://api.apiframe.ai/v2/images/generate";
    private const string JobsUrl = "https://api.apiframe.ai/v2/jobs/*";
    private const string JobId = "3f2a9c1e-8d4b-4e6f-a1b2-c3d4e5f60718";
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 10, 0, 0, TimeSpan.Zero);
    private static readonly ImageGenerationRequest Request = new() { Prompt = "a fox", Model = ApiframeModels.Flux2Pro };

    [Fact]
    public async Task StartGenerateAsync_JobIdTooLongForAToken_ThrowsInvalidResponseWithTheIdempotencyKey()
    {
        // Arrange
        using var mock = Answering(GenerateUrl, 202, Encoding.UTF8.GetBytes($$$"""{"jobId":"{{{new string('a', 5_000)}}}","status":"QUEUED"}"""));
        using var client = ParsingClients.Apiframe(mock, Now);

        // Act
        var act = () => client.StartGenerateAsync(Request);

        // Assert
        var failure = (await act.Should().ThrowExactlyAsync<ImagingApiException>()).Which;
        failure.ErrorCode.Should().Be(ImagingErrorCode.InvalidResponse);
        failure.MayHaveCreatedWork.Should().BeTrue();
        failure.IdempotencyKey.Should().NotBeNullOrEmpty("the caller retries the submission with that key");
    }

    [Fact]
    public async Task GetJobAsync_ModelTooLongForAToken_ReturnsTheJobUnderAnUnknownModel()
    {
        // Arrange
        using var mock = Answering(JobsUrl, 200, Encoding.UTF8.GetBytes($$$"""{"id":"{{{JobId}}}","status":"PROCESSING","model":"{{{new string('m', 5_000)}}}","progress":42.5,"createdAt":"2026-12-01T10:00:00Z"}"""));
        using var client = ParsingClients.Apiframe(mock, Now);
        var api = client.GetRequiredService<IApiframeApi>();

        // Act
        var job = await api.GetJobAsync(JobId);

        // Assert
        job.Status.Should().Be(ImageJobStatus.Running);
        job.ResumeToken!.Model.Should().Be("unknown");
    }

    [Fact]
    public async Task GetJobAsync_CompletedAtTheEndOfTime_ExpiresAtMaxValue()
    {
        // Arrange
        using var mock = Answering(JobsUrl, 200, Encoding.UTF8.GetBytes($$$"""{"id":"{{{JobId}}}","status":"COMPLETED","model":"flux-2-pro","progress":100,"result":"https://cdn.apiframe.ai/results/{{{JobId}}}.png","createdAt":"2026-12-01T10:00:00Z","completedAt":"9999-12-31T23:59:59Z","expired":false}"""));
        using var client = ParsingClients.Apiframe(mock, Now);
        var api = client.GetRequiredService<IApiframeApi>();

        // Act
        var job = await api.GetJobAsync(JobId);

        // Assert
        var image = job.Result!.Images.Should().ContainSingle().Which.Should().BeOfType<RemoteGeneratedImage>().Which;
        image.ExpiresAt.Should().Be(DateTimeOffset.MaxValue);
    }

    [Fact]
    public async Task StartGenerateAsync_ValidationErrorWithInvalidUtf8_ThrowsInvalidRequestWithWhatCanBeRead()
    {
        // Arrange
        byte[] body = [.. """{"error":"Validation failed","details":{"pro"""u8, 0xFF, .. """mpt":["Requ"""u8, 0xC3, .. """ired"],"fluxParams.steps":["Number must be less than or equal to 50"]}}"""u8];
        using var mock = Answering(GenerateUrl, 400, body);
        using var client = ParsingClients.Apiframe(mock, Now);

        // Act
        var act = () => client.StartGenerateAsync(Request);

        // Assert
        var failure = (await act.Should().ThrowExactlyAsync<ImagingApiException>()).Which;
        failure.ErrorCode.Should().Be(ImagingErrorCode.InvalidRequest);
        failure.Message.Should().Contain("Validation failed").And.Contain("pro\uFFFDmpt").And.Contain("fluxParams.steps: Number must be less than or equal to 50");
        failure.Details.Should().Contain("Requ\uFFFDired");
    }

    [Fact]
    public async Task StartGenerateAsync_CreditsAsTextWithInvalidUtf8_ThrowsInsufficientCreditsWithTheReadableNumber()
    {
        // Arrange
        byte[] body = [.. """{"error":"Insufficient credits","creditsRequired":24,"creditsAvailable":"3"""u8, 0xF8, .. "\"}"u8];
        using var mock = Answering(GenerateUrl, 402, body);
        using var client = ParsingClients.Apiframe(mock, Now);

        // Act
        var act = () => client.StartGenerateAsync(Request);

        // Assert
        var failure = (await act.Should().ThrowExactlyAsync<ImagingApiException>()).Which;
        failure.ErrorCode.Should().Be(ImagingErrorCode.InsufficientCredits);
        failure.Message.Should().Contain("24 credits required, ? available");
    }

    [Fact]
    public async Task ResumeJobAsync_ErrorMessageWithALoneSurrogate_ThrowsNotFound()
    {
        // Arrange
        using var mock = Answering(JobsUrl, 404, """{"error":{"message":"Job \udfff not found"}}"""u8.ToArray());
        using var client = ParsingClients.Apiframe(mock, Now);

        // Act
        var act = () => client.ResumeJobAsync(new ImageJobToken("apiframe", JobId, "flux-2-pro", ImageOperationKind.Generate, Now));

        // Assert
        var failure = (await act.Should().ThrowExactlyAsync<ImagingApiException>()).Which;
        failure.ErrorCode.Should().Be(ImagingErrorCode.NotFound);
        failure.StatusCode.Should().Be(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task GetModelsAsync_EntryWithInvalidUtf8AndACostNoDoubleHolds_KeepsTheEntryWithoutThem()
    {
        // Arrange
        byte[] body = [.. """{"models":[{"id":"flux-2-pro","label":"FLUX"""u8, 0xFF, .. "\",\"modality\":\"image\",\"costMin\":1e400,\"costMax\":12.5}]}"u8];
        using var mock = Answering("https://api.apiframe.ai/v2/models*", 200, body);
        using var client = ParsingClients.Apiframe(mock, Now);
        var api = client.GetRequiredService<IApiframeApi>();

        // Act
        var models = await api.GetModelsAsync();

        // Assert
        var model = models.Should().ContainSingle().Which;
        model.Id.Should().Be("flux-2-pro");
        model.Label.Should().BeNull();
        model.CostMin.Should().BeNull();
        model.CostMax.Should().Be(12.5);
        model.Json.Should().Contain("FLUX\uFFFD");
    }

    private static MockHttpMessageHandler Answering(string url, int status, byte[] body)
    {
        var mock = ParsingFuzz.MockWithDownloads();
        mock.When(url).Respond(_ => ParsingFuzz.Answer(status, body));
        return mock;
    }
}
