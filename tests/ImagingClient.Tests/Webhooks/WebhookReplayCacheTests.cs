using ImagingClient.Jobs;
using ImagingClient.Tests.TestSupport;
using ImagingClient.Webhooks;

namespace ImagingClient.Tests.Webhooks;

/// <summary>
/// The replay cache on its own: one record per delivery id and provider while it lasts, expiry on the clock the
/// verifier passes, a bound on entries (the closest to expiring go first), and one winner when identical deliveries
/// race.
/// </summary>
public sealed class WebhookReplayCacheTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 21, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void TryRecord_SameIdTwice_RecordsOnlyTheFirst()
    {
        // Arrange
        var cache = new WebhookReplayCache();

        // Act
        var first = cache.TryRecord("acme", "evt_1", Now.AddMinutes(5), Now);
        var second = cache.TryRecord("acme", "evt_1", Now.AddMinutes(5), Now.AddMinutes(1));

        // Assert
        first.Should().BeTrue();
        second.Should().BeFalse();
        cache.Count.Should().Be(1);
    }

    [Fact]
    public void TryRecord_SameIdForAnotherProvider_IsADifferentDelivery()
    {
        // Arrange
        var cache = new WebhookReplayCache();
        cache.TryRecord("acme", "job_1", Now.AddMinutes(5), Now);

        // Act
        var other = cache.TryRecord("globex", "job_1", Now.AddMinutes(5), Now);

        // Assert
        other.Should().BeTrue();
        cache.Count.Should().Be(2);
    }

    [Fact]
    public void TryRecord_AtAndAfterExpiry_RefusesAtTheLastMomentAndRecordsAgainAfter()
    {
        // Arrange
        var cache = new WebhookReplayCache();
        var expiresAt = Now.AddMinutes(5);
        cache.TryRecord("acme", "evt_1", expiresAt, Now);

        // Act
        var atExpiry = cache.TryRecord("acme", "evt_1", expiresAt.AddMinutes(5), expiresAt);
        var after = cache.TryRecord("acme", "evt_1", expiresAt.AddMinutes(5), expiresAt.AddSeconds(1));

        // Assert
        atExpiry.Should().BeFalse("a timestamp exactly at the tolerance still passes the timestamp check");
        after.Should().BeTrue();
        cache.Count.Should().Be(1);
    }

    [Fact]
    public void TryRecord_ExpiredEntries_AreDroppedWhenTheNextIsRecorded()
    {
        // Arrange
        var cache = new WebhookReplayCache();
        for (var i = 0; i < 10; i++)
        {
            cache.TryRecord("acme", $"evt_{i}", Now.AddMinutes(5), Now);
        }

        // Act
        cache.TryRecord("acme", "later", Now.AddMinutes(20), Now.AddMinutes(10));

        // Assert
        cache.Count.Should().Be(1);
    }

    [Fact]
    public void TryRecord_WhenFull_EvictsTheEntryClosestToExpiry()
    {
        // Arrange
        var cache = new WebhookReplayCache(maxEntries: 2, untimedRetention: TimeSpan.FromHours(1));
        cache.TryRecord("acme", "soon", Now.AddMinutes(1), Now);
        cache.TryRecord("acme", "late", Now.AddMinutes(9), Now);

        // Act
        var third = cache.TryRecord("acme", "new", Now.AddMinutes(5), Now);

        // Assert
        third.Should().BeTrue();
        cache.Count.Should().Be(2);
        cache.TryRecord("acme", "late", Now.AddMinutes(9), Now).Should().BeFalse("the entry furthest from expiry is kept");
        cache.TryRecord("acme", "soon", Now.AddMinutes(1), Now).Should().BeTrue("the entry closest to expiry made room");
    }

    [Fact]
    public void TryRecord_ManyMoreDeliveriesThanEntries_StaysWithinMaxEntries()
    {
        // Arrange
        var cache = new WebhookReplayCache(maxEntries: 50, untimedRetention: TimeSpan.FromHours(1));

        // Act
        for (var i = 0; i < 1_000; i++)
        {
            cache.TryRecord("acme", $"evt_{i}", Now.AddSeconds(i), Now);
        }

        // Assert
        cache.Count.Should().Be(50);
        cache.TryRecord("acme", "evt_999", Now.AddSeconds(999), Now).Should().BeFalse("the newest entries are the ones kept");
    }

    [Fact]
    public void Forget_RecordedDelivery_LetsTheSameDeliveryBeRecordedAgain()
    {
        // Arrange
        var cache = new WebhookReplayCache();
        var delivery = new FakeEvent("evt_1");
        cache.TryRecord(delivery.Provider, "evt_1", Now.AddMinutes(5), Now);

        // Act
        var forgotten = cache.Forget(delivery);
        var again = cache.TryRecord(delivery.Provider, "evt_1", Now.AddMinutes(5), Now);

        // Assert
        forgotten.Should().BeTrue();
        again.Should().BeTrue();
        cache.Forget(new FakeEvent("evt_unknown")).Should().BeFalse();
    }

    [Fact]
    public void Forget_ThenRecordOverAndOver_KeepsTheEntriesRight()
    {
        // Arrange: each forget leaves a stale place in the expiry queue, which must never evict the live entry.
        var cache = new WebhookReplayCache(maxEntries: 3, untimedRetention: TimeSpan.FromHours(1));
        var delivery = new FakeEvent("evt_1");
        cache.TryRecord("acme", "keep", Now.AddHours(2), Now);

        // Act
        for (var i = 0; i < 100; i++)
        {
            cache.TryRecord("acme", "evt_1", Now.AddMinutes(1 + (i % 7)), Now);
            cache.Forget(delivery);
        }

        // Assert
        cache.Count.Should().Be(1);
        cache.TryRecord("acme", "keep", Now.AddHours(2), Now).Should().BeFalse();
    }

    [Fact]
    public async Task TryRecord_IdenticalDeliveriesAtOnce_RecordsExactlyOne()
    {
        // Arrange
        const int Racers = 16;
        var cache = new WebhookReplayCache();
        using var start = new Barrier(Racers);

        // Act
        var outcomes = await Task.WhenAll(Enumerable.Range(0, Racers).Select(_ => Task.Run(() =>
        {
            start.SignalAndWait(TimeSpan.FromSeconds(30));
            return cache.TryRecord("acme", "evt_1", Now.AddMinutes(5), Now);
        }))).WithinLimitAsync("the racing records");

        // Assert
        outcomes.Count(recorded => recorded).Should().Be(1);
        cache.Count.Should().Be(1);
    }

    [Theory]
    [InlineData(0, 60)]
    [InlineData(10, 0)]
    [InlineData(10, -1)]
    public void Constructor_LimitOutOfRange_Throws(int maxEntries, int retentionSeconds)
    {
        // Act
        var act = () => new WebhookReplayCache(maxEntries, TimeSpan.FromSeconds(retentionSeconds));

        // Assert
        act.Should().Throw<ArgumentOutOfRangeException>();
    }

    [Fact]
    public void Defaults_AreDocumentedValues()
    {
        // Act
        var cache = new WebhookReplayCache();

        // Assert
        cache.MaxEntries.Should().Be(WebhookReplayCache.DefaultMaxEntries).And.Be(100_000);
        cache.UntimedRetention.Should().Be(WebhookReplayCache.DefaultUntimedRetention).And.Be(TimeSpan.FromHours(24));
        cache.ToString().Should().Contain("MaxEntries = 100000");
    }

    private sealed class FakeEvent(string id)
        : ImageWebhookEvent("acme", "job_1", ImageWebhookEventKind.Completed, ImageJobStatus.Succeeded, "job.completed", id, "done", 1.0, isSigned: true, Now)
    {
        internal override string ReplayKey => EventId!;

        private protected override JobSnapshot ReadOutcome(ImageJobToken? token) => throw new NotSupportedException();
    }
}
