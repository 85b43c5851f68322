using System.Diagnostics.CodeAnalysis;

namespace ImagingClient.Webhooks;

/// <summary>
/// Verifies one provider's webhook deliveries and reads them into an <see cref="ImageWebhookEvent"/>. Each provider
/// that calls back implements it with its own scheme (header names, what is signed, how the key is derived), so an
/// app verifies every provider's deliveries the same way.
/// </summary>
/// <remarks>
/// <para>
/// With dependency injection, each provider that sends webhooks registers its verifier as a singleton
/// <see cref="IImageWebhookVerifier"/> keyed by its provider name (as in model ids), and also unkeyed, so that
/// <c>IEnumerable&lt;IImageWebhookVerifier&gt;</c> lists them all. Resolving one never fails for missing webhook
/// settings: a verifier without a key refuses every delivery with <see cref="WebhookFailureReason.NotConfigured"/>.
/// </para>
/// <para>
/// Pass the body exactly as received (the raw bytes, not JSON parsed and written again: a signature covers bytes).
/// Implementations are safe to use from several threads.
/// </para>
/// </remarks>
/// <example>
/// One endpoint per provider, the verifier picked by the route:
/// <code>
/// app.MapPost("/webhooks/{provider}", async (string provider, HttpRequest request, IServiceProvider services) =>
/// {
///     var verifier = services.GetKeyedService&lt;IImageWebhookVerifier&gt;(provider);
///     if (verifier is null)
///     {
///         return Results.NotFound();
///     }
///
///     var body = (await BinaryData.FromStreamAsync(request.Body)).ToMemory();
///     if (!verifier.TryVerify(name => request.Headers[name], body.Span, out var webhookEvent, out var failure))
///     {
///         logger.LogWarning("Refused a {Provider} webhook: {Failure}", provider, failure);   // never holds a key
///         return Results.Unauthorized();
///     }
///
///     if (webhookEvent.IsCompleted)
///     {
///         try
///         {
///             ImageResult result = webhookEvent.GetResult(savedTokens.Find(webhookEvent.JobId));
///             await store.SaveAsync(webhookEvent.JobId, result);
///         }
///         catch (ImagingApiException ex)
///         {
///             await store.SaveFailureAsync(webhookEvent.JobId, ex.ErrorCode, ex.Message);   // as polling would have thrown
///         }
///     }
///
///     return Results.Ok();
/// });
/// </code>
/// </example>
public interface IImageWebhookVerifier
{
    /// <summary>The provider whose deliveries this verifies, as in model ids.</summary>
    string Provider { get; }

    /// <summary>Verifies a delivery and reads it.</summary>
    /// <param name="getHeader">Reads a request header by name, case-insensitively (for ASP.NET Core: <c>name =&gt; request.Headers[name]</c>).</param>
    /// <param name="body">The request body, exactly as received.</param>
    /// <returns>The event.</returns>
    /// <exception cref="WebhookVerificationException">The delivery is not authentic, is stale, or cannot be read: answer 400 or 401 and do not use it.</exception>
    ImageWebhookEvent Verify(Func<string, string?> getHeader, ReadOnlySpan<byte> body);

    /// <summary>Verifies a delivery and reads it, without throwing.</summary>
    /// <param name="getHeader">Reads a request header by name, case-insensitively.</param>
    /// <param name="body">The request body, exactly as received.</param>
    /// <param name="webhookEvent">The event, when the delivery is authentic and readable.</param>
    /// <param name="failure">Why it was refused, otherwise (safe to log: it holds no key or signature).</param>
    /// <returns><see langword="true"/> when the delivery was accepted.</returns>
    bool TryVerify(
        Func<string, string?> getHeader,
        ReadOnlySpan<byte> body,
        [NotNullWhen(true)] out ImageWebhookEvent? webhookEvent,
        [NotNullWhen(false)] out string? failure);
}
