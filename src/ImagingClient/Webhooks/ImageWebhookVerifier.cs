using System.Diagnostics.CodeAnalysis;

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

    /// <summary>Verifies a delivery and reads it.</summary>
    /// <param name="getHeader">Reads a request header by name, case-insensitively (for ASP.NET Core: <c>name =&gt; request.Headers[name]</c>).</param>
    /// <param name="body">The request body, exactly as received.</param>
    /// <returns>The event.</returns>
    /// <exception cref="WebhookVerificationException">The delivery is not authentic, is stale, or cannot be read: answer 400 or 401 and do not use it.</exception>
    public abstract TEvent Verify(Func<string, string?> getHeader, ReadOnlySpan<byte> body);

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
