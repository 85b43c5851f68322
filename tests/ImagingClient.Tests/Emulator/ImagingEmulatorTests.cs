using System.Net;
using ImagingClient.Emulator;
using static ImagingClient.Tests.Emulator.ConcurredHttp;

namespace ImagingClient.Tests.Emulator;

public sealed class ImagingEmulatorTests
{
    [Fact]
    public async Task StartAsync_Default_ListensOnLoopbackWithTrailingSlash()
    {
        // Arrange / Act
        await using var emulator = await ImagingEmulator.StartAsync();

        // Assert
        emulator.BaseAddress.Host.Should().Be("127.0.0.1");
        emulator.BaseAddress.Port.Should().BePositive();
        emulator.BaseAddress.AbsoluteUri.Should().EndWith("/");
    }

    [Fact]
    public async Task Requests_AfterCalls_RecordsMethodPathHeadersAndBodyInOrder()
    {
        // Arrange
        await using var emulator = await ImagingEmulator.StartAsync();
        using var client = CreateClient(emulator);
        const string Json = """{"prompt":"recorded","model":"sd-3.5"}""";

        // Act
        var url = await GenerateUrlAsync(client, Json);
        using var download = await client.GetAsync(url);
        var requests = emulator.Requests;

        // Assert
        requests.Should().HaveCount(2);
        requests[0].Method.Should().Be("POST");
        requests[0].Path.Should().Be("/api/v1/image/generate");
        requests[0].Headers["authorization"].Should().Be("Bearer ck_emulator");
        requests[0].Headers["Content-Type"].Should().StartWith("application/json");
        requests[0].Body.Should().Be(Json);
        requests[1].Method.Should().Be("GET");
        requests[1].Path.Should().Be(new Uri(url).PathAndQuery);
        requests[1].Body.Should().BeEmpty();
    }

    [Fact]
    public async Task Requests_AfterAnswers_RecordTheStatusEachWasAnsweredWith()
    {
        // Arrange
        await using var emulator = await ImagingEmulator.StartAsync();
        using var client = CreateClient(emulator);
        const string Json = """{"prompt":"answered","model":"sd-3.5"}""";
        emulator.Faults.FailNext(1, 503);

        // Act
        using var faulted = await PostAsync(client, GeneratePath, Json);
        using var refused = await PostAsync(client, GeneratePath, Json, bearerKey: "wrong");
        using var generated = await PostAsync(client, GeneratePath, Json);
        using var missing = await client.GetAsync("files/unknown.png?sig=00");

        // Assert
        emulator.Requests.Select(r => r.StatusCode).Should().Equal(503, 401, 200, 404);
        emulator.Requests[2].ToString().Should().Be("POST /api/v1/image/generate -> 200");
    }

    [Fact]
    public async Task StartAsync_ImageCapacity_KeepsThatManyNewestImages()
    {
        // Arrange
        await using var emulator = await ImagingEmulator.StartAsync(new ImagingEmulatorOptions { ImageCapacity = 1 });
        using var client = CreateClient(emulator);
        const string Json = """{"prompt":"kept or not","model":"sd-3.5","width":256,"height":256}""";
        var first = await GenerateUrlAsync(client, Json);
        var second = await GenerateUrlAsync(client, Json);

        // Act
        using var evicted = await client.GetAsync(first);
        using var kept = await client.GetAsync(second);

        // Assert
        evicted.StatusCode.Should().Be(HttpStatusCode.NotFound);
        kept.StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Requests_ParallelCalls_AreAllRecordedAndAnswered()
    {
        // Arrange
        await using var emulator = await ImagingEmulator.StartAsync();
        using var client = CreateClient(emulator);

        // Act
        var responses = await Task.WhenAll(Enumerable.Range(0, 16).Select(i =>
            PostAsync(client, GeneratePath, $$"""{"prompt":"parallel {{i}}","model":"imagen-4-fast"}""")));

        // Assert
        responses.Should().OnlyContain(r => r.StatusCode == HttpStatusCode.OK);
        emulator.Requests.Should().HaveCount(16);
        emulator.Requests.Select(r => r.Body).Should().OnlyHaveUniqueItems();
        foreach (var response in responses)
        {
            response.Dispose();
        }
    }

    [Fact]
    public async Task DisposeAsync_Twice_StopsServerWithoutThrowing()
    {
        // Arrange
        var emulator = await ImagingEmulator.StartAsync();
        using var client = CreateClient(emulator);

        // Act
        await emulator.DisposeAsync();
        await emulator.DisposeAsync();
        var call = () => PostAsync(client, GeneratePath, """{"prompt":"p"}""");

        // Assert
        await call.Should().ThrowAsync<HttpRequestException>();
    }

    [Fact]
    public async Task StartAsync_InvalidOptions_Throws()
    {
        // Arrange
        var options = new ImagingEmulatorOptions { Concurred = { RateLimitPerMinute = 0 } };

        // Act
        var start = () => ImagingEmulator.StartAsync(options);

        // Assert
        await start.Should().ThrowAsync<ArgumentException>();
    }

    [Fact]
    public async Task UnknownRoute_Returns404()
    {
        // Arrange
        await using var emulator = await ImagingEmulator.StartAsync();
        using var client = CreateClient(emulator);

        // Act
        using var response = await client.GetAsync("api/v1/image/variations");

        // Assert
        response.StatusCode.Should().Be(HttpStatusCode.NotFound);
    }
}
