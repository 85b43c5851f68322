using System.Globalization;
using ImagingClient;
using ImagingClient.Emulator;
using ImagingClient.Providers.Apiframe;
using ImagingClient.Providers.Kie;
using ImagingClient.Providers.RelayGpu;
using ImagingClient.Webhooks;
using Microsoft.Extensions.DependencyInjection;

namespace Webhooks;

/// <summary>
/// A webhook receiver for Kie, RelayGPU and Apiframe on 127.0.0.1. By default it runs a demo against the embedded
/// emulator: one job per provider with its <c>WebhookUrl</c> pointing at the receiver, each delivery verified with the
/// provider's signature scheme (Kie's HMAC of <c>taskId.timestamp</c>, RelayGPU's Standard Webhooks, Apiframe's
/// <c>sha256=</c> HMAC). With <c>--listen</c> it only receives, with the secrets from the environment, until Ctrl+C.
/// </summary>
public static class WebhooksApp
{
    /// <summary>The HMAC key the demo's emulator signs Kie callbacks with.</summary>
    public const string DemoKieHmacKey = "kie-demo-webhook-key";

    /// <summary>The port <c>--listen</c> uses when none is given.</summary>
    public const int DefaultListenPort = 5090;

    private static readonly string Usage = $"""
        Usage: dotnet run --project samples/Webhooks [-- options]

          (no options)     demo: starts the embedded emulator, runs one Kie, RelayGPU and Apiframe job each with a
                           webhook to this receiver, and prints each verified delivery; nothing leaves 127.0.0.1
          --listen         only receive, at http://127.0.0.1:<port>/webhooks/<provider>, until Ctrl+C
          --port <n>       the port (default: a free one for the demo, {DefaultListenPort} with --listen)
          --help           show this text

        Environment for --listen (each defaults to the emulator's value):
          KIE_API_KEY, KIE_WEBHOOK_HMAC_KEY            Kie's key and webhook HMAC key
          RELAYGPU_API_KEY, RELAYGPU_WEBHOOK_SECRET    RelayGPU's key and Standard Webhooks secret (whsec_…)
          APIFRAME_API_KEY                             Apiframe's key (its SHA-256 keys the signature)
        A real provider needs a public https URL: put a tunnel in front of the port.
        """;

    /// <summary>Runs the sample.</summary>
    /// <param name="args">Command-line arguments.</param>
    /// <param name="getEnvironmentVariable">Reads an environment variable.</param>
    /// <param name="stdout">Where deliveries are reported.</param>
    /// <param name="stderr">Where errors go.</param>
    /// <param name="timeProvider">The clock for the receiver, the client and the emulator; the system clock by default.</param>
    /// <param name="cancellationToken">Stops the run.</param>
    /// <returns>0 on success, 1 when a delivery did not arrive or a job failed, 2 for bad arguments, 130 when cancelled during the demo.</returns>
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

        if (!TryParse(args, out var listen, out var port, out var help, out var error))
        {
            await stderr.WriteLineAsync(error);
            await stderr.WriteLineAsync(Usage);
            return 2;
        }

        if (help)
        {
            await stdout.WriteLineAsync(Usage);
            return 0;
        }

        try
        {
            return listen
                ? await ListenAsync(getEnvironmentVariable, port ?? DefaultListenPort, stdout, time, cancellationToken)
                : await DemoAsync(port ?? 0, stdout, stderr, time, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await stderr.WriteLineAsync("cancelled");
            return 130;
        }
        catch (IOException ex)
        {
            await stderr.WriteLineAsync($"error: could not listen on 127.0.0.1:{port}: {ex.Message}");
            return 1;
        }
    }

    private static async Task<int> ListenAsync(Func<string, string?> env, int port, TextWriter stdout, TimeProvider time, CancellationToken cancellationToken)
    {
        var secrets = new WebhookSecrets(
            env("KIE_API_KEY") ?? KieEmulatorOptions.DefaultApiKey,
            env("KIE_WEBHOOK_HMAC_KEY") ?? DemoKieHmacKey,
            env("RELAYGPU_API_KEY") ?? RelayGpuEmulatorOptions.DefaultApiKey,
            env("RELAYGPU_WEBHOOK_SECRET") ?? RelayGpuEmulatorOptions.DefaultWebhookSecret,
            env("APIFRAME_API_KEY") ?? ApiframeEmulatorOptions.DefaultApiKey);
        await using var receiver = await WebhookReceiver.StartAsync(secrets, port, time, cancellationToken);
        await stdout.WriteLineAsync($"Receiving at {receiver.BaseAddress}webhooks/{{kie|relaygpu|apiframe}}; Ctrl+C stops.");
        try
        {
            await foreach (var webhookEvent in receiver.Accepted.ReadAllAsync(cancellationToken))
            {
                await ReportAsync(webhookEvent, stdout);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Ctrl+C: the normal way to stop listening.
        }

        return 0;
    }

    private static async Task<int> DemoAsync(int port, TextWriter stdout, TextWriter stderr, TimeProvider time, CancellationToken cancellationToken)
    {
        var emulatorOptions = new ImagingEmulatorOptions { TimeProvider = time };
        emulatorOptions.Kie.WebhookHmacKey = DemoKieHmacKey;
        emulatorOptions.Kie.TaskDuration = TimeSpan.FromSeconds(1);
        emulatorOptions.Apiframe.JobDuration = TimeSpan.FromSeconds(1);
        emulatorOptions.RelayGpu.TaskDuration = TimeSpan.FromSeconds(1);
        await using var emulator = await ImagingEmulator.StartAsync(emulatorOptions, cancellationToken);
        var secrets = new WebhookSecrets(
            KieEmulatorOptions.DefaultApiKey,
            DemoKieHmacKey,
            RelayGpuEmulatorOptions.DefaultApiKey,
            RelayGpuEmulatorOptions.DefaultWebhookSecret,
            ApiframeEmulatorOptions.DefaultApiKey);
        await using var receiver = await WebhookReceiver.StartAsync(secrets, port, time, cancellationToken);
        await stdout.WriteLineAsync($"Receiving at {receiver.BaseAddress}webhooks/<provider>; the embedded emulator at {emulator.BaseAddress} stands in for the providers.");

        using var client = ImageClient.Create(imaging =>
        {
            imaging.Services.AddSingleton(time);
            imaging.AddKie(o =>
            {
                o.ApiKey = secrets.KieApiKey;
                o.BaseAddress = emulator.BaseAddress;
            });
            imaging.AddRelayGpu(o =>
            {
                o.ApiKey = secrets.RelayGpuApiKey;
                o.BaseAddress = emulator.BaseAddress;
            });
            imaging.AddApiframe(o =>
            {
                o.ApiKey = secrets.ApiframeApiKey;
                o.BaseAddress = emulator.BaseAddress;
            });
        });

        var jobs = new[]
        {
            await client.StartGenerateAsync(new ImageGenerationRequest { Prompt = "A paper boat", Model = KieModels.FluxKontextPro, WebhookUrl = receiver.UrlFor(KieModels.ProviderName) }, cancellationToken),
            await client.StartGenerateAsync(new ImageGenerationRequest { Prompt = "A lighthouse", Model = RelayGpuModels.QwenImage, WebhookUrl = receiver.UrlFor(RelayGpuModels.ProviderName) }, cancellationToken),
            await client.StartGenerateAsync(
                new ImageGenerationRequest
                {
                    Prompt = "A red kite",
                    Model = ApiframeModels.Flux2Pro,
                    WebhookUrl = receiver.UrlFor(ApiframeModels.ProviderName),
                    ProviderOptions = new ApiframeOptions { WebhookEvents = [ImageWebhookEventKind.Completed, ImageWebhookEventKind.Failed] },
                },
                cancellationToken),
        };
        foreach (var job in jobs)
        {
            await stdout.WriteLineAsync($"Started {job.Provider} job {job.Id} with a webhook.");
        }

        // Bounded: each job takes a second of emulator time, so a minute is plenty.
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(TimeSpan.FromMinutes(1));
        var waiting = jobs.Select(j => j.Id).ToHashSet(StringComparer.Ordinal);
        var failed = false;
        try
        {
            while (waiting.Count > 0)
            {
                var webhookEvent = await receiver.Accepted.ReadAsync(limit.Token);
                failed |= !await ReportAsync(webhookEvent, stdout);
                if (webhookEvent.IsCompleted)
                {
                    waiting.Remove(webhookEvent.JobId);
                }
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            await stderr.WriteLineAsync($"error: no completed webhook within a minute for job(s) {string.Join(", ", waiting)}.");
            foreach (var callback in emulator.Callbacks)
            {
                await stderr.WriteLineAsync($"  delivery {callback}");
            }

            return 1;
        }

        return failed ? 1 : 0;
    }

    /// <summary>Prints a verified event and, for a finished job, its result; false when the job failed.</summary>
    private static async Task<bool> ReportAsync(ImageWebhookEvent webhookEvent, TextWriter stdout)
    {
        await stdout.WriteLineAsync($"Accepted a {(webhookEvent.IsSigned ? "signed" : "UNSIGNED")} {webhookEvent.Provider} webhook: job {webhookEvent.JobId} {webhookEvent.Kind} ({webhookEvent.ProviderStatus ?? webhookEvent.Status.ToString()})");
        if (!webhookEvent.IsCompleted)
        {
            return true;
        }

        try
        {
            var result = webhookEvent.GetResult();
            var where = result.Images[0] is RemoteGeneratedImage remote ? remote.Url.ToString() : "inline";
            await stdout.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"  {result.Images.Count} image(s) from {result.Provider}:{result.Model}; the first: {where}"));
            return true;
        }
        catch (ImagingApiException ex)
        {
            await stdout.WriteLineAsync($"  the job failed: {ex.ErrorCode}: {ex.Message}");
            return false;
        }
    }

    private static bool TryParse(string[] args, out bool listen, out int? port, out bool help, out string error)
    {
        (listen, port, help, error) = (false, null, false, string.Empty);
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--help" or "-h":
                    help = true;
                    break;
                case "--listen":
                    listen = true;
                    break;
                case "--port" when i + 1 < args.Length:
                    if (!int.TryParse(args[++i], NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value > 65535)
                    {
                        error = $"--port takes a port number (0 to 65535); '{args[i]}' is not one.";
                        return false;
                    }

                    port = value;
                    break;
                case "--port":
                    error = "--port needs a value.";
                    return false;
                default:
                    error = $"Unknown argument '{args[i]}'.";
                    return false;
            }
        }

        return true;
    }
}
