using ImagingClient.Emulator.Hosting;
using ImagingClient.Emulator.Kie;
using Microsoft.AspNetCore.Routing;

namespace ImagingClient.Emulator;

/// <summary>
/// The Kie.ai Flux Kontext part of a running <see cref="ImagingEmulator"/>, reached as <c>emulator.Kie</c>
/// (see <see cref="KieEmulatorExtensions"/>): what only Kie's emulation offers at run time.
/// </summary>
/// <remarks>
/// Routes: <c>POST /api/v1/flux/kontext/generate</c>, <c>GET /api/v1/flux/kontext/record-info</c>,
/// <c>POST /api/v1/common/download-url</c> and <c>GET /api/v1/chat/credit</c>, authenticated with
/// <see cref="KieEmulatorOptions.ApiKey"/>. Tasks stay generating for <see cref="KieEmulatorOptions.TaskDuration"/>;
/// completion callbacks go to loopback URLs only, are retried on failure (<see cref="KieEmulatorOptions.CallbackRetries"/>)
/// and every attempt is listed in <see cref="ImagingEmulator.Callbacks"/>.
/// </remarks>
public sealed class KieRoom : IEmulatedProvider
{
    private static readonly EmulatorSwitch[] CommandLine =
    [
        new("--kie-key", "key", $"The Kie API key to accept (default: {KieEmulatorOptions.DefaultApiKey}).", (options, value) => options.Kie.ApiKey = value),
        new("--kie-hmac-key", "key", "Sign Kie callbacks with this webhook HMAC key (default: unsigned).", (options, value) => options.Kie.WebhookHmacKey = value),
    ];

    private KieRoutes? _routes;
    private CallbackLog? _callbacks;

    /// <summary>Created by the emulator, through reflection.</summary>
    internal KieRoom()
    {
    }

    string IEmulatedProvider.Name => "Kie";

    /// <summary>
    /// Gets the ids of the tasks the emulator keeps now (the newest 1,000), in no particular order: for tests that
    /// check no task was lost or made twice.
    /// </summary>
    /// <exception cref="InvalidOperationException">The emulator has not started yet.</exception>
    internal IReadOnlyCollection<string> TaskIds => (_routes ?? throw new InvalidOperationException("The emulator has not started yet.")).TaskIds;

    Type IEmulatedProvider.OptionsType => typeof(KieEmulatorOptions);

    string IEmulatedProvider.ApiKey(ImagingEmulatorOptions options) => options.Kie.ApiKey;

    IReadOnlyList<EmulatorSwitch> IEmulatedProvider.Switches => CommandLine;

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
        var callbacks = _callbacks ?? throw new InvalidOperationException("The emulator has not started yet.");
        return callbacks.WaitForAsync(taskId, attempt, cancellationToken);
    }

    void IEmulatedProvider.Map(IEndpointRouteBuilder routes, EmulatorContext context, ImagingEmulatorOptions options)
    {
        var settings = options.Kie;
        settings.Validate(nameof(options));
        _callbacks = context.Callbacks;
        _routes = KieRoutes.Map(routes, context, settings);
    }

    IEnumerable<string> IEmulatedProvider.Describe(ImagingEmulatorOptions options) =>
    [
        $"Kie API key: {options.Kie.ApiKey}",
        options.Kie.WebhookHmacKey is null
            ? "Kie callbacks: unsigned (pass --kie-hmac-key to sign them)"
            : "Kie callbacks: signed with the given HMAC key (X-Webhook-Timestamp, X-Webhook-Signature)",
    ];

    ValueTask IEmulatedProvider.StopAsync()
    {
        _routes?.Dispose();
        return ValueTask.CompletedTask;
    }
}
