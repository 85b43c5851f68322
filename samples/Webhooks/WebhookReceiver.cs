using System.Net;
using System.Threading.Channels;
using ImagingClient.Webhooks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Webhooks;

/// <summary>What the receiver needs to verify each provider's deliveries.</summary>
/// <param name="KieApiKey">Kie's API key (the client's settings need one; it does not sign).</param>
/// <param name="KieHmacKey">Kie's webhook HMAC key: signs <c>taskId.timestamp</c>.</param>
/// <param name="RelayGpuApiKey">RelayGPU's API key (the client's settings need one; it does not sign).</param>
/// <param name="RelayGpuSecret">RelayGPU's Standard Webhooks secret (<c>whsec_…</c>).</param>
/// <param name="ApiframeApiKey">Apiframe's API key: its SHA-256 keys the <c>sha256=</c> signature.</param>
public sealed record WebhookSecrets(string KieApiKey, string KieHmacKey, string RelayGpuApiKey, string RelayGpuSecret, string ApiframeApiKey)
{
    /// <summary>Hides every value.</summary>
    public override string ToString() => "WebhookSecrets { … }";
}

/// <summary>
/// A minimal ASP.NET Core app on 127.0.0.1 that receives <c>POST /webhooks/{provider}</c> for Kie, RelayGPU and
/// Apiframe, verifies each delivery with the provider's verifier, and hands on the verified events.
/// </summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly Channel<ImageWebhookEvent> _accepted;

    private WebhookReceiver(WebApplication app, Channel<ImageWebhookEvent> accepted, Uri baseAddress)
    {
        _app = app;
        _accepted = accepted;
        BaseAddress = baseAddress;
    }

    /// <summary>Where it listens, such as <c>http://127.0.0.1:5090/</c>.</summary>
    public Uri BaseAddress { get; }

    /// <summary>The verified events, in the order they arrived.</summary>
    public ChannelReader<ImageWebhookEvent> Accepted => _accepted.Reader;

    /// <summary>The URL to give a provider as a request's <c>WebhookUrl</c>.</summary>
    /// <param name="provider">The provider's name, as in model ids.</param>
    /// <returns>The URL.</returns>
    public Uri UrlFor(string provider) => new(BaseAddress, $"webhooks/{provider}");

    /// <summary>Starts the receiver on 127.0.0.1.</summary>
    /// <param name="secrets">The keys that verify deliveries.</param>
    /// <param name="port">The port; 0 for a free one.</param>
    /// <param name="timeProvider">The clock that judges a delivery's timestamp.</param>
    /// <param name="cancellationToken">Stops the start.</param>
    /// <returns>The running receiver; dispose it to stop.</returns>
    public static async Task<WebhookReceiver> StartAsync(WebhookSecrets secrets, int port, TimeProvider timeProvider, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(secrets);
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(kestrel =>
        {
            kestrel.Listen(IPAddress.Loopback, port);
            kestrel.Limits.MaxRequestBodySize = WebhookEndpoints.MaxBodyBytes;
        });

        // The verifiers come from the providers' registrations, keyed by provider name.
        builder.Services.AddSingleton(timeProvider);
        builder.Services.AddImagingClient()
            .AddKie(o =>
            {
                o.ApiKey = secrets.KieApiKey;
                o.Callbacks.WebhookHmacKey = secrets.KieHmacKey;
            })
            .AddRelayGpu(o =>
            {
                o.ApiKey = secrets.RelayGpuApiKey;
                o.Webhooks.Secret = secrets.RelayGpuSecret;
            })
            .AddApiframe(o => o.ApiKey = secrets.ApiframeApiKey);

        var accepted = Channel.CreateBounded<ImageWebhookEvent>(new BoundedChannelOptions(1000) { FullMode = BoundedChannelFullMode.DropOldest });
        var app = builder.Build();
        app.MapImageWebhooks("/webhooks/{provider}", (webhookEvent, ct) => accepted.Writer.WriteAsync(webhookEvent, ct).AsTask());
        await app.StartAsync(cancellationToken);

        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new WebhookReceiver(app, accepted, new Uri(address.EndsWith('/') ? address : address + "/"));
    }

    /// <summary>Stops listening.</summary>
    public async ValueTask DisposeAsync()
    {
        _accepted.Writer.TryComplete();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
