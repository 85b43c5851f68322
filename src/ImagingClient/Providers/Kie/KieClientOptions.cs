using ImagingClient.Webhooks;

namespace ImagingClient.Providers.Kie;

/// <summary>Settings for the Kie.ai provider (<c>https://api.kie.ai</c>).</summary>
/// <remarks>
/// Bind them from configuration (<c>"ApiKey"</c>, <c>"BaseAddress"</c>, <c>"Polling:Timeout"</c>,
/// <c>"Callbacks:WebhookHmacKey"</c>, …) or set them in code.
/// </remarks>
public sealed class KieClientOptions : ImagingProviderOptions
{
    /// <summary>Kie's public endpoint.</summary>
    public static Uri DefaultBaseAddress { get; } = new("https://api.kie.ai/");

    /// <summary>The name of the <see cref="IHttpClientFactory"/> client for Kie's API, for <c>services.AddHttpClient(name)</c>.</summary>
    public const string HttpClientName = ImagingHttpClientNames.Prefix + "Kie";

    /// <summary>Creates settings with the public endpoint and no key.</summary>
    public KieClientOptions()
        : base(DefaultBaseAddress)
    {
        Timeout = TimeSpan.FromMinutes(2);
    }

    /// <summary>How tasks are polled, and how long <c>GenerateAsync</c>/<c>EditAsync</c> wait by default (10 minutes).</summary>
    public ImagingPollingOptions Polling { get; set; } = new() { FirstDelay = TimeSpan.FromSeconds(3) };

    /// <summary>How callbacks to your <c>callBackUrl</c> are verified, for <see cref="KieCallbackVerifier"/>.</summary>
    public KieCallbackOptions Callbacks { get; set; } = new();

    internal override IEnumerable<string> ValidateProvider(string provider) =>
        (Polling ?? new ImagingPollingOptions()).Validate(provider).Concat((Callbacks ?? new KieCallbackOptions()).Validate(provider));
}

/// <summary>How Kie's callbacks are verified.</summary>
public sealed class KieCallbackOptions : ImageWebhookOptions
{
    /// <summary>
    /// The webhook HMAC key from Kie's settings page. When it is set, a callback must carry a valid
    /// <c>X-Webhook-Signature</c> over its task id and <c>X-Webhook-Timestamp</c>.
    /// </summary>
    public string? WebhookHmacKey { get; set; }

    /// <summary>
    /// Accept callbacks that carry no signature, when no <see cref="WebhookHmacKey"/> is set. Off by default: turn it on
    /// only when signing is off in Kie's settings and the callback URL is otherwise protected. With a key set, every
    /// callback must be signed whatever this says.
    /// </summary>
    public bool AllowUnsigned { get; set; }

    /// <summary>
    /// How far a callback's timestamp may be from now, either way. Default 5 minutes. Kie retries a failed delivery after
    /// 1, 5 and 15 minutes; if its retries keep the first timestamp, they arrive outside this window and are refused —
    /// poll (or resume) the job instead, or widen the window.
    /// </summary>
    public TimeSpan TimestampTolerance { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Describes the settings without the key.</summary>
    /// <returns>Whether a key is set, and the other settings.</returns>
    public override string ToString() =>
        $"KieCallbackOptions {{ WebhookHmacKey = {(string.IsNullOrEmpty(WebhookHmacKey) ? "<not set>" : "<set>")}, AllowUnsigned = {AllowUnsigned}, TimestampTolerance = {TimestampTolerance}, {DescribeLimits()} }}";

    internal IEnumerable<string> Validate(string provider)
    {
        foreach (var problem in ValidateLimits(provider, "Callbacks"))
        {
            yield return problem;
        }

        if (TimestampTolerance <= TimeSpan.Zero)
        {
            yield return $"{provider}: Callbacks.TimestampTolerance must be positive; it is {TimestampTolerance}.";
        }

        if (WebhookHmacKey is not null && string.IsNullOrWhiteSpace(WebhookHmacKey))
        {
            yield return $"{provider}: Callbacks.WebhookHmacKey is blank; set the key from Kie's settings page, or leave it null.";
        }
    }
}
