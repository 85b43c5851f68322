using System.Net;
using ImagingClient.Emulator;
using static ImagingClient.Tests.Emulator.Kie.KieHttp;
using Microsoft.Extensions.Time.Testing;

namespace ImagingClient.Tests.Emulator.Kie;

public sealed class KieEditTests
{
    [Fact]
    public async Task Edit_KieResultWithoutAspectRatio_KeepsSourceSizeAndChangesPixels()
    {
        // Arrange
        var clock = new FakeTimeProvider();
        await using var emulator = await StartAsync(clock);
        using var client = CreateClient(emulator);
        var sourceUrl = await GenerateResultUrlAsync(client, clock, """{"prompt":"source","aspectRatio":"9:16"}""");
        var source = await client.GetByteArrayAsync(sourceUrl);

        // Act
        var editedUrl = await GenerateResultUrlAsync(client, clock, $$"""{"prompt":"make it night","inputImage":"{{sourceUrl}}"}""");
        var edited = await client.GetByteArrayAsync(editedUrl);

        // Assert
        ConcurredHttp.PngSize(edited).Should().Be(ConcurredHttp.PngSize(source));
        edited.Should().NotEqual(source);
    }

    [Fact]
    public async Task Edit_WithAspectRatio_CropsSourceToThatRatio()
    {
        // Arrange
        var clock = new FakeTimeProvider();
        await using var emulator = await StartAsync(clock);
        using var client = CreateClient(emulator);
        var sourceUrl = await GenerateResultUrlAsync(client, clock, """{"prompt":"wide source","aspectRatio":"16:9"}""");

        // Act
        var editedUrl = await GenerateResultUrlAsync(client, clock, $$"""{"prompt":"square","inputImage":"{{sourceUrl}}","aspectRatio":"1:1"}""");
        var edited = await client.GetByteArrayAsync(editedUrl);

        // Assert
        ConcurredHttp.PngSize(edited).Should().Be((576, 576));
    }

    [Fact]
    public async Task Edit_ConcurredServedUrl_IsAccepted()
    {
        // Arrange
        var clock = new FakeTimeProvider();
        await using var emulator = await StartAsync(clock);
        using var client = CreateClient(emulator);
        var concurredUrl = await ConcurredHttp.GenerateUrlAsync(client, """{"prompt":"from concurred","model":"sd-3.5","width":512,"height":384}""");

        // Act
        var editedUrl = await GenerateResultUrlAsync(client, clock, $$"""{"prompt":"edit it","inputImage":"{{concurredUrl}}"}""");
        var edited = await client.GetByteArrayAsync(editedUrl);

        // Assert
        ConcurredHttp.PngSize(edited).Should().Be((512, 384));
    }

    [Theory]
    [InlineData("https://example.com/input-image.jpg")]
    [InlineData("http://127.0.0.1:1/files/00000000000000000000000000000000.png?sig=00")]
    public async Task Edit_ForeignUrl_ReturnsCode422WithoutFetching(string url)
    {
        // Arrange
        await using var emulator = await ImagingEmulator.StartAsync();
        using var client = CreateClient(emulator);

        // Act
        var body = await PostForBodyAsync(client, GeneratePath, $$"""{"prompt":"edit","inputImage":"{{url}}"}""");

        // Assert
        Code(body).Should().Be(422);
        Msg(body).Should().Contain("inputImage").And.Contain("served");
        emulator.Requests.Should().ContainSingle("the emulator never fetches the URL");
    }

    [Fact]
    public async Task Edit_ServedUrlWithWrongSignature_ReturnsCode422()
    {
        // Arrange
        var clock = new FakeTimeProvider();
        await using var emulator = await StartAsync(clock);
        using var client = CreateClient(emulator);
        var sourceUrl = await GenerateResultUrlAsync(client, clock, """{"prompt":"source"}""");
        var tampered = sourceUrl[..(sourceUrl.IndexOf("sig=", StringComparison.Ordinal) + 4)] + "00";

        // Act
        var body = await PostForBodyAsync(client, GeneratePath, $$"""{"prompt":"edit","inputImage":"{{tampered}}"}""");

        // Assert
        Code(body).Should().Be(422);
    }

    [Fact]
    public async Task Edit_ExpiredOriginUrl_ReturnsCode422()
    {
        // Arrange
        var clock = new FakeTimeProvider();
        await using var emulator = await StartAsync(clock);
        using var client = CreateClient(emulator);
        var taskId = await SubmitAsync(client, """{"prompt":"source"}""");
        clock.Advance(TaskDuration);
        var originUrl = (await PollAsync(client, taskId)).GetProperty("response").GetProperty("originImageUrl").GetString();
        clock.Advance(TimeSpan.FromMinutes(10));

        // Act
        var body = await PostForBodyAsync(client, GeneratePath, $$"""{"prompt":"edit","inputImage":"{{originUrl}}"}""");

        // Assert
        Code(body).Should().Be(422);
        Msg(body).Should().Contain("expired");
    }

    [Fact]
    public async Task Edit_FailureHook_AlsoAppliesToEdits()
    {
        // Arrange
        var clock = new FakeTimeProvider();
        await using var emulator = await StartAsync(clock);
        using var client = CreateClient(emulator);
        var sourceUrl = await GenerateResultUrlAsync(client, clock, """{"prompt":"source"}""");
        var taskId = await SubmitAsync(client, $$"""{"prompt":"edit [fail]","inputImage":"{{sourceUrl}}"}""");

        // Act
        clock.Advance(TaskDuration);
        var data = await PollAsync(client, taskId);

        // Assert
        data.GetProperty("successFlag").GetInt32().Should().Be(3);
        data.GetProperty("errorCode").GetInt32().Should().Be(501);
    }
}
