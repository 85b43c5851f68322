namespace ImagingClient.Emulator.Kie;

/// <summary>
/// The <see cref="InjectedFault.Form"/> of a fault queued by <c>FailNextInBody</c>: Kie answers it as a business
/// error inside an HTTP 200.
/// </summary>
internal sealed class KieInBodyFault
{
    private KieInBodyFault()
    {
    }

    public static KieInBodyFault Instance { get; } = new();
}
