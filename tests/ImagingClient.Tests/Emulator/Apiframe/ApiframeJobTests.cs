using System.Net;
using System.Text.Json;
using ImagingClient.Emulator;
using static ImagingClient.Tests.Emulator.Apiframe.ApiframeHttp;
using Microsoft.Extensions.Time.Testing;

namespace ImagingClient.Tests.Emulator.Apiframe;

public sealed class ApiframeJobTests
{
    [Fact]
    public async Task GetJob_AsTimeAdvances_GoesQueuedProcessingCompletedWithRealImages()
    {
        // Arrange
        var clock = new FakeTimeProvider();
        await using var emulator = await StartAsync(clock);
        using var client = CreateClient(emulator);
        const string Json = """{"model":"flux-2-pro","prompt":"a red fox in snow","fluxParams":{"aspect_ratio":"16:9","seed":42}}""";
        var created = clock.GetUtcNow();
        var jobId = await SubmitAsync(client, Json);

        // Act
        var queued = await GetJobAsync(client, jobId);
        clock.Advance(TimeSpan.FromSeconds(1));
        var quarter = await GetJobAsync(client, jobId);
        clock.Advance(TimeSpan.FromSeconds(2));
        var threeQuarters = await GetJobAsync(client, jobId);
        clock.Advance(TimeSpan.FromSeconds(1));
        var done = await GetJobAsync(client, jobId);

        // Assert
        queued.GetProperty("id").GetString().Should().Be(jobId);
        queued.GetProperty("status").GetString().Should().Be("QUEUED");
        queued.GetProperty("progress").GetInt32().Should().Be(0);
        queued.GetProperty("result").ValueKind.Should().Be(JsonValueKind.Null);
        queued.GetProperty("error").ValueKind.Should().Be(JsonValueKind.Null);
        queued.GetProperty("completedAt").ValueKind.Should().Be(JsonValueKind.Null);
        queued.GetProperty("webhookStatus").ValueKind.Should().Be(JsonValueKind.Null);
        queued.GetProperty("model").GetString().Should().Be("flux-2-pro");
        queued.GetProperty("creditCost").GetInt32().Should().Be(10);
        queued.GetProperty("createdAt").GetDateTimeOffset().Should().Be(created);
        queued.GetProperty("expired").GetBoolean().Should().BeFalse();
        queued.GetProperty("input").GetRawText().Should().Be(Json);

        quarter.GetProperty("status").GetString().Should().Be("PROCESSING");
        quarter.GetProperty("progress").GetInt32().Should().Be(25);
        threeQuarters.GetProperty("status").GetString().Should().Be("PROCESSING");
        threeQuarters.GetProperty("progress").GetInt32().Should().Be(75);

        done.GetProperty("status").GetString().Should().Be("COMPLETED");
        done.GetProperty("progress").GetInt32().Should().Be(100);
        done.GetProperty("completedAt").GetDateTimeOffset().Should().Be(created + JobDuration);
        var images = Images(done);
        images.Should().ContainSingle().Which.Should().StartWith(emulator.BaseAddress + "files/");
        var png = await DownloadPngAsync(client, images[0]);
        PngSize(png).Should().Be((768, 432));
    }

    [Fact]
    public async Task GetJob_FailTrigger_FailsWithErrorAndRefundsCredits()
    {
        // Arrange
        var clock = new FakeTimeProvider();
        await using var emulator = await StartAsync(clock);
        using var client = CreateClient(emulator);
        var jobId = await SubmitAsync(client, """{"model":"midjourney","prompt":"a castle [fail]"}""");
        var charged = emulator.Apiframe.Credits;

        // Act
        clock.Advance(JobDuration);
        var job = await GetJobAsync(client, jobId);

        // Assert
        charged.Should().Be(100_000 - 16);
        job.GetProperty("status").GetString().Should().Be("FAILED");
        job.GetProperty("error").GetString().Should().NotBeNullOrWhiteSpace();
        job.GetProperty("result").ValueKind.Should().Be(JsonValueKind.Null);
        job.GetProperty("progress").ValueKind.Should().Be(JsonValueKind.Null);
        job.GetProperty("completedAt").GetDateTimeOffset().Should().Be(clock.GetUtcNow());
        emulator.Apiframe.Credits.Should().Be(100_000, "a failed job is refunded");
    }

    [Fact]
    public async Task GetJob_NeverTrigger_StaysProcessingBelow100()
    {
        // Arrange
        var clock = new FakeTimeProvider();
        await using var emulator = await StartAsync(clock);
        using var client = CreateClient(emulator);
        var jobId = await SubmitAsync(client, """{"model":"imagen-4","prompt":"slow [never]"}""");

        // Act
        clock.Advance(TimeSpan.FromHours(1));
        var job = await GetJobAsync(client, jobId);

        // Assert
        job.GetProperty("status").GetString().Should().Be("PROCESSING");
        job.GetProperty("progress").GetInt32().Should().Be(99);
    }

    [Fact]
    public async Task GetJob_NotAUuidOrUnknown_Answers400Or404()
    {
        // Arrange
        await using var emulator = await StartAsync(new FakeTimeProvider());
        using var client = CreateClient(emulator);

        // Act
        using var bad = await GetAsync(client, $"{JobsPath}/not-a-uuid");
        using var unknown = await GetAsync(client, $"{JobsPath}/{Guid.NewGuid()}");

        // Assert
        bad.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await ReadJsonAsync(bad)).GetProperty("error").GetString().Should().NotBeNullOrEmpty();
        unknown.StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await ReadJsonAsync(unknown)).GetProperty("error").GetString().Should().Be("Job not found");
    }

    [Theory]
    [InlineData("""{"model":"gpt-image-1.5","prompt":"icons","gptImageParams":{"number_of_images":3,"quality":"medium"}}""", 3, 27)]
    [InlineData("""{"model":"gpt-image-1.5","prompt":"icons"}""", 1, 24)]
    [InlineData("""{"model":"kling-image","prompt":"tiles","klingImageParams":{"n":4}}""", 4, 16)]
    [InlineData("""{"model":"qwen-image","prompt":"tiles","qwenImageParams":{"num_images":2}}""", 2, 12)]
    [InlineData("""{"model":"flux-lora","prompt":"me","fluxLoraParams":{"loraId":"2b1f4c3e-8d7a-4e2b-9c1d-0a5e6f7b8c9d","num_outputs":3}}""", 3, 24)]
    public async Task GetJob_CountField_GivesThatManyDistinctImagesAndCostPerImage(string json, int count, int cost)
    {
        // Arrange
        var clock = new FakeTimeProvider();
        await using var emulator = await StartAsync(clock);
        using var client = CreateClient(emulator);

        // Act
        var job = await CompleteAsync(client, clock, json);
        var images = Images(job);
        var pngs = new List<byte[]>();
        foreach (var url in images)
        {
            pngs.Add(await DownloadPngAsync(client, url));
        }

        // Assert
        images.Should().HaveCount(count).And.OnlyHaveUniqueItems();
        pngs.Select(Convert.ToBase64String).Should().OnlyHaveUniqueItems("each image has its own seed");
        job.GetProperty("creditCost").GetInt32().Should().Be(cost);
        emulator.Apiframe.Credits.Should().Be(100_000 - cost);
    }

    [Fact]
    public async Task GetJob_SameSeedTwice_RendersTheSamePicture()
    {
        // Arrange
        var clock = new FakeTimeProvider();
        await using var emulator = await StartAsync(clock);
        using var client = CreateClient(emulator);
        const string Json = """{"model":"seedream-4","prompt":"same","seedreamParams":{"seed":5,"width":768,"height":512}}""";

        // Act
        var first = await DownloadPngAsync(client, Images(await CompleteAsync(client, clock, Json))[0]);
        var second = await DownloadPngAsync(client, Images(await CompleteAsync(client, clock, Json))[0]);

        // Assert
        first.Should().Equal(second);
        PngSize(first).Should().Be((768, 512));
    }

    [Fact]
    public async Task GetJob_StringResults_ReportsASingleImageAsAUrlString()
    {
        // Arrange
        var clock = new FakeTimeProvider();
        await using var emulator = await StartAsync(clock, options => options.Apiframe.StringResults = true);
        using var client = CreateClient(emulator);

        // Act
        var single = await CompleteAsync(client, clock, """{"model":"dall-e-3","prompt":"one"}""");
        var several = await CompleteAsync(client, clock, """{"model":"kling-image","prompt":"two","klingImageParams":{"n":2}}""");

        // Assert
        single.GetProperty("result").ValueKind.Should().Be(JsonValueKind.String);
        await DownloadPngAsync(client, single.GetProperty("result").GetString()!);
        Images(several).Should().HaveCount(2);
    }

    [Fact]
    public async Task GetJob_AfterResultRetention_IsExpiredAndImagesStopWorking()
    {
        // Arrange
        var clock = new FakeTimeProvider();
        await using var emulator = await StartAsync(clock, options => options.Apiframe.ResultRetention = TimeSpan.FromHours(2));
        using var client = CreateClient(emulator);
        var job = await CompleteAsync(client, clock, """{"model":"imagen-4-fast","prompt":"short-lived"}""");
        var url = Images(job)[0];

        // Act
        clock.Advance(TimeSpan.FromHours(2) - TimeSpan.FromSeconds(1));
        var before = await GetJobAsync(client, job.GetProperty("id").GetString()!);
        using var beforeDownload = await client.GetAsync(url);
        clock.Advance(TimeSpan.FromSeconds(1));
        var after = await GetJobAsync(client, job.GetProperty("id").GetString()!);
        using var afterDownload = await client.GetAsync(url);

        // Assert
        before.GetProperty("expired").GetBoolean().Should().BeFalse();
        beforeDownload.StatusCode.Should().Be(HttpStatusCode.OK);
        after.GetProperty("expired").GetBoolean().Should().BeTrue();
        afterDownload.StatusCode.Should().Be(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task ListJobs_WithLimitAndCursor_PagesNewestFirst()
    {
        // Arrange
        var clock = new FakeTimeProvider();
        await using var emulator = await StartAsync(clock);
        using var client = CreateClient(emulator);
        var ids = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            ids.Add(await SubmitAsync(client, $$"""{"model":"{{(i % 2 == 0 ? "dall-e-2" : "imagen-4")}}","prompt":"job {{i}}"}"""));
            clock.Advance(TimeSpan.FromMilliseconds(10));
        }

        // Act
        var first = await ListAsync(client, "?limit=2&include_models=true");
        var second = await ListAsync(client, $"?limit=2&cursor={first.GetProperty("nextCursor").GetString()}");
        var third = await ListAsync(client, $"?limit=2&cursor={second.GetProperty("nextCursor").GetString()}");
        var filtered = await ListAsync(client, "?model=imagen-4&scope=team");
        var searched = await ListAsync(client, $"?search={ids[2]}");

        // Assert
        IdsOf(first).Should().Equal(ids[4], ids[3]);
        first.GetProperty("hasMore").GetBoolean().Should().BeTrue();
        first.GetProperty("models").EnumerateArray().Select(model => model.GetString()).Should().Equal("dall-e-2", "imagen-4");
        IdsOf(second).Should().Equal(ids[2], ids[1]);
        IdsOf(third).Should().Equal(ids[0]);
        third.GetProperty("hasMore").GetBoolean().Should().BeFalse();
        third.GetProperty("nextCursor").ValueKind.Should().Be(JsonValueKind.Null);
        third.TryGetProperty("models", out _).Should().BeFalse();
        IdsOf(filtered).Should().Equal(ids[3], ids[1]);
        IdsOf(searched).Should().Equal(ids[2]);
        first.GetProperty("jobs")[0].GetProperty("expired").GetBoolean().Should().BeFalse();
    }

    [Fact]
    public async Task ListJobs_ByStatus_FiltersOnTheCurrentStatus()
    {
        // Arrange
        var clock = new FakeTimeProvider();
        await using var emulator = await StartAsync(clock);
        using var client = CreateClient(emulator);
        var done = await SubmitAsync(client, """{"model":"dall-e-2","prompt":"early"}""");
        clock.Advance(JobDuration);
        var queued = await SubmitAsync(client, """{"model":"dall-e-2","prompt":"late"}""");

        // Act
        var completed = await ListAsync(client, "?status=COMPLETED");
        var waiting = await ListAsync(client, "?status=QUEUED");

        // Assert
        IdsOf(completed).Should().Equal(done);
        IdsOf(waiting).Should().Equal(queued);
    }

    [Theory]
    [InlineData("?limit=0", "limit")]
    [InlineData("?limit=101", "limit")]
    [InlineData("?limit=ten", "limit")]
    [InlineData("?status=DONE", "status")]
    [InlineData("?scope=org", "scope")]
    [InlineData("?search=abc", "search")]
    [InlineData("?include_models=yes", "include_models")]
    public async Task ListJobs_BadQuery_Answers400NamingTheParameter(string query, string parameter)
    {
        // Arrange
        await using var emulator = await StartAsync(new FakeTimeProvider());
        using var client = CreateClient(emulator);

        // Act
        using var response = await GetAsync(client, JobsPath + query);
        var body = await ReadJsonAsync(response);

        // Assert
        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        Details(body).Should().ContainKey(parameter);
    }

    [Fact]
    public async Task ListJobs_BadCursor_Answers400()
    {
        // Arrange
        await using var emulator = await StartAsync(new FakeTimeProvider());
        using var client = CreateClient(emulator);

        // Act
        using var response = await GetAsync(client, JobsPath + "?cursor=%%%not-a-cursor");

        // Assert
        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await ReadJsonAsync(response)).GetProperty("error").GetString().Should().Be("Invalid cursor");
    }

    [Fact]
    public async Task GetJob_ThousandJobsInFlight_KeepsEveryOneAndForgetsTheOldestOnlyBeyondThat()
    {
        // Arrange: as many running jobs as the Kie and RelayGPU rooms keep tasks (a load test's thousand at once).
        var clock = new FakeTimeProvider();
        await using var emulator = await StartAsync(clock);
        using var client = CreateClient(emulator);
        const string Json = """{"model":"flux-2-pro","prompt":"one of many"}""";
        var ids = new List<string>();
        for (var i = 0; i < 1000; i++)
        {
            ids.Add(await SubmitAsync(client, Json));
        }

        // Act
        var oldestWhileAThousand = await GetAsync(client, $"{JobsPath}/{ids[0]}");
        ids.Add(await SubmitAsync(client, Json));
        var oldestBeyond = await GetAsync(client, $"{JobsPath}/{ids[0]}");
        var secondBeyond = await GetAsync(client, $"{JobsPath}/{ids[1]}");

        // Assert
        oldestWhileAThousand.StatusCode.Should().Be(HttpStatusCode.OK, "a job still running must not be forgotten while a thousand run");
        oldestBeyond.StatusCode.Should().Be(HttpStatusCode.NotFound, "the store stays bounded");
        secondBeyond.StatusCode.Should().Be(HttpStatusCode.OK);
        emulator.Apiframe.JobIds.Should().HaveCount(1000).And.NotContain(ids[0]);
    }

    [Fact]
    public async Task Options_InvalidSetting_FailsStart()
    {
        // Arrange
        var options = new ImagingEmulatorOptions();
        options.Apiframe.JobDuration = TimeSpan.FromSeconds(-1);

        // Act
        var start = () => ImagingEmulator.StartAsync(options);

        // Assert
        await start.Should().ThrowAsync<ArgumentOutOfRangeException>().WithMessage("*JobDuration*");
    }

    private static async Task<JsonElement> ListAsync(HttpClient client, string query)
    {
        using var response = await GetAsync(client, JobsPath + query);
        var body = await ReadJsonAsync(response);
        response.StatusCode.Should().Be(HttpStatusCode.OK, body.ToString());
        return body;
    }

    private static string[] IdsOf(JsonElement list) => [.. list.GetProperty("jobs").EnumerateArray().Select(job => job.GetProperty("id").GetString()!)];
}
