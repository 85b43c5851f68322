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
        for (var i = 0; i < store.Capacity - 1; i++)
        {
            store.Add([3], 1, 1, expiresAt: null);
        }

        // Assert
        store.TryGet(first.Id, out _).Should().BeFalse();
        store.TryGet(second.Id, out var kept).Should().BeTrue();
        kept!.Png.Should().Equal(2);
    }

    [Fact]
    public void Add_WithAConfiguredCapacity_KeepsThatManyNewest()
    {
        // Arrange
        var store = new ImageStore(capacity: 3);
        var images = Enumerable.Range(0, 4).Select(i => store.Add([(byte)i], 1, 1, expiresAt: null)).ToList();

        // Act
        var kept = images.Where(image => store.TryGet(image.Id, out _)).ToList();

        // Assert
        store.Capacity.Should().Be(3);
        kept.Should().Equal(images.Skip(1));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(ImagingEmulatorOptions.MaxImageCapacity + 1)]
    public async Task StartAsync_ImageCapacityOutOfRange_Throws(int capacity)
    {
        // Act
        var act = () => ImagingEmulator.StartAsync(new ImagingEmulatorOptions { ImageCapacity = capacity });

        // Assert
        (await act.Should().ThrowAsync<ArgumentOutOfRangeException>()).Which.Message.Should().Contain("ImageCapacity");
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
