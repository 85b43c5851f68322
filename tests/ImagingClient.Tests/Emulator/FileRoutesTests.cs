using System.Net;
using ImagingClient.Emulator;
using static ImagingClient.Tests.Emulator.ConcurredHttp;
using Microsoft.Extensions.Time.Testing;

namespace ImagingClient.Tests.Emulator;

public sealed class FileRoutesTests
{
    [Fact]
    public async Task GetFile_FluxUrlAfterTenMinutes_Returns403()
    {
        // Arrange
        var clock = new FakeTimeProvider();
        await using var emulator = await ImagingEmulator.StartAsync(new ImagingEmulatorOptions { TimeProvider = clock });
        using var client = CreateClient(emulator);
        var url = await GenerateUrlAsync(client, """{"model":"flux-2-pro","prompt":"short lived"}""");

        // Act
        clock.Advance(TimeSpan.FromMinutes(9) + TimeSpan.FromSeconds(59));
        using var beforeExpiry = await client.GetAsync(url);
        clock.Advance(TimeSpan.FromSeconds(1));
        using var atExpiry = await client.GetAsync(url);

        // Assert
        beforeExpiry.StatusCode.Should().Be(HttpStatusCode.OK);
        atExpiry.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await atExpiry.Content.ReadAsStringAsync()).Should().Contain("expired");
        atExpiry.Content.Headers.ContentType!.MediaType.Should().NotBe("image/png");
    }

    [Fact]
    public async Task GetFile_FalUrlMuchLater_StillServesImage()
    {
        // Arrange
        var clock = new FakeTimeProvider();
        await using var emulator = await ImagingEmulator.StartAsync(new ImagingEmulatorOptions { TimeProvider = clock });
        using var client = CreateClient(emulator);
        var url = await GenerateUrlAsync(client, """{"model":"recraft-v4","prompt":"long lived"}""");

        // Act
        clock.Advance(TimeSpan.FromDays(3));
        using var response = await client.GetAsync(url);

        // Assert
        response.StatusCode.Should().Be(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.Should().Be("image/png");
    }

    [Fact]
    public async Task GetFile_WrongSignature_Returns403()
    {
        // Arrange
        await using var emulator = await ImagingEmulator.StartAsync();
        using var client = CreateClient(emulator);
        var url = await GenerateUrlAsync(client, """{"model":"sd-3.5","prompt":"p"}""");
        var unsigned = url[..url.IndexOf('?', StringComparison.Ordinal)];

        // Act
        using var response = await client.GetAsync(unsigned);

        // Assert
        response.StatusCode.Should().Be(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task GetFile_UnknownImage_Returns404()
    {
        // Arrange
        await using var emulator = await ImagingEmulator.StartAsync();
        using var client = CreateClient(emulator);

        // Act
        using var response = await client.GetAsync("files/00000000000000000000000000000000.png?sig=00");

        // Assert
        response.StatusCode.Should().Be(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task GetFile_NoApiKeyAndFaultQueued_ServesImageAndLeavesFault()
    {
        // Arrange
        await using var emulator = await ImagingEmulator.StartAsync();
        using var client = CreateClient(emulator);
        var url = await GenerateUrlAsync(client, """{"model":"sd-3.5","prompt":"p"}""");
        emulator.Faults.FailNext(1, 500);

        // Act
        using var download = await client.GetAsync(url);
        using var api = await PostAsync(client, GeneratePath, """{"prompt":"p"}""");

        // Assert
        download.StatusCode.Should().Be(HttpStatusCode.OK);
        download.Headers.Contains("X-RateLimit-Limit").Should().BeFalse();
        api.StatusCode.Should().Be(HttpStatusCode.InternalServerError);
    }
}
