// Webhooks.cs
using ImagingClient;
using ImagingClient.Webhooks;
using Microsoft.Extensions.DependencyInjection;

static class Webhooks
{
    // One handler for every provider that calls back: the verifier is the keyed IImageWebhookVerifier of the
    // provider the URL names; header looks up a request header, body is the raw request body, exactly as received.
    public static ImageResult? Receive(IServiceProvider services, string provider, Func<string, string?> header, byte[] body, ImageJobToken? savedToken)
    {
        var verifier = services.GetRequiredKeyedService<IImageWebhookVerifier>(provider);
        if (!verifier.TryVerify(header, body, out var webhookEvent, out var failure))
        {
            Console.WriteLine($"refused: {failure}");     // answer 401: forged, stale or unreadable
            return null;
        }

        Console.WriteLine($"{webhookEvent.Provider} job {webhookEvent.JobId}: {webhookEvent.Kind} (event {webhookEvent.EventId})");
        return webhookEvent.IsCompleted ? webhookEvent.GetResult(savedToken) : null;   // or the ImagingApiException polling would throw
    }
}
