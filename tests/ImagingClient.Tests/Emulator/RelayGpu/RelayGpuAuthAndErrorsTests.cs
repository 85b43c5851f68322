using System.Net;
using System.Text.Json;
using ImagingClient.Emulator;
using Microsoft.Extensions.Time.Testing;
using static ImagingClient.Tests.Emulator.RelayGpu.RelayGpuHttp;

namespace ImagingClient.Tests.Emulator.RelayGpu;

public sealed class RelayGpuAuthAndErrorsTests
{
    private const string Small = """{"prompt":"auth","size":"64x64"}""";

    [Fact]
    public async Task Auth_XApiKeyBearerOrGuest_AreAccepted()
    {
        // Arrange
        await using var emulator = await StartAsync(new FakeTimeProvider());
        using var client = CreateClient(emulator);

        // Act
        using var header = await PostAsync(client, Qwen, Small);
        using var bearer = await PostAsync(client, Qwen, Small, bearer: true);
        using var guest = await PostAsync(client, Qwen, Small, key: null);

        // Assert
        header.StatusCode.Should().Be(HttpStatusCode.OK);
        bearer.StatusCode.Should().Be(HttpStatusCode.OK);
        guest.StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Auth_WrongKey_Answers401InTheErrorShape()
    {
        // Arrange
        await using var emulator = await StartAsync(new FakeTimeProvider());
        using var client = CreateClient(emulator);

        // Act
        using var response = await PostAsync(client, Qwen, Small, key: "relay_sk_wrong");
        var body = await ReadJsonAsync(response);

        // Assert
        response.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        body.EnumerateObject().Select(member => member.Name).Should().Equal("detail", "error");
        body.GetProperty("detail").GetString().Should().NotBeNullOrEmpty();
        var error = body.GetProperty("error");
        error.EnumerateObject().Select(member => member.Name).Should().Equal("code", "type", "source", "message", "request_id");
        error.GetProperty("code").GetString().Should().Be("INVALID_API_KEY");
        error.GetProperty("type").GetString().Should().Be("authentication");
        error.GetProperty("source").GetString().Should().Be("client");
        error.GetProperty("message").GetString().Should().Be(body.GetProperty("detail").GetString());
        error.GetProperty("request_id").GetString().Should().Be(response.Headers.GetValues("X-Request-ID").Single());
    }

    [Fact]
    public async Task Auth_BothHeaders_XApiKeyWins()
    {
        // Arrange
        await using var emulator = await StartAsync(new FakeTimeProvider());
        using var client = CreateClient(emulator);
        using var good = new HttpRequestMessage(HttpMethod.Post, Qwen) { Content = new StringContent(Small, System.Text.Encoding.UTF8, "application/json") };
        good.Headers.TryAddWithoutValidation("X-API-Key", Key);
        good.Headers.TryAddWithoutValidation("Authorization", "Bearer relay_sk_wrong");
        using var bad = new HttpRequestMessage(HttpMethod.Post, Qwen) { Content = new StringContent(Small, System.Text.Encoding.UTF8, "application/json") };
        bad.Headers.TryAddWithoutValidation("X-API-Key", "relay_sk_wrong");
        bad.Headers.TryAddWithoutValidation("Authorization", "Bearer " + Key);

        // Act
        using var goodResponse = await client.SendAsync(good);
        using var badResponse = await client.SendAsync(bad);

        // Assert
        goodResponse.StatusCode.Should().Be(HttpStatusCode.OK);
        badResponse.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Auth_GuestsOff_Answers401ButPollsAndCatalogStayOpen()
    {
        // Arrange
        var clock = new FakeTimeProvider();
        await using var emulator = await StartAsync(clock, options => options.RelayGpu.AllowGuests = false);
        using var client = CreateClient(emulator);
        var taskId = await SubmitAsync(client, Qwen, """{"prompt":"mine","size":"64x64","async":true}""");

        // Act
        var (status, body) = await SendAsync(client, Qwen, Small, key: null);
        var poll = await PollAsync(client, taskId);
        using var detail = await GetAsync(client, $"{ModelsPath}/Qwen/qwen-image");

        // Assert
        status.Should().Be(HttpStatusCode.Unauthorized);
        body.GetProperty("error").GetProperty("code").GetString().Should().Be("MISSING_CREDENTIALS");
        poll.GetProperty("status").GetString().Should().Be("queued");
        detail.StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Theory]
    [InlineData("[blocked] no", 422, "CONTENT_POLICY_DECLINED")]
    [InlineData("[No-Output] text", 502, "IMAGE_NO_OUTPUT")]
    [InlineData("[FAIL]", 502, "UPSTREAM_ERROR")]
    public async Task Sync_Trigger_AnswersItsErrorAndRefunds(string prompt, int status, string code)
    {
        // Arrange
        await using var emulator = await StartAsync(new FakeTimeProvider());
        using var client = CreateClient(emulator);

        // Act
        var (actual, body) = await SendAsync(client, Gemini, $$"""{"prompt":"{{prompt}}"}""");

        // Assert
        ((int)actual).Should().Be(status);
        body.GetProperty("error").GetProperty("code").GetString().Should().Be(code);
        body.GetProperty("detail").ValueKind.Should().Be(JsonValueKind.String);
        if (code == "CONTENT_POLICY_DECLINED")
        {
            body.GetProperty("error").GetProperty("detail").GetProperty("finish_reason").GetString().Should().Be("SAFETY");
        }

        emulator.RelayGpu.Credits.Should().Be(1000m);
    }

    [Fact]
    public async Task Credits_RunOut_Answers402AndChargesNothing()
    {
        // Arrange
        await using var emulator = await StartAsync(new FakeTimeProvider(), options => options.RelayGpu.InitialCredits = 0.05m);
        using var client = CreateClient(emulator);
        await SyncAsync(client, Qwen, Small);

        // Act
        var (status, body) = await SendAsync(client, Qwen, Small);

        // Assert
        status.Should().Be(HttpStatusCode.PaymentRequired);
        body.GetProperty("error").GetProperty("code").GetString().Should().Be("INSUFFICIENT_CREDITS");
        emulator.RelayGpu.Credits.Should().Be(0.05m - 0.036m);
    }

    [Fact]
    public async Task Faults_FailNext_AnswerRelayGpusErrorShapeWithRetryAfter()
    {
        // Arrange
        var clock = new FakeTimeProvider();
        await using var emulator = await StartAsync(clock);
        using var client = CreateClient(emulator);
        var taskId = await SubmitAsync(client, Qwen, """{"prompt":"x","size":"64x64","async":true}""");
        emulator.Faults.FailNext(1, 429);
        emulator.Faults.FailNext(1, 503);
        emulator.Faults.FailNextWithErrorCode(1, 502, "PROVIDER_UNAVAILABLE", TimeSpan.FromSeconds(2.5));
        emulator.Faults.RespondNext(1, 502, "<html>bad gateway</html>");

        // Act
        using var limited = await PostAsync(client, Flux, """{"prompt":"x"}""");
        using var capacity = await GetAsync(client, $"{Tasks}/{taskId}");
        using var coded = await GetAsync(client, $"{ModelsPath}/Qwen/qwen-image");
        using var raw = await PostAsync(client, Qwen, Small);
        using var afterwards = await PostAsync(client, Qwen, Small);

        // Assert
        limited.StatusCode.Should().Be(HttpStatusCode.TooManyRequests);
        limited.Headers.RetryAfter!.Delta.Should().Be(TimeSpan.FromSeconds(60));
        var limitedBody = await ReadJsonAsync(limited);
        limitedBody.GetProperty("error").GetProperty("code").GetString().Should().Be("RATE_LIMITED");
        limitedBody.GetProperty("error").GetProperty("type").GetString().Should().Be("rate_limit");
        limitedBody.GetProperty("error").GetProperty("request_id").GetString().Should().Be(limited.Headers.GetValues("X-Request-ID").Single());
        capacity.StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable);
        capacity.Headers.RetryAfter!.Delta.Should().Be(TimeSpan.FromSeconds(5));
        (await ReadJsonAsync(capacity)).GetProperty("error").GetProperty("code").GetString().Should().Be("CAPACITY_EXHAUSTED");
        coded.StatusCode.Should().Be(HttpStatusCode.BadGateway);
        coded.Headers.RetryAfter!.Delta.Should().Be(TimeSpan.FromSeconds(3));
        (await ReadJsonAsync(coded)).GetProperty("error").GetProperty("code").GetString().Should().Be("PROVIDER_UNAVAILABLE");
        raw.StatusCode.Should().Be(HttpStatusCode.BadGateway);
        (await raw.Content.ReadAsStringAsync()).Should().Be("<html>bad gateway</html>");
        afterwards.StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Faults_CodedNull_SendsANullCode()
    {
        // Arrange
        await using var emulator = await StartAsync(new FakeTimeProvider());
        using var client = CreateClient(emulator);
        emulator.Faults.FailNextWithErrorCode(1, 500, code: null);

        // Act
        using var response = await PostAsync(client, Qwen, Small);
        var body = await ReadJsonAsync(response);

        // Assert
        response.StatusCode.Should().Be(HttpStatusCode.InternalServerError);
        body.GetProperty("error").GetProperty("code").ValueKind.Should().Be(JsonValueKind.Null);
        body.GetProperty("error").GetProperty("message").GetString().Should().NotBeNullOrEmpty();
    }

    [Fact]
    public async Task RateLimit_OverThePerMinuteLimit_Answers429ButPollsDoNotCount()
    {
        // Arrange
        var clock = new FakeTimeProvider();
        await using var emulator = await StartAsync(clock, options => options.RelayGpu.RateLimitPerMinute = 2);
        using var client = CreateClient(emulator);
        var taskId = await SubmitAsync(client, Qwen, """{"prompt":"x","size":"64x64","async":true}""");
        await PollAsync(client, taskId);
        await PollAsync(client, taskId);

        // Act
        using var second = await PostAsync(client, Qwen, Small);
        using var third = await PostAsync(client, Qwen, Small);
        var body = await ReadJsonAsync(third);
        clock.Advance(TimeSpan.FromMinutes(1));
        using var nextMinute = await PostAsync(client, Qwen, Small);

        // Assert
        second.StatusCode.Should().Be(HttpStatusCode.OK);
        third.StatusCode.Should().Be(HttpStatusCode.TooManyRequests);
        third.Headers.RetryAfter!.Delta.Should().Be(TimeSpan.FromSeconds(60));
        body.GetProperty("detail").GetString().Should().StartWith("Rate limit exceeded: 2/2 RPM");
        nextMinute.StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Options_InvalidSecret_FailsTheStart()
    {
        // Arrange
        var options = new ImagingEmulatorOptions();
        options.RelayGpu.WebhookSecret = "not-a-secret";

        // Act
        var start = () => ImagingEmulator.StartAsync(options);

        // Assert
        await start.Should().ThrowAsync<ArgumentException>().WithMessage("*WebhookSecret*");
        ImagingEmulator.DefaultApiKeyFor("relaygpu").Should().Be("relay_sk_emulator");
    }
}
