namespace ImagingClient.Benchmarks;

/// <summary>Starts and stops the helper processes the measurements need (a server, an emulator), by their PID.</summary>
public sealed class ChildProcess : IDisposable
{
    private readonly System.Diagnostics.Process _process;

    private ChildProcess(System.Diagnostics.Process process, string firstLine)
    {
        _process = process;
        FirstLine = firstLine;
    }

    /// <summary>What the child printed first: a port or a base address.</summary>
    public string FirstLine { get; }

    /// <summary>Runs this program again with <paramref name="arguments"/> and waits for its first line (at most 60 s).</summary>
    public static ChildProcess Start(params string[] arguments)
    {
        var start = new System.Diagnostics.ProcessStartInfo(Environment.ProcessPath!)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        if (!Path.GetFileName(Environment.ProcessPath!).StartsWith("ImagingClient.Benchmarks", StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"The measurements' helper processes start from the benchmark program itself, not from {Environment.ProcessPath}.");
        }

        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        var process = System.Diagnostics.Process.Start(start)!;
        var line = process.StandardOutput.ReadLineAsync();
        if (!line.Wait(TimeSpan.FromSeconds(60)) || line.Result is null)
        {
            process.Kill(entireProcessTree: true);
            throw new InvalidOperationException($"The child process '{string.Join(' ', arguments)}' did not start.");
        }

        return new ChildProcess(process, line.Result);
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.StandardInput.Close();
            if (!_process.WaitForExit(TimeSpan.FromSeconds(10)))
            {
                _process.Kill(entireProcessTree: true);
            }
        }

        _process.Dispose();
    }
}
