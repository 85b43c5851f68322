using System.Net;
using ImagingClient.Emulator.Concurred;
using ImagingClient.Emulator.Hosting;
using ImagingClient.Emulator.Kie;
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
/// Kie Flux Kontext routes: <c>POST /api/v1/flux/kontext/generate</c>, <c>GET /api/v1/flux/kontext/record-info</c>,
/// <c>POST /api/v1/common/download-url</c> and <c>GET /api/v1/chat/credit</c>, authenticated with
/// <see cref="ImagingEmulatorOptions.KieApiKey"/>. Tasks stay generating for
/// <see cref="ImagingEmulatorOptions.KieTaskDuration"/>; completion callbacks go to loopback URLs only, are retried
/// on failure (<see cref="ImagingEmulatorOptions.KieCallbackRetries"/>) and every attempt is listed in <see cref="Callbacks"/>.
/// </para>
/// <para>
/// Test hooks: a Concurred prompt containing <c>[blocked]</c> (any case) is refused with
/// <c>400 GUARDRAIL_BLOCKED</c>; a Kie prompt containing <c>[blocked]</c>, <c>[fail]</c>, <c>[create-fail]</c>
/// or <c>[never]</c> ends its task that way (see the README); <see cref="Faults"/> injects error responses;
/// <see cref="Requests"/> records every request. When a request gives no <c>seed</c>, the seed is derived from
/// the prompt (SHA-256), so the same prompt always renders the same image.
/// </para>
/// </remarks>
public sealed class ImagingEmulator : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly EmulatorContext _context;
    private readonly KieRoutes _kie;
    private readonly WebhookSender _webhooks;
    private int _disposed;

    private ImagingEmulator(WebApplication app, EmulatorContext context, KieRoutes kie, WebhookSender webhooks)
    {
        _app = app;
        _context = context;
        _kie = kie;
        _webhooks = webhooks;
    }

    /// <summary>Gets the emulator's base address, for example <c>http://127.0.0.1:54321/</c> (with a trailing slash).</summary>
    public Uri BaseAddress => _context.BaseAddress;

    /// <summary>Gets the fault-injection controls.</summary>
    public EmulatorFaults Faults => _context.Faults;

    /// <summary>Gets a snapshot of the requests received so far (the most recent 10,000), in arrival order.</summary>
    public IReadOnlyList<EmulatorRequest> Requests => _context.Requests.Snapshot();

    /// <summary>
    /// Gets a snapshot of the callback (webhook) attempts made so far (the most recent 10,000), in the order
    /// their outcome was known: sent and answered, failed, or refused because the URL is not a loopback address.
    /// Each retry of a failed callback is a separate entry, numbered by <see cref="EmulatorCallback.Attempt"/>.
    /// </summary>
    public IReadOnlyList<EmulatorCallback> Callbacks => _context.Callbacks.Snapshot();

    /// <summary>
    /// Waits until the first attempt at the callback for <paramref name="taskId"/> has been made (answered,
    /// failed or refused), completing at once when it already was. Callbacks are sent in the background, so
    /// tests await this (with their own timeout) instead of sleeping.
    /// </summary>
    /// <param name="taskId">The task id the submit call returned.</param>
    /// <param name="cancellationToken">Stops waiting.</param>
    /// <returns>The recorded first attempt.</returns>
    /// <exception cref="ArgumentException"><paramref name="taskId"/> is null or blank.</exception>
    public Task<EmulatorCallback> WaitForCallbackAsync(string taskId, CancellationToken cancellationToken = default) =>
        WaitForCallbackAsync(taskId, 1, cancellationToken);

    /// <summary>
    /// Waits until attempt number <paramref name="attempt"/> at the callback for <paramref name="taskId"/> has been
    /// made, completing at once when it already was. Retries are due on the emulator's
    /// <see cref="ImagingEmulatorOptions.TimeProvider"/>, so with a manual clock advance it past the retry delay
    /// first. An attempt that will never be made (the previous one succeeded, was refused, or retries are off)
    /// never completes: pass a token or add a timeout.
    /// </summary>
    /// <param name="taskId">The task id the submit call returned.</param>
    /// <param name="attempt">1 for the first delivery, 2 to 4 for the retries.</param>
    /// <param name="cancellationToken">Stops waiting.</param>
    /// <returns>The recorded attempt.</returns>
    /// <exception cref="ArgumentException"><paramref name="taskId"/> is null or blank.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="attempt"/> is not between 1 and 4.</exception>
    public Task<EmulatorCallback> WaitForCallbackAsync(string taskId, int attempt, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(taskId);
        ArgumentOutOfRangeException.ThrowIfLessThan(attempt, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(attempt, KieCallbacks.MaxAttempts);
        return _context.Callbacks.WaitForAsync(taskId, attempt, cancellationToken);
    }

    /// <summary>Starts an emulator listening on <c>127.0.0.1</c>.</summary>
    /// <param name="options">Settings; <see langword="null"/> uses the defaults (a free port, keys <c>ck_emulator</c> and <c>kie_emulator</c>).</param>
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
        var webhooks = new WebhookSender(context.Callbacks, options.TimeProvider);
        var app = builder.Build();
        app.Use((httpContext, next) => RequestRecorder.InvokeAsync(httpContext, next, context.Requests));
        app.UseRouting();
        ConcurredRoutes.Map(app, context, options);
        var kie = KieRoutes.Map(app, context, webhooks, options);
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
            kie.Dispose();
            await webhooks.DisposeAsync().ConfigureAwait(false);
            await app.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        return new ImagingEmulator(app, context, kie, webhooks);
    }

    /// <summary>
    /// Stops the server and releases its port. Pending Kie callback timers (completion and retry) are cancelled
    /// and callbacks still in flight are abandoned (recorded with an error, and not retried).
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
            _kie.Dispose();
            await _webhooks.DisposeAsync().ConfigureAwait(false);
            await _app.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>The longest due time a <see cref="TimeProvider"/> timer accepts (about 49.7 days).</summary>
    private static readonly TimeSpan MaxTimerDueTime = TimeSpan.FromMilliseconds(uint.MaxValue - 1);

    private static void Validate(ImagingEmulatorOptions options)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(options.Port, nameof(options));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(options.Port, IPEndPoint.MaxPort, nameof(options));
        ArgumentException.ThrowIfNullOrWhiteSpace(options.ConcurredApiKey, nameof(options));
        ArgumentNullException.ThrowIfNull(options.TimeProvider, nameof(options));
        ArgumentOutOfRangeException.ThrowIfLessThan(options.ConcurredRateLimitPerMinute, 1, nameof(options));
        ArgumentException.ThrowIfNullOrWhiteSpace(options.KieApiKey, nameof(options));
        if (options.KieWebhookHmacKey is { Length: 0 })
        {
            throw new ArgumentException("KieWebhookHmacKey must be null (unsigned callbacks) or a non-empty key.", nameof(options));
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(options.KieTaskDuration, TimeSpan.Zero, nameof(options));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(options.KieTaskDuration, MaxTimerDueTime, nameof(options));
        ArgumentOutOfRangeException.ThrowIfNegative(options.KieInitialCredits, nameof(options));
    }
}
