using ImagingClient.Webhooks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Webhooks;

/// <summary>
/// One endpoint for every provider that calls back: <c>POST {pattern}</c> where the route's <c>{provider}</c> names
/// the keyed <see cref="IImageWebhookVerifier"/> that checks the delivery. Kept in the sample, not the library, so
/// the library never needs ASP.NET Core.
/// </summary>
public static class WebhookEndpoints
{
    /// <summary>The largest delivery read: a RelayGPU webhook may carry its result inline (1 MiB by default).</summary>
    public const long MaxBodyBytes = 8 * 1024 * 1024;

    /// <summary>
    /// Maps the endpoint. It answers 404 for a provider with no verifier, 413 for a body over
    /// <see cref="MaxBodyBytes"/>, 401 (with the reason, which never holds a key or a signature) for a delivery that is
    /// forged, stale or unreadable, and 200 once <paramref name="accepted"/> has the verified event.
    /// </summary>
    /// <param name="endpoints">The app.</param>
    /// <param name="pattern">The route, with a <c>{provider}</c> parameter, such as <c>/webhooks/{provider}</c>.</param>
    /// <param name="accepted">Receives each verified event.</param>
    /// <returns>The endpoint, for more conventions.</returns>
    public static IEndpointConventionBuilder MapImageWebhooks(this IEndpointRouteBuilder endpoints, string pattern, Func<ImageWebhookEvent, CancellationToken, Task> accepted)
    {
        ArgumentNullException.ThrowIfNull(accepted);
        return endpoints.MapPost(pattern, async (string provider, HttpRequest request, CancellationToken cancellationToken) =>
        {
            var verifier = request.HttpContext.RequestServices.GetKeyedService<IImageWebhookVerifier>(provider.ToLowerInvariant());
            if (verifier is null)
            {
                return Results.NotFound($"No webhooks are received for '{provider}'.");
            }

            if (request.ContentLength > MaxBodyBytes)
            {
                return Results.StatusCode(StatusCodes.Status413PayloadTooLarge);
            }

            // Signatures cover the bytes as sent: read them raw, never through a JSON model.
            using var body = new MemoryStream();
            var buffer = new byte[81920];
            int read;
            while ((read = await request.Body.ReadAsync(buffer, cancellationToken)) > 0)
            {
                if (body.Length + read > MaxBodyBytes)
                {
                    return Results.StatusCode(StatusCodes.Status413PayloadTooLarge);
                }

                body.Write(buffer, 0, read);
            }

            if (!verifier.TryVerify(name => request.Headers.TryGetValue(name, out var value) ? value.ToString() : null, body.GetBuffer().AsSpan(0, (int)body.Length), out var webhookEvent, out var failure))
            {
                return Results.Text(failure, statusCode: StatusCodes.Status401Unauthorized);
            }

            await accepted(webhookEvent, cancellationToken);
            return Results.Ok();
        });
    }
}
