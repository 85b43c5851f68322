using System.Text;
using ImagingClient.Tests.TestSupport;
using RichardSzalay.MockHttp;
using Xunit.Abstractions;

namespace ImagingClient.Tests.Reliability.Parsing;

/// <summary>
/// Concurred's answer and error parsers fed mutated payloads through the whole client (MockHttp, the real handler
/// pipeline with one retry, <see cref="InstantTimeProvider"/>): every call returns readable images or throws
/// <see cref="ImagingApiException"/>, and none hangs.
/// </summary>
public sealed class ConcurredParsingFuzzTests(ITestOutputHelper output)
{
    private const string GenerateUrl = "https://concurred.ai/api/v1/image/generate";
    private static readonly ImageGenerationRequest Request = new() { Prompt = "a cat" };

    [Theory]
    [InlineData("url")]
    [InlineData("base64")]
    [InlineData("mixed")]
    [InlineData("images-and-error")]
    public async Task GenerateAsync_MutatedConcurredAnswers_ThrowOnlyImagingApiException(string kind)
    {
        // Arrange
        var seed = ParsingSeeds.ConcurredAnswers[kind];
        var answer = new ScriptedAnswer();
        using var mock = ParsingFuzz.MockWithDownloads();
        mock.When(HttpMethod.Post, GenerateUrl).Respond(_ => answer.Respond());
        using var client = ParsingClients.Concurred(mock);
        answer.Set(200, Encoding.UTF8.GetBytes(seed));
        var unmutated = await client.GenerateAsync(Request).WithinLimitAsync("the unmutated answer");

        // Act
        var report = await ParsingFuzz.RunAsync(
            $"Concurred generate answer '{kind}'",
            seed,
            async mutated =>
            {
                answer.Set(200, mutated.Payload);
                await ParsingFuzz.TouchAsync(await client.GenerateAsync(Request));
            },
            ex => ex is ImagingApiException);

        // Assert
        unmutated.Images.Should().NotBeEmpty("the harness must reach the parser with a readable answer");
        report.Outcomes.Should().ContainKey("accepted").And.ContainKey($"ImagingApiException({ImagingErrorCode.InvalidResponse})");
        output.WriteLine(report.ToString());
    }

    [Theory]
    [InlineData("guardrail")]
    [InlineData("rate-limit")]
    [InlineData("unauthorized")]
    [InlineData("unavailable")]
    [InlineData("error-in-200")]
    public async Task GenerateAsync_MutatedConcurredErrorBodies_ThrowOnlyImagingApiException(string kind)
    {
        // Arrange
        var (status, seed) = ParsingSeeds.ConcurredErrors[kind];
        var answer = new ScriptedAnswer();
        using var mock = ParsingFuzz.MockWithDownloads();
        mock.When(HttpMethod.Post, GenerateUrl).Respond(_ => answer.Respond());
        using var client = ParsingClients.Concurred(mock);
        answer.Set(status, Encoding.UTF8.GetBytes(seed));
        var unmutated = await Record.ExceptionAsync(() => client.GenerateAsync(Request).WithinLimitAsync("the unmutated error"));

        // Act
        var report = await ParsingFuzz.RunAsync(
            $"Concurred error body '{kind}' (HTTP {status})",
            seed,
            async mutated =>
            {
                answer.Set(status, mutated.Payload);
                await ParsingFuzz.TouchAsync(await client.GenerateAsync(Request));
            },
            ex => ex is ImagingApiException);

        // Assert
        unmutated.Should().BeOfType<ImagingApiException>().Which.ProviderErrorCode.Should().NotBeNull("the harness must reach the error parser");
        output.WriteLine(report.ToString());
    }
}
