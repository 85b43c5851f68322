using ImagingClient;
using ImagingClient.Emulator;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace DependencyInjectionSample;

/// <summary>
/// A generic host whose image providers come from one configuration section: <c>appsettings.json</c>'s
/// <c>"Imaging"</c> section, overlaid by environment variables (<c>Imaging__Concurred__ApiKey</c>). A service receives
/// <see cref="IImageClient"/> by injection and paints one image. With no key configured, the sample starts the embedded
/// emulator and points the configuration at it, so the first run works anywhere and spends nothing.
/// </summary>
public static class DependencyInjectionApp
{
    /// <summary>The prompt used when none is given.</summary>
    public const string DefaultPrompt = "A lighthouse on a rocky coast at dawn, watercolor";

    private const string Usage = """
        Usage: dotnet run --project samples/DependencyInjection [-- options]

          --prompt <text>  what to draw (default: a lighthouse at dawn)
          --out <path>     where to save the image (default: dependency-injection.png in the current folder)
          --help           show this text

        Configuration: the "Imaging" section of appsettings.json (beside the program), then environment variables,
        with "__" for ":". For example:
          Imaging__Concurred__ApiKey      your Concurred key; without it the embedded emulator is used
          Imaging__DefaultProvider        the provider for a model with no "provider:" prefix
          Imaging__Kie__ApiKey            adds Kie (any provider with a section is registered)
        A key the settings do not have (Imaging__Concurred__BaseUrl) stops the host at start, naming it.
        """;

    /// <summary>Runs the sample.</summary>
    /// <param name="args">Command-line arguments.</param>
    /// <param name="environment">The environment variables, read as the host's environment-variables source reads them.</param>
    /// <param name="stdout">Where results go.</param>
    /// <param name="stderr">Where errors go.</param>
    /// <param name="timeProvider">The clock for the client and the embedded emulator; the system clock by default.</param>
    /// <param name="cancellationToken">Stops the run.</param>
    /// <returns>0 on success, 1 when the provider failed, 2 for bad input or configuration.</returns>
    public static async Task<int> RunAsync(
        string[] args,
        IReadOnlyDictionary<string, string?> environment,
        TextWriter stdout,
        TextWriter stderr,
        TimeProvider? timeProvider = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(environment);
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
            // An empty builder, so the sample reads exactly the configuration it shows; Host.CreateApplicationBuilder(args)
            // adds the same two sources (and more) by itself.
            var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings { ContentRootPath = AppContext.BaseDirectory });
            builder.Configuration.SetBasePath(AppContext.BaseDirectory);
            builder.Configuration.AddJsonFile("appsettings.json", optional: false);
            builder.Configuration.AddInMemoryCollection(AsConfiguration(environment));

            if (string.IsNullOrWhiteSpace(builder.Configuration["Imaging:Concurred:ApiKey"]))
            {
                emulator = await ImagingEmulator.StartAsync(new ImagingEmulatorOptions { TimeProvider = time }, cancellationToken);
                builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
                {
                    ["Imaging:Concurred:ApiKey"] = emulator.ApiKeyFor("concurred"),
                    ["Imaging:Concurred:BaseAddress"] = emulator.BaseAddress.AbsoluteUri,
                });
                await stdout.WriteLineAsync($"No Imaging:Concurred:ApiKey configured: using the embedded emulator at {emulator.BaseAddress} (a local stand-in for the real API).");
            }

            builder.Services.AddSingleton(time);
            builder.Services.AddImagingClient(builder.Configuration.GetSection("Imaging"));
            builder.Services.AddSingleton<Painter>();

            using var host = builder.Build();
            try
            {
                // The configuration is checked here (ValidateOnStart), before any request.
                await host.StartAsync(cancellationToken);
            }
            catch (Exception ex) when (ex is OptionsValidationException or InvalidOperationException)
            {
                await stderr.WriteLineAsync($"error: configuration: {ex.Message}");
                return 2;
            }

            var painted = await host.Services.GetRequiredService<Painter>().PaintAsync(arguments.Prompt, arguments.Out ?? "dependency-injection.png", cancellationToken);
            await stdout.WriteLineAsync($"Saved {painted.Path}");
            await stdout.WriteLineAsync($"  size:       {painted.Info.Width} x {painted.Info.Height} px");
            await stdout.WriteLineAsync($"  media type: {painted.Info.MediaType}");
            await stdout.WriteLineAsync($"  model:      {painted.Model}");
            await host.StopAsync(cancellationToken);
            return 0;
        }
        catch (ImagingApiException ex)
        {
            await stderr.WriteLineAsync($"error: {ex.ErrorCode}: {ex.Message}");
            return 1;
        }
        catch (Exception ex) when (ex is ArgumentException or IOException or UnauthorizedAccessException)
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

    /// <summary>Environment variables as configuration keys, as the environment-variables source reads them ("__" is ":").</summary>
    private static Dictionary<string, string?> AsConfiguration(IReadOnlyDictionary<string, string?> environment) =>
        environment.ToDictionary(e => e.Key.Replace("__", ConfigurationPath.KeyDelimiter, StringComparison.Ordinal), e => e.Value, StringComparer.OrdinalIgnoreCase);

    private sealed record Arguments(string Prompt, string? Out, bool Help)
    {
        public static bool TryParse(string[] args, out Arguments arguments, out string error)
        {
            arguments = new Arguments(DefaultPrompt, null, false);
            error = string.Empty;
            for (var i = 0; i < args.Length; i++)
            {
                switch (args[i])
                {
                    case "--help" or "-h":
                        arguments = arguments with { Help = true };
                        continue;
                    case "--prompt" or "--out" when i + 1 < args.Length:
                        arguments = args[i] == "--prompt" ? arguments with { Prompt = args[++i] } : arguments with { Out = args[++i] };
                        continue;
                    case "--prompt" or "--out":
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

/// <summary>An app service that receives the image client from the container, as any other dependency.</summary>
/// <param name="images">The client, configured by the "Imaging" section.</param>
public sealed class Painter(IImageClient images)
{
    /// <summary>Generates one image with the default provider's default model and saves it.</summary>
    /// <param name="prompt">What to draw.</param>
    /// <param name="path">Where to save it.</param>
    /// <param name="cancellationToken">Stops the work.</param>
    /// <returns>Where it was saved, what it is, and the model that made it.</returns>
    public async Task<(string Path, ImageInfo Info, string Model)> PaintAsync(string prompt, string path, CancellationToken cancellationToken)
    {
        var result = await images.GenerateAsync(new ImageGenerationRequest { Prompt = prompt }, cancellationToken);
        var bytes = await result.Images[0].GetBytesAsync(cancellationToken);
        var fullPath = Path.GetFullPath(path);
        await result.Images[0].SaveAsync(fullPath, cancellationToken);
        var info = ImageInfo.TryIdentify(bytes.Span, out var identified) ? identified : new ImageInfo(ImageInfo.UnknownMediaType, 0, 0);
        return (fullPath, info, $"{result.Provider}:{result.Model}");
    }
}
