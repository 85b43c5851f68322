using System.Net;
using ImagingClient.Emulator;
using static ImagingClient.Tests.Emulator.ConcurredHttp;
using Microsoft.Extensions.Time.Testing;

namespace ImagingClient.Tests.Emulator;

public sealed class ConcurredRateLimitTests
{
    private const string Body = """{"prompt":"p","model":"imagen-4-fast"}""";

    [Fact]
    public async Task Generate_AnyResponse_CarriesRateLimitHeaders()
    {
        // Arrange
        var clock = new FakeTimeProvider();
        await using var emulator = await ImagingEmulator.StartAsync(new ImagingEmulatorOptions { TimeProvider = clock });
        using var client = CreateClient(emulator);
        var expectedReset = clock.GetUtcNow().AddMinutes(1).ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);

        // Act
        using var success = await PostAsync(client, GeneratePath, Body);
        using var failure = await PostAsync(client, GeneratePath, Body, bearerKey: null);

        // Assert
        success.StatusCode.Should().Be(HttpStatusCode.OK);
        success.Headers.GetValues("X-RateLimit-Limit").Should().Equal("60");
        success.Headers.GetValues("X-RateLimit-Remaining").Should().Equal("59");
        success.Headers.GetValues("X-RateLimit-Reset").Should().Equal(expectedReset);
        failure.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        failure.Headers.GetValues("X-RateLimit-Remaining").Should().Equal("58");
        failure.Headers.GetValues("X-RateLimit-Reset").Should().Equal(expectedReset);
    }

    [Fact]
    public async Task Generate_OverLimit_Returns429WithRetryAfterDetailAndNoRetryAfterHeader()
    {
        // Arrange
        var clock = new FakeTimeProvider();
        await using var emulator = await ImagingEmulator.StartAsync(new ImagingEmulatorOptions { TimeProvider = clock, Concurred = { RateLimitPerMinute = 2 } });
        using var client = CreateClient(emulator);
        using var first = await PostAsync(client, GeneratePath, Body);
        clock.Advance(TimeSpan.FromSeconds(20));
        using var second = await PostAsync(client, GeneratePath, Body);

        // Act
        using var third = await PostAsync(client, GeneratePath, Body);
        var body = await ReadJsonAsync(third);

        // Assert
        first.StatusCode.Should().Be(HttpStatusCode.OK);
        second.StatusCode.Should().Be(HttpStatusCode.OK);
        second.Headers.GetValues("X-RateLimit-Remaining").Should().Equal("0");
        third.StatusCode.Should().Be(HttpStatusCode.TooManyRequests);
        ErrorCode(body).Should().Be("RATE_LIMIT_EXCEEDED");
        body.GetProperty("error").GetProperty("details").GetProperty("retryAfter").GetInt32().Should().Be(40);
        third.Headers.Contains("Retry-After").Should().BeFalse();
        third.Headers.GetValues("X-RateLimit-Remaining").Should().Equal("0");
    }

    [Fact]
    public async Task Generate_AfterWindowEnds_IsAllowedAgain()
    {
        // Arrange
        var clock = new FakeTimeProvider();
        await using var emulator = await ImagingEmulator.StartAsync(new ImagingEmulatorOptions { TimeProvider = clock, Concurred = { RateLimitPerMinute = 1 } });
        using var client = CreateClient(emulator);
        using var first = await PostAsync(client, GeneratePath, Body);
        using var limited = await PostAsync(client, GeneratePath, Body);

        // Act
        clock.Advance(TimeSpan.FromMinutes(1));
        using var next = await PostAsync(client, GeneratePath, Body);

        // Assert
        limited.StatusCode.Should().Be(HttpStatusCode.TooManyRequests);
        next.StatusCode.Should().Be(HttpStatusCode.OK);
        next.Headers.GetValues("X-RateLimit-Remaining").Should().Equal("0");
    }
}
