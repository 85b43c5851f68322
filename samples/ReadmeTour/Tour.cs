using ImagingClient;
using ImagingClient.Emulator;
using ImagingClient.Providers.Concurred;
using ImagingClient.Providers.Kie;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace ReadmeTour;

/// <summary>The README's code, compiled. Each method is one section of the tour.</summary>
public static class Tour
{
    /// <summary>Three lines, no dependency injection.</summary>
    public static async Task QuickStartAsync(string apiKey)
    {
        using var client = ImageClient.Create(imaging => imaging.AddConcurred(o => o.ApiKey = apiKey));
        var result = await client.GenerateAsync(new ImageGenerationRequest { Prompt = "A lighthouse at dawn, watercolor" });
        await result.Images[0].SaveAsync("lighthouse.png");
    }

    /// <summary>Generate, with unified fields and a provider option.</summary>
    public static async Task<ImageResult> GenerateAsync(IImageClient client)
    {
        var result = await client.GenerateAsync(new ImageGenerationRequest
        {
            Prompt = "A watercolor of a Japanese garden",
            Model = ConcurredModels.Imagen4Ultra,           // "concurred:imagen-4-ultra"
            AspectRatio = ImageAspectRatio.Landscape16x9,
            Count = 2,
            ProviderOptions = new ConcurredImageOptions { ImageSize = ConcurredImageSize.TwoK },
        });
        return result;
    }

    /// <summary>Edit an image at a public URL.</summary>
    public static async Task<ImageResult> EditAsync(IImageClient client, Uri portraitUrl)
    {
        var edited = await client.EditAsync(new ImageEditRequest
        {
            Prompt = "Add sunglasses to the person",
            Model = ConcurredModels.FluxKontext,
            Image = ImageInput.FromUri(portraitUrl),
            Seed = 42,
        });
        return edited;
    }

    /// <summary>Save, read and inspect results.</summary>
    public static async Task SaveAsync(ImageResult result, string folder)
    {
        foreach (var image in result.Images)
        {
            switch (image)
            {
                case RemoteGeneratedImage remote:
                    Console.WriteLine($"{remote.Url} expires at {remote.ExpiresAt}");
                    break;
                case InlineGeneratedImage inline:
                    Console.WriteLine($"{inline.MediaType}, {inline.Data.Length} bytes");
                    break;
            }
        }

        ReadOnlyMemory<byte> bytes = await result.Images[0].GetBytesAsync();   // downloaded once, then kept
        await using Stream stream = await result.Images[0].OpenReadAsync();
        await result.Images[0].SaveAsync(Path.Combine(folder, "garden.png"));
        Console.WriteLine($"{bytes.Length} bytes, {ImageInfo.SniffMediaType(bytes.Span)}");
    }

    /// <summary>Errors: normalised codes, and bad input caught before anything is sent.</summary>
    public static async Task<string> ErrorsAsync(IImageClient client, ImageGenerationRequest request)
    {
        try
        {
            await client.GenerateAsync(request);
            return "ok";
        }
        catch (ImagingApiException ex) when (ex.ErrorCode == ImagingErrorCode.RateLimited)
        {
            return $"Slow down: retry after {ex.RetryAfter} (request {ex.RequestId})";
        }
        catch (ImagingApiException ex) when (ex.ErrorCode == ImagingErrorCode.ContentPolicy)
        {
            return $"Refused by {ex.Provider} ({ex.ProviderErrorCode}): {ex.Message}";
        }
        catch (ArgumentException ex)
        {
            // Nothing was sent: for example Width on imagen-4, which takes an aspect ratio instead.
            return $"Invalid {ex.ParamName}: {ex.Message}";
        }
    }

    /// <summary>Dependency injection, configured from a section.</summary>
    public static IServiceCollection DependencyInjection(IServiceCollection services, IConfiguration configuration)
    {
        services.AddImagingClient()
            .AddConcurred(configuration.GetSection("Imaging:Concurred"));
        services.AddSingleton<PosterService>();
        return services;
    }

    /// <summary>Drop fields a model does not take, with a warning, instead of throwing.</summary>
    public static IImageClient WarnAndDrop(string apiKey)
    {
        var client = ImageClient.Create(imaging => imaging.AddConcurred(o =>
        {
            o.ApiKey = apiKey;
            o.UnsupportedFields = UnsupportedFieldHandling.WarnAndDrop;   // result.Warnings says what was dropped
        }));
        return client;
    }

    /// <summary>Async jobs: start, watch, wait; keep the token; resume elsewhere.</summary>
    public static async Task<ImageResult> AsyncJobsAsync(IImageClient client)
    {
        var job = await client.StartGenerateAsync(new ImageGenerationRequest
        {
            Prompt = "A paper boat on a calm lake",
            Model = KieModels.FluxKontextPro,                 // "kie:flux-kontext-pro"
            AspectRatio = ImageAspectRatio.Landscape16x9,
            ProviderOptions = new KieFluxKontextOptions { PromptUpsampling = true },
        });
        string saved = job.ResumeToken!.ToString();           // store it: it is all another process needs

        var progress = new Progress<ImageJobProgress>(p => Console.WriteLine($"{p.JobId}: {p.Status} ({p.ProviderStatus})"));
        try
        {
            return await job.WaitForCompletionAsync(TimeSpan.FromMinutes(15), progress);
        }
        catch (ImagingApiException ex) when (ex.ErrorCode == ImagingErrorCode.StillRunning)
        {
            // Still running at Kie, not cancelled: pick it up again later, here or in another process.
            var resumed = await client.ResumeJobAsync(ImageJobToken.Parse(saved));
            return await resumed.WaitForCompletionAsync();
        }
    }

    /// <summary>Kie callbacks: verify the signature, then read the same result polling gives.</summary>
    public static ImageResult Callback(KieCallbackVerifier verifier, Func<string, string?> header, byte[] body)
    {
        KieCallback callback = verifier.Verify(header, body);   // throws KieCallbackException if forged or stale
        return callback.GetResult();                            // or the same ImagingApiException polling would throw
    }

    /// <summary>Registering Kie with its callback key.</summary>
    public static void AddKie(IServiceCollection services, string apiKey, string webhookHmacKey)
    {
        services.AddImagingClient()
            .AddKie(o =>
            {
                o.ApiKey = apiKey;
                o.Polling.Timeout = TimeSpan.FromMinutes(20);      // GenerateAsync's default wait
                o.Callbacks.WebhookHmacKey = webhookHmacKey;       // for KieCallbackVerifier
            });
    }

    /// <summary>Testing code that uses IImageClient: a fake returns what a provider would.</summary>
    public static IImageClient FakeClient(byte[] png)
    {
        var result = ImagingModelFactory.ImageResult(
            [ImagingModelFactory.InlineImage(png, "image/png")],
            provider: "concurred",
            model: "imagen-4",
            requestId: "req_test");
        return new FakeImageClient(result);
    }

    /// <summary>The emulator, for tests and offline work.</summary>
    public static async Task EmulatorAsync()
    {
        await using var emulator = await ImagingEmulator.StartAsync();
        using var client = ImageClient.Create(imaging => imaging.AddConcurred(o =>
        {
            o.ApiKey = ConcurredEmulatorOptions.DefaultApiKey;
            o.BaseAddress = emulator.BaseAddress;
        }));
        emulator.Faults.FailNext(1, 429, retryAfter: TimeSpan.FromSeconds(1));   // the client waits 1 s and retries
        var result = await client.GenerateAsync(new ImageGenerationRequest { Prompt = "A red kite over hills" });
        Console.WriteLine(result.Images[0]);
    }
}

/// <summary>A consumer: the router routes "provider:model"; the keyed client is one provider.</summary>
public sealed class PosterService(IImageClient images, [FromKeyedServices("concurred")] IImageClient concurred)
{
    /// <summary>Draws a poster with whichever provider the model names.</summary>
    public Task<ImageResult> DrawAsync(string prompt, string model) =>
        images.GenerateAsync(new ImageGenerationRequest { Prompt = prompt, Model = model });

    /// <summary>Draws a poster with Concurred's default model.</summary>
    public Task<ImageResult> DrawWithConcurredAsync(string prompt) =>
        concurred.GenerateAsync(new ImageGenerationRequest { Prompt = prompt });
}

/// <summary>A hand-written fake for tests: every call returns the same result.</summary>
public sealed class FakeImageClient(ImageResult result) : IImageClient
{
    /// <inheritdoc />
    public Task<ImageResult> GenerateAsync(ImageGenerationRequest request, CancellationToken cancellationToken = default) => Task.FromResult(result);

    /// <inheritdoc />
    public Task<ImageResult> EditAsync(ImageEditRequest request, CancellationToken cancellationToken = default) => Task.FromResult(result);

    /// <inheritdoc />
    public Task<ImageJob> StartGenerateAsync(ImageGenerationRequest request, CancellationToken cancellationToken = default) =>
        Task.FromResult(ImagingModelFactory.CompletedJob(result));

    /// <inheritdoc />
    public Task<ImageJob> StartEditAsync(ImageEditRequest request, CancellationToken cancellationToken = default) =>
        Task.FromResult(ImagingModelFactory.CompletedJob(result));

    /// <inheritdoc />
    public Task<ImageJob> ResumeJobAsync(ImageJobToken token, CancellationToken cancellationToken = default) =>
        Task.FromResult(ImagingModelFactory.CompletedJob(result, token.JobId));

    /// <inheritdoc />
    public void Dispose()
    {
    }
}
