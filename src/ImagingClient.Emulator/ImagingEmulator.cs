using System.Net;
using ImagingClient.Emulator.Concurred;
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
/// Concurred routes: <c>POST /api/v1/image/generate</c> and <c>POST /api/v1/image/edit</c>, authenticated
/// with <see cref="ImagingEmulatorOptions.ConcurredApiKey"/>. URL results are served from
/// <c>GET /files/{id}.png?sig=...</c> without authentication, like signed URLs; Flux URLs expire ten
/// minutes after creation (per <see cref="ImagingEmulatorOptions.TimeProvider"/>), fal.ai URLs do not.
/// </para>
/// <para>
/// Test hooks: a prompt containing <c>[blocked]</c> (any case) is refused with
/// <c>400 GUARDRAIL_BLOCKED</c>; <see cref="Faults"/> injects error responses; <see cref="Requests"/>
/// records every request. When a request gives no <c>seed</c>, the seed is derived from the prompt
/// (SHA-256), so the same prompt always renders the same image.
/// </para>
/// </remarks>
public sealed class ImagingEmulator : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly EmulatorContext _context;
    private int _disposed;

    private ImagingEmulator(WebApplication app, EmulatorContext context)
    {
        _app = app;
        _context = context;
    }

    /// <summary>Gets the emulator's base address, for example <c>http://127.0.0.1:54321/</c> (with a trailing slash).</summary>
    public Uri BaseAddress => _context.BaseAddress;

    /// <summary>Gets the fault-injection controls.</summary>
    public EmulatorFaults Faults => _context.Faults;

    /// <summary>Gets a snapshot of the requests received so far (the most recent 10,000), in arrival order.</summary>
    public IReadOnlyList<EmulatorRequest> Requests => _context.Requests.Snapshot();

    /// <summary>Starts an emulator listening on <c>127.0.0.1</c>.</summary>
    /// <param name="options">Settings; <see langword="null"/> uses the defaults (a free port, key <c>ck_emulator</c>).</param>
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
            kestrel.Listen(IPAddress.Loopback, options.Port);
        });

        var context = new EmulatorContext(options.TimeProvider);
        var app = builder.Build();
        app.Use((httpContext, next) => RequestRecorder.InvokeAsync(httpContext, next, context.Requests));
        app.UseRouting();
        ConcurredRoutes.Map(app, context, options);
        FileRoutes.Map(app, context);

        try
        {
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
            var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
            var port = new Uri(address).Port;
            context.BaseAddress = new Uri($"http://127.0.0.1:{port}/");
        }
        catch
        {
            await app.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        return new ImagingEmulator(app, context);
    }

    /// <summary>Stops the server and releases its port.</summary>
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
            await _app.DisposeAsync().ConfigureAwait(false);
        }
    }

    private static void Validate(ImagingEmulatorOptions options)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(options.Port, nameof(options));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(options.Port, IPEndPoint.MaxPort, nameof(options));
        ArgumentException.ThrowIfNullOrWhiteSpace(options.ConcurredApiKey, nameof(options));
        ArgumentNullException.ThrowIfNull(options.TimeProvider, nameof(options));
        ArgumentOutOfRangeException.ThrowIfLessThan(options.ConcurredRateLimitPerMinute, 1, nameof(options));
    }
}
