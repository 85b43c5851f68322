using System.Globalization;
using BenchmarkDotNet.Running;
using ImagingClient.Benchmarks;

// Child processes of the suite: the socket server, one peak-memory case, the emulator.
switch (args)
{
    case ["serve", var megapixels]:
        return await SocketServer.RunAsync(int.Parse(megapixels, CultureInfo.InvariantCulture));
    case ["peak", var kind, var concurrency, var port]:
        return await PeakWorkingSet.RunAsync(kind == "raw", int.Parse(concurrency, CultureInfo.InvariantCulture), int.Parse(port, CultureInfo.InvariantCulture));
    case ["emulator"]:
        return await JobsMeasurement.RunEmulatorAsync();
    case ["jobs"]:
        // (c) alone.
        using (var emulator = ChildProcess.Start("emulator"))
        {
            Console.Error.WriteLine($"emulator at {emulator.FirstLine}");
            Console.WriteLine(await JobsMeasurement.RunAsync(new Uri(emulator.FirstLine)));
        }

        return 0;
    case []:
        // The documented command: the whole performance suite, then its targets as ratios.
        return await PerformanceSuite.RunAsync();
    default:
        // Anything else is BenchmarkDotNet's own command line (--filter, --job, --list, …).
        using (var server = ChildProcess.Start("serve", SocketBenchmarks.Megapixels.ToString(CultureInfo.InvariantCulture)))
        {
            Environment.SetEnvironmentVariable(SocketBenchmarks.PortVariable, server.FirstLine);
            BenchmarkSwitcher.FromAssembly(typeof(Payloads).Assembly).Run(args);
        }

        return 0;
}
