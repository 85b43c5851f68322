using ImagingClient.Emulator;
using Microsoft.Extensions.DependencyInjection;

namespace ImagingClient.Cli;

/// <summary>
/// A client for one provider, with its key and endpoint from <c>&lt;PROVIDER&gt;_API_KEY</c> and
/// <c>&lt;PROVIDER&gt;_BASE_URL</c>; with neither, an embedded emulator on 127.0.0.1 stands in for the provider.
/// </summary>
internal sealed class ProviderConnection : IAsyncDisposable
{
    private readonly ImagingEmulator? _emulator;

    private ProviderConnection(IImageClient client, ImagingEmulator? emulator)
    {
        Client = client;
        _emulator = emulator;
    }

    public IImageClient Client { get; }

    /// <summary>Whether the provider is the embedded emulator, whose jobs end with this run.</summary>
    public bool IsEmbeddedEmulator => _emulator is not null;

    /// <summary>Connects to a provider.</summary>
    /// <param name="provider">The provider's name, as in model ids.</param>
    /// <param name="getEnvironmentVariable">Reads the provider's variables.</param>
    /// <param name="status">Where the connection is described.</param>
    /// <param name="time">The clock of the client and the emulator.</param>
    /// <param name="allowEmbeddedEmulator">False where an embedded emulator could not help (resuming a job of another run).</param>
    /// <param name="cancellationToken">Stops the emulator's start.</param>
    /// <exception cref="CliUsageException">No key or endpoint is set and an embedded emulator is not allowed.</exception>
    public static async Task<ProviderConnection> ConnectAsync(
        string provider,
        Func<string, string?> getEnvironmentVariable,
        TextWriter status,
        TimeProvider time,
        bool allowEmbeddedEmulator,
        CancellationToken cancellationToken)
    {
        var variable = provider.ToUpperInvariant();
        var apiKey = getEnvironmentVariable($"{variable}_API_KEY");
        var baseUrl = getEnvironmentVariable($"{variable}_BASE_URL");
        ImagingEmulator? emulator = null;
        if (string.IsNullOrWhiteSpace(apiKey) && !string.IsNullOrWhiteSpace(baseUrl))
        {
            // A base URL without a key: most likely a standalone emulator, which accepts its default key.
            apiKey = ImagingEmulator.DefaultApiKeyFor(provider);
            await status.WriteLineAsync($"{variable}_BASE_URL is set but {variable}_API_KEY is not: using the emulator's default key against {baseUrl}.");
        }
        else if (string.IsNullOrWhiteSpace(apiKey))
        {
            if (!allowEmbeddedEmulator)
            {
                throw new CliUsageException(
                    $"No {variable}_API_KEY is set. Set it (or {variable}_BASE_URL for a standalone emulator): a job of the embedded emulator ends with the run that started it, so it cannot be resumed.");
            }

            emulator = await ImagingEmulator.StartAsync(new ImagingEmulatorOptions { TimeProvider = time }, cancellationToken);
            apiKey = emulator.ApiKeyFor(provider);
            baseUrl = emulator.BaseAddress.AbsoluteUri;
            await status.WriteLineAsync($"No {variable}_API_KEY set: using the embedded emulator at {baseUrl} (a local stand-in for {provider}; nothing is charged).");
        }

        Uri? baseAddress = null;
        if (!string.IsNullOrWhiteSpace(baseUrl) && !Uri.TryCreate(baseUrl, UriKind.Absolute, out baseAddress))
        {
            throw new CliUsageException($"{variable}_BASE_URL is not an absolute URL: '{baseUrl}'.");
        }

        try
        {
            var client = ImageClient.Create(imaging =>
            {
                imaging.Services.AddSingleton(time);
                imaging.AddProvider(provider, options =>
                {
                    options.ApiKey = apiKey;
                    if (baseAddress is not null)
                    {
                        options.BaseAddress = baseAddress;
                    }
                });
            });
            return new ProviderConnection(client, emulator);
        }
        catch
        {
            if (emulator is not null)
            {
                await emulator.DisposeAsync();
            }

            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        if (_emulator is not null)
        {
            await _emulator.DisposeAsync();
        }
    }
}

/// <summary>Bad usage or input found by the command itself, before anything is sent: exit code <see cref="ExitCodes.Usage"/>.</summary>
internal sealed class CliUsageException(string message) : Exception(message);
