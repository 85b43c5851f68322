namespace ImagingClient.Http;

/// <summary>
/// The time allowed for one whole call — sending, retries, and reading the body — on the injected
/// <see cref="TimeProvider"/>, combined with the caller's token.
/// </summary>
internal sealed class CallDeadline : IDisposable
{
    /// <summary>Where a request carries its deadline, so the retry handler never waits past it.</summary>
    public static readonly HttpRequestOptionsKey<DateTimeOffset> RequestOptionKey = new("ImagingClient.Deadline");

    private readonly CancellationTokenSource? _timeout;
    private readonly CancellationTokenSource? _linked;
    private readonly CancellationToken _caller;

    public CallDeadline(TimeSpan timeout, TimeProvider timeProvider, CancellationToken caller)
    {
        _caller = caller;
        Timeout = timeout;
        if (timeout == System.Threading.Timeout.InfiniteTimeSpan)
        {
            Token = caller;
            return;
        }

        ExpiresAt = timeProvider.GetUtcNow() + timeout;
        _timeout = new CancellationTokenSource(timeout, timeProvider);
        _linked = CancellationTokenSource.CreateLinkedTokenSource(caller, _timeout.Token);
        Token = _linked.Token;
    }

    public TimeSpan Timeout { get; }

    /// <summary>When the call must be over, or <see langword="null"/> for no limit.</summary>
    public DateTimeOffset? ExpiresAt { get; }

    public CancellationToken Token { get; }

    /// <summary>Whether a cancellation came from the deadline rather than from the caller.</summary>
    public bool HasExpired => !_caller.IsCancellationRequested && _timeout?.IsCancellationRequested == true;

    /// <summary>Stamps the deadline on a request for the retry handler.</summary>
    public void Stamp(HttpRequestMessage request)
    {
        if (ExpiresAt is { } expiresAt)
        {
            request.Options.Set(RequestOptionKey, expiresAt);
        }
    }

    public void Dispose()
    {
        _linked?.Dispose();
        _timeout?.Dispose();
    }
}
