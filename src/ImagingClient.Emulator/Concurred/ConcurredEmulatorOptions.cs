namespace ImagingClient.Emulator;

/// <summary>
/// Settings of the emulator's Concurred image API, reached as <c>options.Concurred</c> on an
/// <see cref="ImagingEmulatorOptions"/> (see <see cref="ConcurredEmulatorExtensions"/>).
/// </summary>
public sealed class ConcurredEmulatorOptions
{
    /// <summary>The Concurred API key the emulator accepts when no other key is configured.</summary>
    public const string DefaultApiKey = "ck_emulator";

    /// <summary>
    /// Gets or sets the only Concurred API key the emulator accepts, sent as
    /// <c>Authorization: Bearer &lt;key&gt;</c> or <c>X-API-Key: &lt;key&gt;</c>.
    /// Defaults to <see cref="DefaultApiKey"/>.
    /// </summary>
    public string ApiKey { get; set; } = DefaultApiKey;

    /// <summary>
    /// Gets or sets how many Concurred API requests are allowed per fixed one-minute window (of
    /// <see cref="ImagingEmulatorOptions.TimeProvider"/> time) before the emulator answers
    /// <c>429 RATE_LIMIT_EXCEEDED</c>. Defaults to 60.
    /// </summary>
    public int RateLimitPerMinute { get; set; } = 60;

    /// <summary>Throws when a setting is invalid.</summary>
    /// <param name="paramName">The argument the settings came in, for the exception.</param>
    internal void Validate(string paramName)
    {
        if (string.IsNullOrWhiteSpace(ApiKey))
        {
            throw new ArgumentException("Concurred: ApiKey must not be blank.", paramName);
        }

        if (RateLimitPerMinute < 1)
        {
            throw new ArgumentOutOfRangeException(paramName, RateLimitPerMinute, "Concurred: RateLimitPerMinute must be at least 1.");
        }
    }
}
