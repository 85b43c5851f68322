using ImagingClient.Emulator.Hosting;

namespace ImagingClient.Emulator;

/// <summary>
/// Settings for an <see cref="ImagingEmulator"/> instance: the ones every emulated provider shares, plus one
/// settings object per provider, reached through <see cref="For{T}"/> or the shorthand property each provider
/// declares next to its settings type (an extension property of this class).
/// </summary>
public sealed class ImagingEmulatorOptions
{
    private readonly Lock _gate = new();
    private readonly Dictionary<Type, object> _providers = [];

    /// <summary>
    /// Gets or sets the loopback TCP port to listen on. <c>0</c> (the default) picks a free port.
    /// The emulator only ever binds to <c>127.0.0.1</c>.
    /// </summary>
    public int Port { get; set; }

    /// <summary>
    /// Gets or sets the clock that drives everything time-dependent in every emulated provider (signed-URL
    /// expiry, rate-limit windows, task durations, callback retries, response timestamps). Defaults to
    /// <see cref="TimeProvider.System"/>.
    /// </summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>The largest <see cref="ImageCapacity"/> accepted.</summary>
    public const int MaxImageCapacity = 1_000_000;

    /// <summary>
    /// Gets or sets how many of the images handed out as URLs (<c>/files/...</c>) every emulated provider shares are
    /// kept in memory; beyond it the oldest are forgotten and their URLs answer 404, whatever lifetime the provider
    /// promised. Defaults to 256, tens of megabytes of full-size pictures. A load test that starts more jobs than
    /// that and downloads their images afterwards raises it (and asks for small pictures). Between 1 and
    /// <see cref="MaxImageCapacity"/>.
    /// </summary>
    public int ImageCapacity { get; set; } = ImageStore.DefaultCapacity;

    /// <summary>
    /// Gets the settings of one emulated provider, created with that provider's defaults on first use; later
    /// calls return the same instance, so changes made to it before <see cref="ImagingEmulator.StartAsync"/>
    /// are what the emulator starts with. Each provider validates its own settings when the emulator starts.
    /// </summary>
    /// <typeparam name="T">The settings type of an emulated provider.</typeparam>
    /// <returns>This instance's settings for that provider.</returns>
    /// <exception cref="ArgumentException"><typeparamref name="T"/> is not the settings type of an emulated provider.</exception>
    public T For<T>()
        where T : class, new()
    {
        lock (_gate)
        {
            if (_providers.TryGetValue(typeof(T), out var existing))
            {
                return (T)existing;
            }

            if (!EmulatedProviders.IsOptionsType(typeof(T)))
            {
                throw new ArgumentException($"{typeof(T).FullName} is not the settings type of an emulated provider.", nameof(T));
            }

            var created = new T();
            _providers.Add(typeof(T), created);
            return created;
        }
    }
}
