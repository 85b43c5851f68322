namespace ImagingClient.Emulator;

/// <summary>
/// Settings of the emulator's RelayGPU (OpenGPU Relay) image API, reached as <c>options.RelayGpu</c> on an
/// <see cref="ImagingEmulatorOptions"/> (see <see cref="RelayGpuEmulatorExtensions"/>).
/// </summary>
public sealed class RelayGpuEmulatorOptions
{
    /// <summary>The RelayGPU API key the emulator accepts when no other key is configured.</summary>
    public const string DefaultApiKey = "relay_sk_emulator";

    /// <summary>
    /// The webhook signing secret the emulator uses when no other is configured: <c>whsec_</c> and the base64 of 24
    /// fixed bytes. The HMAC key is the base64-decoded part after <c>whsec_</c>.
    /// </summary>
    public const string DefaultWebhookSecret = "whsec_Nw+ekL+xHHp6DUP46gbPRTCwHZ39gK/E";

    /// <summary>The default <see cref="WebhookResultLimit"/>: 1 MiB.</summary>
    public const int DefaultWebhookResultLimit = 1024 * 1024;

    /// <summary>The longest due time a <see cref="TimeProvider"/> timer accepts (about 49.7 days).</summary>
    private static readonly TimeSpan MaxTimerDueTime = TimeSpan.FromMilliseconds(uint.MaxValue - 1);

    /// <summary>
    /// Gets or sets the only RelayGPU API key the emulator accepts, sent as <c>X-API-Key: &lt;key&gt;</c> or
    /// <c>Authorization: Bearer &lt;key&gt;</c> (<c>X-API-Key</c> wins when both are sent). A request with neither
    /// is a guest's. Defaults to <see cref="DefaultApiKey"/>.
    /// </summary>
    public string ApiKey { get; set; } = DefaultApiKey;

    /// <summary>
    /// Gets or sets the account's webhook signing secret, <c>whsec_&lt;base64&gt;</c>. Defaults to
    /// <see cref="DefaultWebhookSecret"/>.
    /// </summary>
    public string WebhookSecret { get; set; } = DefaultWebhookSecret;

    /// <summary>
    /// Gets or sets the previous webhook secret during a rotation's grace period: when set, every webhook carries two
    /// space-separated <c>v1,</c> signatures, the current secret's first. Defaults to <see langword="null"/> (one signature).
    /// </summary>
    public string? PreviousWebhookSecret { get; set; }

    /// <summary>
    /// Gets or sets a value indicating whether requests without a key (guests) are served. Guests may not use
    /// <c>webhook_url</c> or a <c>store_output</c> other than <c>provider</c> (422) and their <c>Idempotency-Key</c>
    /// is ignored. <see langword="false"/> answers 401 <c>MISSING_CREDENTIALS</c> on the image routes (polls and the
    /// model catalog never need a key). Defaults to <see langword="true"/>.
    /// </summary>
    public bool AllowGuests { get; set; } = true;

    /// <summary>
    /// Gets or sets how long, in <see cref="ImagingEmulatorOptions.TimeProvider"/> time, an async task takes from
    /// submission to its terminal state (<c>queued</c> for the first sixth, then <c>running</c>). A prompt with
    /// <c>[slow]</c> takes ten times as long. Defaults to 3 seconds.
    /// </summary>
    public TimeSpan TaskDuration { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>
    /// Gets or sets how long a task record and its media links live after the terminal state when
    /// <c>store_output</c> is <c>provider</c> (the default); <c>relay1d</c>, <c>relay7d</c> and <c>relay30d</c>
    /// keep both 1, 7 or 30 days. After it a poll answers 404 <c>TASK_NOT_FOUND</c> and the links 403. Defaults to 1 hour.
    /// </summary>
    public TimeSpan TaskRetention { get; set; } = TimeSpan.FromHours(1);

    /// <summary>
    /// Gets or sets the largest webhook body, in UTF-8 bytes, that still carries the task's <c>result</c>; a larger
    /// one is sent with <c>"result_omitted": true</c> and no <c>result</c>. Defaults to
    /// <see cref="DefaultWebhookResultLimit"/> (1 MiB).
    /// </summary>
    public int WebhookResultLimit { get; set; } = DefaultWebhookResultLimit;

    /// <summary>
    /// Gets or sets the account's credit balance at start, in US dollars. Each accepted request is charged its model's
    /// per-image price times the number of images; a request that does not fit answers 402
    /// <c>INSUFFICIENT_CREDITS</c> and is not charged. Failed tasks are refunded. Defaults to 1,000.
    /// </summary>
    public decimal InitialCredits { get; set; } = 1000m;

    /// <summary>
    /// Gets or sets the requests per minute the account may make to the image routes (polls and the catalog do not
    /// count), in one fixed window of <see cref="ImagingEmulatorOptions.TimeProvider"/> time; beyond it 429
    /// <c>RATE_LIMITED</c> with <c>Retry-After: 60</c>. 0 (the default) is no limit.
    /// </summary>
    public int RateLimitPerMinute { get; set; }

    /// <summary>
    /// Gets the model names (as in the catalog, for example <c>google/gemini-2.5-flash-image</c>) the emulator
    /// reports as retired: the catalog lists them with <c>status</c> <c>retired</c> and their routes answer 403
    /// <c>MODEL_RETIRED</c>. Empty by default.
    /// </summary>
    public ISet<string> RetiredModels { get; } = new HashSet<string>(StringComparer.Ordinal);

    /// <summary>
    /// Gets or sets a value indicating whether a <c>GET /v2/models</c> without any key is answered with RelayGPU's
    /// catalog even when another emulated provider serves the same path (that provider keeps its keyless requests
    /// otherwise). A request with the RelayGPU key always gets RelayGPU's catalog. Defaults to <see langword="false"/>.
    /// </summary>
    public bool ClaimKeylessModelList { get; set; }

    /// <summary>Throws when a setting is invalid.</summary>
    /// <param name="paramName">The argument the settings came in, for the exception.</param>
    internal void Validate(string paramName)
    {
        if (string.IsNullOrWhiteSpace(ApiKey))
        {
            throw new ArgumentException("RelayGpu: ApiKey must not be blank.", paramName);
        }

        if (!TryDecodeSecret(WebhookSecret, out _))
        {
            throw new ArgumentException("RelayGpu: WebhookSecret must be 'whsec_' followed by non-empty base64.", paramName);
        }

        if (PreviousWebhookSecret is not null && !TryDecodeSecret(PreviousWebhookSecret, out _))
        {
            throw new ArgumentException("RelayGpu: PreviousWebhookSecret must be null or 'whsec_' followed by non-empty base64.", paramName);
        }

        if (TaskDuration < TimeSpan.Zero || TaskDuration * 10 > MaxTimerDueTime)
        {
            throw new ArgumentOutOfRangeException(paramName, TaskDuration, $"RelayGpu: TaskDuration must be between zero and a tenth of {MaxTimerDueTime}.");
        }

        if (TaskRetention <= TimeSpan.Zero || TaskRetention > MaxTimerDueTime)
        {
            throw new ArgumentOutOfRangeException(paramName, TaskRetention, $"RelayGpu: TaskRetention must be positive and at most {MaxTimerDueTime}.");
        }

        if (WebhookResultLimit < 0)
        {
            throw new ArgumentOutOfRangeException(paramName, WebhookResultLimit, "RelayGpu: WebhookResultLimit must not be negative.");
        }

        if (InitialCredits < 0)
        {
            throw new ArgumentOutOfRangeException(paramName, InitialCredits, "RelayGpu: InitialCredits must not be negative.");
        }

        if (RateLimitPerMinute < 0)
        {
            throw new ArgumentOutOfRangeException(paramName, RateLimitPerMinute, "RelayGpu: RateLimitPerMinute must not be negative (0 is no limit).");
        }

        if (RetiredModels.Any(string.IsNullOrWhiteSpace))
        {
            throw new ArgumentException("RelayGpu: RetiredModels must not hold blank names.", paramName);
        }
    }

    /// <summary>Decodes a <c>whsec_</c> secret into its HMAC key bytes.</summary>
    internal static bool TryDecodeSecret(string? secret, out byte[] key)
    {
        key = [];
        const string Prefix = "whsec_";
        if (secret is null || !secret.StartsWith(Prefix, StringComparison.Ordinal) || secret.Length == Prefix.Length)
        {
            return false;
        }

        try
        {
            key = Convert.FromBase64String(secret[Prefix.Length..]);
            return key.Length > 0;
        }
        catch (FormatException)
        {
            return false;
        }
    }
}
