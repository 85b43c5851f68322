using System.Net;
using ImagingClient.Emulator;
using static ImagingClient.Tests.Emulator.Kie.KieHttp;
using Microsoft.Extensions.Time.Testing;

namespace ImagingClient.Tests.Emulator.Kie;

public sealed class KieFaultsTests
{
    private const string Body = """{"prompt":"p"}""";

    [Theory]
    [InlineData(429)]
    [InlineData(500)]
    [InlineData(503)]
    public async Task FailNext_WithRetryAfter_AnswersKieEnvelopeWithHttpStatusAndHeader(int status)
    {
        // Arrange
        await using var emulator = await ImagingEmulator.StartAsync();
        using var client = CreateClient(emulator);
        emulator.Faults.FailNext(1, status, TimeSpan.FromSeconds(2.5));

        // Act
        using var failed = await PostAsync(client, GeneratePath, Body);
        var body = await ReadJsonAsync(failed);
        using var recovered = await PostAsync(client, GeneratePath, Body);

        // Assert
        ((int)failed.StatusCode).Should().Be(status);
        failed.Headers.RetryAfter!.Delta.Should().Be(TimeSpan.FromSeconds(3));
        Code(body).Should().Be(status);
        Msg(body).Should().NotBeNullOrEmpty();
        body.GetProperty("data").ValueKind.Should().Be(System.Text.Json.JsonValueKind.Null);
        Code(await ReadJsonAsync(recovered)).Should().Be(200);
    }

    [Fact]
    public async Task FailNext_WithoutRetryAfter_SendsNoHeader()
    {
        // Arrange
        await using var emulator = await ImagingEmulator.StartAsync();
        using var client = CreateClient(emulator);
        emulator.Faults.FailNext(1, 429);

        // Act
        using var response = await GetAsync(client, CreditPath);

        // Assert
        response.StatusCode.Should().Be(HttpStatusCode.TooManyRequests);
        response.Headers.Contains("Retry-After").Should().BeFalse();
    }

    [Theory]
    [InlineData(455)]
    [InlineData(429)]
    [InlineData(505)]
    public async Task FailNextInBody_KieRoute_AnswersHttp200WithCode(int code)
    {
        // Arrange
        await using var emulator = await ImagingEmulator.StartAsync();
        using var client = CreateClient(emulator);
        emulator.Faults.FailNextInBody(2, code);

        // Act
        using var submit = await PostAsync(client, GeneratePath, Body);
        using var poll = await GetAsync(client, RecordInfoPath + "?taskId=x");
        using var credit = await GetAsync(client, CreditPath);
        var submitBody = await ReadJsonAsync(submit);

        // Assert
        submit.StatusCode.Should().Be(HttpStatusCode.OK);
        Code(submitBody).Should().Be(code);
        submitBody.GetProperty("data").ValueKind.Should().Be(System.Text.Json.JsonValueKind.Null);
        poll.StatusCode.Should().Be(HttpStatusCode.OK);
        Code(await ReadJsonAsync(poll)).Should().Be(code);
        Code(await ReadJsonAsync(credit)).Should().Be(200);
    }

    [Fact]
    public async Task FailNextInBody_ConcurredRoute_AnswersThatHttpStatus()
    {
        // Arrange
        await using var emulator = await ImagingEmulator.StartAsync();
        using var client = CreateClient(emulator);
        emulator.Faults.FailNextInBody(1, 503);

        // Act
        using var response = await ConcurredHttp.PostAsync(client, ConcurredHttp.GeneratePath, """{"prompt":"p","model":"imagen-4-fast"}""");
        var body = await ConcurredHttp.ReadJsonAsync(response);

        // Assert
        response.StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable);
        ConcurredHttp.ErrorCode(body).Should().Be("MODEL_UNAVAILABLE");
    }

    [Fact]
    public async Task Faults_AcrossProviders_AreConsumedFirstInFirstOut()
    {
        // Arrange
        await using var emulator = await ImagingEmulator.StartAsync();
        using var client = CreateClient(emulator);
        emulator.Faults.FailNext(1, 502);
        emulator.Faults.FailNextInBody(1, 455);
        emulator.Faults.RespondNext(1, 504, "<html>gateway</html>");

        // Act
        using var kie = await PostAsync(client, GeneratePath, Body);
        using var concurred = await ConcurredHttp.PostAsync(client, ConcurredHttp.GeneratePath, """{"prompt":"p","model":"imagen-4-fast"}""");
        using var kieRaw = await GetAsync(client, CreditPath);
        using var kieOk = await GetAsync(client, CreditPath);

        // Assert
        kie.StatusCode.Should().Be(HttpStatusCode.BadGateway);
        Code(await ReadJsonAsync(kie)).Should().Be(502);
        concurred.StatusCode.Should().Be((HttpStatusCode)455);
        kieRaw.StatusCode.Should().Be(HttpStatusCode.GatewayTimeout);
        (await kieRaw.Content.ReadAsStringAsync()).Should().Be("<html>gateway</html>");
        kieOk.StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task FailNext_QueuedBeforeDownload_DoesNotApplyToFiles()
    {
        // Arrange
        var clock = new FakeTimeProvider();
        await using var emulator = await StartAsync(clock);
        using var client = CreateClient(emulator);
        var url = await GenerateResultUrlAsync(client, clock, Body);
        emulator.Faults.FailNext(1, 500);

        // Act
        using var download = await client.GetAsync(url);
        using var api = await GetAsync(client, CreditPath);

        // Assert
        download.StatusCode.Should().Be(HttpStatusCode.OK);
        api.StatusCode.Should().Be(HttpStatusCode.InternalServerError);
    }

    [Fact]
    public async Task FailNext_WithoutApiKey_FaultStillAnswersFirst()
    {
        // Arrange
        await using var emulator = await ImagingEmulator.StartAsync();
        using var client = CreateClient(emulator);
        emulator.Faults.FailNext(1, 503);

        // Act
        using var response = await PostAsync(client, GeneratePath, Body, bearerKey: null);

        // Assert
        response.StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable);
    }

    [Fact]
    public void FailNextInBody_InvalidArguments_Throws()
    {
        // Arrange
        var faults = new EmulatorFaults();

        // Act
        var zeroCount = () => faults.FailNextInBody(0, 500);
        var successCode = () => faults.FailNextInBody(1, 200);
        var tooHigh = () => faults.FailNextInBody(1, 600);

        // Assert
        zeroCount.Should().Throw<ArgumentOutOfRangeException>();
        successCode.Should().Throw<ArgumentOutOfRangeException>();
        tooHigh.Should().Throw<ArgumentOutOfRangeException>();
    }
}
