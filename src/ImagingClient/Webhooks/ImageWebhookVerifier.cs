using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using ImagingClient.Diagnostics;
using Microsoft.Extensions.Logging;

namespace ImagingClient.Webhooks;

/// <summary>
/// The base of each provider's webhook verifier: the provider's scheme is its <see cref="Verify"/>; the non-throwing
/// form and the shared <see cref="IImageWebhookVerifier"/> interface are written once, here.
/// </summary>
/// <typeparam name="TEvent">The provider's event type.</typeparam>
public abstract class ImageWebhookVerifier<TEvent> : IImageWebhookVerifier
    where TEvent : ImageWebhookEvent
{
    /// <summary>Only the library's verifiers derive from this type.</summary>
    private protected ImageWebhookVerifier()
    {
    }

    /// <inheritdoc />
    public abstract string Provider { get; }

    /// <summary>
    /// Where verifications are traced (a <c>webhook_verify</c> span), measured and logged (a refusal at Warning, with
    /// its reason): the container's telemetry, or the static one for a verifier made with <c>new</c>.
    /// </summary>
    private protected ImagingTelemetry Telemetry { get; init; } = ImagingTelemetry.Shared;

    /// <summary>Verifies a delivery and reads it.</summary>
    /// <param name="getHeader">Reads a request header by name, case-insensitively (for ASP.NET Core: <c>name =&gt; request.Headers[name]</c>).</param>
    /// <param name="body">The request body, exactly as received.</param>
    /// <returns>The event.</returns>
    /// <exception cref="WebhookVerificationException">The delivery is not authentic, is stale, or cannot be read: answer 400 or 401 and do not use it.</exception>
    public TEvent Verify(Func<string, string?> getHeader, ReadOnlySpan<byte> body)
    {
        var telemetry = Telemetry;
        var scope = telemetry.Start(ImagingTelemetry.Operations.WebhookVerify, Provider, model: null);
        TEvent accepted;
        try
        {
            accepted = VerifyCore(getHeader, body);
        }
        catch (WebhookVerificationException ex)
        {
            // error.type is the reason the delivery was refused: signature_mismatch, stale_timestamp, replayed…
            var reason = ImagingTelemetry.SnakeCase(ex.Reason.ToString());
            telemetry.Failed(scope, ex, errorType: reason);
            if (telemetry.Logger.IsEnabled(LogLevel.Warning))
            {
                ImagingLog.WebhookRefused(telemetry.Logger, Provider, reason, ex.Message);
            }

            throw;
        }
        catch (Exception ex)
        {
            telemetry.Failed(scope, ex);
            throw;
        }

        if (scope.Activity is { IsAllDataRequested: true } activity)
        {
            activity.SetTag(ImagingTelemetry.Tags.WebhookKind, accepted.Kind.ToString());
        }

        telemetry.Succeeded(scope, jobId: accepted.JobId, jobStatus: ImageJobStatusNames.Of(accepted.Status));
        if (telemetry.Logger.IsEnabled(LogLevel.Debug))
        {
            var kind = accepted.Kind.ToString();
            var status = ImageJobStatusNames.Of(accepted.Status);
            ImagingLog.WebhookAccepted(telemetry.Logger, Provider, accepted.JobId, kind, status);
        }

        return accepted;
    }

    /// <summary>The provider's scheme: verifies a delivery and reads it, or throws <see cref="WebhookVerificationException"/>.</summary>
    private protected abstract TEvent VerifyCore(Func<string, string?> getHeader, ReadOnlySpan<byte> body);

    /// <summary>Verifies a delivery and reads it, without throwing.</summary>
    /// <param name="getHeader">Reads a request header by name, case-insensitively.</param>
    /// <param name="body">The request body, exactly as received.</param>
    /// <param name="webhookEvent">The event, when the delivery is authentic and readable.</param>
    /// <param name="failure">Why it was refused, otherwise (safe to log: it holds no key, secret or signature).</param>
    /// <returns><see langword="true"/> when the delivery was accepted.</returns>
    public bool TryVerify(Func<string, string?> getHeader, ReadOnlySpan<byte> body, [NotNullWhen(true)] out TEvent? webhookEvent, [NotNullWhen(false)] out string? failure)
    {
        try
        {
            webhookEvent = Verify(getHeader, body);
            failure = null;
            return true;
        }
        catch (WebhookVerificationException ex)
        {
            webhookEvent = null;
            failure = ex.Message;
            return false;
        }
    }

    /// <summary>Refuses a body larger than <see cref="ImageWebhookOptions.MaxBodyBytes"/>: the first check, before any parsing or signature work.</summary>
    private protected static WebhookCheck CheckBodySize(ReadOnlySpan<byte> body, ImageWebhookOptions limits) =>
        body.Length > limits.MaxBodyBytes
            ? WebhookCheck.Fail(
                WebhookFailureReason.TooLarge,
                string.Create(CultureInfo.InvariantCulture, $"The delivery's body is {body.Length} bytes, more than MaxBodyBytes ({limits.MaxBodyBytes}); it was refused unread."))
            : WebhookCheck.Passed;

    /// <summary>
    /// The last check, once the delivery has passed every other: with a <see cref="ImageWebhookOptions.ReplayCache"/>,
    /// records it, or refuses it when it was accepted before.
    /// </summary>
    /// <param name="limits">The verifier's settings.</param>
    /// <param name="accepted">The delivery, read and verified.</param>
    /// <param name="expiresAt">When a replay of it would fail the timestamp check; <see langword="null"/> for a delivery without a signed timestamp.</param>
    /// <param name="now">The verifier's clock.</param>
    private protected static WebhookCheck CheckReplay(ImageWebhookOptions limits, TEvent accepted, DateTimeOffset? expiresAt, DateTimeOffset now)
    {
        if (limits.ReplayCache is not { } cache)
        {
            return WebhookCheck.Passed;
        }

        return cache.TryRecord(accepted.Provider, accepted.ReplayKey, expiresAt ?? cache.UntimedExpiry(now), now)
            ? WebhookCheck.Passed
            : WebhookCheck.Fail(
                WebhookFailureReason.Replayed,
                $"The delivery '{accepted.ReplayKey}' was accepted before (the ReplayCache holds it): a replay, or a retry of a delivery already accepted; do not act on it again.");
    }

    /// <summary>When a delivery signed at <paramref name="sentAt"/> leaves a tolerance of <paramref name="tolerance"/>.</summary>
    private protected static DateTimeOffset ToleranceEnds(DateTimeOffset sentAt, TimeSpan tolerance) =>
        sentAt > DateTimeOffset.MaxValue - tolerance ? DateTimeOffset.MaxValue : sentAt + tolerance;

    /// <inheritdoc />
    ImageWebhookEvent IImageWebhookVerifier.Verify(Func<string, string?> getHeader, ReadOnlySpan<byte> body) => Verify(getHeader, body);

    /// <inheritdoc />
    bool IImageWebhookVerifier.TryVerify(Func<string, string?> getHeader, ReadOnlySpan<byte> body, [NotNullWhen(true)] out ImageWebhookEvent? webhookEvent, [NotNullWhen(false)] out string? failure)
    {
        var accepted = TryVerify(getHeader, body, out TEvent? delivery, out failure);
        webhookEvent = delivery;
        return accepted;
    }
}
