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
}
