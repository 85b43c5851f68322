using System.Globalization;
using System.Runtime.InteropServices;
using ImagingClient.Emulator.Hosting;

namespace ImagingClient.Emulator;

/// <summary>
/// Runs the emulator standalone:
/// <c>dotnet run --project src/ImagingClient.Emulator -- [--port 5080] [provider switches]</c>; <c>--help</c> lists
/// the switches every emulated provider adds (API keys and the like).
/// </summary>
internal static class Program
{
    public static async Task<int> Main(string[] args)
    {
        var options = new ImagingEmulatorOptions();
        var providers = EmulatedProviders.CreateAll();
        var switches = providers.SelectMany(provider => provider.Switches).ToDictionary(entry => entry.Name, StringComparer.Ordinal);
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--port" when i + 1 < args.Length && int.TryParse(args[i + 1], NumberStyles.None, CultureInfo.InvariantCulture, out var port):
                    options.Port = port;
                    i++;
                    break;
                case "-h" or "--help":
                    PrintUsage(Console.Out, switches.Values);
                    return 0;
                case var name when switches.TryGetValue(name, out var entry) && i + 1 < args.Length:
                    entry.Apply(options, args[++i]);
                    break;
                default:
                    await Console.Error.WriteLineAsync($"Unknown or incomplete argument: {args[i]}").ConfigureAwait(false);
                    PrintUsage(Console.Error, switches.Values);
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
            foreach (var line in providers.SelectMany(provider => provider.Describe(options)))
            {
                Console.WriteLine(line);
            }

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

    private static void PrintUsage(TextWriter writer, IEnumerable<EmulatorSwitch> switches)
    {
        var all = switches.ToArray();
        const int Width = 18;
        writer.WriteLine("Usage: ImagingClient.Emulator [--port <port>]" + string.Concat(all.Select(entry => $" [{entry.Name} <{entry.Value}>]")));
        writer.WriteLine($"  {"--port",-Width}Loopback port to listen on (default: a free port).");
        foreach (var entry in all)
        {
            writer.WriteLine($"  {entry.Name,-Width}{entry.Description}");
        }
    }
}
