using System.Collections;
using DependencyInjectionSample;

using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancel.Cancel();
};

var environment = Environment.GetEnvironmentVariables()
    .Cast<DictionaryEntry>()
    .ToDictionary(e => (string)e.Key, e => (string?)e.Value);
return await DependencyInjectionApp.RunAsync(args, environment, Console.Out, Console.Error, cancellationToken: cancel.Token);
