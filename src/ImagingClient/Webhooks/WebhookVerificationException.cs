namespace ImagingClient.Webhooks;

/// <summary>Why a webhook delivery was refused.</summary>
public enum WebhookFailureReason
{
    /// <summary>Not stated.</summary>
    Unspecified,

    /// <summary>A header the scheme needs is missing: an unsigned delivery where every delivery must be signed, or no timestamp or id. Answer 401.</summary>
    MissingHeader,

    /// <summary>A header is present but cannot be read: not Base64 or hex, no signature of a version this library checks, not unix seconds. Answer 400 or 401.</summary>
    MalformedHeader,

    /// <summary>The delivery's timestamp is further in the past than the tolerance allows: it may be a replay. Answer 401.</summary>
    StaleTimestamp,

    /// <summary>The delivery's timestamp is further in the future than the tolerance allows: clocks disagree, or it was forged for later. Answer 401.</summary>
    FutureTimestamp,

    /// <summary>The signature does not match: the delivery was not signed with the configured key, or was altered on the way. Answer 401.</summary>
    SignatureMismatch,

    /// <summary>The body is not the provider's webhook payload. Answer 400.</summary>
    UnreadableBody,

    /// <summary>The verifier has no key to check signatures with and does not accept unsigned deliveries. Fix the configuration.</summary>
    NotConfigured,

    /// <summary>
    /// The body is larger than the verifier's <see cref="ImageWebhookOptions.MaxBodyBytes"/>; it was refused before
    /// it was parsed or its signature computed. Answer 413.
    /// </summary>
    TooLarge,

    /// <summary>
    /// The delivery was accepted once already: the verifier's <see cref="ImageWebhookOptions.ReplayCache"/> holds its
    /// id. A provider's retry of a delivery you handled, or a replay: answer 2xx if you finished handling the first one
    /// (so the provider stops retrying), and do not act on it again.
    /// </summary>
    Replayed,
}

/// <summary>
/// A webhook delivery was refused: it is not authentic, is stale, or cannot be read. Do not act on it; answer with a
/// 4xx status (a genuine delivery is then retried by the provider). Every provider's verifier throws this type or one
/// derived from it.
/// </summary>
/// <remarks>
/// The message says which check failed and never contains a key, a secret or the signature that was expected, so it
/// is safe to log.
/// </remarks>
/// <example>
/// <code>
/// app.MapPost("/webhooks/{provider}", async (string provider, HttpRequest request, IServiceProvider services) =>
/// {
///     var verifier = services.GetRequiredKeyedService&lt;IImageWebhookVerifier&gt;(provider);
///     var body = (await BinaryData.FromStreamAsync(request.Body)).ToMemory();
///     try
///     {
///         var webhookEvent = verifier.Verify(name => request.Headers[name], body.Span);
///         return Results.Ok();
///     }
///     catch (WebhookVerificationException ex)
///     {
///         logger.LogWarning("Refused a {Provider} webhook: {Reason} {Message}", ex.Provider, ex.Reason, ex.Message);
///         return ex.Reason is WebhookFailureReason.UnreadableBody ? Results.BadRequest() : Results.Unauthorized();
///     }
/// });
/// </code>
/// </example>
public class WebhookVerificationException : Exception
{
    /// <summary>Creates the exception.</summary>
    public WebhookVerificationException()
        : this("The webhook delivery was refused.")
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">Why the delivery was refused.</param>
    public WebhookVerificationException(string message)
        : this(message, innerException: null)
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">Why the delivery was refused.</param>
    /// <param name="innerException">The cause.</param>
    public WebhookVerificationException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">Why the delivery was refused.</param>
    /// <param name="reason">Which check failed.</param>
    /// <param name="innerException">The cause.</param>
    public WebhookVerificationException(string message, WebhookFailureReason reason, Exception? innerException = null)
        : base(message, innerException)
    {
        Reason = reason;
    }

    /// <summary>The provider whose verifier refused the delivery, as in model ids; <see langword="null"/> when not known.</summary>
    public string? Provider { get; init; }

    /// <summary>Which check failed.</summary>
    public WebhookFailureReason Reason { get; init; }
}
