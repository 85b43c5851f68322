using System.Net;
using ImagingClient.Emulator;
using static ImagingClient.Tests.Emulator.ConcurredHttp;

namespace ImagingClient.Tests.Emulator;

public sealed class EmulatorFaultsTests
{
    private const string Body = """{"prompt":"p","model":"imagen-4-fast"}""";

    [Fact]
    public async Task FailNext_429WithRetryAfter_ReturnsConcurredsEnvelopeWithoutHeaderThenRecovers()
    {
        // Arrange
        await using var emulator = await ImagingEmulator.StartAsync();
        using var client = CreateClient(emulator);
        emulator.Faults.FailNext(2, 429, TimeSpan.FromSeconds(2.5));

        // Act
        using var first = await PostAsync(client, GeneratePath, Body);
        using var second = await PostAsync(client, GeneratePath, Body);
        using var third = await PostAsync(client, GeneratePath, Body);
        var body = await ReadJsonAsync(first);

        // Assert
        first.StatusCode.Should().Be(HttpStatusCode.TooManyRequests);
        first.Headers.Contains("Retry-After").Should().BeFalse("Concurred says how long to wait in details.retryAfter only");
        first.Headers.Contains("X-RateLimit-Limit").Should().BeTrue();
        ErrorCode(body).Should().Be("RATE_LIMIT_EXCEEDED");
        body.GetProperty("error").GetProperty("details").GetProperty("retryAfter").GetInt32().Should().Be(3);
        second.StatusCode.Should().Be(HttpStatusCode.TooManyRequests);
        third.StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task FailNext_429WithoutRetryAfter_StillCarriesRetryAfterDetail()
    {
        // Arrange
        await using var emulator = await ImagingEmulator.StartAsync();
        using var client = CreateClient(emulator);
        emulator.Faults.FailNext(1, 429);

        // Act
        using var response = await PostAsync(client, GeneratePath, Body);
        var body = await ReadJsonAsync(response);

        // Assert
        body.GetProperty("error").GetProperty("details").GetProperty("retryAfter").GetInt32().Should().Be(1);
    }

    [Fact]
    public async Task FailNext_503WithRetryAfter_SendsTheHeaderAsAGatewayWould()
    {
        // Arrange
        await using var emulator = await ImagingEmulator.StartAsync();
        using var client = CreateClient(emulator);
        emulator.Faults.FailNext(1, 503, TimeSpan.FromSeconds(4));

        // Act
        using var response = await PostAsync(client, GeneratePath, Body);

        // Assert
        response.Headers.RetryAfter!.Delta.Should().Be(TimeSpan.FromSeconds(4));
    }

    [Theory]
    [InlineData(400, "BAD_REQUEST")]
    [InlineData(401, "UNAUTHORIZED")]
    [InlineData(403, "FORBIDDEN")]
    [InlineData(500, "INTERNAL_ERROR")]
    [InlineData(502, "INTERNAL_ERROR")]
    [InlineData(503, "MODEL_UNAVAILABLE")]
    public async Task FailNext_Status_UsesMatchingErrorCode(int status, string code)
    {
        // Arrange
        await using var emulator = await ImagingEmulator.StartAsync();
        using var client = CreateClient(emulator);
        emulator.Faults.FailNext(1, status);

        // Act
        using var response = await PostAsync(client, GeneratePath, Body);
        var body = await ReadJsonAsync(response);

        // Assert
        ((int)response.StatusCode).Should().Be(status);
        ErrorCode(body).Should().Be(code);
        response.Headers.Contains("Retry-After").Should().BeFalse();
        response.Headers.Contains("X-RateLimit-Reset").Should().BeTrue();
    }

    [Fact]
    public async Task RespondNext_Html_ReturnsRawBodyAndContentType()
    {
        // Arrange
        await using var emulator = await ImagingEmulator.StartAsync();
        using var client = CreateClient(emulator);
        const string Html = "<html><body><h1>502 Bad Gateway</h1></body></html>";
        emulator.Faults.RespondNext(1, 502, Html);

        // Act
        using var response = await PostAsync(client, EditPath, """{"prompt":"p","image_url":"x"}""");
        var text = await response.Content.ReadAsStringAsync();

        // Assert
        response.StatusCode.Should().Be(HttpStatusCode.BadGateway);
        response.Content.Headers.ContentType!.MediaType.Should().Be("text/html");
        text.Should().Be(Html);
        response.Headers.Contains("X-RateLimit-Limit").Should().BeTrue();
    }

    [Fact]
    public async Task RespondNext_TruncatedJsonWith200_ReturnsItVerbatim()
    {
        // Arrange
        await using var emulator = await ImagingEmulator.StartAsync();
        using var client = CreateClient(emulator);
        emulator.Faults.RespondNext(1, 200, """{"success":true,"data":{"mod""", "application/json");

        // Act
        using var response = await PostAsync(client, GeneratePath, Body);

        // Assert
        response.StatusCode.Should().Be(HttpStatusCode.OK);
        (await response.Content.ReadAsStringAsync()).Should().Be("""{"success":true,"data":{"mod""");
    }

    [Fact]
    public async Task Faults_QueuedInOrder_AreConsumedFirstInFirstOut()
    {
        // Arrange
        await using var emulator = await ImagingEmulator.StartAsync();
        using var client = CreateClient(emulator);
        emulator.Faults.FailNext(1, 503);
        emulator.Faults.RespondNext(1, 504, string.Empty, string.Empty);
        emulator.Faults.FailNext(1, 500);

        // Act
        var statuses = new List<int>();
        for (var i = 0; i < 4; i++)
        {
            using var response = await PostAsync(client, GeneratePath, Body);
            statuses.Add((int)response.StatusCode);
        }

        // Assert
        statuses.Should().Equal(503, 504, 500, 200);
    }

    [Fact]
    public async Task Reset_AfterQueueingFaults_ClearsThem()
    {
        // Arrange
        await using var emulator = await ImagingEmulator.StartAsync();
        using var client = CreateClient(emulator);
        emulator.Faults.FailNext(5, 500);

        // Act
        emulator.Faults.Reset();
        using var response = await PostAsync(client, GeneratePath, Body);

        // Assert
        response.StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public void FailNext_InvalidArguments_Throws()
    {
        // Arrange
        var faults = new EmulatorFaults();

        // Act
        var zeroCount = () => faults.FailNext(0, 500);
        var successStatus = () => faults.FailNext(1, 200);
        var negativeDelay = () => faults.FailNext(1, 429, TimeSpan.FromSeconds(-1));

        // Assert
        zeroCount.Should().Throw<ArgumentOutOfRangeException>();
        successStatus.Should().Throw<ArgumentOutOfRangeException>();
        negativeDelay.Should().Throw<ArgumentOutOfRangeException>();
    }
}
