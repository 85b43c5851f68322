namespace ImagingClient.Tests.Reliability.Load;

/// <summary>The sizes and bounds the load tests share, with why they are what they are.</summary>
internal static class LoadLimits
{
    /// <summary>How many jobs each asynchronous provider's load test starts at once.</summary>
    public const int Jobs = 1000;

    /// <summary>How many calls each synchronous provider's load test makes at once.</summary>
    public const int Calls = 100;

    /// <summary>
    /// The most thread-pool threads a run may reach: far below one a job (over 1,000), and well above what the pool
    /// grows to while client, server and renderer keep every core of a 2-core machine busy (20 to 30 measured).
    /// <see cref="ThreadPool.ThreadCount"/> counts the whole process, so the load tests run on their own
    /// (<see cref="LoadTestsDefinition"/>).
    /// </summary>
    public const int MaxThreadPoolThreads = 200;

    /// <summary>
    /// The most threads the whole process may have in a run: <see cref="MaxThreadPoolThreads"/> and 50 more for the
    /// runtime, the server's and the test runner's own (about 30 measured). A thread per job, even one outside the
    /// pool, would take over 1,000.
    /// </summary>
    public const int MaxProcessThreads = MaxThreadPoolThreads + 50;

    /// <summary>
    /// The call and wait limits of an asynchronous client that shares the instant clock with a thousand jobs: the clock
    /// moves by every job's poll delays in turn, hours in all, so limits of minutes would end calls and waits that are
    /// still running for no fault of theirs. A day is more than the clock moves; every await is bounded on the wall
    /// clock instead.
    /// </summary>
    public static readonly TimeSpan ClientLimit = TimeSpan.FromDays(1);
}
