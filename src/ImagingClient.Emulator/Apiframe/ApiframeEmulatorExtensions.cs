using ImagingClient.Emulator.Apiframe;

namespace ImagingClient.Emulator;

/// <summary>The emulator's Apiframe v2 members: settings, run-time controls and Apiframe's own fault form.</summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage(
    "Naming",
    "CA1708:Identifiers should differ by more than case",
    Justification = "The analyzer counts the compiler-generated types behind C# 14 extension blocks (one per receiver) as same-named members.")]
public static class ApiframeEmulatorExtensions
{
    /// <param name="options">The emulator's settings.</param>
    extension(ImagingEmulatorOptions options)
    {
        /// <summary>Gets the emulator's Apiframe settings (the same instance every time).</summary>
        public ApiframeEmulatorOptions Apiframe => options.For<ApiframeEmulatorOptions>();
    }

    /// <param name="emulator">A started emulator.</param>
    extension(ImagingEmulator emulator)
    {
        /// <summary>Gets the emulator's Apiframe controls, for example <see cref="ApiframeRoom.WaitForWebhookAsync(string, string, CancellationToken)"/>.</summary>
        public ApiframeRoom Apiframe => emulator.Provider<ApiframeRoom>();
    }

    /// <param name="faults">The emulator's fault queue.</param>
    extension(EmulatorFaults faults)
    {
        /// <summary>
        /// Makes the next <paramref name="count"/> provider API requests fail with <paramref name="statusCode"/> and
        /// Apiframe's <c>{"error":"..."}</c>, with <c>Retry-After</c> given as an HTTP-date
        /// (<paramref name="retryAfter"/> from the emulator clock's now) instead of seconds; Apiframe's SDK accepts both.
        /// </summary>
        /// <remarks>
        /// The fault joins the queue every provider shares. Another provider's route answers it as
        /// <see cref="EmulatorFaults.FailNext"/> with the same status and delay.
        /// </remarks>
        /// <param name="count">How many consecutive requests fail; at least 1.</param>
        /// <param name="statusCode">The HTTP status code to answer, 400–599 (typically 429 or 503).</param>
        /// <param name="retryAfter">How long after the emulator clock's now the date lies; not negative.</param>
        /// <exception cref="ArgumentOutOfRangeException">An argument is out of range.</exception>
        public void FailNextWithRetryAfterDate(int count, int statusCode, TimeSpan retryAfter)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
            ArgumentOutOfRangeException.ThrowIfLessThan(statusCode, 400);
            ArgumentOutOfRangeException.ThrowIfGreaterThan(statusCode, 599);
            ArgumentOutOfRangeException.ThrowIfLessThan(retryAfter, TimeSpan.Zero);
            faults.Enqueue(new InjectedFault(statusCode, retryAfter, RawBody: null, RawContentType: null, ApiframeHttpDateRetryAfter.Instance), count);
        }
    }
}
