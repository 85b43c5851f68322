namespace ImagingClient.Emulator;

/// <summary>The emulator's Concurred members.</summary>
public static class ConcurredEmulatorExtensions
{
    /// <param name="options">The emulator's settings.</param>
    extension(ImagingEmulatorOptions options)
    {
        /// <summary>Gets the emulator's Concurred settings (the same instance every time).</summary>
        public ConcurredEmulatorOptions Concurred => options.For<ConcurredEmulatorOptions>();
    }
}
