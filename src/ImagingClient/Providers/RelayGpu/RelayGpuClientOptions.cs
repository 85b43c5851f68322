using ImagingClient.Webhooks;

namespace ImagingClient.Providers.RelayGpu;

/// <summary>Settings for the RelayGPU provider (<c>https://relaygpu.com</c>).</summary>
/// <remarks>
/// Bind them from configuration (<c>"ApiKey"</c>, <c>"BaseAddress"</c>, <c>"Asynchronous"</c>, <c>"Polling:Timeout"</c>,
/// <c>"Webhooks:Secret"</c>, …) or set them in code. The key (<c>relay_sk_…</c>) is sent as <c>X-API-Key</c>, only to
/// RelayGPU's own endpoint and never on task polls (the task id is the capability).
/// </remarks>
public sealed class RelayGpuClientOptions : ImagingProviderOptions
{
    /// <summary>RelayGPU's public endpoint.</summary>
    public static Uri DefaultBaseAddress { get; } = new("https://relaygpu.com/");

    /// <summary>The name of the <see cref="IHttpClientFactory"/> client for RelayGPU's API, for <c>services.AddHttpClient(name)</c>.</summary>
    public const string HttpClientName = ImagingHttpClientNames.Prefix + "RelayGpu";

    /// <summary>Creates settings with the public endpoint and no key.</summary>
    public RelayGpuClientOptions()
        : base(DefaultBaseAddress)
    {
        // A synchronous image call may take minutes.
        Timeout = TimeSpan.FromMinutes(10);
    }

    /// <summary>
    /// Call RelayGPU without a key, as a guest (the strictest limits; some models refused; no webhooks, no
    /// <c>store_output</c>, no idempotency). Off by default: a missing key is then a configuration error.
    /// </summary>
    public bool AllowGuest { get; set; }

    /// <summary>
    /// Make <c>GenerateAsync</c>/<c>EditAsync</c> submit asynchronously (<c>"async": true</c>) and wait for the task,
    /// instead of one synchronous call. Default off (RelayGPU's image routes are synchronous by default); a request can
    /// choose with <see cref="RelayGpuImageOptions.RunAsynchronously"/>. <c>Start…Async</c> always submits asynchronously.
    /// </summary>
    public bool Asynchronous { get; set; }

    /// <summary>How tasks are polled: a long poll (see <see cref="LongPollWait"/>) after 1 second, then again every 2 seconds at most.</summary>
    public ImagingPollingOptions Polling { get; set; } = new() { FirstDelay = TimeSpan.FromSeconds(1), MaxInterval = TimeSpan.FromSeconds(2) };

    /// <summary>How long one poll may wait at RelayGPU for the task to finish (<c>?wait=</c>, 1 to 30 seconds). Default 20 seconds.</summary>
    public TimeSpan LongPollWait { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>
    /// Resolve a model id the built-in catalog does not know through RelayGPU's live catalog (<c>GET /v2/models/{name}</c>,
    /// cached for <see cref="LiveCatalogCacheDuration"/>), so a model RelayGPU adds later works without a new release.
    /// Off by default: an unknown id is then an <see cref="ArgumentException"/> before anything is sent.
    /// </summary>
    public bool ResolveUnknownModels { get; set; }

    /// <summary>How long a live catalog entry is kept. Default 1 hour.</summary>
    public TimeSpan LiveCatalogCacheDuration { get; set; } = TimeSpan.FromHours(1);

    /// <summary>How RelayGPU's webhooks are verified, for <see cref="RelayGpuWebhookVerifier"/>.</summary>
    public RelayGpuWebhookOptions Webhooks { get; set; } = new();

    internal override bool RequiresApiKey => !AllowGuest;

    internal override IEnumerable<string> ValidateProvider(string provider)
    {
        foreach (var problem in (Polling ?? new ImagingPollingOptions()).Validate(provider))
        {
            yield return problem;
        }

        if (LongPollWait < TimeSpan.FromSeconds(1) || LongPollWait > TimeSpan.FromSeconds(30))
        {
            yield return $"{provider}: LongPollWait must be between 1 and 30 seconds (RelayGPU's ?wait= range); it is {LongPollWait}.";
        }

        if (LiveCatalogCacheDuration < TimeSpan.Zero)
        {
            yield return $"{provider}: LiveCatalogCacheDuration must not be negative; it is {LiveCatalogCacheDuration}.";
        }

        foreach (var problem in (Webhooks ?? new RelayGpuWebhookOptions()).Validate(provider))
        {
            yield return problem;
        }
    }
}

/// <summary>How RelayGPU's Standard Webhooks deliveries are verified.</summary>
public sealed class RelayGpuWebhookOptions : ImageWebhookOptions
{
    /// <summary>
    /// The account's webhook secret (<c>whsec_…</c>, from <c>GET /v2/customer/webhook-secret</c> in RelayGPU's dashboard).
    /// During a rotation, set the new one here and the old one in <see cref="PreviousSecret"/>.
    /// </summary>
    public string? Secret { get; set; }

    /// <summary>The secret before a rotation, still accepted while RelayGPU signs with both (24 hours).</summary>
    public string? PreviousSecret { get; set; }

    /// <summary>How far a delivery's <c>webhook-timestamp</c> may be from now, either way. Default 5 minutes.</summary>
    public TimeSpan TimestampTolerance { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Describes the settings without the secrets.</summary>
    /// <returns>Whether secrets are set, and the tolerance.</returns>
    public override string ToString() =>
        $"RelayGpuWebhookOptions {{ Secret = {(string.IsNullOrEmpty(Secret) ? "<not set>" : "<set>")}, PreviousSecret = {(string.IsNullOrEmpty(PreviousSecret) ? "<not set>" : "<set>")}, TimestampTolerance = {TimestampTolerance}, {DescribeLimits()} }}";

    internal IEnumerable<string> Validate(string provider)
    {
        foreach (var problem in ValidateLimits(provider, "Webhooks"))
        {
            yield return problem;
        }

        foreach (var (name, secret) in new[] { (nameof(Secret), Secret), (nameof(PreviousSecret), PreviousSecret) })
        {
            if (secret is not null && !StandardWebhooksSignature.TryDecodeSecret(secret, out _))
            {
                yield return $"{provider}: Webhooks.{name} is not a Standard Webhooks secret (\"whsec_\" and base64); copy it again from RelayGPU.";
            }
        }

        if (TimestampTolerance <= TimeSpan.Zero)
        {
            yield return $"{provider}: Webhooks.TimestampTolerance must be positive; it is {TimestampTolerance}.";
        }
    }
}
