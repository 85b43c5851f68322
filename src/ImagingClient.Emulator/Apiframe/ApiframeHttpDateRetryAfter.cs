namespace ImagingClient.Emulator.Apiframe;

/// <summary>
/// Marks an injected fault whose <c>Retry-After</c> is sent as an HTTP-date instead of seconds (see
/// <see cref="ApiframeEmulatorExtensions"/>); other providers' routes answer it as a plain fault.
/// </summary>
internal sealed class ApiframeHttpDateRetryAfter
{
    public static ApiframeHttpDateRetryAfter Instance { get; } = new();

    private ApiframeHttpDateRetryAfter()
    {
    }
}
