namespace ImagingClient.Tests.Jobs;

/// <summary>A provider's answer that cannot make a job token is refused without an <see cref="ArgumentException"/>.</summary>
public sealed class ImageJobTokenTryCreateTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 21, 12, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public void TryCreate_BlankId_IsNull(string? jobId)
    {
        // Act
        var token = ImageJobToken.TryCreate("kie", jobId, "flux-kontext-pro", ImageOperationKind.Generate, Now);

        // Assert
        token.Should().BeNull();
    }

    [Fact]
    public void TryCreate_IdTooLongForAToken_IsNull()
    {
        // Act
        var token = ImageJobToken.TryCreate("kie", new string('a', 5_000), "flux-kontext-pro", ImageOperationKind.Generate, Now);

        // Assert
        token.Should().BeNull();
    }

    [Fact]
    public void TryCreate_BlankModel_IsNull()
    {
        // Act
        var token = ImageJobToken.TryCreate("apiframe", "3f2a9c1e-8d4b-4e6f-a1b2-c3d4e5f60718", " ", ImageOperationKind.Generate, Now);

        // Assert
        token.Should().BeNull();
    }

    [Fact]
    public void TryCreate_AnOrdinaryJob_IsTheTokenTheConstructorMakes()
    {
        // Act
        var token = ImageJobToken.TryCreate("kie", "task12345", "flux-kontext-pro", ImageOperationKind.Generate, Now);

        // Assert
        token.Should().Be(new ImageJobToken("kie", "task12345", "flux-kontext-pro", ImageOperationKind.Generate, Now));
    }
}
