using ImagingClient.Webhooks;

namespace ImagingClient.Providers.Apiframe;

/// <summary>Settings for the Apiframe v2 provider (<c>https://api.apiframe.ai</c>).</summary>
/// <remarks>
/// Bind them from configuration (<c>"ApiKey"</c>, <c>"BaseAddress"</c>, <c>"Polling:Timeout"</c>, …) or set them in
/// code. The API key (<c>afk_…</c>) is sent as <c>X-API-Key</c>; it also keys the signatures of Apiframe's webhooks, so
/// <see cref="ApiframeWebhookVerifier"/> needs no other secret.
/// </remarks>
public sealed class ApiframeClientOptions : ImagingProviderOptions
{
    /// <summary>Apiframe's public endpoint.</summary>
    public static Uri DefaultBaseAddress { get; } = new("https://api.apiframe.ai/");

    /// <summary>The name of the <see cref="IHttpClientFactory"/> client for Apiframe's API, for <c>services.AddHttpClient(name)</c>.</summary>
    public const string HttpClientName = ImagingHttpClientNames.Prefix + "Apiframe";

    /// <summary>Creates settings with the public endpoint and no key.</summary>
    public ApiframeClientOptions()
        : base(DefaultBaseAddress)
    {
        Timeout = TimeSpan.FromMinutes(2);
    }

    /// <summary>
    /// How jobs are polled, and how long <c>GenerateAsync</c>/<c>EditAsync</c> wait by default (10 minutes). Apiframe
    /// asks image jobs to be polled every 2–3 seconds: the first check comes after 2 seconds, then every 3 seconds.
    /// </summary>
    public ImagingPollingOptions Polling { get; set; } = new() { FirstDelay = TimeSpan.FromSeconds(2), BackoffFactor = 1.5, MaxInterval = TimeSpan.FromSeconds(3) };

    /// <summary>
    /// How long before an upload's <c>expiresAt</c> this client stops reusing it and uploads the image again. Apiframe
    /// keeps uploads for 1–2 hours; a job must fetch its inputs before they go. Default 10 minutes.
    /// </summary>
    public TimeSpan UploadExpiryMargin { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>
    /// The limits of <see cref="ApiframeWebhookVerifier"/>: the largest body, and an optional replay cache (which
    /// matters most here: Apiframe's deliveries carry no timestamp, so nothing else stops a captured one from
    /// verifying again). Their key is <see cref="ImagingProviderOptions.ApiKey"/>.
    /// </summary>
    public ApiframeWebhookOptions Webhooks { get; set; } = new();

    internal override IEnumerable<string> ValidateProvider(string provider)
    {
        foreach (var problem in (Polling ?? new ImagingPollingOptions()).Validate(provider))
        {
            yield return problem;
        }

        foreach (var problem in (Webhooks ?? new ApiframeWebhookOptions()).Validate(provider))
        {
            yield return problem;
        }

        if (UploadExpiryMargin < TimeSpan.Zero || UploadExpiryMargin > TimeSpan.FromHours(1))
        {
            yield return $"{provider}: UploadExpiryMargin must be between 0 and 1 hour; it is {UploadExpiryMargin}.";
        }
    }
}

/// <summary>
/// How Apiframe's webhooks are checked beyond their signature (which is keyed with the API key): the largest body
/// accepted and, optionally, a <see cref="WebhookReplayCache"/> that refuses a delivery accepted before (by its
/// <see cref="ApiframeWebhookEvent.DeduplicationKey"/>, for <see cref="WebhookReplayCache.UntimedRetention"/>, since
/// the scheme has no timestamp).
/// </summary>
public sealed class ApiframeWebhookOptions : ImageWebhookOptions
{
    /// <summary>Describes the settings.</summary>
    /// <returns>The limits.</returns>
    public override string ToString() => $"ApiframeWebhookOptions {{ {DescribeLimits()} }}";

    internal IEnumerable<string> Validate(string provider) => ValidateLimits(provider, "Webhooks");
}
