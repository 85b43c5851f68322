using ImagingClient.Tests.Reliability.Parsing;
using RichardSzalay.MockHttp;

namespace ImagingClient.Tests.Providers.Concurred;

/// <summary>Error bodies the parsing fuzz tests found the Concurred client failing on with an undocumented exception.</summary>
public sealed class ConcurredMalformedAnswerTests
{
    private const string GenerateUrl = "https://concurred.ai/api/v1/image/generate";
    private static readonly ImageGenerationRequest Request = new() { Prompt = "a cat" };

    [Fact]
    public async Task GenerateAsync_ErrorDetailsWithInvalidUtf8_ThrowsTheMappedErrorWithTheDetailsAsSent()
    {
        // Arrange
        byte[] body = [.. """{"error":{"code":"GUARDRAIL_BLOCKED","message":"The prompt was blocked.","details":{"category":"v"""u8, 0xC3, .. """iolence"}}}"""u8];
        using var mock = Answering(400, body);
        using var client = ParsingClients.Concurred(mock);

        // Act
        var act = () => client.GenerateAsync(Request);

        // Assert
        var failure = (await act.Should().ThrowExactlyAsync<ImagingApiException>()).Which;
        failure.ErrorCode.Should().Be(ImagingErrorCode.ContentPolicy);
        failure.Details.Should().Be("{\"category\":\"v\uFFFDiolence\"}");
    }

    [Fact]
    public async Task GenerateAsync_RetryAfterDetailWithInvalidUtf8_ThrowsRateLimitedWithoutAWait()
    {
        // Arrange
        byte[] body = [.. """{"error":{"code":"RATE_LIMIT_EXCEEDED","message":"Too many requests","details":{"retryAfter":"2"""u8, 0xFF, .. "\"}}}"u8];
        using var mock = Answering(429, body);
        using var client = ParsingClients.Concurred(mock);

        // Act
        var act = () => client.GenerateAsync(Request);

        // Assert
        var failure = (await act.Should().ThrowExactlyAsync<ImagingApiException>()).Which;
        failure.ErrorCode.Should().Be(ImagingErrorCode.RateLimited);
        failure.RetryAfter.Should().BeNull("a wait that cannot be read is no wait");
    }

    private static MockHttpMessageHandler Answering(int status, byte[] body)
    {
        var mock = ParsingFuzz.MockWithDownloads();
        mock.When(HttpMethod.Post, GenerateUrl).Respond(_ => ParsingFuzz.Answer(status, body));
        return mock;
    }
}
