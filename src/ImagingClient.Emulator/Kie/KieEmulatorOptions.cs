using ImagingClient.Emulator.Kie;

namespace ImagingClient.Emulator;

/// <summary>
/// Settings of the emulator's Kie.ai Flux Kontext API, reached as <c>options.Kie</c> on an
/// <see cref="ImagingEmulatorOptions"/> (see <see cref="KieEmulatorExtensions"/>).
/// </summary>
public sealed class KieEmulatorOptions
{
    /// <summary>The Kie API key the emulator accepts when no other key is configured.</summary>
    public const string DefaultApiKey = "kie_emulator";

    /// <summary>The longest due time a <see cref="TimeProvider"/> timer accepts (about 49.7 days).</summary>
    private static readonly TimeSpan MaxTimerDueTime = TimeSpan.FromMilliseconds(uint.MaxValue - 1);

    /// <summary>
    /// Gets or sets the only Kie API key the emulator accepts, sent as <c>Authorization: Bearer &lt;key&gt;</c>.
    /// Defaults to <see cref="DefaultApiKey"/>.
    /// </summary>
    public string ApiKey { get; set; } = DefaultApiKey;

    /// <summary>
    /// Gets or sets the key Kie callbacks are signed with. <see langword="null"/> (the default) sends
    /// unsigned callbacks, as when webhook verification is off in Kie's settings; otherwise every callback
    /// carries <c>X-Webhook-Timestamp</c> (unix seconds) and
    /// <c>X-Webhook-Signature</c> = Base64(HMAC-SHA256(UTF-8 key, UTF-8 of <c>taskId + "." + timestamp</c>)).
    /// Each attempt, retries included, gets a fresh timestamp and signature computed when it is sent (the spec
    /// does not say what Kie does).
    /// </summary>
    public string? WebhookHmacKey { get; set; }

    /// <summary>
    /// Gets or sets a value indicating whether a Kie callback whose delivery fails (a non-2xx answer, a
    /// connection error or the 15-second timeout) is retried as Kie documents: 3 more attempts, 1, 5 and 15
    /// minutes of <see cref="ImagingEmulatorOptions.TimeProvider"/> time after the previous attempt started, so at
    /// most 4 in all. Callbacks refused because their URL is not a loopback address are never retried. Defaults to
    /// <see langword="true"/>; <see langword="false"/> attempts each callback once.
    /// </summary>
    public bool CallbackRetries { get; set; } = true;

    /// <summary>
    /// Gets or sets how long, in <see cref="ImagingEmulatorOptions.TimeProvider"/> time, a Flux Kontext task stays
    /// generating (<c>successFlag</c> 0) before it reaches its terminal state. Defaults to 6 seconds.
    /// </summary>
    public TimeSpan TaskDuration { get; set; } = TimeSpan.FromSeconds(6);

    /// <summary>The smallest <see cref="ImageLongSide"/> accepted.</summary>
    public const int MinImageLongSide = 16;

    /// <summary>The largest <see cref="ImageLongSide"/> accepted.</summary>
    public const int MaxImageLongSide = 4096;

    /// <summary>
    /// Gets or sets the long side, in pixels, of a generated picture, whose shape follows the request's
    /// <c>aspectRatio</c> (an edit keeps its source's size). Defaults to 1024; Kie's documents name no size. A load
    /// test that renders a thousand pictures asks for small ones, since rendering full-size pictures would cost more
    /// than everything it measures. Between <see cref="MinImageLongSide"/> and <see cref="MaxImageLongSide"/>.
    /// </summary>
    public int ImageLongSide { get; set; } = KieImages.LongSide;

    /// <summary>
    /// Gets or sets the Kie credit balance the emulator starts with. Each accepted Flux Kontext task
    /// costs 5 credits (<c>flux-kontext-pro</c>) or 10 (<c>flux-kontext-max</c>). Defaults to 1000.
    /// </summary>
    public int InitialCredits { get; set; } = 1000;

    /// <summary>Throws when a setting is invalid.</summary>
    /// <param name="paramName">The argument the settings came in, for the exception.</param>
    internal void Validate(string paramName)
    {
        if (string.IsNullOrWhiteSpace(ApiKey))
        {
            throw new ArgumentException("Kie: ApiKey must not be blank.", paramName);
        }

        if (WebhookHmacKey is { Length: 0 })
        {
            throw new ArgumentException("Kie: WebhookHmacKey must be null (unsigned callbacks) or a non-empty key.", paramName);
        }

        if (TaskDuration < TimeSpan.Zero || TaskDuration > MaxTimerDueTime)
        {
            throw new ArgumentOutOfRangeException(paramName, TaskDuration, $"Kie: TaskDuration must be between zero and {MaxTimerDueTime}.");
        }

        if (ImageLongSide is < MinImageLongSide or > MaxImageLongSide)
        {
            throw new ArgumentOutOfRangeException(paramName, ImageLongSide, $"Kie: ImageLongSide must be between {MinImageLongSide} and {MaxImageLongSide}.");
        }

        if (InitialCredits < 0)
        {
            throw new ArgumentOutOfRangeException(paramName, InitialCredits, "Kie: InitialCredits must not be negative.");
        }
    }
}
