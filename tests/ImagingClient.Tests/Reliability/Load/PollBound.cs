namespace ImagingClient.Tests.Reliability.Load;

/// <summary>The most status checks a job can take, worked out from the client's poll schedule and the job's duration.</summary>
internal static class PollBound
{
    /// <summary>
    /// The most checks a job that the emulator finishes <paramref name="duration"/> after creating it can take with
    /// <paramref name="polling"/>. The poller waits before every check; its k-th check is sent at least the sum of its
    /// first k waits after the submission was answered (so after the job was created), each wait at least
    /// (1 − jitter) of its interval, the intervals growing by the back-off factor up to the maximum; the first check
    /// at or after the job's end sees it finished. A shared clock that other jobs move forward only makes checks see a
    /// later time, never an earlier one, so this holds however many jobs run at once.
    /// </summary>
    public static int MaxChecks(ImagingPollingOptions polling, TimeSpan duration)
    {
        ArgumentNullException.ThrowIfNull(polling);
        const int Limit = 10_000;
        var elapsed = TimeSpan.Zero;
        var interval = polling.FirstDelay;
        for (var checks = 1; checks <= Limit; checks++)
        {
            elapsed += interval * (1 - polling.Jitter);
            if (elapsed >= duration)
            {
                return checks;
            }

            // As the poller grows its interval: a zero first delay becomes 100 ms, then it grows by the factor.
            interval = interval == TimeSpan.Zero ? TimeSpan.FromMilliseconds(100) : interval * polling.BackoffFactor;
            if (interval > polling.MaxInterval)
            {
                interval = polling.MaxInterval;
            }
        }

        throw new ArgumentException($"The schedule does not reach {duration} within {Limit} checks.", nameof(polling));
    }
}
