using ImagingClient;
using ImagingClient.Emulator;
using ImagingClient.Providers.Kie;
using Microsoft.Extensions.DependencyInjection;

namespace AsyncJobs;

/// <summary>
/// Starts a Kie.ai Flux Kontext job, shows its progress and waits for it; then starts a second one, keeps only its
/// resume token (as a program that is about to exit would), and re-attaches to it from a fresh client (as a second
/// program would). With no <c>KIE_API_KEY</c> it runs against the embedded emulator.
/// </summary>
public static class AsyncJobsApp
{
    private const string Usage = """
        Usage: dotnet run --project samples/AsyncJobs [-- options]

          --out <folder>  where to save asyncjobs-1.png and asyncjobs-2.png (default: the current folder)
          --help          show this text

        Environment:
          KIE_API_KEY   your Kie.ai key; without it the embedded emulator is used
          KIE_BASE_URL  another endpoint; without a key, a standalone emulator (with its default key)
        """;

    /// <summary>Runs the sample.</summary>
    /// <param name="args">Optional: <c>--out &lt;folder&gt;</c>, or <c>--help</c>.</param>
    /// <param name="getEnvironmentVariable">Reads <c>KIE_API_KEY</c> and <c>KIE_BASE_URL</c>.</param>
    /// <param name="stdout">Where progress goes.</param>
    /// <param name="stderr">Where errors go.</param>
    /// <param name="timeProvider">The clock for the client and the embedded emulator; the system clock by default.</param>
    /// <param name="cancellationToken">Stops waiting (the jobs go on at Kie).</param>
    /// <returns>0 on success, 1 when a job failed or could not be waited for, 2 for unknown arguments, 130 when cancelled.</returns>
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
        string folder;
        switch (args)
        {
            case []:
                folder = Directory.GetCurrentDirectory();
                break;
            case ["--help" or "-h"]:
                await stdout.WriteLineAsync(Usage);
                return 0;
            case ["--out", var value]:
                folder = value;
                break;
            default:
                await stderr.WriteLineAsync(args is ["--out"] ? "--out needs a value." : $"Unknown arguments: {string.Join(' ', args)}.");
                await stderr.WriteLineAsync(Usage);
                return 2;
        }

        ImagingEmulator? emulator = null;
        try
        {
            var apiKey = getEnvironmentVariable("KIE_API_KEY");
            var baseUrl = getEnvironmentVariable("KIE_BASE_URL");
            if (string.IsNullOrWhiteSpace(apiKey) && !string.IsNullOrWhiteSpace(baseUrl))
            {
                // A base URL without a key: most likely a standalone emulator, which accepts its default key.
                apiKey = KieEmulatorOptions.DefaultApiKey;
                await stdout.WriteLineAsync($"KIE_BASE_URL is set but KIE_API_KEY is not: using the emulator's key against {baseUrl}.");
            }
            else if (string.IsNullOrWhiteSpace(apiKey))
            {
                emulator = await ImagingEmulator.StartAsync(new ImagingEmulatorOptions { TimeProvider = time, Kie = { TaskDuration = TimeSpan.FromSeconds(4) } }, cancellationToken);
                apiKey = KieEmulatorOptions.DefaultApiKey;
                baseUrl = emulator.BaseAddress.AbsoluteUri;
                await stdout.WriteLineAsync($"No KIE_API_KEY set: using the embedded emulator at {baseUrl}.");
            }

            var progress = new ConsoleProgress(stdout);

            // 1. Start a job, watch it, wait for it.
            string savedToken;
            using (var client = CreateClient(apiKey, baseUrl, time))
            {
                var job = await client.StartGenerateAsync(
                    new ImageGenerationRequest { Prompt = "A paper boat on a calm lake, morning light", Model = KieModels.FluxKontextPro, AspectRatio = ImageAspectRatio.Landscape16x9 },
                    cancellationToken);
                await stdout.WriteLineAsync($"Started Kie task {job.Id}.");
                var result = await job.WaitForCompletionAsync(progress, cancellationToken);
                await SaveAsync(result, Path.Combine(folder, "asyncjobs-1.png"), stdout, cancellationToken);

                // 2. Start another and keep only its token, as a program about to exit would.
                var second = await client.StartGenerateAsync(
                    new ImageGenerationRequest { Prompt = "The same boat at dusk", Model = KieModels.FluxKontextPro },
                    cancellationToken);
                savedToken = second.ResumeToken!.ToString();
                await stdout.WriteLineAsync($"Started Kie task {second.Id}; saved its resume token: {savedToken}");
            }

            // 3. A second program: a fresh client, only the token.
            using (var client = CreateClient(apiKey, baseUrl, time))
            {
                var resumed = await client.ResumeJobAsync(ImageJobToken.Parse(savedToken), cancellationToken);
                await stdout.WriteLineAsync($"Re-attached to Kie task {resumed.Id}: {resumed.Status}.");
                var result = await resumed.WaitForCompletionAsync(progress, cancellationToken);
                await SaveAsync(result, Path.Combine(folder, "asyncjobs-2.png"), stdout, cancellationToken);
            }

            return 0;
        }
        catch (ImagingApiException ex)
        {
            await stderr.WriteLineAsync($"error: {ex.ErrorCode}: {ex.Message}");
            if (ex.JobId is not null)
            {
                await stderr.WriteLineAsync($"job id: {ex.JobId}{(ex.ResumeToken is null ? string.Empty : $"; resume token: {ex.ResumeToken}")}");
            }

            return 1;
        }
        catch (IOException ex)
        {
            await stderr.WriteLineAsync($"error: {ex.Message}");
            return 1;
        }
        catch (ImageJobWaitCanceledException ex)
        {
            await stderr.WriteLineAsync($"stopped waiting; the job goes on. job id: {ex.JobId}; resume token: {ex.ResumeToken}");
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

    private static IImageClient CreateClient(string apiKey, string? baseUrl, TimeProvider time) =>
        ImageClient.Create(imaging =>
        {
            imaging.Services.AddSingleton(time);
            imaging.AddKie(options =>
            {
                options.ApiKey = apiKey;
                options.Polling.FirstDelay = TimeSpan.FromSeconds(1);
                if (!string.IsNullOrWhiteSpace(baseUrl))
                {
                    options.BaseAddress = new Uri(baseUrl, UriKind.Absolute);
                }
            });
        });

    private static async Task SaveAsync(ImageResult result, string path, TextWriter stdout, CancellationToken cancellationToken)
    {
        var image = (RemoteGeneratedImage)result.Images[0];
        try
        {
            await image.SaveAsync(path, cancellationToken);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ImagingApiException)
        {
            // The image is paid for: say where it still is.
            throw new IOException($"Could not save {path} ({ex.Message}); the image is still at {image.Url} until {image.ExpiresAt:u}.", ex);
        }

        await stdout.WriteLineAsync($"Saved {Path.GetFullPath(path)} ({image.MediaType}); Kie keeps the original until {image.ExpiresAt:u}.");
    }

    private sealed class ConsoleProgress(TextWriter stdout) : IProgress<ImageJobProgress>
    {
        public void Report(ImageJobProgress value) =>
            stdout.WriteLine($"  task {value.JobId}: {value.Status} ({value.ProviderStatus})");
    }
}
