namespace ImagingClient;

/// <summary>
/// What the library's traces and logs may record beyond their defaults (see <see cref="ImagingClientOptions.Telemetry"/>).
/// Whatever is set here, keys, webhook secrets and URL queries are never recorded.
/// </summary>
public sealed class ImagingTelemetryOptions
{
    /// <summary>
    /// Record each request's prompt: as the <c>imaging.request.prompt</c> tag of its <c>generate_content</c> span and
    /// in a Debug log event (id 202). Off by default, because prompts may hold personal or confidential text; turn it
    /// on only where your traces and logs may hold that.
    /// </summary>
    public bool IncludePrompts { get; set; }
}
