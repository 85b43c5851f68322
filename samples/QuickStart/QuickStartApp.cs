using ImagingClient;
using ImagingClient.Emulator;
using ImagingClient.Providers.Concurred;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace QuickStart;

/// <summary>
/// Generates one image and saves it. With no API key in the environment it starts the embedded emulator on loopback,
/// so the first run works anywhere; with a key it talks to the real provider.
/// </summary>
public static class QuickStartApp
{
    /// <summary>The prompt used when none is given.</summary>
    public const string DefaultPrompt = "A lighthouse on a rocky coast at dawn, watercolor";

    private static readonly string Usage = $"""
        Usage: dotnet run --project samples/QuickStart [-- options]

          --model <id>     provider:model, e.g. {ConcurredModels.Flux2Pro} (default), concurred:imagen-4,
                           kie:flux-kontext-pro, apiframe:midjourney (a grid of four), apiframe:flux-2-pro
                           or relaygpu:Qwen/qwen-image
          --prompt <text>  what to draw (default: a lighthouse at dawn)
          --out <path>     where to save the image (default: quickstart.<ext> in the current folder)
          --verbose        print stack traces on failure
          --help           show this text

        Providers: {string.Join(", ", ImagingClientBuilderExtensions.ProviderNames)}

        Environment, for the provider the model names (CONCURRED_, KIE_, APIFRAME_, RELAYGPU_):
          <PROVIDER>_API_KEY   your key for that provider; without it the embedded emulator is used
          <PROVIDER>_BASE_URL  another endpoint; without a key, a standalone emulator (with its default key)
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
        var time = timeProvider ?? TimeProvider.System;
        ArgumentNullException.ThrowIfNull(getEnvironmentVariable);
        ArgumentNullException.ThrowIfNull(stdout);
        ArgumentNullException.ThrowIfNull(stderr);

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
            // The provider comes from the model's prefix; its key and endpoint from <PROVIDER>_API_KEY and <PROVIDER>_BASE_URL.
            var provider = ProviderOf(arguments.Model);
            var variable = provider.ToUpperInvariant();
            var apiKey = getEnvironmentVariable($"{variable}_API_KEY");
            var baseUrl = getEnvironmentVariable($"{variable}_BASE_URL");
            if (string.IsNullOrWhiteSpace(apiKey) && !string.IsNullOrWhiteSpace(baseUrl))
            {
                // A base URL without a key: most likely a standalone emulator, which accepts its default key.
                apiKey = ImagingEmulator.DefaultApiKeyFor(provider);
                await stdout.WriteLineAsync($"{variable}_BASE_URL is set but {variable}_API_KEY is not: using the emulator's key ({apiKey}) against {baseUrl}.");
            }
            else if (string.IsNullOrWhiteSpace(apiKey))
            {
                emulator = await ImagingEmulator.StartAsync(new ImagingEmulatorOptions { TimeProvider = time }, cancellationToken);
                apiKey = emulator.ApiKeyFor(provider);
                baseUrl = emulator.BaseAddress.AbsoluteUri;
                await stdout.WriteLineAsync($"No {variable}_API_KEY set: using the embedded emulator at {baseUrl} (a local stand-in for the real API).");
            }

            using var client = ImageClient.Create(imaging =>
            {
                imaging.Services.AddSingleton(time);
                imaging.AddProvider(provider, options =>
                {
                    options.ApiKey = apiKey;
                    if (!string.IsNullOrWhiteSpace(baseUrl))
                    {
                        options.BaseAddress = new Uri(baseUrl, UriKind.Absolute);
                    }
                });
            });

            var request = new ImageGenerationRequest { Prompt = arguments.Prompt, Model = arguments.Model };
            await stdout.WriteLineAsync($"Generating with {arguments.Model}: \"{arguments.Prompt}\"");
            var job = await client.StartGenerateAsync(request, cancellationToken);
            if (!job.IsCompleted)
            {
                await stdout.WriteLineAsync($"Job {job.Id} accepted; waiting for it (resume token: {job.ResumeToken})");
            }

            var result = await job.WaitForCompletionAsync(new StatusWriter(stdout, job.IsCompleted), cancellationToken);

            for (var i = 0; i < result.Images.Count; i++)
            {
                var image = result.Images[i];
                try
                {
                    var bytes = await image.GetBytesAsync(cancellationToken);
                    var info = ImageInfo.TryIdentify(bytes.Span, out var identified) ? identified : new ImageInfo(ImageInfo.UnknownMediaType, 0, 0);
                    var path = Path.GetFullPath(OutputPath(arguments.Out, info.MediaType, i, result.Images.Count));
                    await image.SaveAsync(path, cancellationToken);

                    await stdout.WriteLineAsync($"Saved {path}");
                    await stdout.WriteLineAsync($"  size:       {info.Width} x {info.Height} px");
                    await stdout.WriteLineAsync($"  media type: {info.MediaType}");
                }
                catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ImagingApiException)
                {
                    // The image is paid for: say where it still is before giving up.
                    await stderr.WriteLineAsync($"error: image {i + 1} could not be saved: {ex.Message}");
                    await stderr.WriteLineAsync(image is RemoteGeneratedImage remote
                        ? $"the image is still at {remote.Url}{(remote.ExpiresAt is { } expires ? $" until {expires:u}" : string.Empty)}"
                        : "the image was received inline and is lost with this process; choose another --out and run again");
                    if (result.RequestId is not null)
                    {
                        await stderr.WriteLineAsync($"request id: {result.RequestId}");
                    }

                    await WriteDetailsAsync(stderr, ex, arguments.Verbose);
                    return 1;
                }
            }

            await stdout.WriteLineAsync($"  model:      {result.Provider}:{result.Model}");
            if (result.RequestId is not null)
            {
                await stdout.WriteLineAsync($"  request id: {result.RequestId}");
            }

            foreach (var warning in result.Warnings)
            {
                await stdout.WriteLineAsync($"  warning:    {warning}");
            }

            return 0;
        }
        catch (ImagingApiException ex)
        {
            await stderr.WriteLineAsync($"error: {ex.ErrorCode}{(ex.ProviderErrorCode is null ? string.Empty : $" ({ex.ProviderErrorCode})")}: {ex.Message}");
            if (ex.RequestId is not null)
            {
                await stderr.WriteLineAsync($"request id: {ex.RequestId}");
            }

            await WriteDetailsAsync(stderr, ex, arguments.Verbose);
            return 1;
        }
        catch (Exception ex) when (ex is ArgumentException or OptionsValidationException or UriFormatException)
        {
            await stderr.WriteLineAsync($"error: invalid input: {ex.Message}");
            await WriteDetailsAsync(stderr, ex, arguments.Verbose);
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

    private static string ProviderOf(string model)
    {
        var colon = model.IndexOf(':', StringComparison.Ordinal);
        var prefix = colon > 0 ? model[..colon].Trim().ToLowerInvariant() : ConcurredModels.ProviderName;
        return ImagingClientBuilderExtensions.ProviderNames.Contains(prefix)
            ? prefix
            : throw new ArgumentException($"The QuickStart knows the providers {string.Join(", ", ImagingClientBuilderExtensions.ProviderNames)}; '{prefix}' is none of them.");
    }

    private static async Task WriteDetailsAsync(TextWriter stderr, Exception ex, bool verbose)
    {
        if (verbose)
        {
            await stderr.WriteLineAsync(ex.ToString());
        }
        else
        {
            await stderr.WriteLineAsync("(run with --verbose for the stack trace)");
        }
    }

    private static string OutputPath(string? requested, string mediaType, int index, int count)
    {
        var extension = mediaType switch
        {
            "image/jpeg" => ".jpg",
            "image/webp" => ".webp",
            "image/gif" => ".gif",
            _ => ".png",
        };
        var path = requested ?? "quickstart" + extension;
        if (count == 1)
        {
            return path;
        }

        var folder = Path.GetDirectoryName(path);
        var name = $"{Path.GetFileNameWithoutExtension(path)}-{index + 1}{Path.GetExtension(path)}";
        return string.IsNullOrEmpty(folder) ? name : Path.Combine(folder, name);
    }

    private sealed record Arguments(string Model, string Prompt, string? Out, bool Verbose, bool Help)
    {
        public static bool TryParse(string[] args, out Arguments arguments, out string error)
        {
            arguments = new Arguments(ConcurredModels.Flux2Pro, DefaultPrompt, null, false, false);
            error = string.Empty;
            for (var i = 0; i < args.Length; i++)
            {
                var name = args[i];
                switch (name)
                {
                    case "--help" or "-h":
                        arguments = arguments with { Help = true };
                        continue;
                    case "--verbose" or "-v":
                        arguments = arguments with { Verbose = true };
                        continue;
                    case "--model" or "--prompt" or "--out" when i + 1 < args.Length:
                        var value = args[++i];
                        arguments = name switch
                        {
                            "--model" => arguments with { Model = value },
                            "--prompt" => arguments with { Prompt = value },
                            _ => arguments with { Out = value },
                        };
                        continue;
                    case "--model" or "--prompt" or "--out":
                        error = $"{name} needs a value.";
                        return false;
                    default:
                        error = $"Unknown argument '{name}'.";
                        return false;
                }
            }

            return true;
        }
    }

    /// <summary>Prints each status change of a job as it is reported (synchronously, so lines stay in order).</summary>
    private sealed class StatusWriter(TextWriter stdout, bool silent) : IProgress<ImageJobProgress>
    {
        public void Report(ImageJobProgress value)
        {
            if (!silent)
            {
                stdout.WriteLine($"  {value.Status}{(value.ProviderStatus is null ? string.Empty : $" ({value.ProviderStatus})")}{(value.Progress is { } p ? $" {p:P0}" : string.Empty)}");
            }
        }
    }
}
