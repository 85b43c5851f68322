// MEAI001: Microsoft.Extensions.AI's image generation abstractions are experimental; this sample is about exactly them.
#pragma warning disable MEAI001

using System.Drawing;
using ImagingClient;
using ImagingClient.Emulator;
using ImagingClient.Providers.RelayGpu;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace ImageGeneratorSample;

/// <summary>
/// Generates an image and then edits it through Microsoft.Extensions.AI's <see cref="IImageGenerator"/>, the
/// abstraction code written for any image service takes, with ImagingClient underneath (RelayGPU here: FLUX.2 [pro] to
/// generate, gpt-image-1.5 to edit the bytes). With no key in the environment it starts the embedded emulator.
/// </summary>
public static class ImageGeneratorApp
{
    /// <summary>The generation prompt used when none is given.</summary>
    public const string DefaultPrompt = "A lighthouse on a rocky coast at dawn, watercolor";

    /// <summary>The edit instruction used when none is given.</summary>
    public const string DefaultEditPrompt = "The same scene at night, with the lighthouse lit";

    private const string Usage = """
        Usage: dotnet run --project samples/ImageGenerator [-- options]

          --prompt <text>       what to draw (default: a lighthouse at dawn)
          --edit-prompt <text>  how to change it (default: the same scene at night)
          --out <folder>        where to save generated.png and edited.png (default: the current folder)
          --help                show this text

        Environment:
          RELAYGPU_API_KEY   your RelayGPU key; without it the embedded emulator is used
          RELAYGPU_BASE_URL  another endpoint; without a key, a standalone emulator (with its default key)
        """;

    /// <summary>Runs the sample.</summary>
    /// <param name="args">Command-line arguments.</param>
    /// <param name="getEnvironmentVariable">Reads an environment variable.</param>
    /// <param name="stdout">Where results go.</param>
    /// <param name="stderr">Where errors go.</param>
    /// <param name="timeProvider">The clock for the client and the embedded emulator; the system clock by default.</param>
    /// <param name="cancellationToken">Stops the run.</param>
    /// <returns>0 on success, 1 when the provider failed, 2 for bad input or settings.</returns>
    public static async Task<int> RunAsync(
        string[] args,
        Func<string, string?> getEnvironmentVariable,
        TextWriter stdout,
        TextWriter stderr,
        TimeProvider? timeProvider = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(getEnvironmentVariable);
        ArgumentNullException.ThrowIfNull(stdout);
        ArgumentNullException.ThrowIfNull(stderr);
        var time = timeProvider ?? TimeProvider.System;

        if (!Arguments.TryParse(args, out var arguments, out var argumentError))
        {
            await stderr.WriteLineAsync(argumentError);
            await stderr.WriteLineAsync(Usage);
            return 2;
        }

        if (arguments.Help)
        {
            await stdout.WriteLineAsync(Usage);
            return 0;
        }

        ImagingEmulator? emulator = null;
        try
        {
            var apiKey = getEnvironmentVariable("RELAYGPU_API_KEY");
            var baseUrl = getEnvironmentVariable("RELAYGPU_BASE_URL");
            if (string.IsNullOrWhiteSpace(apiKey) && !string.IsNullOrWhiteSpace(baseUrl))
            {
                apiKey = ImagingEmulator.DefaultApiKeyFor("relaygpu");
                await stdout.WriteLineAsync($"RELAYGPU_BASE_URL is set but RELAYGPU_API_KEY is not: using the emulator's key against {baseUrl}.");
            }
            else if (string.IsNullOrWhiteSpace(apiKey))
            {
                emulator = await ImagingEmulator.StartAsync(new ImagingEmulatorOptions { TimeProvider = time }, cancellationToken);
                apiKey = emulator.ApiKeyFor("relaygpu");
                baseUrl = emulator.BaseAddress.AbsoluteUri;
                await stdout.WriteLineAsync($"No RELAYGPU_API_KEY set: using the embedded emulator at {baseUrl} (a local stand-in for the real API).");
            }

            using var client = ImageClient.Create(imaging =>
            {
                imaging.Services.AddSingleton(time);
                imaging.AddRelayGpu(options =>
                {
                    options.ApiKey = apiKey;
                    if (!string.IsNullOrWhiteSpace(baseUrl))
                    {
                        options.BaseAddress = new Uri(baseUrl, UriKind.Absolute);
                    }
                });
            });

            // The adapter, wrapped like any IImageGenerator: here a middleware that asks for PNG unless told otherwise.
            using var generator = client.AsImageGenerator(RelayGpuModels.Flux2Pro)
                .AsBuilder()
                .ConfigureOptions(options => options.MediaType ??= "image/png")
                .Build();
            var metadata = generator.GetRequiredService<ImageGeneratorMetadata>();
            await stdout.WriteLineAsync($"Generator: {metadata.ProviderName} at {metadata.ProviderUri}, model {metadata.DefaultModelId}");

            var folder = Path.GetFullPath(arguments.Out ?? ".");
            var generated = await generator.GenerateImagesAsync(arguments.Prompt, new ImageGenerationOptions { ImageSize = new Size(1024, 768) }, cancellationToken);
            var image = generated.Contents.OfType<DataContent>().First();
            var generatedPath = await image.SaveToAsync(Path.Combine(folder, "generated.png"), cancellationToken);
            await WriteAsync(stdout, "Generated", generatedPath, image);

            // An edit is a request with an original image; ModelId picks a model that takes the image's bytes.
            var edited = await generator.EditImageAsync(image, arguments.EditPrompt, new ImageGenerationOptions { ModelId = RelayGpuModels.GptImage15I2I }, cancellationToken);
            var editedImage = edited.Contents.OfType<DataContent>().First();
            var editedPath = await editedImage.SaveToAsync(Path.Combine(folder, "edited.png"), cancellationToken);
            await WriteAsync(stdout, "Edited", editedPath, editedImage);
            if (edited.RawRepresentation is ImageResult { } result)
            {
                await stdout.WriteLineAsync($"  model:      {result.Provider}:{result.Model}");
            }

            return 0;
        }
        catch (ImagingApiException ex)
        {
            await stderr.WriteLineAsync($"error: {ex.ErrorCode}: {ex.Message}");
            return 1;
        }
        catch (Exception ex) when (ex is ArgumentException or OptionsValidationException or UriFormatException or IOException or UnauthorizedAccessException)
        {
            await stderr.WriteLineAsync($"error: {ex.Message}");
            return 2;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await stderr.WriteLineAsync("cancelled");
            return 130;
        }
        finally
        {
            if (emulator is not null)
            {
                await emulator.DisposeAsync();
            }
        }
    }

    private static async Task WriteAsync(TextWriter stdout, string what, string path, DataContent image)
    {
        var info = ImageInfo.TryIdentify(image.Data.Span, out var identified) ? identified : new ImageInfo(image.MediaType, 0, 0);
        await stdout.WriteLineAsync($"{what}: saved {path}");
        await stdout.WriteLineAsync($"  size:       {info.Width} x {info.Height} px ({image.MediaType})");
    }

    private sealed record Arguments(string Prompt, string EditPrompt, string? Out, bool Help)
    {
        public static bool TryParse(string[] args, out Arguments arguments, out string error)
        {
            arguments = new Arguments(DefaultPrompt, DefaultEditPrompt, null, false);
            error = string.Empty;
            for (var i = 0; i < args.Length; i++)
            {
                switch (args[i])
                {
                    case "--help" or "-h":
                        arguments = arguments with { Help = true };
                        continue;
                    case "--prompt" or "--edit-prompt" or "--out" when i + 1 < args.Length:
                        var value = args[i + 1];
                        arguments = args[i] switch
                        {
                            "--prompt" => arguments with { Prompt = value },
                            "--edit-prompt" => arguments with { EditPrompt = value },
                            _ => arguments with { Out = value },
                        };
                        i++;
                        continue;
                    case "--prompt" or "--edit-prompt" or "--out":
                        error = $"{args[i]} needs a value.";
                        return false;
                    default:
                        error = $"Unknown argument '{args[i]}'.";
                        return false;
                }
            }

            return true;
        }
    }
}
