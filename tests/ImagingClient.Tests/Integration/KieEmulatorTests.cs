using System.Text;
using ImagingClient.Emulator;
using ImagingClient.Providers.Kie;
using ImagingClient.Tests.Emulator.Kie;
using ImagingClient.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace ImagingClient.Tests.Integration;

/// <summary>
/// The whole Kie stack — job model, poller, wire, downloads, callbacks — against the emulator on loopback. Client and
/// emulator share one instant clock: the client's poll delays move it, and the emulator's tasks advance with it. Nothing
/// moves it while a call is on the wire, so the client's deadlines cannot end a call that never answers: every call to
/// the emulator is bounded on the wall clock, and one that never answers fails its test instead of hanging the run.
/// </summary>
public sealed class KieEmulatorTests : IAsyncLifetime
{
    private const string HmacKey = "whk_emulator_test_key";

    private readonly InstantTimeProvider _time = new(DateTimeOffset.UtcNow);
    private ImagingEmulator _emulator = null!;
    private IImageClient _client = null!;

    public async Task InitializeAsync()
    {
        _emulator = await ImagingEmulator.StartAsync(new ImagingEmulatorOptions { TimeProvider = _time, Kie = { WebhookHmacKey = HmacKey } });
        _client = CreateClient();
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _emulator.DisposeAsync();
    }

    [Fact]
    public async Task GenerateAsync_Kie_SubmitsPollsAndReturnsADownloadablePng()
    {
        // Act
        var result = await _client.GenerateAsync(new ImageGenerationRequest { Prompt = "a lighthouse", Model = KieModels.FluxKontextPro, AspectRatio = ImageAspectRatio.Square }).WithinLimitAsync("the generation");

        // Assert
        result.Provider.Should().Be("kie");
        result.JobId.Should().NotBeNullOrEmpty();
        var image = result.Images.Should().ContainSingle().Which.Should().BeOfType<RemoteGeneratedImage>().Which;
        var bytes = await image.GetBytesAsync().WithinLimitAsync("the download");
        ImageInfo.TryIdentify(bytes.Span, out var info).Should().BeTrue();
        (info.Width, info.Height).Should().Be((1024, 1024));
        image.ExpiresAt.Should().BeAfter(_time.GetUtcNow().AddDays(13));
        var details = result.ProviderDetails.Should().BeOfType<KieFluxKontextDetails>().Which;
        details.OriginImageUrl.Should().NotBeNull();
        details.ParamJson.Should().Contain("a lighthouse");
    }

    [Fact]
    public async Task EditAsync_Kie_EditsAServedImageKeepingItsShape()
    {
        // Arrange
        var source = (RemoteGeneratedImage)(await _client.GenerateAsync(new ImageGenerationRequest { Prompt = "a house", Model = KieModels.FluxKontextPro, AspectRatio = ImageAspectRatio.Landscape16x9 }).WithinLimitAsync("the source's generation")).Images[0];
        var sourceBytes = await source.GetBytesAsync().WithinLimitAsync("the source's download");

        // Act
        var edited = await _client.EditAsync(new ImageEditRequest { Prompt = "make it night", Model = KieModels.FluxKontextMax, Image = ImageInput.FromUri(source.Url) }).WithinLimitAsync("the edit");

        // Assert
        var bytes = await edited.Images[0].GetBytesAsync().WithinLimitAsync("the edited image's download");
        ImageInfo.TryIdentify(bytes.Span, out var editedInfo).Should().BeTrue();
        ImageInfo.TryIdentify(sourceBytes.Span, out var sourceInfo).Should().BeTrue();
        (editedInfo.Width, editedInfo.Height).Should().Be((sourceInfo.Width, sourceInfo.Height));
        bytes.ToArray().Should().NotEqual(sourceBytes.ToArray());
        edited.Model.Should().Be("flux-kontext-max");
    }

    [Fact]
    public async Task StartThenResumeFromTokenInAFreshClient_WaitsForTheSameTask()
    {
        // Arrange
        var job = await _client.StartEditAsync(new ImageEditRequest
        {
            Prompt = "a red door",
            Model = KieModels.FluxKontextPro,
            Image = ImageInput.FromUri((await GenerateUrlAsync("a door")).Url),
        }).WithinLimitAsync("the edit's submission");
        var saved = job.ResumeToken!.ToString();
        using var second = CreateClient();

        // Act
        var resumed = await second.ResumeJobAsync(ImageJobToken.Parse(saved)).WithinLimitAsync("the resumption");
        var result = await resumed.WaitForCompletionAsync().WithinLimitAsync("the resumed wait");

        // Assert
        resumed.Id.Should().Be(job.Id);
        result.JobId.Should().Be(job.Id);
        result.Images.Should().ContainSingle();
        _emulator.Requests.Count(r => r.Path.StartsWith("/api/v1/flux/kontext/generate", StringComparison.Ordinal)).Should().Be(2, "one generation for the source, one edit; resuming submits nothing");
    }

    [Fact]
    public async Task GenerateAsync_WithCallbackUrl_ReceivesASignedCallbackThatYieldsThePolledResult()
    {
        // Arrange
        await using var receiver = new CallbackReceiver();
        var verifier = new KieCallbackVerifier(new KieCallbackOptions { WebhookHmacKey = HmacKey }, _time);

        // Act
        var polled = await _client.GenerateAsync(new ImageGenerationRequest { Prompt = "a kite", Model = KieModels.FluxKontextPro, WebhookUrl = receiver.Url }).WithinLimitAsync("the generation");
        var delivery = await receiver.NextAsync();
        var callback = verifier.Verify(name => delivery.Headers.GetValueOrDefault(name), Encoding.UTF8.GetBytes(delivery.Body));
        var fromCallback = callback.GetResult();

        // Assert
        callback.IsSigned.Should().BeTrue();
        callback.TaskId.Should().Be(polled.JobId);
        fromCallback.JobId.Should().Be(polled.JobId);
        ((RemoteGeneratedImage)fromCallback.Images[0]).Url.Should().Be(((RemoteGeneratedImage)polled.Images[0]).Url);
    }

    [Fact]
    public async Task StartGenerateAsync_WithCallbackUrl_SignedCallbackVerifiedThroughTheSharedInterfaceYieldsThePolledResult()
    {
        // Arrange: the verifier an app resolves by provider name, with the key bound like any other setting.
        await using var receiver = new CallbackReceiver();
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(_time);
        services.AddImagingClient().AddKie(options =>
        {
            options.ApiKey = KieEmulatorOptions.DefaultApiKey;
            options.BaseAddress = _emulator.BaseAddress;
            options.Callbacks.WebhookHmacKey = HmacKey;
        });
        await using var provider = services.BuildServiceProvider();
        var client = provider.GetRequiredKeyedService<IImageClient>("kie");
        var verifier = provider.GetRequiredKeyedService<ImagingClient.Webhooks.IImageWebhookVerifier>("kie");

        // Act
        var job = await client.StartGenerateAsync(new ImageGenerationRequest { Prompt = "a kite", Model = KieModels.FluxKontextMax, WebhookUrl = receiver.Url }).WithinLimitAsync("the submission");
        var polled = await job.WaitForCompletionAsync().WithinLimitAsync("the wait");
        var delivery = await receiver.NextAsync();
        var webhookEvent = verifier.Verify(name => delivery.Headers.GetValueOrDefault(name), Encoding.UTF8.GetBytes(delivery.Body));
        var fromWebhook = webhookEvent.GetResult(job.ResumeToken);

        // Assert
        webhookEvent.IsSigned.Should().BeTrue();
        webhookEvent.JobId.Should().Be(job.Id);
        webhookEvent.Kind.Should().Be(ImagingClient.Webhooks.ImageWebhookEventKind.Completed);
        fromWebhook.Model.Should().Be(polled.Model).And.Be("flux-kontext-max");
        ((RemoteGeneratedImage)fromWebhook.Images[0]).Url.Should().Be(((RemoteGeneratedImage)polled.Images[0]).Url);
    }

    [Fact]
    public async Task GenerateAsync_BlockedPrompt_FailsAsContentPolicyWithTheJobId()
    {
        // Act
        var act = () => _client.GenerateAsync(new ImageGenerationRequest { Prompt = "[blocked] something", Model = KieModels.FluxKontextPro }).WithinLimitAsync("the blocked generation");

        // Assert
        var ex = (await act.Should().ThrowAsync<ImagingApiException>()).Which;
        ex.ErrorCode.Should().Be(ImagingErrorCode.ContentPolicy);
        ex.JobId.Should().NotBeNullOrEmpty();
        ex.ProviderErrorCode.Should().Be("400");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task StartGenerateAsync_InsufficientCreditsInEitherForm_ThrowsInsufficientCredits(bool inBody)
    {
        // Arrange
        if (inBody)
        {
            _emulator.Faults.FailNextInBody(1, 402);
        }
        else
        {
            _emulator.Faults.FailNext(1, 402);
        }

        // Act
        var act = () => _client.StartGenerateAsync(new ImageGenerationRequest { Prompt = "a cat", Model = KieModels.FluxKontextPro }).WithinLimitAsync("the refused submission");

        // Assert
        var ex = (await act.Should().ThrowAsync<ImagingApiException>()).Which;
        ex.ErrorCode.Should().Be(ImagingErrorCode.InsufficientCredits);
        ex.StatusCode.Should().Be(inBody ? System.Net.HttpStatusCode.OK : System.Net.HttpStatusCode.PaymentRequired);
    }

    [Fact]
    public async Task GenerateAsync_TaskNeverFinishes_TimesOutThenResumesStillRunning()
    {
        // Act
        var act = () => _client.GenerateAsync(new ImageGenerationRequest { Prompt = "[never] a slow one", Model = KieModels.FluxKontextPro, WaitTimeout = TimeSpan.FromMinutes(1) }).WithinLimitAsync("the timed-out generation");
        var ex = (await act.Should().ThrowAsync<ImagingApiException>()).Which;
        var resumed = await _client.ResumeJobAsync(ex.ResumeToken!).WithinLimitAsync("the resumption");

        // Assert
        ex.ErrorCode.Should().Be(ImagingErrorCode.StillRunning);
        resumed.Id.Should().Be(ex.JobId);
        resumed.Status.Should().Be(ImageJobStatus.Running);
        resumed.ProviderStatus.Should().Be("GENERATING");
    }

    [Fact]
    public async Task GetRequiredService_KieApiCreditsAndDownloadLink_AgainstTheEmulator()
    {
        // Arrange
        var kie = _client.GetRequiredService<IKieApi>();
        var before = await kie.GetCreditsAsync().WithinLimitAsync("the credit balance");
        var image = await GenerateUrlAsync("a coin");

        // Act
        var after = await kie.GetCreditsAsync().WithinLimitAsync("the credit balance");
        var link = await kie.GetDownloadUrlAsync(image.Url).WithinLimitAsync("the download link");

        // Assert
        after.Should().BeLessThan(before);
        link.Url.Should().NotBe(image.Url);
        link.ExpiresAt.Should().Be(_time.GetUtcNow() + TimeSpan.FromMinutes(20));
    }

    private async Task<RemoteGeneratedImage> GenerateUrlAsync(string prompt) =>
        (RemoteGeneratedImage)(await _client.GenerateAsync(new ImageGenerationRequest { Prompt = prompt, Model = KieModels.FluxKontextPro }).WithinLimitAsync("the generation")).Images[0];

    private IImageClient CreateClient() => ImageClient.Create(imaging =>
    {
        imaging.Services.AddSingleton<TimeProvider>(_time);
        imaging.AddKie(options =>
        {
            options.ApiKey = KieEmulatorOptions.DefaultApiKey;
            options.BaseAddress = _emulator.BaseAddress;
        });
    });
}
