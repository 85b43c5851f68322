using BenchmarkDotNet.Running;

BenchmarkSwitcher.FromAssembly(typeof(ImagingClient.Benchmarks.Payloads).Assembly).Run(args);
