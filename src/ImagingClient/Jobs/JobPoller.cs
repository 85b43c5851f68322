using ImagingClient.Diagnostics;
using Microsoft.Extensions.Logging;

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
    /// <summary>How many unreadable status answers in a row are taken as a passing fault before the wait gives up.</summary>
    internal const int MaxConsecutiveUnreadableChecks = 5;

    /// <summary>How long after submission a provider may still not know its own new job (eventual consistency).</summary>
    internal static readonly TimeSpan NotFoundGrace = TimeSpan.FromSeconds(60);

    /// <summary>The resolution of timers: they take whole milliseconds.</summary>
    private static readonly TimeSpan TimerResolution = TimeSpan.FromMilliseconds(1);

    /// <summary>
    /// Waits for <paramref name="job"/>; however the wait ends, the number of status checks it made is recorded
    /// (<c>imaging.client.job.polls</c>) with the job's status at that point, unless the job had finished before it.
    /// </summary>
    public static async Task<ImageResult> WaitAsync(ImageJob job, TimeSpan timeout, IProgress<ImageJobProgress>? progress, CancellationToken cancellationToken)
    {
        var polls = new PollCount();
        try
        {
            return await WaitCoreAsync(job, timeout, progress, polls, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            // A job that finished in the answer that created it was never waited for.
            var telemetry = job.Telemetry;
            if (polls.Value > 0 || !job.IsCompleted)
            {
                telemetry.RecordPolls(job.Provider, job.Model, polls.Value, ImageJobStatusNames.Of(job.Status));
            }

            if (telemetry.Logger.IsEnabled(LogLevel.Debug))
            {
                var status = ImageJobStatusNames.Of(job.Status);
                ImagingLog.JobWaitEnded(telemetry.Logger, job.Provider, job.Id, polls.Value, status);
            }
        }
    }

    private static async Task<ImageResult> WaitCoreAsync(ImageJob job, TimeSpan timeout, IProgress<ImageJobProgress>? progress, PollCount polls, CancellationToken cancellationToken)
    {
        var time = job.TimeProvider;
        var polling = job.Polling;
        var started = time.GetUtcNow();
        var deadline = timeout == Timeout.InfiniteTimeSpan || timeout >= DateTimeOffset.MaxValue - started ? DateTimeOffset.MaxValue : started + timeout;
        var interval = polling.FirstDelay;
        var last = job.Snapshot();
        ImagingApiException? lastTransientFailure = null;
        var unreadableInARow = 0;
        Report(job, progress, last);

        while (!job.IsCompleted)
        {
            var now = time.GetUtcNow();
            if (HasPassed(deadline, now))
            {
                throw TimedOut(job, timeout, lastTransientFailure);
            }

            var wait = NextWait(interval, job.RetryAfter ?? lastTransientFailure?.RetryAfter, polling);
            if (deadline - now < wait)
            {
                // Look one last time at the deadline rather than give up before it.
                wait = deadline - now;
            }

            var cutOff = false;
            try
            {
                await Task.Delay(wait, time, cancellationToken).ConfigureAwait(false);
                polls.Value++;
                cutOff = !await CheckWithinDeadlineAsync(job, deadline, cancellationToken).ConfigureAwait(false);
                if (!cutOff)
                {
                    lastTransientFailure = null;
                    unreadableInARow = 0;
                }
            }
            catch (OperationCanceledException ex) when (cancellationToken.IsCancellationRequested)
            {
                throw new ImageJobWaitCanceledException(job, ex, cancellationToken);
            }
            catch (OperationCanceledException) when (HasPassed(deadline, time.GetUtcNow()))
            {
                cutOff = true;
            }
            catch (ImagingApiException ex) when (IsPassing(ex, job, ref unreadableInARow))
            {
                // The check failed, not the job: keep the job and look again at the next interval.
                lastTransientFailure = ex;
            }

            if (cutOff)
            {
                // The last check was still running at the deadline.
                throw TimedOut(job, timeout, lastTransientFailure);
            }

            var current = job.Snapshot();
            if (current != last)
            {
                last = current;
                Report(job, progress, current);
            }

            interval = Grow(interval, polling);
        }

        return job.ResultOrThrow();
    }

    /// <summary>
    /// One status check, cut off at the wait's deadline (the provider's own call timeout may be longer). Returns
    /// <see langword="false"/> when it was cut off. That is known from the cut-off's own token, not from the clock: a
    /// timer takes whole milliseconds and may fire a fraction of one before the clock reads the deadline, and the
    /// cancellation reaches here as whatever the HTTP stack threw, unmapped.
    /// </summary>
    private static async Task<bool> CheckWithinDeadlineAsync(ImageJob job, DateTimeOffset deadline, CancellationToken cancellationToken)
    {
        var left = deadline - job.TimeProvider.GetUtcNow();
        var checkTimeout = job.CheckTimeout;
        if (deadline == DateTimeOffset.MaxValue || (checkTimeout != Timeout.InfiniteTimeSpan && left >= checkTimeout))
        {
            // The check's own timeout ends it before the wait's deadline would.
            await job.UpdateStatusAsync(cancellationToken).ConfigureAwait(false);
            return true;
        }

        using var timeLeft = new CancellationTokenSource(left > TimeSpan.Zero ? left : TimeSpan.Zero, job.TimeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeLeft.Token);
        try
        {
            await job.UpdateStatusAsync(linked.Token).ConfigureAwait(false);
            return true;
        }
        catch (OperationCanceledException) when (timeLeft.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }

    /// <summary>
    /// Whether the wait's deadline has come: less than a timer's resolution (a millisecond) left counts as none, since
    /// no timer can wait that long.
    /// </summary>
    private static bool HasPassed(DateTimeOffset deadline, DateTimeOffset now) =>
        deadline != DateTimeOffset.MaxValue && deadline - now < TimerResolution;

    /// <summary>
    /// Whether a failed check leaves the job worth waiting for: a retryable failure; a few unreadable answers in a
    /// row (a proxy page, a half-written record); or "not found" just after submission, before the provider knows
    /// its own new job.
    /// </summary>
    private static bool IsPassing(ImagingApiException ex, ImageJob job, ref int unreadableInARow)
    {
        if (ex.IsRetryable)
        {
            return true;
        }

        if (ex.ErrorCode == ImagingErrorCode.InvalidResponse)
        {
            return ++unreadableInARow < MaxConsecutiveUnreadableChecks;
        }

        return ex.ErrorCode == ImagingErrorCode.NotFound
            && job.ResumeToken is { } token
            && job.TimeProvider.GetUtcNow() - token.SubmittedAt < NotFoundGrace;
    }

    /// <summary>Reports progress; a callback that throws stops the wait, but never loses the job.</summary>
    private static void Report(ImageJob job, IProgress<ImageJobProgress>? progress, ImageJobProgress value)
    {
        try
        {
            progress?.Report(value);
        }
#pragma warning disable CA1031 // Whatever the caller's callback throws is wrapped with the job's id and token.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            throw StoppedWaiting(
                job,
                ImagingErrorCode.Unknown,
                $"The progress callback threw while waiting for {job.Provider} job {job.Id}, so the wait stopped. The job goes on at {job.Provider}",
                ex);
        }
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
        StoppedWaiting(
            job,
            ImagingErrorCode.StillRunning,
            $"{job.Provider} job {job.Id} was still {job.Status}{(job.ProviderStatus is null ? string.Empty : $" ({job.ProviderStatus})")} after waiting {timeout}. "
            + $"It has not been cancelled at {job.Provider} and may still finish",
            lastTransientFailure);

    /// <summary>The wait ended but the job did not: the exception names the job and how to resume it.</summary>
    private static ImagingApiException StoppedWaiting(ImageJob job, ImagingErrorCode code, string message, Exception? inner) =>
        new(message + (job.ResumeToken is { } token ? $": resume it with the token {token}." : "."), inner)
        {
            Provider = job.Provider,
            ErrorCode = code,
            JobId = job.Id,
            ResumeToken = job.ResumeToken,
            IsRetryable = false,
        };

    /// <summary>The number of status checks a wait has made (a class, so an async method can count into it).</summary>
    private sealed class PollCount
    {
        public int Value { get; set; }
    }
}
