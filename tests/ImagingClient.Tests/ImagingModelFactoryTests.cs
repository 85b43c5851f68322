using System.Net;
using RichardSzalay.MockHttp;

namespace ImagingClient.Tests;

public sealed class ImagingModelFactoryTests
{
    private static readonly byte[] Png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    [Fact]
    public async Task ImageResult_ForAFakeClient_CarriesWhatItWasGiven()
    {
        // Act
        var result = ImagingModelFactory.ImageResult([ImagingModelFactory.InlineImage(Png)], provider: "concurred", model: "imagen-4", requestId: "req_1");
        var job = ImagingModelFactory.CompletedJob(result);

        // Assert
        result.Images.Should().ContainSingle().Which.MediaType.Should().Be("image/png");
        result.Warnings.Should().BeEmpty();
        job.Id.Should().Be("req_1");
        (await job.WaitForCompletionAsync()).Should().BeSameAs(result);
    }

    [Fact]
    public async Task RemoteImage_WithAGivenHttpClient_DownloadsThroughIt()
    {
        // Arrange
        using var mock = new MockHttpMessageHandler();
        mock.When("https://cdn.example.com/a.png").Respond(_ => new HttpResponseMessage(HttpStatusCode.OK) { Content = new ByteArrayContent(Png) });
        using var http = new HttpClient(mock);
        var image = ImagingModelFactory.RemoteImage(new Uri("https://cdn.example.com/a.png"), downloadClient: http);

        // Act
        var bytes = await image.GetBytesAsync();

        // Assert
        bytes.ToArray().Should().Equal(Png);
        image.MediaType.Should().Be("image/png");
    }

    [Fact]
    public async Task SaveAsync_WhenTheDownloadFails_LeavesAnExistingFileAsItWas()
    {
        // Arrange
        using var mock = new MockHttpMessageHandler();
        mock.When("*").Respond(HttpStatusCode.NotFound);
        using var http = new HttpClient(mock);
        var image = ImagingModelFactory.RemoteImage(new Uri("https://cdn.example.com/gone.png"), downloadClient: http);
        var folder = Directory.CreateTempSubdirectory("save-").FullName;
        var path = Path.Combine(folder, "keep.png");
        await File.WriteAllTextAsync(path, "precious");

        try
        {
            // Act
            var act = () => image.SaveAsync(path);

            // Assert
            await act.Should().ThrowAsync<ImagingApiException>();
            (await File.ReadAllTextAsync(path)).Should().Be("precious");
            Directory.GetFiles(folder).Should().ContainSingle("no temporary file is left behind");
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
