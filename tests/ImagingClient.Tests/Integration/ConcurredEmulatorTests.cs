using ImagingClient.Emulator;
using ImagingClient.Providers.Concurred;
using ImagingClient.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace ImagingClient.Tests.Integration;

/// <summary>
/// The whole stack (DI, handlers, JSON, downloads) against the emulator on loopback. The client's deadlines run on an
/// instant clock that nothing moves while a call is on the wire, so every call to the emulator is bounded on the wall
/// clock: one that never answers fails its test instead of hanging the run.
/// </summary>
public sealed class ConcurredEmulatorTests : IAsyncLifetime
{
    private ImagingEmulator _emulator = null!;
    private InstantTimeProvider _time = null!;
    private IImageClient _client = null!;

    public async Task InitializeAsync()
    {
        _emulator = await ImagingEmulator.StartAsync();
        _time = new InstantTimeProvider(DateTimeOffset.UtcNow);
        _client = CreateClient(ConcurredEmulatorOptions.DefaultApiKey);
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _emulator.DisposeAsync();
    }

    [Fact]
    public async Task GenerateAsync_FluxWithSize_ReturnsDownloadablePngOfThatSize()
    {
        // Act
        var result = await _client.GenerateAsync(new ImageGenerationRequest { Prompt = "a lighthouse", Width = 640, Height = 384, Seed = 7 }).WithinLimitAsync("the generation");

        // Assert
        var image = result.Images.Should().ContainSingle().Which.Should().BeOfType<RemoteGeneratedImage>().Which;
        image.ExpiresAt.Should().Be(_time.GetUtcNow() + TimeSpan.FromMinutes(10));
        var bytes = await image.GetBytesAsync().WithinLimitAsync("the download");
        ImageInfo.TryIdentify(bytes.Span, out var info).Should().BeTrue();
        info.Should().Be(new ImageInfo("image/png", 640, 384));
        image.MediaType.Should().Be("image/png");
        result.RequestId.Should().StartWith("req_");
        result.RateLimit.Should().NotBeNull();
        result.RateLimit!.Limit.Should().BePositive();
    }

    [Fact]
    public async Task GenerateAsync_ImagenWithCount_ReturnsDistinctInlineImages()
    {
        // Act
        var result = await _client.GenerateAsync(new ImageGenerationRequest
        {
            Prompt = "a fox",
            Model = ConcurredModels.Imagen4,
            Count = 2,
            AspectRatio = ImageAspectRatio.Landscape16x9,
        }).WithinLimitAsync("the generation");

        // Assert
        result.Images.Should().HaveCount(2).And.AllBeOfType<InlineGeneratedImage>();
        var first = (InlineGeneratedImage)result.Images[0];
        var second = (InlineGeneratedImage)result.Images[1];
        first.MediaType.Should().Be("image/png");
        first.Data.ToArray().Should().NotEqual(second.Data.ToArray());
        ImageInfo.TryIdentify(first.Data.Span, out var info).Should().BeTrue();
        (info.Width * 9).Should().Be(info.Height * 16);
    }

    [Fact]
    public async Task GenerateAsync_SameSeedTwice_GivesIdenticalImages()
    {
        // Arrange
        var request = new ImageGenerationRequest { Prompt = "same", Seed = 42, Width = 256, Height = 256 };

        // Act
        var a = await GenerateBytesAsync(request);
        var b = await GenerateBytesAsync(request);
        var c = await GenerateBytesAsync(request with { Seed = 43 });

        // Assert
        a.ToArray().Should().Equal(b.ToArray());
        a.ToArray().Should().NotEqual(c.ToArray());
    }

    [Fact]
    public async Task EditAsync_OfAGeneratedUrl_ReturnsATransformedImageOfTheSameSize()
    {
        // Arrange
        var source = (RemoteGeneratedImage)(await _client.GenerateAsync(new ImageGenerationRequest { Prompt = "a house", Width = 512, Height = 320 }).WithinLimitAsync("the source's generation")).Images[0];
        var sourceBytes = await source.GetBytesAsync().WithinLimitAsync("the source's download");

        // Act
        var edited = await _client.EditAsync(new ImageEditRequest
        {
            Prompt = "make it night",
            Model = ConcurredModels.FluxKontext,
            Image = ImageInput.FromUri(source.Url),
            Seed = 3,
        }).WithinLimitAsync("the edit");

        // Assert
        var bytes = await edited.Images[0].GetBytesAsync().WithinLimitAsync("the edited image's download");
        ImageInfo.TryIdentify(bytes.Span, out var info).Should().BeTrue();
        info.Should().Be(new ImageInfo("image/png", 512, 320));
        bytes.ToArray().Should().NotEqual(sourceBytes.ToArray());
        edited.RequestId.Should().BeNull("Concurred's edit response carries no meta");
        edited.Model.Should().Be("flux-kontext");
    }

    [Fact]
    public async Task StartGenerateAsync_ReturnsACompletedJobWithTheImages()
    {
        // Act
        var job = await _client.StartGenerateAsync(new ImageGenerationRequest { Prompt = "a kite" }).WithinLimitAsync("the submission");
        var progress = new List<ImageJobProgress>();
        var result = await job.WaitForCompletionAsync(new SyncProgress(progress)).WithinLimitAsync("the wait");

        // Assert
        job.Status.Should().Be(ImageJobStatus.Succeeded);
        job.IsCompleted.Should().BeTrue();
        job.Id.Should().Be(result.RequestId);
        result.Images.Should().ContainSingle();
        progress.Should().ContainSingle().Which.Status.Should().Be(ImageJobStatus.Succeeded);
    }

    [Fact]
    public async Task GenerateAsync_WithWrongKey_ThrowsUnauthorizedWithoutTheKey()
    {
        // Arrange
        using var client = CreateClient("ck_not_the_right_key");

        // Act
        var act = () => client.GenerateAsync(new ImageGenerationRequest { Prompt = "a cat" }).WithinLimitAsync("the refused generation");

        // Assert
        var ex = (await act.Should().ThrowAsync<ImagingApiException>()).Which;
        ex.ErrorCode.Should().Be(ImagingErrorCode.Unauthorized);
        ex.ProviderErrorCode.Should().Be("INVALID_API_KEY");
        ex.ToString().Should().NotContain("ck_not_the_right_key");
    }

    [Fact]
    public async Task GenerateAsync_BlockedPrompt_ThrowsContentPolicy()
    {
        // Act
        var act = () => _client.GenerateAsync(new ImageGenerationRequest { Prompt = "[blocked] something" }).WithinLimitAsync("the blocked generation");

        // Assert
        var ex = (await act.Should().ThrowAsync<ImagingApiException>()).Which;
        ex.ErrorCode.Should().Be(ImagingErrorCode.ContentPolicy);
        ex.IsRetryable.Should().BeFalse();
    }

    [Fact]
    public async Task GenerateAsync_After429WithRetryAfterDetail_WaitsThatLongAndSucceeds()
    {
        // Arrange
        _emulator.Faults.FailNext(1, 429, TimeSpan.FromSeconds(2));

        // Act
        var result = await _client.GenerateAsync(new ImageGenerationRequest { Prompt = "a cat" }).WithinLimitAsync("the retried generation");

        // Assert
        result.Images.Should().ContainSingle();
        _time.Delays.Should().Contain(TimeSpan.FromSeconds(2));
        _emulator.Requests.Count(r => r.Path.StartsWith("/api/v1/image/generate", StringComparison.Ordinal)).Should().Be(2);
    }

    [Fact]
    public async Task GenerateAsync_After503_DoesNotRepeatThePaidRequest()
    {
        // Arrange
        _emulator.Faults.FailNext(1, 503);

        // Act
        var act = () => _client.GenerateAsync(new ImageGenerationRequest { Prompt = "a cat" }).WithinLimitAsync("the failing generation");

        // Assert
        var ex = (await act.Should().ThrowAsync<ImagingApiException>()).Which;
        ex.ErrorCode.Should().Be(ImagingErrorCode.Unavailable);
        ex.IsRetryable.Should().BeTrue();
        _emulator.Requests.Count(r => r.Path.StartsWith("/api/v1/image/generate", StringComparison.Ordinal)).Should().Be(1);
    }

    [Fact]
    public async Task GenerateAsync_HtmlFromAProxy_ThrowsWithStatusAndExcerpt()
    {
        // Arrange
        _emulator.Faults.RespondNext(1, 502, "<html><body><h1>502 Bad Gateway</h1></body></html>");

        // Act
        var act = () => _client.GenerateAsync(new ImageGenerationRequest { Prompt = "a cat" }).WithinLimitAsync("the failing generation");

        // Assert
        var ex = (await act.Should().ThrowAsync<ImagingApiException>()).Which;
        ex.StatusCode.Should().Be(System.Net.HttpStatusCode.BadGateway);
        ex.ResponseExcerpt.Should().Contain("502 Bad Gateway");
        ex.ErrorCode.Should().Be(ImagingErrorCode.Unavailable);
    }

    [Fact]
    public async Task EditAsync_WithBytesInput_FailsBeforeAnyRequest()
    {
        // Act
        var act = () => _client.EditAsync(new ImageEditRequest { Prompt = "x", Image = ImageInput.FromBytes(new byte[] { 1, 2, 3 }) }).WithinLimitAsync("the refused edit");

        // Assert
        (await act.Should().ThrowAsync<ArgumentException>()).Which.Message.Should().Contain("public URL");
        _emulator.Requests.Should().BeEmpty();
    }

    private async Task<ReadOnlyMemory<byte>> GenerateBytesAsync(ImageGenerationRequest request)
    {
        var result = await _client.GenerateAsync(request).WithinLimitAsync("the generation");
        return await result.Images[0].GetBytesAsync().WithinLimitAsync("the download");
    }

    private IImageClient CreateClient(string apiKey) => ImageClient.Create(imaging =>
    {
        imaging.Services.AddSingleton<TimeProvider>(_time);
        imaging.AddConcurred(options =>
        {
            options.ApiKey = apiKey;
            options.BaseAddress = _emulator.BaseAddress;
        });
    });

    private sealed class SyncProgress(List<ImageJobProgress> sink) : IProgress<ImageJobProgress>
    {
        public void Report(ImageJobProgress value) => sink.Add(value);
    }
}
