using System.Net;
using ImagingClient.Emulator.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace ImagingClient.Emulator;

/// <summary>
/// An in-process, loopback-only HTTP server that emulates image provider wire protocols for tests
/// and samples. It renders real, deterministic PNGs and never makes an outbound network request.
/// </summary>
/// <remarks>
/// <para>
/// Every emulated provider maps its own API routes and keeps its own settings and state; they share this
/// emulator's clock (<see cref="ImagingEmulatorOptions.TimeProvider"/>), <see cref="Faults"/>, <see cref="Requests"/>,
/// <see cref="Callbacks"/> and image store. Images handed out as URLs are served from <c>GET /files/{id}.png?sig=...</c>
/// without authentication, like signed storage URLs. A provider's own settings and members are extension
/// members declared with it; the project's <c>README.md</c> lists each provider's routes and test hooks.
/// </para>
/// <para>
/// When a request gives no seed, the seed is derived from the prompt (SHA-256), so the same prompt always
/// renders the same image.
/// </para>
/// </remarks>
public sealed class ImagingEmulator : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly EmulatorContext _context;
    private readonly IReadOnlyList<IEmulatedProvider> _providers;
    private readonly ImagingEmulatorOptions _options;
    private int _disposed;

    private ImagingEmulator(WebApplication app, EmulatorContext context, IReadOnlyList<IEmulatedProvider> providers, ImagingEmulatorOptions options)
    {
        _app = app;
        _context = context;
        _providers = providers;
        _options = options;
    }

    /// <summary>Gets the names (as in model ids, such as the part of <c>"name:model"</c> before the colon) of the emulated providers.</summary>
    public static IReadOnlyList<string> ProviderNames { get; } = [.. EmulatedProviders.CreateAll().Select(p => p.Name.ToLowerInvariant())];

    /// <summary>
    /// Gets the API key this emulator accepts for a provider, so code that learns the provider at run time (from a
    /// model id) can call it without knowing each provider's settings.
    /// </summary>
    /// <param name="provider">The provider's name as in model ids, in any case.</param>
    /// <returns>The key.</returns>
    /// <exception cref="ArgumentException">The emulator has no such provider.</exception>
    public string ApiKeyFor(string provider) => Find(_providers, provider).ApiKey(_options);

    /// <summary>Gets the API key an emulator started with default settings accepts for a provider (a standalone one, say).</summary>
    /// <param name="provider">The provider's name as in model ids, in any case.</param>
    /// <returns>The key.</returns>
    /// <exception cref="ArgumentException">The emulator has no such provider.</exception>
    public static string DefaultApiKeyFor(string provider) => Find(EmulatedProviders.CreateAll(), provider).ApiKey(new ImagingEmulatorOptions());

    private static IEmulatedProvider Find(IReadOnlyList<IEmulatedProvider> providers, string provider)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(provider);
        return providers.FirstOrDefault(p => string.Equals(p.Name, provider.Trim(), StringComparison.OrdinalIgnoreCase))
            ?? throw new ArgumentException($"The emulator has no provider '{provider}'; it emulates {string.Join(", ", ProviderNames)}.", nameof(provider));
    }

    /// <summary>Gets the emulator's base address, for example <c>http://127.0.0.1:54321/</c> (with a trailing slash).</summary>
    public Uri BaseAddress => _context.BaseAddress;

    /// <summary>Gets the fault-injection controls, shared by every emulated provider's API routes.</summary>
    public EmulatorFaults Faults => _context.Faults;

    /// <summary>Gets a snapshot of the requests received so far (the most recent 10,000), in arrival order.</summary>
    public IReadOnlyList<EmulatorRequest> Requests => _context.Requests.Snapshot();

    /// <summary>
    /// Gets a snapshot of the callback (webhook) attempts made so far by any emulated provider (the most recent
    /// 10,000), in the order their outcome was known: sent and answered, failed, or refused because the URL is not
    /// a loopback address. Each retry of a failed callback is a separate entry, numbered by
    /// <see cref="EmulatorCallback.Attempt"/>.
    /// </summary>
    public IReadOnlyList<EmulatorCallback> Callbacks => _context.Callbacks.Snapshot();

    /// <summary>Starts an emulator listening on <c>127.0.0.1</c>.</summary>
    /// <param name="options">Settings; <see langword="null"/> uses the defaults (a free port, the system clock and each provider's default settings and keys).</param>
    /// <param name="cancellationToken">Cancels the start.</param>
    /// <returns>The running emulator; dispose it to stop the server.</returns>
    /// <exception cref="ArgumentException">An option is invalid.</exception>
    /// <exception cref="IOException">The requested port is already in use.</exception>
    public static async Task<ImagingEmulator> StartAsync(ImagingEmulatorOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new ImagingEmulatorOptions();
        Validate(options);

        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions
        {
            ApplicationName = typeof(ImagingEmulator).Assembly.GetName().Name,
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton<IHostLifetime>(new NoopHostLifetime());
        builder.Services.Configure<HostOptions>(host => host.ShutdownTimeout = TimeSpan.FromSeconds(5));
        builder.Services.AddRoutingCore();
        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;

            // Room for the largest upload an emulated provider accepts (50 MB of video) plus multipart framing.
            kestrel.Limits.MaxRequestBodySize = 64L * 1024 * 1024;
            kestrel.Listen(IPAddress.Loopback, options.Port);
        });

        var context = new EmulatorContext(options.TimeProvider, options.ImageCapacity);
        var providers = EmulatedProviders.CreateAll();
        var app = builder.Build();
        app.Use((httpContext, next) => RequestRecorder.InvokeAsync(httpContext, next, context.Requests));
        app.UseRouting();

        try
        {
            foreach (var provider in providers)
            {
                provider.Map(app, context, options);
            }

            FileRoutes.Map(app, context);
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
            var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
            var port = new Uri(address).Port;
            context.BaseAddress = new Uri($"http://127.0.0.1:{port}/");
        }
        catch
        {
            await StopAsync(providers, context).ConfigureAwait(false);
            await app.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        return new ImagingEmulator(app, context, providers, options);
    }

    /// <summary>
    /// Stops the server and releases its port. Every provider's pending timers (task completion, callback
    /// retries) are cancelled, and callbacks still in flight are abandoned (recorded with an error, and not retried).
    /// </summary>
    /// <returns>A task that completes when the server has stopped.</returns>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        try
        {
            await _app.StopAsync(CancellationToken.None).ConfigureAwait(false);
        }
        finally
        {
            await StopAsync(_providers, _context).ConfigureAwait(false);
            await _app.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>Gets this emulator's instance of the emulated provider <typeparamref name="T"/>.</summary>
    internal T Provider<T>()
        where T : class, IEmulatedProvider =>
        _providers.OfType<T>().SingleOrDefault()
        ?? throw new InvalidOperationException($"{typeof(T).FullName} is not an emulated provider of this emulator.");

    private static void Validate(ImagingEmulatorOptions options)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(options.Port, nameof(options));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(options.Port, IPEndPoint.MaxPort, nameof(options));
        ArgumentNullException.ThrowIfNull(options.TimeProvider, nameof(options));
        if (options.ImageCapacity is < 1 or > ImagingEmulatorOptions.MaxImageCapacity)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.ImageCapacity, $"ImageCapacity must be between 1 and {ImagingEmulatorOptions.MaxImageCapacity}.");
        }
    }

    /// <summary>Stops every provider (each once, in reverse mapping order), then the webhook sender.</summary>
    private static async Task StopAsync(IReadOnlyList<IEmulatedProvider> providers, EmulatorContext context)
    {
        try
        {
            for (var i = providers.Count - 1; i >= 0; i--)
            {
                await providers[i].StopAsync().ConfigureAwait(false);
            }
        }
        finally
        {
            await context.Webhooks.DisposeAsync().ConfigureAwait(false);
        }
    }
}
