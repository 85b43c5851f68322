namespace ImagingClient;

/// <summary>
/// How a provider's jobs are polled: the first delay, exponential back-off with jitter up to a maximum interval, and
/// the longest a wait may last.
/// </summary>
public sealed class ImagingPollingOptions
{
    /// <summary>The wait before the first status check. Default 2 seconds.</summary>
    public TimeSpan FirstDelay { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>How much each interval grows over the previous one. Default 1.5.</summary>
    public double BackoffFactor { get; set; } = 1.5;

    /// <summary>The longest interval between two status checks. Default 15 seconds.</summary>
    public TimeSpan MaxInterval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>The fraction by which each interval is randomly lengthened or shortened (0 to 0.5). Default 0.1.</summary>
    public double Jitter { get; set; } = 0.1;

    /// <summary>
    /// The longest wait a provider's Retry-After may impose between two status checks; a longer one is shortened to
    /// this. Default 60 seconds.
    /// </summary>
    public TimeSpan MaxRetryAfter { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// How long <see cref="ImageJob.WaitForCompletionAsync(IProgress{ImageJobProgress}?, CancellationToken)"/> and
    /// <see cref="IImageClient.GenerateAsync"/> wait for a job by default. Default 10 minutes. A job still running then
    /// is not cancelled: the exception carries its id and resume token.
    /// </summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromMinutes(10);

    internal IEnumerable<string> Validate(string provider)
    {
        if (FirstDelay < TimeSpan.Zero || MaxInterval <= TimeSpan.Zero || FirstDelay > MaxInterval)
        {
            yield return $"{provider}: Polling.FirstDelay must be between 0 and Polling.MaxInterval (they are {FirstDelay} and {MaxInterval}).";
        }

        if (BackoffFactor is < 1 or > 10 || double.IsNaN(BackoffFactor))
        {
            yield return $"{provider}: Polling.BackoffFactor must be between 1 and 10; it is {BackoffFactor}.";
        }

        if (Jitter is < 0 or > 0.5 || double.IsNaN(Jitter))
        {
            yield return $"{provider}: Polling.Jitter must be between 0 and 0.5; it is {Jitter}.";
        }

        if (MaxRetryAfter < TimeSpan.Zero || MaxRetryAfter > TimeSpan.FromDays(1))
        {
            yield return $"{provider}: Polling.MaxRetryAfter must be between 0 and 1 day; it is {MaxRetryAfter}.";
        }

        if (MaxInterval > TimeSpan.FromDays(1))
        {
            yield return $"{provider}: Polling.MaxInterval must be at most 1 day; it is {MaxInterval}.";
        }

        if (Timeout <= TimeSpan.Zero && Timeout != System.Threading.Timeout.InfiniteTimeSpan)
        {
            yield return $"{provider}: Polling.Timeout must be positive (or Timeout.InfiniteTimeSpan); it is {Timeout}.";
        }
    }
}
