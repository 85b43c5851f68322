using System.Globalization;

namespace ImagingClient.Webhooks;

/// <summary>
/// Remembers the webhook deliveries a verifier accepted, in memory, so that the same delivery arriving again is
/// refused with <see cref="WebhookFailureReason.Replayed"/>. Set it on a provider's webhook settings
/// (<see cref="ImageWebhookOptions.ReplayCache"/>); one cache can serve every provider's verifier, since its entries
/// are kept per provider. Safe to use from several threads: of two identical deliveries verified at the same time,
/// exactly one is accepted.
/// </summary>
/// <remarks>
/// <para>
/// A delivery is known by its id as the provider's scheme gives it: the delivery (event) id where there is one,
/// otherwise the job and the event. It is recorded only once it has passed every check (size, signature,
/// timestamp, body), so a forged or stale delivery never takes an id's place.
/// </para>
/// <para>
/// An entry lasts as long as a replay could still pass the other checks: for a scheme with a signed timestamp, until
/// the timestamp leaves the verifier's tolerance (after that the timestamp check refuses it anyway); for one without,
/// <see cref="UntimedRetention"/> from when it was accepted. Time is the verifier's <see cref="TimeProvider"/> (the
/// container's, with dependency injection), so entries expire on the same clock that judges timestamps. At most
/// <see cref="MaxEntries"/> are kept; when full, expired entries go first, then those closest to expiring.
/// </para>
/// <para>
/// It refuses replays; it is not a store of what your app has handled. A provider retries a delivery it saw fail,
/// with the same id, for longer than the tolerance: deduplicate on <see cref="ImageWebhookEvent.EventId"/> (or the job)
/// in your own store too. If handling an accepted delivery fails and you want the provider's retry to be accepted,
/// call <see cref="Forget"/>. The cache lives in one process: several instances behind a load balancer each have
/// their own.
/// </para>
/// </remarks>
public sealed class WebhookReplayCache
{
    /// <summary>The default of <see cref="MaxEntries"/>: 100,000 (some tens of megabytes at most).</summary>
    public const int DefaultMaxEntries = 100_000;

    private readonly object _gate = new();
    private readonly Dictionary<string, DateTimeOffset> _entries = new(StringComparer.Ordinal);
    private readonly PriorityQueue<string, DateTimeOffset> _byExpiry = new();

    /// <summary>Creates a cache of <see cref="DefaultMaxEntries"/> entries that keeps deliveries without a timestamp for <see cref="DefaultUntimedRetention"/>.</summary>
    public WebhookReplayCache()
        : this(DefaultMaxEntries, DefaultUntimedRetention)
    {
    }

    /// <summary>Creates a cache.</summary>
    /// <param name="maxEntries">The most deliveries remembered at once; at least 1.</param>
    /// <param name="untimedRetention">How long a delivery whose scheme has no timestamp is remembered; positive.</param>
    /// <exception cref="ArgumentOutOfRangeException">A limit is out of range.</exception>
    public WebhookReplayCache(int maxEntries, TimeSpan untimedRetention)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxEntries, 1);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(untimedRetention, TimeSpan.Zero);
        MaxEntries = maxEntries;
        UntimedRetention = untimedRetention;
    }

    /// <summary>
    /// The default of <see cref="UntimedRetention"/>: 24 hours, longer than any provider documents retrying a
    /// delivery. A replay after that is accepted again: treat a job's completion as final in your own store.
    /// </summary>
    public static TimeSpan DefaultUntimedRetention { get; } = TimeSpan.FromHours(24);

    /// <summary>The most deliveries remembered at once.</summary>
    public int MaxEntries { get; }

    /// <summary>How long a delivery whose scheme has no timestamp is remembered.</summary>
    public TimeSpan UntimedRetention { get; }

    /// <summary>How many deliveries are remembered now (expired ones are dropped as the next delivery is recorded).</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _entries.Count;
            }
        }
    }

    /// <summary>
    /// Forgets a delivery accepted earlier, so that the same delivery is accepted again: for an app that could not
    /// finish handling it and wants the provider's retry to get through.
    /// </summary>
    /// <param name="webhookEvent">The event the verifier returned.</param>
    /// <returns><see langword="true"/> if the delivery was remembered.</returns>
    public bool Forget(ImageWebhookEvent webhookEvent)
    {
        ArgumentNullException.ThrowIfNull(webhookEvent);
        lock (_gate)
        {
            return _entries.Remove(Key(webhookEvent.Provider, webhookEvent.ReplayKey));
        }
    }

    /// <summary>Describes the cache.</summary>
    /// <returns>Its size and limits.</returns>
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"WebhookReplayCache {{ Count = {Count}, MaxEntries = {MaxEntries}, UntimedRetention = {UntimedRetention} }}");

    /// <summary>
    /// Records a delivery that passed every other check, unless it is remembered already: the check and the record
    /// are one step, so of two identical deliveries at once exactly one is recorded.
    /// </summary>
    /// <param name="provider">The provider, as in model ids.</param>
    /// <param name="id">The delivery's id in the provider's scheme.</param>
    /// <param name="expiresAt">The last moment a replay of it could pass the other checks; the entry lasts until then.</param>
    /// <param name="now">The verifier's clock.</param>
    /// <returns><see langword="true"/> when it was recorded now; <see langword="false"/> for a replay.</returns>
    internal bool TryRecord(string provider, string id, DateTimeOffset expiresAt, DateTimeOffset now)
    {
        var key = Key(provider, id);
        lock (_gate)
        {
            DropExpired(now);
            if (_entries.TryGetValue(key, out var alive) && alive >= now)
            {
                return false;
            }

            while (_entries.Count >= MaxEntries && _byExpiry.TryDequeue(out var oldest, out var expiry))
            {
                RemoveIfCurrent(oldest, expiry);
            }

            _entries[key] = expiresAt;
            _byExpiry.Enqueue(key, expiresAt);
            if (_byExpiry.Count > 2 * MaxEntries)
            {
                // Forgotten and re-recorded entries leave stale places in the queue: rebuild it from the entries.
                _byExpiry.Clear();
                _byExpiry.EnqueueRange(_entries.Select(e => (e.Key, e.Value)));
            }

            return true;
        }
    }

    /// <summary>The moment a delivery without a timestamp, accepted at <paramref name="now"/>, stops being remembered.</summary>
    internal DateTimeOffset UntimedExpiry(DateTimeOffset now) =>
        now > DateTimeOffset.MaxValue - UntimedRetention ? DateTimeOffset.MaxValue : now + UntimedRetention;

    private static string Key(string provider, string id) => provider + "\n" + id;

    private void DropExpired(DateTimeOffset now)
    {
        while (_byExpiry.TryPeek(out var key, out var expiry) && expiry < now)
        {
            _byExpiry.Dequeue();
            RemoveIfCurrent(key, expiry);
        }
    }

    /// <summary>Removes an entry for a place taken from the queue, unless the place is stale (the entry was forgotten or recorded again since).</summary>
    private void RemoveIfCurrent(string key, DateTimeOffset expiry)
    {
        if (_entries.TryGetValue(key, out var current) && current == expiry)
        {
            _entries.Remove(key);
        }
    }
}
