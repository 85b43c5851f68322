namespace ImagingClient.Emulator;

/// <summary>
/// Settings for an <see cref="ImagingEmulator"/> instance.
/// </summary>
public sealed class ImagingEmulatorOptions
{
    /// <summary>
    /// The Concurred API key the emulator accepts when no other key is configured.
    /// </summary>
    public const string DefaultConcurredApiKey = "ck_emulator";

    /// <summary>
    /// The Kie API key the emulator accepts when no other key is configured.
    /// </summary>
    public const string DefaultKieApiKey = "kie_emulator";

    /// <summary>
    /// Gets or sets the loopback TCP port to listen on. <c>0</c> (the default) picks a free port.
    /// The emulator only ever binds to <c>127.0.0.1</c>.
    /// </summary>
    public int Port { get; set; }

    /// <summary>
    /// Gets or sets the only Concurred API key the emulator accepts, sent as
    /// <c>Authorization: Bearer &lt;key&gt;</c> or <c>X-API-Key: &lt;key&gt;</c>.
    /// Defaults to <see cref="DefaultConcurredApiKey"/>.
    /// </summary>
    public string ConcurredApiKey { get; set; } = DefaultConcurredApiKey;

    /// <summary>
    /// Gets or sets the clock that drives signed-URL expiry, the rate-limit window and
    /// response timestamps. Defaults to <see cref="TimeProvider.System"/>.
    /// </summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>
    /// Gets or sets how many Concurred API requests are allowed per fixed one-minute window
    /// before the emulator answers <c>429 RATE_LIMIT_EXCEEDED</c>. Defaults to 60.
    /// </summary>
    public int ConcurredRateLimitPerMinute { get; set; } = 60;

    /// <summary>
    /// Gets or sets the only Kie API key the emulator accepts, sent as <c>Authorization: Bearer &lt;key&gt;</c>.
    /// Defaults to <see cref="DefaultKieApiKey"/>.
    /// </summary>
    public string KieApiKey { get; set; } = DefaultKieApiKey;

    /// <summary>
    /// Gets or sets the key Kie callbacks are signed with. <see langword="null"/> (the default) sends
    /// unsigned callbacks, as when webhook verification is off in Kie's settings; otherwise every callback
    /// carries <c>X-Webhook-Timestamp</c> (unix seconds) and
    /// <c>X-Webhook-Signature</c> = Base64(HMAC-SHA256(UTF-8 key, UTF-8 of <c>taskId + "." + timestamp</c>)).
    /// Each attempt, retries included, gets a fresh timestamp and signature computed when it is sent (the spec
    /// does not say what Kie does).
    /// </summary>
    public string? KieWebhookHmacKey { get; set; }

    /// <summary>
    /// Gets or sets a value indicating whether a Kie callback whose delivery fails (a non-2xx answer, a
    /// connection error or the 15-second timeout) is retried as Kie documents: 3 more attempts, 1, 5 and 15
    /// minutes of <see cref="TimeProvider"/> time after the previous attempt started, so at most 4 in all.
    /// Callbacks refused because their URL is not a loopback address are never retried. Defaults to
    /// <see langword="true"/>; <see langword="false"/> attempts each callback once.
    /// </summary>
    public bool KieCallbackRetries { get; set; } = true;

    /// <summary>
    /// Gets or sets how long, in <see cref="TimeProvider"/> time, a Kie Flux Kontext task stays
    /// generating (<c>successFlag</c> 0) before it reaches its terminal state. Defaults to 6 seconds.
    /// </summary>
    public TimeSpan KieTaskDuration { get; set; } = TimeSpan.FromSeconds(6);

    /// <summary>
    /// Gets or sets the Kie credit balance the emulator starts with. Each accepted Flux Kontext task
    /// costs 5 credits (<c>flux-kontext-pro</c>) or 10 (<c>flux-kontext-max</c>). Defaults to 1000.
    /// </summary>
    public int KieInitialCredits { get; set; } = 1000;
}
