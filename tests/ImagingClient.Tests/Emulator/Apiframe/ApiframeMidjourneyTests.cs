using System.Net;
using System.Text.Json;
using ImagingClient.Emulator;
using static ImagingClient.Tests.Emulator.Apiframe.ApiframeHttp;
using Microsoft.Extensions.Time.Testing;

namespace ImagingClient.Tests.Emulator.Apiframe;

public sealed class ApiframeMidjourneyTests
{
    private const string Imagine = """{"model":"midjourney","prompt":"a lighthouse at dusk","midjourneyParams":{"aspect_ratio":"1:1"}}""";

    [Fact]
    public async Task Generate_Midjourney_GivesFourDistinctPngsAndATwoByTwoGrid()
    {
        // Arrange
        var clock = new FakeTimeProvider();
        await using var emulator = await StartAsync(clock);
        using var client = CreateClient(emulator);

        // Act
        var job = await CompleteAsync(client, clock, Imagine);
        var urls = Images(job);
        var pngs = new List<byte[]>();
        foreach (var url in urls)
        {
            pngs.Add(await DownloadPngAsync(client, url));
        }

        var grid = await DownloadPngAsync(client, job.GetProperty("result").GetProperty("gridUrl").GetString()!);

        // Assert
        job.GetProperty("creditCost").GetInt32().Should().Be(16);
        urls.Should().HaveCount(4).And.OnlyHaveUniqueItems();
        pngs.Select(Convert.ToBase64String).Should().OnlyHaveUniqueItems();
        pngs.Select(PngSize).Should().AllBeEquivalentTo((Width: 512, Height: 512));
        PngSize(grid).Should().Be((1024, 1024));
    }

    [Fact]
    public async Task Generate_MidjourneyWithStringResults_StillReportsTheGridObject()
    {
        // Arrange
        var clock = new FakeTimeProvider();
        await using var emulator = await StartAsync(clock, options => options.Apiframe.StringResults = true);
        using var client = CreateClient(emulator);

        // Act
        var job = await CompleteAsync(client, clock, Imagine);

        // Assert
        job.GetProperty("result").ValueKind.Should().Be(JsonValueKind.Object);
        Images(job).Should().HaveCount(4);
    }

    [Fact]
    public async Task Upsample_OfAGrid_GivesTheChosenImage()
    {
        // Arrange
        var clock = new FakeTimeProvider();
        await using var emulator = await StartAsync(clock);
        using var client = CreateClient(emulator);
        var grid = await CompleteAsync(client, clock, Imagine);
        var third = await DownloadPngAsync(client, Images(grid)[2]);

        // Act
        var upsample = await CompleteAsync(client, clock, Action("upsample", grid, """ "index":3,"""), ActionPath);
        var image = await DownloadPngAsync(client, Images(upsample).Single());

        // Assert
        upsample.GetProperty("model").GetString().Should().Be("midjourney");
        upsample.GetProperty("creditCost").GetInt32().Should().Be(8);
        upsample.GetProperty("result").TryGetProperty("gridUrl", out _).Should().BeFalse();
        image.Should().Equal(third);
    }

    [Fact]
    public async Task Variation_OfAGridAndOfAVariation_GivesNewGrids()
    {
        // Arrange
        var clock = new FakeTimeProvider();
        await using var emulator = await StartAsync(clock);
        using var client = CreateClient(emulator);
        var grid = await CompleteAsync(client, clock, Imagine);

        // Act
        var variation = await CompleteAsync(client, clock, Action("variation", grid, """ "index":1,"""), ActionPath);
        var again = await CompleteAsync(client, clock, Action("variation", variation, """ "index":4,"""), ActionPath);
        var upsampleOfVariation = await CompleteAsync(client, clock, Action("upsample", variation, """ "index":2,"""), ActionPath);

        // Assert
        foreach (var job in new[] { variation, again })
        {
            Images(job).Should().HaveCount(4).And.OnlyHaveUniqueItems();
            Images(job).Should().NotIntersectWith(Images(grid));
            PngSize(await DownloadPngAsync(client, job.GetProperty("result").GetProperty("gridUrl").GetString()!)).Should().Be((1024, 1024));
        }

        Images(upsampleOfVariation).Should().ContainSingle();
    }

    [Theory]
    [InlineData("inpaint", """ "mask":"iVBORw0KGgo=","prompt":"a red door",""")]
    [InlineData("outpaint", """ "zoomRatio":1.5,""")]
    [InlineData("pan", """ "direction":"left",""")]
    public async Task UpsampleAction_OnAnUpsample_GivesANewGrid(string action, string fields)
    {
        // Arrange
        var clock = new FakeTimeProvider();
        await using var emulator = await StartAsync(clock);
        using var client = CreateClient(emulator);
        var grid = await CompleteAsync(client, clock, Imagine);
        var upsample = await CompleteAsync(client, clock, Action("upsample", grid, """ "index":1,"""), ActionPath);

        // Act
        var job = await CompleteAsync(client, clock, Action(action, upsample, fields), ActionPath);

        // Assert
        job.GetProperty("creditCost").GetInt32().Should().Be(16);
        var urls = Images(job);
        urls.Should().HaveCount(4);
        var pngs = new List<string>();
        foreach (var url in urls)
        {
            pngs.Add(Convert.ToBase64String(await DownloadPngAsync(client, url)));
        }

        pngs.Should().OnlyHaveUniqueItems();
        await DownloadPngAsync(client, job.GetProperty("result").GetProperty("gridUrl").GetString()!);
    }

    [Theory]
    [InlineData("inpaint", """ "mask":"iVBORw0KGgo=",""")]
    [InlineData("outpaint", """ "zoomRatio":2,""")]
    [InlineData("pan", """ "direction":"up",""")]
    public async Task UpsampleAction_OnAGrid_Answers409(string action, string fields)
    {
        // Arrange
        var clock = new FakeTimeProvider();
        await using var emulator = await StartAsync(clock);
        using var client = CreateClient(emulator);
        var grid = await CompleteAsync(client, clock, Imagine);

        // Act
        var (status, body) = await PostForBodyAsync(client, ActionPath, Action(action, grid, fields));

        // Assert
        status.Should().Be(HttpStatusCode.Conflict);
        body.GetProperty("error").GetString().Should().Contain(action);
    }

    [Theory]
    [InlineData("upsample")]
    [InlineData("variation")]
    public async Task GridAction_OnAnUpsampleOrANonMidjourneyJob_Answers409(string action)
    {
        // Arrange
        var clock = new FakeTimeProvider();
        await using var emulator = await StartAsync(clock);
        using var client = CreateClient(emulator);
        var grid = await CompleteAsync(client, clock, Imagine);
        var upsample = await CompleteAsync(client, clock, Action("upsample", grid, """ "index":1,"""), ActionPath);
        var flux = await CompleteAsync(client, clock, """{"model":"flux-2-dev","prompt":"not a grid"}""");
        var credits = emulator.Apiframe.Credits;

        // Act
        var (onUpsample, _) = await PostForBodyAsync(client, ActionPath, Action(action, upsample, """ "index":1,"""));
        var (onFlux, _) = await PostForBodyAsync(client, ActionPath, Action(action, flux, """ "index":1,"""));

        // Assert
        onUpsample.Should().Be(HttpStatusCode.Conflict);
        onFlux.Should().Be(HttpStatusCode.Conflict);
        emulator.Apiframe.Credits.Should().Be(credits);
    }

    [Fact]
    public async Task Action_ParentNotCompletedOrFailed_Answers409()
    {
        // Arrange
        var clock = new FakeTimeProvider();
        await using var emulator = await StartAsync(clock);
        using var client = CreateClient(emulator);
        var running = await SubmitAsync(client, Imagine);
        var failed = await SubmitAsync(client, """{"model":"midjourney","prompt":"doomed [fail]"}""");

        // Act
        var (onRunning, body) = await PostForBodyAsync(client, ActionPath, $$"""{"action":"upsample","index":1,"parentJobId":"{{running}}"}""");
        clock.Advance(JobDuration);
        var (onFailed, _) = await PostForBodyAsync(client, ActionPath, $$"""{"action":"variation","index":1,"parentJobId":"{{failed}}"}""");

        // Assert
        onRunning.Should().Be(HttpStatusCode.Conflict);
        body.GetProperty("error").GetString().Should().Contain("QUEUED");
        onFailed.Should().Be(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task Action_UnknownParent_Answers404()
    {
        // Arrange
        await using var emulator = await StartAsync(new FakeTimeProvider());
        using var client = CreateClient(emulator);

        // Act
        var (status, body) = await PostForBodyAsync(client, ActionPath, $$"""{"action":"upsample","index":2,"parentJobId":"{{Guid.NewGuid()}}"}""");

        // Assert
        status.Should().Be(HttpStatusCode.NotFound);
        body.GetProperty("error").GetString().Should().NotBeNullOrEmpty();
    }

    private static string Action(string action, JsonElement parent, string fields) =>
        $$"""{"action":"{{action}}",{{fields.Trim()}}"parentJobId":"{{parent.GetProperty("id").GetString()}}"}""";
}
