using ImagingClient.Cli;

using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    // The first Ctrl+C stops waiting (and prints the job's resume token); a second one ends the process at once.
    if (!cancel.IsCancellationRequested)
    {
        e.Cancel = true;
        cancel.Cancel();
    }
};

return await ImagingCliApp.RunAsync(args, Environment.GetEnvironmentVariable, Console.Out, Console.Error, cancellationToken: cancel.Token);
