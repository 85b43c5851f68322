// Safety.cs
using ImagingClient.Webhooks;
using Microsoft.Extensions.DependencyInjection;

static class Safety
{
    public static IServiceCollection AddImagingForAServer(this IServiceCollection services, string relayGpuKey, string webhookSecret)
    {
        var replays = new WebhookReplayCache();               // one in-memory cache can serve every provider's verifier
        services.AddImagingClient(o =>
            {
                o.AllowedDownloadHosts.Add("cdn.relaygpu.com");   // results only from here (empty: any public host)
                o.BlockPrivateNetworkDownloads = true;            // the default: never localhost, 10.x, 169.254.169.254, …
                o.MaxDownloadBytes = 64L * 1024 * 1024;           // the largest result image read into memory
            })
            .AddRelayGpu(o =>
            {
                o.ApiKey = relayGpuKey;
                o.MaxResponseBytes = 64L * 1024 * 1024;           // the largest API answer read (base64 images included)
                o.Webhooks.Secret = webhookSecret;
                o.Webhooks.MaxBodyBytes = 2 * 1024 * 1024;        // refused unread above this: WebhookFailureReason.TooLarge
                o.Webhooks.ReplayCache = replays;                 // a delivery seen before: WebhookFailureReason.Replayed
            });
        return services;
    }

    // In the webhook's handler. The status to answer with, and the event when it is new and genuine.
    public static (int Status, ImageWebhookEvent? Event) Receive(IImageWebhookVerifier verifier, Func<string, string?> header, byte[] body)
    {
        try
        {
            return (200, verifier.Verify(header, body));
        }
        catch (WebhookVerificationException ex) when (ex.Reason == WebhookFailureReason.Replayed)
        {
            return (200, null);                               // accepted once already: acknowledge, do not act again
        }
        catch (WebhookVerificationException ex) when (ex.Reason == WebhookFailureReason.TooLarge)
        {
            return (413, null);
        }
        catch (WebhookVerificationException)
        {
            return (401, null);                               // forged, stale or unreadable
        }
    }
}
