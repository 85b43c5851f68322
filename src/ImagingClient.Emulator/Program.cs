using System.Globalization;
using System.Runtime.InteropServices;

namespace ImagingClient.Emulator;

/// <summary>
/// Runs the emulator standalone:
/// <c>dotnet run --project src/ImagingClient.Emulator -- [--port 5080] [--concurred-key ck_...] [--kie-key ...] [--kie-hmac-key ...]</c>.
/// </summary>
internal static class Program
{
    public static async Task<int> Main(string[] args)
    {
        var options = new ImagingEmulatorOptions();
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--port" when i + 1 < args.Length && int.TryParse(args[i + 1], NumberStyles.None, CultureInfo.InvariantCulture, out var port):
                    options.Port = port;
                    i++;
                    break;
                case "--concurred-key" when i + 1 < args.Length:
                    options.ConcurredApiKey = args[++i];
                    break;
                case "--kie-key" when i + 1 < args.Length:
                    options.KieApiKey = args[++i];
                    break;
                case "--kie-hmac-key" when i + 1 < args.Length:
                    options.KieWebhookHmacKey = args[++i];
                    break;
                case "-h" or "--help":
                    PrintUsage(Console.Out);
                    return 0;
                default:
                    await Console.Error.WriteLineAsync($"Unknown or incomplete argument: {args[i]}").ConfigureAwait(false);
                    PrintUsage(Console.Error);
                    return 2;
            }
        }

        var stop = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal);
        using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal);

        ImagingEmulator emulator;
        try
        {
            emulator = await ImagingEmulator.StartAsync(options).ConfigureAwait(false);
        }
        catch (ArgumentException exception)
        {
            await Console.Error.WriteLineAsync($"Invalid option: {exception.Message}").ConfigureAwait(false);
            return 2;
        }
        catch (IOException exception)
        {
            await Console.Error.WriteLineAsync($"Could not start the emulator: {exception.Message}").ConfigureAwait(false);
            return 1;
        }

        await using (emulator.ConfigureAwait(false))
        {
            Console.WriteLine($"ImagingClient emulator listening on {emulator.BaseAddress}");
            Console.WriteLine($"Concurred API key: {options.ConcurredApiKey}");
            Console.WriteLine($"Kie API key: {options.KieApiKey}");
            Console.WriteLine(options.KieWebhookHmacKey is null
                ? "Kie callbacks: unsigned (pass --kie-hmac-key to sign them)"
                : "Kie callbacks: signed with the given HMAC key (X-Webhook-Timestamp, X-Webhook-Signature)");
            Console.WriteLine("Press Ctrl+C to stop.");
            await stop.Task.ConfigureAwait(false);
        }

        return 0;

        void OnSignal(PosixSignalContext context)
        {
            context.Cancel = true;
            stop.TrySetResult();
        }
    }

    private static void PrintUsage(TextWriter writer)
    {
        writer.WriteLine("Usage: ImagingClient.Emulator [--port <port>] [--concurred-key <ck_...>] [--kie-key <key>] [--kie-hmac-key <key>]");
        writer.WriteLine("  --port            Loopback port to listen on (default: a free port).");
        writer.WriteLine($"  --concurred-key   The Concurred API key to accept (default: {ImagingEmulatorOptions.DefaultConcurredApiKey}).");
        writer.WriteLine($"  --kie-key         The Kie API key to accept (default: {ImagingEmulatorOptions.DefaultKieApiKey}).");
        writer.WriteLine("  --kie-hmac-key    Sign Kie callbacks with this webhook HMAC key (default: unsigned).");
    }
}
