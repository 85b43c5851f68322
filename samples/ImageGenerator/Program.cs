using ImageGeneratorSample;

using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancel.Cancel();
};

return await ImageGeneratorApp.RunAsync(args, Environment.GetEnvironmentVariable, Console.Out, Console.Error, cancellationToken: cancel.Token);
