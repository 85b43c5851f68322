namespace ImagingClient.Emulator;

/// <summary>
/// Settings of the emulator's Apiframe v2 API, reached as <c>options.Apiframe</c> on an
/// <see cref="ImagingEmulatorOptions"/> (see <see cref="ApiframeEmulatorExtensions"/>).
/// </summary>
public sealed class ApiframeEmulatorOptions
{
    /// <summary>The Apiframe API key the emulator accepts when no other key is configured.</summary>
    public const string DefaultApiKey = "afk_emulator";

    /// <summary>The longest due time a <see cref="TimeProvider"/> timer accepts (about 49.7 days).</summary>
    private static readonly TimeSpan MaxTimerDueTime = TimeSpan.FromMilliseconds(uint.MaxValue - 1);

    /// <summary>
    /// Gets or sets the only Apiframe API key the emulator accepts, sent as <c>X-API-Key</c>. Webhooks are signed with
    /// the SHA-256 digest of this key. Defaults to <see cref="DefaultApiKey"/>.
    /// </summary>
    public string ApiKey { get; set; } = DefaultApiKey;

    /// <summary>
    /// Gets or sets how long, in <see cref="ImagingEmulatorOptions.TimeProvider"/> time, a job takes from submission
    /// to its terminal state: <c>QUEUED</c> for the first eighth, then <c>PROCESSING</c> with <c>progress</c> rising
    /// with the elapsed share of this duration, then <c>COMPLETED</c> (or <c>FAILED</c>). Defaults to 4 seconds.
    /// </summary>
    public TimeSpan JobDuration { get; set; } = TimeSpan.FromSeconds(4);

    /// <summary>
    /// Gets or sets the team's credit balance at start. Each job is charged its model's cost when it is submitted
    /// and refunded when it fails. Defaults to 100,000.
    /// </summary>
    public int InitialCredits { get; set; } = 100_000;

    /// <summary>Gets or sets how long a file from <c>POST /v2/uploads</c> stays available. Defaults to 1 hour.</summary>
    public TimeSpan UploadLifetime { get; set; } = TimeSpan.FromHours(1);

    /// <summary>
    /// Gets or sets how long a completed job's images stay available: after it the job reports <c>expired: true</c>
    /// and its result URLs answer 403. Defaults to 24 hours.
    /// </summary>
    public TimeSpan ResultRetention { get; set; } = TimeSpan.FromHours(24);

    /// <summary>
    /// Gets or sets a value indicating whether a job with exactly one image reports <c>result</c> as a plain URL
    /// string (the older documented form) instead of <c>{"images":[url]}</c>, in polls and webhooks alike.
    /// Midjourney grids always use the object form. Defaults to <see langword="false"/>.
    /// </summary>
    public bool StringResults { get; set; }

    /// <summary>
    /// Gets or sets a value indicating whether a webhook whose delivery fails (a non-2xx answer, a connection error
    /// or the 15-second timeout) is retried: 3 more attempts, 10 seconds, 1 minute and 5 minutes of
    /// <see cref="ImagingEmulatorOptions.TimeProvider"/> time after the previous attempt started (Apiframe documents
    /// no policy). Defaults to <see langword="true"/>; <see langword="false"/> attempts each webhook once.
    /// </summary>
    public bool WebhookRetries { get; set; } = true;

    /// <summary>Throws when a setting is invalid.</summary>
    /// <param name="paramName">The argument the settings came in, for the exception.</param>
    internal void Validate(string paramName)
    {
        if (string.IsNullOrWhiteSpace(ApiKey))
        {
            throw new ArgumentException("Apiframe: ApiKey must not be blank.", paramName);
        }

        if (JobDuration < TimeSpan.Zero || JobDuration > MaxTimerDueTime)
        {
            throw new ArgumentOutOfRangeException(paramName, JobDuration, $"Apiframe: JobDuration must be between zero and {MaxTimerDueTime}.");
        }

        if (InitialCredits < 0)
        {
            throw new ArgumentOutOfRangeException(paramName, InitialCredits, "Apiframe: InitialCredits must not be negative.");
        }

        if (UploadLifetime <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(paramName, UploadLifetime, "Apiframe: UploadLifetime must be positive.");
        }

        if (ResultRetention <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(paramName, ResultRetention, "Apiframe: ResultRetention must be positive.");
        }
    }
}
