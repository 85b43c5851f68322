namespace ImagingClient.Jobs;

/// <summary>
/// Waits for a job by polling it on the job's <see cref="TimeProvider"/>: the first delay, then intervals that grow by
/// the back-off factor up to the maximum, each with jitter; a Retry-After the provider sends lengthens the next wait
/// (up to a cap). A failed check that may succeed later does not end the wait. When the deadline passes or the caller
/// cancels, the exception names the job and carries its resume token; the job is never claimed to be cancelled.
/// Waiting costs one timer at a time, never a thread.
/// </summary>
internal static class JobPoller
{
    public static async Task<ImageResult> WaitAsync(ImageJob job, TimeSpan timeout, IProgress<ImageJobProgress>? progress, CancellationToken cancellationToken)
    {
        var time = job.TimeProvider;
        var polling = job.Polling;
        var deadline = timeout == Timeout.InfiniteTimeSpan ? DateTimeOffset.MaxValue : time.GetUtcNow() + timeout;
        var interval = polling.FirstDelay;
        var last = job.Snapshot();
        ImagingApiException? lastTransientFailure = null;
        progress?.Report(last);

        while (!job.IsCompleted)
        {
            var now = time.GetUtcNow();
            if (now >= deadline)
            {
                throw TimedOut(job, timeout, lastTransientFailure);
            }

            var wait = NextWait(interval, job.RetryAfter ?? lastTransientFailure?.RetryAfter, polling);
            if (deadline - now < wait)
            {
                // Look one last time at the deadline rather than give up before it.
                wait = deadline - now;
            }

            try
            {
                await Task.Delay(wait, time, cancellationToken).ConfigureAwait(false);
                await job.UpdateStatusAsync(cancellationToken).ConfigureAwait(false);
                lastTransientFailure = null;
            }
            catch (OperationCanceledException ex) when (cancellationToken.IsCancellationRequested)
            {
                throw new ImageJobWaitCanceledException(job, ex);
            }
            catch (ImagingApiException ex) when (ex.IsRetryable)
            {
                // The check failed, not the job: keep the job and look again at the next interval.
                lastTransientFailure = ex;
            }

            var current = job.Snapshot();
            if (current != last)
            {
                last = current;
                progress?.Report(current);
            }

            interval = Grow(interval, polling);
        }

        return job.ResultOrThrow();
    }

    private static TimeSpan NextWait(TimeSpan interval, TimeSpan? retryAfter, ImagingPollingOptions polling)
    {
        var jittered = polling.Jitter > 0
            ? interval * (1 + ((Random.Shared.NextDouble() * 2) - 1) * polling.Jitter)
            : interval;
        if (retryAfter is { } asked)
        {
            var capped = asked > polling.MaxRetryAfter ? polling.MaxRetryAfter : asked;
            if (capped > jittered)
            {
                return capped;
            }
        }

        return jittered < TimeSpan.Zero ? TimeSpan.Zero : jittered;
    }

    private static TimeSpan Grow(TimeSpan interval, ImagingPollingOptions polling)
    {
        var next = interval == TimeSpan.Zero ? TimeSpan.FromMilliseconds(100) : interval * polling.BackoffFactor;
        return next > polling.MaxInterval ? polling.MaxInterval : next;
    }

    private static ImagingApiException TimedOut(ImageJob job, TimeSpan timeout, ImagingApiException? lastTransientFailure) =>
        new(
            $"{job.Provider} job {job.Id} was still {job.Status}{(job.ProviderStatus is null ? string.Empty : $" ({job.ProviderStatus})")} after waiting {timeout}. "
            + $"It has not been cancelled at {job.Provider} and may still finish"
            + (job.ResumeToken is { } token ? $": resume it with the token {token}." : "."),
            lastTransientFailure)
        {
            Provider = job.Provider,
            ErrorCode = ImagingErrorCode.Timeout,
            JobId = job.Id,
            ResumeToken = job.ResumeToken,
        };
}
