namespace ImagingClient.Tests.TestSupport;

/// <summary>
/// A wall-clock bound for a test's await on something outside its control (a handler it scripted, a background
/// delivery, a server): if what it waits for never happens, the test fails with a message that names the wait,
/// instead of hanging the whole run. The bound is generous (it only has to beat "forever" on a loaded machine) and
/// is never a way to wait for time to pass: tests move time with their injected clock.
/// </summary>
internal static class Bounded
{
    /// <summary>How long a bounded wait may take on the wall clock.</summary>
    public static readonly TimeSpan Limit = TimeSpan.FromSeconds(30);

    /// <summary>Waits for <paramref name="task"/> at most <see cref="Limit"/>; <paramref name="what"/> names it in the failure.</summary>
    public static async Task WithinLimitAsync(this Task task, string what)
    {
        ArgumentNullException.ThrowIfNull(task);
        try
        {
            await task.WaitAsync(Limit);
        }
        catch (TimeoutException ex) when (!task.IsCompleted)
        {
            throw Timeout(what, ex);
        }
    }

    /// <summary>Waits for <paramref name="task"/> at most <see cref="Limit"/>; <paramref name="what"/> names it in the failure.</summary>
    public static async Task<T> WithinLimitAsync<T>(this Task<T> task, string what)
    {
        ArgumentNullException.ThrowIfNull(task);
        try
        {
            return await task.WaitAsync(Limit);
        }
        catch (TimeoutException ex) when (!task.IsCompleted)
        {
            throw Timeout(what, ex);
        }
    }

    /// <summary>Waits for <paramref name="task"/> at most <see cref="Limit"/>; <paramref name="what"/> names it in the failure.</summary>
    public static Task<T> WithinLimitAsync<T>(this ValueTask<T> task, string what) => task.AsTask().WithinLimitAsync(what);

    private static TimeoutException Timeout(string what, TimeoutException inner) =>
        new($"Gave up after {Limit.TotalSeconds:0} s of wall-clock time waiting for {what}; without this bound the test would hang the run.", inner);
}
