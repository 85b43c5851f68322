using ImagingClient.Emulator.Apiframe;
using ImagingClient.Emulator.Hosting;
using Microsoft.AspNetCore.Routing;

namespace ImagingClient.Emulator;

/// <summary>
/// The Apiframe v2 part of a running <see cref="ImagingEmulator"/>, reached as <c>emulator.Apiframe</c>
/// (see <see cref="ApiframeEmulatorExtensions"/>): what only Apiframe's emulation offers at run time.
/// </summary>
/// <remarks>
/// Routes: <c>POST /v2/images/generate</c>, <c>/v2/images/edit</c>, <c>/v2/images/upscale</c>,
/// <c>/v2/images/background-remove</c>, <c>/v2/images/midjourney/action</c>, <c>GET /v2/jobs/{id}</c>,
/// <c>GET /v2/jobs</c>, <c>POST /v2/uploads</c>, <c>GET /v2/me</c> and <c>GET /v2/models</c> (no key), authenticated
/// with <c>X-API-Key: </c><see cref="ApiframeEmulatorOptions.ApiKey"/>; uploads are served from <c>/cdn/uploads/</c>.
/// Jobs run for <see cref="ApiframeEmulatorOptions.JobDuration"/>; webhooks go to loopback URLs only, are signed, and
/// every attempt is listed in <see cref="ImagingEmulator.Callbacks"/> with the job id as its task id.
/// </remarks>
public sealed class ApiframeRoom : IEmulatedProvider
{
    private static readonly EmulatorSwitch[] CommandLine =
    [
        new("--apiframe-key", "key", $"The Apiframe API key to accept (default: {ApiframeEmulatorOptions.DefaultApiKey}).", (options, value) => options.Apiframe.ApiKey = value),
    ];

    private ApiframeRoutes? _routes;
    private CallbackLog? _callbacks;

    /// <summary>Created by the emulator, through reflection.</summary>
    internal ApiframeRoom()
    {
    }

    string IEmulatedProvider.Name => "Apiframe";

    Type IEmulatedProvider.OptionsType => typeof(ApiframeEmulatorOptions);

    /// <summary>Gets the team's credit balance now (what <c>GET /v2/me</c> reports as <c>team.credits</c>).</summary>
    /// <exception cref="InvalidOperationException">The emulator has not started yet.</exception>
    public int Credits => Routes.Credits;

    /// <summary>
    /// Gets the ids of the jobs the emulator keeps now (the newest 1,000), in no particular order: for tests that
    /// check no job was lost or made twice.
    /// </summary>
    /// <exception cref="InvalidOperationException">The emulator has not started yet.</exception>
    internal IReadOnlyCollection<string> JobIds => Routes.JobIds;

    IReadOnlyList<EmulatorSwitch> IEmulatedProvider.Switches => CommandLine;

    private ApiframeRoutes Routes => _routes ?? throw new InvalidOperationException("The emulator has not started yet.");

    /// <summary>
    /// Computes the <c>X-Webhook-Signature</c> Apiframe sends with <paramref name="body"/> for
    /// <paramref name="apiKey"/>: <c>sha256=</c> and the lowercase hex HMAC-SHA256 of the UTF-8 body, keyed with the
    /// raw SHA-256 digest of the UTF-8 key.
    /// </summary>
    /// <param name="apiKey">The API key the webhook's job was submitted with.</param>
    /// <param name="body">The exact webhook body.</param>
    /// <returns>The header value.</returns>
    public static string WebhookSignature(string apiKey, string body)
    {
        ArgumentNullException.ThrowIfNull(apiKey);
        ArgumentNullException.ThrowIfNull(body);
        return ApiframeWebhooks.Signature(ApiframeWebhooks.SigningKey(apiKey), body);
    }

    string IEmulatedProvider.ApiKey(ImagingEmulatorOptions options) => options.Apiframe.ApiKey;

    /// <summary>
    /// Waits until the first attempt at the <paramref name="webhookEvent"/> webhook (<c>progress</c>, <c>completed</c>
    /// or <c>failed</c>) for <paramref name="jobId"/> has been made (answered, failed or refused), completing at once
    /// when it already was. Webhooks are sent in the background when the emulator's clock reaches them (advance a
    /// manual clock first), so tests await this with their own timeout instead of sleeping.
    /// </summary>
    /// <param name="jobId">The job id the submit call returned.</param>
    /// <param name="webhookEvent">The event, as in <c>X-Webhook-Event</c>.</param>
    /// <param name="cancellationToken">Stops waiting.</param>
    /// <returns>The recorded first attempt.</returns>
    /// <exception cref="ArgumentException"><paramref name="jobId"/> or <paramref name="webhookEvent"/> is null or blank.</exception>
    public Task<EmulatorCallback> WaitForWebhookAsync(string jobId, string webhookEvent, CancellationToken cancellationToken = default) =>
        WaitForWebhookAsync(jobId, webhookEvent, 1, cancellationToken);

    /// <summary>
    /// Waits until attempt number <paramref name="attempt"/> at the <paramref name="webhookEvent"/> webhook for
    /// <paramref name="jobId"/> has been made. A failed attempt is retried 10 seconds, 1 minute and 5 minutes of the
    /// emulator's clock later (unless <see cref="ApiframeEmulatorOptions.WebhookRetries"/> is off); an attempt that
    /// will never be made never completes, so pass a token or add a timeout.
    /// </summary>
    /// <param name="jobId">The job id the submit call returned.</param>
    /// <param name="webhookEvent">The event, as in <c>X-Webhook-Event</c>.</param>
    /// <param name="attempt">1 for the first delivery, 2 to 4 for the retries.</param>
    /// <param name="cancellationToken">Stops waiting.</param>
    /// <returns>The recorded attempt.</returns>
    /// <exception cref="ArgumentException"><paramref name="jobId"/> or <paramref name="webhookEvent"/> is null or blank.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="attempt"/> is not between 1 and 4.</exception>
    public Task<EmulatorCallback> WaitForWebhookAsync(string jobId, string webhookEvent, int attempt, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(jobId);
        ArgumentException.ThrowIfNullOrWhiteSpace(webhookEvent);
        ArgumentOutOfRangeException.ThrowIfLessThan(attempt, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(attempt, ApiframeWebhooks.MaxAttempts);
        var callbacks = _callbacks ?? throw new InvalidOperationException("The emulator has not started yet.");
        return callbacks.WaitForAsync(
            callback => callback.Attempt == attempt && ApiframeRoutes.IsWebhook(callback, jobId, webhookEvent),
            cancellationToken);
    }

    void IEmulatedProvider.Map(IEndpointRouteBuilder routes, EmulatorContext context, ImagingEmulatorOptions options)
    {
        var settings = options.Apiframe;
        settings.Validate(nameof(options));
        _callbacks = context.Callbacks;
        _routes = ApiframeRoutes.Map(routes, context, settings);
    }

    IEnumerable<string> IEmulatedProvider.Describe(ImagingEmulatorOptions options) =>
    [
        $"Apiframe API key: {options.Apiframe.ApiKey} (header X-API-Key)",
        "Apiframe webhooks: signed with HMAC-SHA256 keyed by SHA-256(API key) (X-Webhook-Signature: sha256=<hex>)",
    ];

    ValueTask IEmulatedProvider.StopAsync()
    {
        _routes?.Dispose();
        return ValueTask.CompletedTask;
    }
}
