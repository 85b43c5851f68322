using ImagingClient.Emulator.Hosting;
using ImagingClient.Emulator.RelayGpu;
using Microsoft.AspNetCore.Routing;

namespace ImagingClient.Emulator;

/// <summary>
/// The RelayGPU (OpenGPU Relay) part of a running <see cref="ImagingEmulator"/>, reached as <c>emulator.RelayGpu</c>
/// (see <see cref="RelayGpuEmulatorExtensions"/>): what only RelayGPU's emulation offers at run time.
/// </summary>
/// <remarks>
/// Routes: the image routes under <c>/v2/image/...</c> and the original page's <c>/v2/automatic1111/sdapi/v1/txt2img</c>
/// (sync by default, <c>"async": true</c> for a task), <c>GET /v2/tasks/{task_id}</c> (no key; <c>?wait=1..30</c>
/// long-polls), <c>GET /v2/models</c> and <c>GET /v2/models/{name}</c> (no key). Keys: <c>X-API-Key</c> or
/// <c>Authorization: Bearer</c> with <see cref="RelayGpuEmulatorOptions.ApiKey"/>, or none (a guest). Webhooks are
/// signed with Standard Webhooks, go to loopback URLs only, and every attempt is listed in
/// <see cref="ImagingEmulator.Callbacks"/> with the task id as its task id.
/// </remarks>
public sealed class RelayGpuRoom : IEmulatedProvider
{
    private static readonly EmulatorSwitch[] CommandLine =
    [
        new("--relaygpu-key", "key", $"The RelayGPU API key to accept (default: {RelayGpuEmulatorOptions.DefaultApiKey}).", (options, value) => options.RelayGpu.ApiKey = value),
        new("--relaygpu-webhook-secret", "whsec_...", "The RelayGPU webhook signing secret (default: RelayGpuEmulatorOptions.DefaultWebhookSecret).", (options, value) => options.RelayGpu.WebhookSecret = value),
    ];

    private RelayGpuRoutes? _routes;
    private CallbackLog? _callbacks;

    /// <summary>Created by the emulator, through reflection.</summary>
    internal RelayGpuRoom()
    {
    }

    string IEmulatedProvider.Name => "RelayGpu";

    Type IEmulatedProvider.OptionsType => typeof(RelayGpuEmulatorOptions);

    IReadOnlyList<EmulatorSwitch> IEmulatedProvider.Switches => CommandLine;

    /// <summary>Gets the account's credit balance now, in US dollars (starts at <see cref="RelayGpuEmulatorOptions.InitialCredits"/>).</summary>
    /// <exception cref="InvalidOperationException">The emulator has not started yet.</exception>
    public decimal Credits => Routes.Credits;

    /// <summary>
    /// Gets the ids of the tasks the emulator keeps now (the newest 1,000, synchronous ones included), in no particular
    /// order: for tests that check no task was lost or made twice.
    /// </summary>
    /// <exception cref="InvalidOperationException">The emulator has not started yet.</exception>
    internal IReadOnlyCollection<string> TaskIds => Routes.TaskIds;

    private RelayGpuRoutes Routes => _routes ?? throw new InvalidOperationException("The emulator has not started yet.");

    /// <summary>
    /// Computes the <c>webhook-signature</c> token RelayGPU sends for one attempt: <c>v1,</c> and the base64 of
    /// HMAC-SHA256 keyed with the base64-decoded bytes after <c>whsec_</c> of <paramref name="secret"/>, over
    /// <c>"{webhookId}.{timestamp}.{body}"</c> (UTF-8).
    /// </summary>
    /// <param name="secret">The <c>whsec_...</c> secret.</param>
    /// <param name="webhookId">The <c>webhook-id</c> header.</param>
    /// <param name="timestamp">The <c>webhook-timestamp</c> header, unix seconds.</param>
    /// <param name="body">The exact body.</param>
    /// <returns>The token, for example <c>v1,K5oZ...=</c>.</returns>
    /// <exception cref="ArgumentException"><paramref name="secret"/> is not <c>whsec_</c> and base64.</exception>
    public static string WebhookSignature(string secret, string webhookId, long timestamp, string body)
    {
        ArgumentNullException.ThrowIfNull(webhookId);
        ArgumentNullException.ThrowIfNull(body);
        if (!RelayGpuEmulatorOptions.TryDecodeSecret(secret, out var key))
        {
            throw new ArgumentException("The secret must be 'whsec_' followed by non-empty base64.", nameof(secret));
        }

        var signed = System.Text.Encoding.UTF8.GetBytes(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{webhookId}.{timestamp}.{body}"));
        return "v1," + Convert.ToBase64String(System.Security.Cryptography.HMACSHA256.HashData(key, signed));
    }

    string IEmulatedProvider.ApiKey(ImagingEmulatorOptions options) => options.RelayGpu.ApiKey;

    /// <summary>
    /// Makes the next <paramref name="count"/> async submits (with the API key) that carry
    /// <c>Idempotency-Key: </c><paramref name="idempotencyKey"/> answer 409 <c>IDEMPOTENCY_IN_PROGRESS</c> with
    /// <c>Retry-After: 1</c>, as when the first request with that key is still being accepted; the submit after them is
    /// handled normally. Works whether or not the key was used before.
    /// </summary>
    /// <param name="idempotencyKey">The key.</param>
    /// <param name="count">How many submits are answered 409; at least 1.</param>
    /// <exception cref="ArgumentException"><paramref name="idempotencyKey"/> is null or empty.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="count"/> is less than 1.</exception>
    /// <exception cref="InvalidOperationException">The emulator has not started yet.</exception>
    public void HoldIdempotencyKey(string idempotencyKey, int count = 1)
    {
        ArgumentException.ThrowIfNullOrEmpty(idempotencyKey);
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        Routes.Hold(idempotencyKey, count);
    }

    /// <summary>
    /// Waits until the first attempt at the webhook for <paramref name="taskId"/> has been made (answered, failed or
    /// refused), completing at once when it already was. Webhooks are sent in the background when the emulator's clock
    /// reaches the task's end (advance a manual clock first), so tests await this with their own timeout.
    /// </summary>
    /// <param name="taskId">The task id the 202 returned (<c>direct:...</c>).</param>
    /// <param name="cancellationToken">Stops waiting.</param>
    /// <returns>The recorded first attempt.</returns>
    /// <exception cref="ArgumentException"><paramref name="taskId"/> is null or blank.</exception>
    public Task<EmulatorCallback> WaitForWebhookAsync(string taskId, CancellationToken cancellationToken = default) =>
        WaitForWebhookAsync(taskId, 1, cancellationToken);

    /// <summary>
    /// Waits until attempt number <paramref name="attempt"/> at the webhook for <paramref name="taskId"/> has been made.
    /// A failed attempt is retried 30 s after it started, then 60, 120, 240, 480, 960 and 1800 s (8 attempts at most), on
    /// the emulator's clock; an attempt that will never be made never completes, so pass a token or add a timeout.
    /// </summary>
    /// <param name="taskId">The task id the 202 returned.</param>
    /// <param name="attempt">1 for the first delivery, 2 to 8 for the retries.</param>
    /// <param name="cancellationToken">Stops waiting.</param>
    /// <returns>The recorded attempt.</returns>
    /// <exception cref="ArgumentException"><paramref name="taskId"/> is null or blank.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="attempt"/> is not between 1 and 8.</exception>
    public Task<EmulatorCallback> WaitForWebhookAsync(string taskId, int attempt, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(taskId);
        ArgumentOutOfRangeException.ThrowIfLessThan(attempt, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(attempt, RelayGpuRoutes.MaxWebhookAttempts);
        var callbacks = _callbacks ?? throw new InvalidOperationException("The emulator has not started yet.");
        return callbacks.WaitForAsync(callback => callback.Attempt == attempt && RelayGpuRoutes.IsWebhook(callback, taskId), cancellationToken);
    }

    void IEmulatedProvider.Map(IEndpointRouteBuilder routes, EmulatorContext context, ImagingEmulatorOptions options)
    {
        var settings = options.RelayGpu;
        settings.Validate(nameof(options));
        _callbacks = context.Callbacks;
        _routes = RelayGpuRoutes.Map(routes, context, settings);
    }

    IEnumerable<string> IEmulatedProvider.Describe(ImagingEmulatorOptions options) =>
    [
        $"RelayGPU API key: {options.RelayGpu.ApiKey} (X-API-Key or Authorization: Bearer; none = guest)",
        $"RelayGPU webhooks: Standard Webhooks, secret {options.RelayGpu.WebhookSecret}",
    ];

    ValueTask IEmulatedProvider.StopAsync()
    {
        _routes?.Dispose();
        return ValueTask.CompletedTask;
    }
}
