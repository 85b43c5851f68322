// KieCallbacks.cs
using ImagingClient;
using ImagingClient.Providers.Kie;
using Microsoft.Extensions.DependencyInjection;

static class KieCallbacks
{
    public static IServiceCollection AddKieWithCallbacks(this IServiceCollection services, string apiKey, string webhookHmacKey)
    {
        services.AddImagingClient()
            .AddKie(o =>
            {
                o.ApiKey = apiKey;
                o.Polling.Timeout = TimeSpan.FromMinutes(20);      // GenerateAsync's default wait
                o.Callbacks.WebhookHmacKey = webhookHmacKey;       // for KieCallbackVerifier
            });
        return services;
    }

    // In the webhook's handler: verifier from DI, header looks up a request header, body is the raw request body.
    public static ImageResult Read(KieCallbackVerifier verifier, Func<string, string?> header, byte[] body)
    {
        KieCallback callback = verifier.Verify(header, body);   // throws KieCallbackException if forged or stale
        return callback.GetResult();                            // or the same ImagingApiException polling would throw
    }
}
