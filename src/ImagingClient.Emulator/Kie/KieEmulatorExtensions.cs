using ImagingClient.Emulator.Kie;

namespace ImagingClient.Emulator;

/// <summary>The emulator's Kie.ai Flux Kontext members: settings, run-time controls and Kie's own fault form.</summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage(
    "Naming",
    "CA1708:Identifiers should differ by more than case",
    Justification = "The analyzer counts the compiler-generated types behind C# 14 extension blocks (one per receiver) as same-named members.")]
public static class KieEmulatorExtensions
{
    /// <param name="options">The emulator's settings.</param>
    extension(ImagingEmulatorOptions options)
    {
        /// <summary>Gets the emulator's Kie settings (the same instance every time).</summary>
        public KieEmulatorOptions Kie => options.For<KieEmulatorOptions>();
    }

    /// <param name="emulator">A started emulator.</param>
    extension(ImagingEmulator emulator)
    {
        /// <summary>Gets the emulator's Kie controls, for example <see cref="KieRoom.WaitForCallbackAsync(string, CancellationToken)"/>.</summary>
        public KieRoom Kie => emulator.Provider<KieRoom>();
    }

    /// <param name="faults">The emulator's fault queue.</param>
    extension(EmulatorFaults faults)
    {
        /// <summary>
        /// Makes the next <paramref name="count"/> provider API requests fail the way Kie reports
        /// business errors: HTTP 200 with <c>{"code":&lt;code&gt;,"msg":"...","data":null}</c>.
        /// </summary>
        /// <remarks>
        /// The fault joins the queue every provider shares. A route of a provider without such a form answers it
        /// exactly as <see cref="EmulatorFaults.FailNext"/> with <paramref name="code"/> as the HTTP status.
        /// </remarks>
        /// <param name="count">How many consecutive requests fail; at least 1.</param>
        /// <param name="code">The <c>code</c> to put in the body, 400–599 (Kie uses 401, 402, 404, 422, 429, 455, 500, 501, 505).</param>
        /// <exception cref="ArgumentOutOfRangeException">An argument is out of range.</exception>
        public void FailNextInBody(int count, int code)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
            ArgumentOutOfRangeException.ThrowIfLessThan(code, 400);
            ArgumentOutOfRangeException.ThrowIfGreaterThan(code, 599);
            faults.Enqueue(new InjectedFault(code, RetryAfter: null, RawBody: null, RawContentType: null, KieInBodyFault.Instance), count);
        }
    }
}
