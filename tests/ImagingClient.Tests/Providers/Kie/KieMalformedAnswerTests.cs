using System.Text;
using ImagingClient.Providers.Kie;
using ImagingClient.Tests.Reliability.Parsing;
using RichardSzalay.MockHttp;

namespace ImagingClient.Tests.Providers.Kie;

/// <summary>Answers the parsing fuzz tests found the Kie client failing on with an undocumented exception.</summary>
public sealed class KieMalformedAnswerTests
{
    private const string GenerateUrl = "https://api.kie.ai/api/v1/flux/kontext/generate";
    private const string RecordInfoUrl = "https://api.kie.ai/api/v1/flux/kontext/record-info";
    private static readonly DateTimeOffset Now = new(2026, 11, 21, 12, 0, 0, TimeSpan.Zero);
    private static readonly ImageJobToken Token = new("kie", "task12345", "flux-kontext-pro", ImageOperationKind.Generate, Now);

    [Fact]
    public async Task ResumeJobAsync_RecordWithInvalidUtf8InItsTimesAndParams_StillReturnsTheImage()
    {
        // Arrange
        byte[] record = [.. """{"code":200,"msg":"success","data":{"taskId":"task12345","paramJson":"{\"prompt\":\"a"""u8, 0xC0, 0x80, .. """ cat\"}","createTime":"2026"""u8, 0xFF, .. """-11-21T12:00:00Z","response":{"resultImageUrl":"https://tempfile.aiquickdraw.com/r/result.png"},"successFlag":1}}"""u8];
        using var mock = Answering(RecordInfoUrl, record);
        using var client = ParsingClients.Kie(mock, Now);

        // Act
        var job = await client.ResumeJobAsync(Token);

        // Assert: text that cannot be read is absent, not an InvalidOperationException.
        job.Status.Should().Be(ImageJobStatus.Succeeded);
        var details = job.Result!.ProviderDetails.Should().BeOfType<KieFluxKontextDetails>().Which;
        details.CreatedAt.Should().BeNull();
        details.ParamJson.Should().BeNull();
    }

    [Fact]
    public async Task ResumeJobAsync_CompleteTimeAtTheEndOfTime_ExpiresAtMaxValue()
    {
        // Arrange
        using var mock = Answering(RecordInfoUrl, Record("\"9999-12-31T23:59:59Z\""));
        using var client = ParsingClients.Kie(mock, Now);

        // Act
        var job = await client.ResumeJobAsync(Token);

        // Assert
        var image = job.Result!.Images.Should().ContainSingle().Which.Should().BeOfType<RemoteGeneratedImage>().Which;
        image.ExpiresAt.Should().Be(DateTimeOffset.MaxValue);
    }

    [Fact]
    public async Task ResumeJobAsync_UnixMillisecondsPastTheEndOfTime_AreNoTime()
    {
        // Arrange
        using var mock = Answering(RecordInfoUrl, Record("253402300800000"));
        using var client = ParsingClients.Kie(mock, Now);

        // Act
        var job = await client.ResumeJobAsync(Token);

        // Assert
        job.Status.Should().Be(ImageJobStatus.Succeeded);
        job.Result!.ProviderDetails.Should().BeOfType<KieFluxKontextDetails>().Which.CompletedAt.Should().BeNull();
    }

    [Fact]
    public async Task StartGenerateAsync_TaskIdTooLongForAToken_ThrowsInvalidResponseThatMayHaveCreatedWork()
    {
        // Arrange
        using var mock = Answering(GenerateUrl, Encoding.UTF8.GetBytes($$$"""{"code":200,"msg":"success","data":{"taskId":"{{{new string('a', 100_000)}}}"}}"""));
        using var client = ParsingClients.Kie(mock, Now);

        // Act
        var act = () => client.StartGenerateAsync(new ImageGenerationRequest { Prompt = "a cat" });

        // Assert
        var failure = (await act.Should().ThrowExactlyAsync<ImagingApiException>()).Which;
        failure.ErrorCode.Should().Be(ImagingErrorCode.InvalidResponse);
        failure.MayHaveCreatedWork.Should().BeTrue();
    }

    [Fact]
    public async Task StartGenerateAsync_TaskIdWithInvalidUtf8_ThrowsInvalidResponseThatMayHaveCreatedWork()
    {
        // Arrange
        using var mock = Answering(GenerateUrl, [.. """{"code":200,"msg":"success","data":{"taskId":"task12345"""u8, 0xE2, 0x82, .. "\"}}"u8]);
        using var client = ParsingClients.Kie(mock, Now);

        // Act
        var act = () => client.StartGenerateAsync(new ImageGenerationRequest { Prompt = "a cat" });

        // Assert
        var failure = (await act.Should().ThrowExactlyAsync<ImagingApiException>()).Which;
        failure.ErrorCode.Should().Be(ImagingErrorCode.InvalidResponse);
        failure.MayHaveCreatedWork.Should().BeTrue();
    }

    [Fact]
    public async Task ResumeJobAsync_SuccessFlagAsTextWithInvalidUtf8_IsReadAsNoSuccessFlag()
    {
        // Arrange
        using var mock = Answering(RecordInfoUrl, [.. """{"code":200,"msg":"success","data":{"taskId":"task12345","successFlag":"1"""u8, 0xFF, .. "\",\"response\":{\"resultImageUrl\":\"https://tempfile.aiquickdraw.com/r/result.png\"}}}"u8]);
        using var client = ParsingClients.Kie(mock, Now);

        // Act
        var job = await client.ResumeJobAsync(Token);

        // Assert: still generating as far as can be read, as when Kie sends no flag; the next poll reads it again.
        job.Status.Should().Be(ImageJobStatus.Running);
        job.ProviderStatus.Should().Be("GENERATING (no successFlag)");
    }

    [Fact]
    public async Task GetDownloadUrlAsync_LinkWithInvalidUtf8_ThrowsInvalidResponse()
    {
        // Arrange
        using var mock = Answering("https://api.kie.ai/api/v1/common/download-url", [.. """{"code":200,"msg":"success","data":"https://tempfile.aiquickdraw.com/d/"""u8, 0xC0, 0x80, .. ".png\"}"u8]);
        using var client = ParsingClients.Kie(mock, Now);
        var api = client.GetRequiredService<IKieApi>();

        // Act
        var act = () => api.GetDownloadUrlAsync(new Uri("https://tempfile.aiquickdraw.com/r/result.png"));

        // Assert
        (await act.Should().ThrowExactlyAsync<ImagingApiException>()).Which.ErrorCode.Should().Be(ImagingErrorCode.InvalidResponse);
    }

    [Fact]
    public async Task GetCreditsAsync_CreditsAsTextWithInvalidUtf8_ThrowsInvalidResponse()
    {
        // Arrange
        using var mock = Answering("https://api.kie.ai/api/v1/chat/credit", [.. """{"code":200,"msg":"success","data":"87"""u8, 0xFF, .. "\"}"u8]);
        using var client = ParsingClients.Kie(mock, Now);
        var api = client.GetRequiredService<IKieApi>();

        // Act
        var act = () => api.GetCreditsAsync();

        // Assert
        (await act.Should().ThrowExactlyAsync<ImagingApiException>()).Which.ErrorCode.Should().Be(ImagingErrorCode.InvalidResponse);
    }

    private static byte[] Record(string completeTime) => Encoding.UTF8.GetBytes(
        $$$"""{"code":200,"msg":"success","data":{"taskId":"task12345","createTime":"2026-11-21T12:00:00Z","completeTime":{{{completeTime}}},"response":{"resultImageUrl":"https://tempfile.aiquickdraw.com/r/result.png"},"successFlag":1}}""");

    private static MockHttpMessageHandler Answering(string url, byte[] body)
    {
        var mock = ParsingFuzz.MockWithDownloads();
        mock.When(url).Respond(_ => ParsingFuzz.Answer(200, body));
        return mock;
    }
}
