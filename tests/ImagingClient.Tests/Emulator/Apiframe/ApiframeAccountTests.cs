using System.Net;
using ImagingClient.Emulator;
using static ImagingClient.Tests.Emulator.Apiframe.ApiframeHttp;
using Microsoft.Extensions.Time.Testing;

namespace ImagingClient.Tests.Emulator.Apiframe;

public sealed class ApiframeAccountTests
{
    [Fact]
    public async Task Auth_MissingOrWrongKey_Answers401WithError()
    {
        // Arrange
        await using var emulator = await StartAsync(new FakeTimeProvider());
        using var client = CreateClient(emulator);

        // Act
        using var missing = await PostAsync(client, GeneratePath, """{"model":"midjourney","prompt":"x"}""", key: null);
        using var wrong = await GetAsync(client, MePath, key: "afk_wrong");
        using var jobs = await GetAsync(client, JobsPath, key: null);
        using var bearer = new HttpRequestMessage(HttpMethod.Get, MePath);
        bearer.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", Key);
        using var bearerResponse = await client.SendAsync(bearer);

        // Assert
        foreach (var response in new[] { missing, wrong, jobs, bearerResponse })
        {
            response.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
            (await ReadJsonAsync(response)).GetProperty("error").GetString().Should().NotBeNullOrEmpty();
        }
    }

    [Fact]
    public async Task Auth_ConfiguredKey_IsTheOnlyOneAccepted()
    {
        // Arrange
        await using var emulator = await StartAsync(new FakeTimeProvider(), options => options.Apiframe.ApiKey = "afk_custom");
        using var client = CreateClient(emulator);

        // Act
        using var custom = await GetAsync(client, MePath, key: "afk_custom");
        using var defaultKey = await GetAsync(client, MePath);

        // Assert
        custom.StatusCode.Should().Be(HttpStatusCode.OK);
        defaultKey.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        emulator.ApiKeyFor("apiframe").Should().Be("afk_custom");
    }

    [Fact]
    public async Task Responses_EachCarryAFreshRequestId()
    {
        // Arrange
        await using var emulator = await StartAsync(new FakeTimeProvider());
        using var client = CreateClient(emulator);

        // Act
        using var me = await GetAsync(client, MePath);
        using var unauthorized = await GetAsync(client, MePath, key: null);
        using var models = await GetAsync(client, ModelsPath, key: null);
        using var notFound = await GetAsync(client, $"{JobsPath}/{Guid.NewGuid()}");
        var ids = new[] { me, unauthorized, models, notFound }.Select(response => response.Headers.GetValues("x-request-id").Single()).ToArray();

        // Assert
        ids.Should().OnlyHaveUniqueItems();
        ids.Select(id => Guid.TryParseExact(id, "D", out _)).Should().AllBeEquivalentTo(true);
    }

    [Fact]
    public async Task Me_AfterAJob_ReportsTheLiveBalance()
    {
        // Arrange
        var clock = new FakeTimeProvider();
        await using var emulator = await StartAsync(clock, options => options.Apiframe.InitialCredits = 500);
        using var client = CreateClient(emulator);
        await SubmitAsync(client, """{"model":"midjourney","prompt":"charged"}""");

        // Act
        using var response = await GetAsync(client, MePath);
        var body = await ReadJsonAsync(response);

        // Assert
        response.StatusCode.Should().Be(HttpStatusCode.OK);
        body.GetProperty("team").GetProperty("credits").GetInt32().Should().Be(484);
        body.GetProperty("team").GetProperty("plan").GetString().Should().NotBeNullOrEmpty();
        body.GetProperty("team").TryGetProperty("customerId", out _).Should().BeTrue();
        Guid.TryParse(body.GetProperty("team").GetProperty("id").GetString(), out _).Should().BeTrue();
        body.GetProperty("user").GetProperty("email").GetString().Should().Contain("@");
        body.GetProperty("user").GetProperty("role").GetString().Should().NotBeNullOrEmpty();
        body.GetProperty("apiKey").GetProperty("prefix").GetString().Should().StartWith("afk_");
        body.GetProperty("apiKey").GetProperty("name").GetString().Should().NotBeNullOrEmpty();
    }

    [Fact]
    public async Task Models_WithoutKey_ListsTheImageModelsWithCosts()
    {
        // Arrange
        await using var emulator = await StartAsync(new FakeTimeProvider());
        using var client = CreateClient(emulator);

        // Act
        using var all = await GetAsync(client, ModelsPath, key: null);
        using var images = await GetAsync(client, ModelsPath + "?modality=image", key: null);
        using var video = await GetAsync(client, ModelsPath + "?modality=video", key: null);
        using var bad = await GetAsync(client, ModelsPath + "?modality=text", key: null);
        var entries = (await ReadJsonAsync(all)).GetProperty("models").EnumerateArray().ToArray();

        // Assert
        all.StatusCode.Should().Be(HttpStatusCode.OK);
        entries.Should().HaveCountGreaterThanOrEqualTo(51);
        var midjourney = entries.Single(entry => entry.GetProperty("id").GetString() == "midjourney");
        midjourney.GetProperty("costMin").GetInt32().Should().Be(16);
        midjourney.GetProperty("pricingMode").GetString().Should().Be("flat");
        entries.Should().OnlyContain(entry => entry.GetProperty("modality").GetString() == "image" && entry.GetProperty("label").GetString()!.Length > 0);
        entries.Single(entry => entry.GetProperty("id").GetString() == "gpt-image-1.5").GetProperty("pricingMode").GetString().Should().Be("per-output");
        (await ReadJsonAsync(images)).GetProperty("models").GetArrayLength().Should().Be(entries.Length);
        (await ReadJsonAsync(video)).GetProperty("models").GetArrayLength().Should().Be(0);
        bad.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        Details(await ReadJsonAsync(bad)).Should().ContainKey("modality");
    }

    [Fact]
    public async Task Generate_ShortOfCredits_Answers402WithTheNumbers()
    {
        // Arrange
        await using var emulator = await StartAsync(new FakeTimeProvider(), options => options.Apiframe.InitialCredits = 20);
        using var client = CreateClient(emulator);
        await SubmitAsync(client, """{"model":"midjourney","prompt":"first"}""");

        // Act
        var (status, body) = await PostForBodyAsync(client, GeneratePath, """{"model":"midjourney","prompt":"second"}""");

        // Assert
        status.Should().Be(HttpStatusCode.PaymentRequired);
        body.GetProperty("error").GetString().Should().Be("Insufficient credits");
        body.GetProperty("creditsRequired").GetInt32().Should().Be(16);
        body.GetProperty("creditsAvailable").GetInt32().Should().Be(4);
        emulator.Apiframe.Credits.Should().Be(4);
    }

    [Fact]
    public async Task Generate_SameIdempotencyKeyAndBody_ReplaysTheJobWithoutCharging()
    {
        // Arrange
        var clock = new FakeTimeProvider();
        await using var emulator = await StartAsync(clock);
        using var client = CreateClient(emulator);
        const string Json = """{"model":"flux-2-max","prompt":"once"}""";
        var (firstStatus, first) = await PostForBodyAsync(client, GeneratePath, Json, idempotencyKey: "key-1");

        // Act
        var (queuedStatus, queued) = await PostForBodyAsync(client, GeneratePath, Json, idempotencyKey: "key-1");
        clock.Advance(JobDuration);
        var (doneStatus, done) = await PostForBodyAsync(client, GeneratePath, Json, idempotencyKey: "key-1");
        var (_, other) = await PostForBodyAsync(client, GeneratePath, Json);

        // Assert
        firstStatus.Should().Be(HttpStatusCode.Accepted);
        queuedStatus.Should().Be(HttpStatusCode.Accepted);
        doneStatus.Should().Be(HttpStatusCode.Accepted);
        var jobId = first.GetProperty("jobId").GetString();
        queued.GetProperty("jobId").GetString().Should().Be(jobId);
        queued.GetProperty("status").GetString().Should().Be("QUEUED");
        done.GetProperty("jobId").GetString().Should().Be(jobId);
        done.GetProperty("status").GetString().Should().Be("COMPLETED");
        other.GetProperty("jobId").GetString().Should().NotBe(jobId, "a request without a key always creates a job");
        emulator.Apiframe.Credits.Should().Be(100_000 - (2 * 16));
    }

    [Fact]
    public async Task Generate_SameIdempotencyKeyOtherBody_Answers409()
    {
        // Arrange
        await using var emulator = await StartAsync(new FakeTimeProvider());
        using var client = CreateClient(emulator);
        await PostForBodyAsync(client, GeneratePath, """{"model":"midjourney","prompt":"one"}""", idempotencyKey: "key-2");

        // Act
        var (status, body) = await PostForBodyAsync(client, GeneratePath, """{"model":"midjourney","prompt":"two"}""", idempotencyKey: "key-2");
        var (otherRoute, _) = await PostForBodyAsync(client, BackgroundRemovePath, """{"model":"bria-bg-remove","briaBgRemoveParams":{"image":"https://example.com/a.png"}}""", idempotencyKey: "key-2");

        // Assert
        status.Should().Be(HttpStatusCode.Conflict);
        body.GetProperty("error").GetString().Should().NotBeNullOrEmpty();
        otherRoute.Should().Be(HttpStatusCode.Conflict);
        emulator.Apiframe.Credits.Should().Be(100_000 - 16);
    }

    [Fact]
    public async Task Generate_IdempotencyKeyAfter24Hours_CreatesANewJob()
    {
        // Arrange
        var clock = new FakeTimeProvider();
        await using var emulator = await StartAsync(clock);
        using var client = CreateClient(emulator);
        const string Json = """{"model":"reve-create","prompt":"daily"}""";
        var (_, first) = await PostForBodyAsync(client, GeneratePath, Json, idempotencyKey: "key-3");

        // Act
        clock.Advance(TimeSpan.FromHours(24));
        var (status, second) = await PostForBodyAsync(client, GeneratePath, Json, idempotencyKey: "key-3");

        // Assert
        status.Should().Be(HttpStatusCode.Accepted);
        second.GetProperty("jobId").GetString().Should().NotBe(first.GetProperty("jobId").GetString());
        second.GetProperty("status").GetString().Should().Be("QUEUED");
    }

    [Fact]
    public async Task Faults_FailNext_AnswerApiframesErrorFormOnEveryRoute()
    {
        // Arrange
        await using var emulator = await StartAsync(new FakeTimeProvider());
        using var client = CreateClient(emulator);
        emulator.Faults.FailNext(1, 429);
        emulator.Faults.FailNext(1, 503, TimeSpan.FromSeconds(7));
        emulator.Faults.FailNextWithRetryAfterDate(1, 429, TimeSpan.FromSeconds(30));

        // Act
        using var limited = await PostAsync(client, GeneratePath, """{"model":"midjourney","prompt":"x"}""");
        using var unavailable = await GetAsync(client, ModelsPath, key: null);
        using var dated = await GetAsync(client, MePath);
        using var afterwards = await GetAsync(client, MePath);

        // Assert
        limited.StatusCode.Should().Be(HttpStatusCode.TooManyRequests);
        limited.Headers.RetryAfter!.Delta.Should().BePositive();
        (await ReadJsonAsync(limited)).GetProperty("error").GetString().Should().NotBeNullOrEmpty();
        unavailable.StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable);
        unavailable.Headers.RetryAfter!.Delta.Should().Be(TimeSpan.FromSeconds(7));
        (await ReadJsonAsync(unavailable)).GetProperty("error").GetString().Should().NotBeNullOrEmpty();
        dated.StatusCode.Should().Be(HttpStatusCode.TooManyRequests);
        dated.Headers.RetryAfter!.Date.Should().NotBeNull();
        afterwards.StatusCode.Should().Be(HttpStatusCode.OK);
        emulator.Apiframe.Credits.Should().Be(100_000);
    }
}
