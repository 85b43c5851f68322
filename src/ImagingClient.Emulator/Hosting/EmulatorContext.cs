namespace ImagingClient.Emulator.Hosting;

/// <summary>
/// State shared by every emulated provider of one emulator: clock, fault queue, request log, image store,
/// callback log, webhook sender and the base address clients use.
/// </summary>
internal sealed class EmulatorContext
{
    private Uri? _baseAddress;

    public EmulatorContext(TimeProvider timeProvider, int imageCapacity = ImageStore.DefaultCapacity)
    {
        TimeProvider = timeProvider;
        Images = new ImageStore(imageCapacity);
        Webhooks = new WebhookSender(Callbacks, timeProvider);
    }

    public TimeProvider TimeProvider { get; }

    public EmulatorFaults Faults { get; } = new();

    public RequestLog Requests { get; } = new();

    public ImageStore Images { get; }

    /// <summary>Every callback (webhook) attempted so far, by any provider.</summary>
    public CallbackLog Callbacks { get; } = new();

    /// <summary>Sends callbacks to loopback URLs and records every attempt in <see cref="Callbacks"/>; the emulator disposes it.</summary>
    public WebhookSender Webhooks { get; }

    /// <summary>The address clients use, with a trailing slash; set once the server has bound its port.</summary>
    public Uri BaseAddress
    {
        get => Volatile.Read(ref _baseAddress) ?? throw new InvalidOperationException("The emulator has not started yet.");
        set => Volatile.Write(ref _baseAddress, value);
    }

    /// <summary>The absolute URL of a stored image.</summary>
    public Uri UrlOf(StoredImage image) => new(BaseAddress, image.RelativeUrl);
}
