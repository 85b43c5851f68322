using System.Net;
using ImagingClient.Emulator;
using static ImagingClient.Tests.Emulator.Kie.KieHttp;
using Microsoft.Extensions.Time.Testing;

namespace ImagingClient.Tests.Emulator.Kie;

public sealed class KieCommonApiTests
{
    [Fact]
    public async Task DownloadUrl_ServedResultUrl_ReturnsNewUrlForSameImageValidTwentyMinutes()
    {
        // Arrange
        var clock = new FakeTimeProvider();
        await using var emulator = await StartAsync(clock);
        using var client = CreateClient(emulator);
        var resultUrl = await GenerateResultUrlAsync(client, clock, """{"prompt":"download me"}""");

        // Act
        var body = await PostForBodyAsync(client, DownloadUrlPath, $$"""{"url":"{{resultUrl}}"}""");
        var downloadUrl = body.GetProperty("data").GetString()!;
        var bytes = await client.GetByteArrayAsync(downloadUrl);
        clock.Advance(TimeSpan.FromMinutes(20) - TimeSpan.FromSeconds(1));
        using var beforeExpiry = await client.GetAsync(downloadUrl);
        clock.Advance(TimeSpan.FromSeconds(1));
        using var expired = await client.GetAsync(downloadUrl);

        // Assert
        Code(body).Should().Be(200);
        Msg(body).Should().Be("success");
        downloadUrl.Should().StartWith(emulator.BaseAddress + "files/").And.NotBe(resultUrl);
        bytes.Should().Equal(await client.GetByteArrayAsync(resultUrl));
        beforeExpiry.StatusCode.Should().Be(HttpStatusCode.OK);
        expired.StatusCode.Should().Be(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task DownloadUrl_ConcurredUrl_IsAccepted()
    {
        // Arrange
        await using var emulator = await ImagingEmulator.StartAsync();
        using var client = CreateClient(emulator);
        var concurredUrl = await ConcurredHttp.GenerateUrlAsync(client, """{"prompt":"p","model":"sd-3.5"}""");

        // Act
        var body = await PostForBodyAsync(client, DownloadUrlPath, $$"""{"url":"{{concurredUrl}}"}""");

        // Assert
        Code(body).Should().Be(200);
    }

    [Theory]
    [InlineData("""{"url":"https://example.com/a.png"}""")]
    [InlineData("""{"url":""}""")]
    [InlineData("""{}""")]
    [InlineData("""{"url":5}""")]
    [InlineData("""{"url":"https://example.com/a.png","expires":60}""")]
    public async Task DownloadUrl_NotAServedUrlOrBadBody_ReturnsCode422(string json)
    {
        // Arrange
        await using var emulator = await ImagingEmulator.StartAsync();
        using var client = CreateClient(emulator);

        // Act
        var body = await PostForBodyAsync(client, DownloadUrlPath, json);

        // Assert
        Code(body).Should().Be(422);
        body.GetProperty("data").ValueKind.Should().Be(System.Text.Json.JsonValueKind.Null);
    }

    [Fact]
    public async Task Credit_AfterProAndMaxTasks_DeductsFiveAndTen()
    {
        // Arrange
        await using var emulator = await ImagingEmulator.StartAsync();
        using var client = CreateClient(emulator);

        // Act
        var initial = await ReadJsonAsync(await GetAsync(client, CreditPath));
        await SubmitAsync(client, """{"prompt":"p"}""");
        var afterPro = await ReadJsonAsync(await GetAsync(client, CreditPath));
        await SubmitAsync(client, """{"prompt":"p","model":"flux-kontext-max"}""");
        var afterMax = await ReadJsonAsync(await GetAsync(client, CreditPath));

        // Assert
        Code(initial).Should().Be(200);
        Msg(initial).Should().Be("success");
        initial.GetProperty("data").GetInt32().Should().Be(1000);
        afterPro.GetProperty("data").GetInt32().Should().Be(995);
        afterMax.GetProperty("data").GetInt32().Should().Be(985);
    }

    [Fact]
    public async Task Generate_NotEnoughCredits_ReturnsCode402AndKeepsBalance()
    {
        // Arrange
        await using var emulator = await ImagingEmulator.StartAsync(new ImagingEmulatorOptions { Kie = { InitialCredits = 12 } });
        using var client = CreateClient(emulator);

        // Act
        var max = await PostForBodyAsync(client, GeneratePath, """{"prompt":"p","model":"flux-kontext-max"}""");
        var tooExpensive = await PostForBodyAsync(client, GeneratePath, """{"prompt":"p","model":"flux-kontext-max"}""");
        var pro = await PostForBodyAsync(client, GeneratePath, """{"prompt":"p"}""");
        var credit = await ReadJsonAsync(await GetAsync(client, CreditPath));

        // Assert
        Code(max).Should().Be(200);
        Code(tooExpensive).Should().Be(402);
        Msg(tooExpensive).Should().Be("Insufficient credits");
        tooExpensive.GetProperty("data").ValueKind.Should().Be(System.Text.Json.JsonValueKind.Null);
        Code(pro).Should().Be(402, "2 credits are left and a pro task costs 5");
        credit.GetProperty("data").GetInt32().Should().Be(2);
    }
}
