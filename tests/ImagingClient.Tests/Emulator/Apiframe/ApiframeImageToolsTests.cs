using System.Net;
using ImagingClient.Emulator;
using static ImagingClient.Tests.Emulator.Apiframe.ApiframeHttp;
using Microsoft.Extensions.Time.Testing;

namespace ImagingClient.Tests.Emulator.Apiframe;

public sealed class ApiframeImageToolsTests
{
    [Fact]
    public async Task Edit_InpaintOfAnUploadedImage_GivesOneImageOfItsSize()
    {
        // Arrange
        var clock = new FakeTimeProvider();
        await using var emulator = await StartAsync(clock);
        using var client = CreateClient(emulator);
        var source = await SourcePngAsync(client, clock, "800:600");
        var uploaded = await UploadPngAsync(client, source);

        // Act
        var job = await CompleteAsync(
            client,
            clock,
            $$$"""{"model":"flux-fill-pro","fluxFillParams":{"image":"{{{uploaded}}}","mask":"https://example.com/mask.png","prompt":"a red door","mode":"inpaint","steps":20}}""",
            EditPath);
        var edited = await DownloadPngAsync(client, Images(job).Single());

        // Assert
        job.GetProperty("model").GetString().Should().Be("flux-fill-pro");
        PngSize(edited).Should().Be(PngSize(source));
        edited.Should().NotEqual(source);
    }

    [Fact]
    public async Task Edit_OutpaintZoomOut_GivesALargerCanvas()
    {
        // Arrange
        var clock = new FakeTimeProvider();
        await using var emulator = await StartAsync(clock);
        using var client = CreateClient(emulator);
        var sourceUrl = Images(await CompleteAsync(client, clock, """{"model":"dall-e-3","prompt":"small","dalleParams":{"aspect_ratio":"1:1"}}"""))[0];
        var source = await DownloadPngAsync(client, sourceUrl);

        // Act
        var job = await CompleteAsync(
            client,
            clock,
            $$$"""{"model":"flux-fill-pro","fluxFillParams":{"image":"{{{sourceUrl}}}","prompt":"more sky","mode":"outpaint","outpaint":"Zoom out 1.5x"}}""",
            EditPath);
        var edited = await DownloadPngAsync(client, Images(job).Single());

        // Assert
        PngSize(source).Should().Be((768, 768));
        PngSize(edited).Should().Be((1024, 1024), "1.5 × 768 = 1152, capped at 1024");
    }

    [Theory]
    [InlineData("inpaint", "", "fluxFillParams.mask")]
    [InlineData("outpaint", "", "fluxFillParams.outpaint")]
    public async Task Edit_ModeWithoutItsField_Answers400(string mode, string extra, string path)
    {
        // Arrange
        await using var emulator = await StartAsync(new FakeTimeProvider());
        using var client = CreateClient(emulator);

        // Act
        var (status, body) = await PostForBodyAsync(
            client,
            EditPath,
            $$$"""{"model":"flux-fill-pro","fluxFillParams":{"image":"https://example.com/a.png","prompt":"x","mode":"{{{mode}}}"{{{extra}}}}}""");

        // Assert
        status.Should().Be(HttpStatusCode.BadRequest);
        Details(body).Should().ContainKey(path);
    }

    [Theory]
    [InlineData("topaz-image-upscale", "topazUpscaleParams", "upscale_factor", 2, 12)]
    [InlineData("clarity-upscale", "clarityUpscaleParams", "scale_factor", 4, 10)]
    public async Task Upscale_OfAnEmulatorImage_GivesALargerImageWithinTheCap(string model, string block, string factorField, int factor, int cost)
    {
        // Arrange
        var clock = new FakeTimeProvider();
        await using var emulator = await StartAsync(clock);
        using var client = CreateClient(emulator);
        var sourceUrl = Images(await CompleteAsync(client, clock, """{"model":"flux-2-dev","prompt":"tiny","fluxParams":{"width":300,"height":256}}"""))[0];

        // Act
        var job = await CompleteAsync(
            client,
            clock,
            $$$"""{"model":"{{{model}}}","{{{block}}}":{"image":"{{{sourceUrl}}}","{{{factorField}}}":{{{factor}}}}}""",
            UpscalePath);
        var upscaled = await DownloadPngAsync(client, Images(job).Single());

        // Assert
        job.GetProperty("creditCost").GetInt32().Should().Be(cost);
        var (width, height) = PngSize(upscaled);
        width.Should().BeGreaterThan(300).And.BeLessThanOrEqualTo(1024);
        height.Should().BeGreaterThan(256).And.BeLessThanOrEqualTo(1024);
        ((double)width / height).Should().BeApproximately(300.0 / 256, 0.02);
    }

    [Theory]
    [InlineData("bria-bg-remove", "briaBgRemoveParams", "")]
    [InlineData("851-bg-remove", "lab851BgRemoveParams", ""","background_type":"green","threshold":0.2""")]
    public async Task BackgroundRemove_OfAForeignUrl_GivesOnePngWithoutFetchingIt(string model, string block, string extra)
    {
        // Arrange
        var clock = new FakeTimeProvider();
        await using var emulator = await StartAsync(clock);
        using var client = CreateClient(emulator);

        // Act
        var job = await CompleteAsync(
            client,
            clock,
            $$$"""{"model":"{{{model}}}","{{{block}}}":{"image":"https://images.example.invalid/cat.jpg"{{{extra}}}}}""",
            BackgroundRemovePath);

        // Assert
        job.GetProperty("model").GetString().Should().Be(model);
        var png = await DownloadPngAsync(client, Images(job).Single());
        PngSize(png).Should().Be((512, 512), "a URL the emulator did not serve is never fetched: a stand-in picture is used");
    }

    [Fact]
    public async Task Edit_ExpiredUpload_Answers400NamingTheField()
    {
        // Arrange
        var clock = new FakeTimeProvider();
        await using var emulator = await StartAsync(clock);
        using var client = CreateClient(emulator);
        var uploaded = await UploadPngAsync(client, await SourcePngAsync(client, clock, "1:1"));
        clock.Advance(TimeSpan.FromHours(1));

        // Act
        var (status, body) = await PostForBodyAsync(
            client,
            EditPath,
            $$$"""{"model":"flux-fill-pro","fluxFillParams":{"image":"{{{uploaded}}}","mask":"https://example.com/m.png","prompt":"x","mode":"inpaint"}}""");

        // Assert
        status.Should().Be(HttpStatusCode.BadRequest);
        body.GetProperty("error").GetString().Should().Be("Validation failed");
        Details(body)["fluxFillParams.image"].Single().Should().Contain("expired");
        emulator.Apiframe.Credits.Should().Be(100_000 - 10, "only the generation that made the source was charged");
    }

    [Fact]
    public async Task Generate_WithAnExpiredEmulatorFileUrl_Answers400NamingTheArrayItem()
    {
        // Arrange
        var clock = new FakeTimeProvider();
        await using var emulator = await StartAsync(clock, options => options.Apiframe.ResultRetention = TimeSpan.FromMinutes(5));
        using var client = CreateClient(emulator);
        var url = Images(await CompleteAsync(client, clock, """{"model":"dall-e-2","prompt":"old"}"""))[0];
        clock.Advance(TimeSpan.FromMinutes(5));

        // Act
        var (status, body) = await PostForBodyAsync(
            client,
            GeneratePath,
            $$$"""{"model":"nano-banana","prompt":"reuse","nanoBananaParams":{"image_input":["https://example.com/ok.png","{{{url}}}"]}}""");

        // Assert
        status.Should().Be(HttpStatusCode.BadRequest);
        Details(body).Keys.Should().Equal("nanoBananaParams.image_input.1");
    }

    /// <summary>A PNG made by the emulator (a finished generation at <paramref name="ratio"/>).</summary>
    private static async Task<byte[]> SourcePngAsync(HttpClient client, FakeTimeProvider clock, string ratio)
    {
        var job = await CompleteAsync(client, clock, $$$"""{"model":"flux-2-pro","prompt":"a house","fluxParams":{"aspect_ratio":"{{{ratio}}}"}}""");
        return await DownloadPngAsync(client, Images(job)[0]);
    }
}
