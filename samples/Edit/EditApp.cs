using ImagingClient;
using ImagingClient.Emulator;
using ImagingClient.Providers.RelayGpu;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace EditSample;

/// <summary>
/// Edits a local image by instruction and saves the result. The image is read from disk and sent as the provider takes
/// it (inline for RelayGPU, uploaded first for Apiframe). With no API key in the environment it starts the embedded
/// emulator on loopback, so it runs anywhere without spending credits.
/// </summary>
public static class EditApp
{
    /// <summary>The instruction used when none is given.</summary>
    public const string DefaultPrompt = "Make it a watercolor painting at night";

    /// <summary>The model used when none is given: it takes a local image inline.</summary>
    public const string DefaultModel = RelayGpuModels.QwenImageEdit;

    private static readonly string Usage = $"""
        Usage: dotnet run --project samples/Edit -- --image <file> [options]

          --image <file>   the image to edit (PNG, JPEG, WebP or GIF); required
          --prompt <text>  the instruction (default: "{DefaultPrompt}")
          --model <id>     an edit model that takes a local image, such as {DefaultModel} (default)
                           or relaygpu:openai/gpt-image-2
          --out <path>     where to save the result (default: edit.png in the current folder)
          --help           show this text

        Environment, for the provider the model names (RELAYGPU_, APIFRAME_, …):
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
    /// <returns>0 on success, 1 when the provider failed or the result could not be saved, 2 for bad input, 130 when cancelled.</returns>
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

        if (!File.Exists(arguments.Image))
        {
            await stderr.WriteLineAsync($"error: no file '{arguments.Image}'.");
            return 2;
        }

        ImagingEmulator? emulator = null;
        try
        {
            var provider = ProviderOf(arguments.Model);
            var variable = provider.ToUpperInvariant();
            var apiKey = getEnvironmentVariable($"{variable}_API_KEY");
            var baseUrl = getEnvironmentVariable($"{variable}_BASE_URL");
            if (string.IsNullOrWhiteSpace(apiKey) && !string.IsNullOrWhiteSpace(baseUrl))
            {
                apiKey = ImagingEmulator.DefaultApiKeyFor(provider);
                await stdout.WriteLineAsync($"{variable}_BASE_URL is set but {variable}_API_KEY is not: using the emulator's key against {baseUrl}.");
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

            await stdout.WriteLineAsync($"Editing {Path.GetFullPath(arguments.Image)} with {arguments.Model}: \"{arguments.Prompt}\"");
            var result = await client.EditAsync(
                new ImageEditRequest { Prompt = arguments.Prompt, Model = arguments.Model, Image = ImageInput.FromFile(arguments.Image) },
                cancellationToken);

            var path = Path.GetFullPath(arguments.Out);
            try
            {
                await result.Images[0].SaveAsync(path, cancellationToken);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                await stderr.WriteLineAsync($"error: the result could not be saved: {ex.Message}");
                if (result.Images[0] is RemoteGeneratedImage remote)
                {
                    await stderr.WriteLineAsync($"the image is still at {remote.Url}");
                }

                return 1;
            }

            var bytes = await result.Images[0].GetBytesAsync(cancellationToken);
            var size = ImageInfo.TryIdentify(bytes.Span, out var info) ? $"{info.Width} x {info.Height} px, {info.MediaType}" : "unknown format";
            await stdout.WriteLineAsync($"Saved {path} ({size}) from {result.Provider}:{result.Model}");
            return 0;
        }
        catch (ImagingApiException ex)
        {
            await stderr.WriteLineAsync($"error: {ex.ErrorCode}: {ex.Message}");
            if (ex.RequestId is not null)
            {
                await stderr.WriteLineAsync($"request id: {ex.RequestId}");
            }

            return 1;
        }
        catch (Exception ex) when (ex is ArgumentException or OptionsValidationException or UriFormatException)
        {
            await stderr.WriteLineAsync($"error: invalid input: {ex.Message}");
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
        var prefix = colon > 0 ? model[..colon].Trim().ToLowerInvariant() : string.Empty;
        return ImagingClientBuilderExtensions.ProviderNames.Contains(prefix)
            ? prefix
            : throw new ArgumentException($"--model must be provider:model with one of the providers {string.Join(", ", ImagingClientBuilderExtensions.ProviderNames)}; '{model}' is not.");
    }

    private sealed record Arguments(string Image, string Prompt, string Model, string Out, bool Help)
    {
        public static bool TryParse(string[] args, out Arguments arguments, out string error)
        {
            arguments = new Arguments(string.Empty, DefaultPrompt, DefaultModel, "edit.png", false);
            error = string.Empty;
            for (var i = 0; i < args.Length; i++)
            {
                var name = args[i];
                switch (name)
                {
                    case "--help" or "-h":
                        arguments = arguments with { Help = true };
                        continue;
                    case "--image" or "--prompt" or "--model" or "--out" when i + 1 < args.Length:
                        var value = args[++i];
                        arguments = name switch
                        {
                            "--image" => arguments with { Image = value },
                            "--prompt" => arguments with { Prompt = value },
                            "--model" => arguments with { Model = value },
                            _ => arguments with { Out = value },
                        };
                        continue;
                    case "--image" or "--prompt" or "--model" or "--out":
                        error = $"{name} needs a value.";
                        return false;
                    default:
                        error = $"Unknown argument '{name}'.";
                        return false;
                }
            }

            if (!arguments.Help && arguments.Image.Length == 0)
            {
                error = "--image is required: the file to edit.";
                return false;
            }

            return true;
        }
    }
}
