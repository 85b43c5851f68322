using ImagingClient.Emulator;

namespace ImagingClient.Tests.Emulator;

public sealed class ImageStoreTests
{
    [Fact]
    public void Add_BeyondCapacity_EvictsOldest()
    {
        // Arrange
        var store = new ImageStore();
        var first = store.Add([1], 1, 1, expiresAt: null);
        var second = store.Add([2], 1, 1, expiresAt: null);

        // Act
        for (var i = 0; i < ImageStore.Capacity - 1; i++)
        {
            store.Add([3], 1, 1, expiresAt: null);
        }

        // Assert
        store.TryGet(first.Id, out _).Should().BeFalse();
        store.TryGet(second.Id, out var kept).Should().BeTrue();
        kept!.Png.Should().Equal(2);
    }

    [Fact]
    public void Add_TwoImages_GetsDistinctIdsAndSignatures()
    {
        // Arrange
        var store = new ImageStore();

        // Act
        var a = store.Add([1], 1, 1, expiresAt: null);
        var b = store.Add([1], 1, 1, expiresAt: null);

        // Assert
        a.Id.Should().NotBe(b.Id);
        a.Signature.Should().NotBe(b.Signature);
        a.RelativeUrl.Should().Be($"files/{a.Id}.png?sig={a.Signature}");
    }
}
