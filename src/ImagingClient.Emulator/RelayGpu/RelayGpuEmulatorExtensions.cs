using ImagingClient.Emulator.RelayGpu;

namespace ImagingClient.Emulator;

/// <summary>The emulator's RelayGPU members: settings, run-time controls and RelayGPU's own fault form.</summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage(
    "Naming",
    "CA1708:Identifiers should differ by more than case",
    Justification = "The analyzer counts the compiler-generated types behind C# 14 extension blocks (one per receiver) as same-named members.")]
public static class RelayGpuEmulatorExtensions
{
    /// <param name="options">The emulator's settings.</param>
    extension(ImagingEmulatorOptions options)
    {
        /// <summary>Gets the emulator's RelayGPU settings (the same instance every time).</summary>
        public RelayGpuEmulatorOptions RelayGpu => options.For<RelayGpuEmulatorOptions>();
    }

    /// <param name="emulator">A started emulator.</param>
    extension(ImagingEmulator emulator)
    {
        /// <summary>Gets the emulator's RelayGPU controls, for example <see cref="RelayGpuRoom.WaitForWebhookAsync(string, CancellationToken)"/>.</summary>
        public RelayGpuRoom RelayGpu => emulator.Provider<RelayGpuRoom>();
    }

    /// <param name="faults">The emulator's fault queue.</param>
    extension(EmulatorFaults faults)
    {
        /// <summary>
        /// Makes the next <paramref name="count"/> provider API requests fail with <paramref name="statusCode"/> and
        /// RelayGPU's error body carrying exactly <paramref name="code"/> as <c>error.code</c> (<see langword="null"/>
        /// for a not-yet-classified error), for example 502 <c>PROVIDER_UNAVAILABLE</c> or 403 <c>SCOPE_DENIED</c>.
        /// </summary>
        /// <remarks>
        /// The fault joins the queue every provider shares. Another provider's route answers it as
        /// <see cref="EmulatorFaults.FailNext"/> with the same status and delay. Without <paramref name="retryAfter"/>,
        /// a 429 carries <c>Retry-After: 60</c>, a 503 <c>Retry-After: 5</c> and a 409 <c>IDEMPOTENCY_IN_PROGRESS</c>
        /// <c>Retry-After: 1</c>, as the service sends them.
        /// </remarks>
        /// <param name="count">How many consecutive requests fail; at least 1.</param>
        /// <param name="statusCode">The HTTP status code to answer, 400–599.</param>
        /// <param name="code">The <c>error.code</c>, or <see langword="null"/>.</param>
        /// <param name="retryAfter">Optional <c>Retry-After</c>, sent in whole seconds (rounded up); not negative.</param>
        /// <exception cref="ArgumentOutOfRangeException">An argument is out of range.</exception>
        public void FailNextWithErrorCode(int count, int statusCode, string? code, TimeSpan? retryAfter = null)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
            ArgumentOutOfRangeException.ThrowIfLessThan(statusCode, 400);
            ArgumentOutOfRangeException.ThrowIfGreaterThan(statusCode, 599);
            if (retryAfter is { } delay)
            {
                ArgumentOutOfRangeException.ThrowIfLessThan(delay, TimeSpan.Zero, nameof(retryAfter));
            }

            faults.Enqueue(new InjectedFault(statusCode, retryAfter, RawBody: null, RawContentType: null, new RelayGpuCodedFault(code)), count);
        }
    }
}
