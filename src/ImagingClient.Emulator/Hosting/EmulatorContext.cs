namespace ImagingClient.Emulator.Hosting;

/// <summary>
/// State shared by every provider's routes in one emulator: clock, fault queue, request log,
/// image store, callback log and the base address clients use.
/// </summary>
internal sealed class EmulatorContext(TimeProvider timeProvider)
{
    private Uri? _baseAddress;

    public TimeProvider TimeProvider { get; } = timeProvider;

    public EmulatorFaults Faults { get; } = new();

    public RequestLog Requests { get; } = new();

    public ImageStore Images { get; } = new();

    /// <summary>Every callback (webhook) attempted so far.</summary>
    public CallbackLog Callbacks { get; } = new();

    /// <summary>The address clients use, with a trailing slash; set once the server has bound its port.</summary>
    public Uri BaseAddress
    {
        get => Volatile.Read(ref _baseAddress) ?? throw new InvalidOperationException("The emulator has not started yet.");
        set => Volatile.Write(ref _baseAddress, value);
    }

    /// <summary>The absolute URL of a stored image.</summary>
    public Uri UrlOf(StoredImage image) => new(BaseAddress, image.RelativeUrl);
}
