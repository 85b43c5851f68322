using System.Security.Cryptography;
using System.Text;
using ImagingClient.Webhooks;

namespace ImagingClient.Tests.Webhooks;

public sealed class TimestampedIdSignatureTests
{
    private const string Header = "X-Signature";
    private static readonly byte[] Key = Encoding.UTF8.GetBytes("whk_test_hmac_key");

    [Fact]
    public void Compute_IdAndTimestamp_MatchesAnHmacComputedHere()
    {
        // Arrange: the scheme computed independently, with the HMACSHA256 class over the joined string.
        using var hmac = new HMACSHA256(Key);
        var expected = Convert.ToBase64String(hmac.ComputeHash(Encoding.UTF8.GetBytes("task12345.1763726400")));

        // Act
        var signature = TimestampedIdSignature.Compute(Key, "task12345", "1763726400");

        // Assert
        signature.Should().Be(expected);
    }

    [Fact]
    public void Compute_NonAsciiId_SignsItsUtf8Bytes()
    {
        // Arrange
        byte[] message = [.. Encoding.UTF8.GetBytes("tâche-ü"), (byte)'.', .. "17"u8];
        var expected = Convert.ToBase64String(HMACSHA256.HashData(Key, message));

        // Act
        var signature = TimestampedIdSignature.Compute(Key, "tâche-ü", "17");

        // Assert
        signature.Should().Be(expected);
    }

    [Fact]
    public void Verify_MatchingSignature_Passes()
    {
        // Arrange
        var signature = TimestampedIdSignature.Compute(Key, "task12345", "1763726400");

        // Act
        var check = TimestampedIdSignature.Verify(Key, "task12345", "1763726400", signature, Header);

        // Assert
        check.Succeeded.Should().BeTrue(check.Message);
    }

    [Theory]
    [InlineData("task99999", "1763726400")]
    [InlineData("task12345", "1763726401")]
    public void Verify_OtherIdOrTimestamp_IsAMismatch(string id, string timestamp)
    {
        // Arrange
        var signature = TimestampedIdSignature.Compute(Key, "task12345", "1763726400");

        // Act
        var check = TimestampedIdSignature.Verify(Key, id, timestamp, signature, Header);

        // Assert
        check.Succeeded.Should().BeFalse();
        check.Reason.Should().Be(WebhookFailureReason.SignatureMismatch);
        check.Message.Should().Contain("does not match").And.Contain(Header);
    }

    [Fact]
    public void Verify_AnotherKey_IsAMismatchThatRevealsNeitherKeyNorExpectedSignature()
    {
        // Arrange
        var signature = TimestampedIdSignature.Compute("another key"u8, "task12345", "1763726400");
        var expected = TimestampedIdSignature.Compute(Key, "task12345", "1763726400");

        // Act
        var check = TimestampedIdSignature.Verify(Key, "task12345", "1763726400", signature, Header);

        // Assert
        check.Reason.Should().Be(WebhookFailureReason.SignatureMismatch);
        check.Message.Should().NotContain(expected).And.NotContain(signature).And.NotContain("whk_test_hmac_key");
    }

    [Theory]
    [InlineData(null, WebhookFailureReason.MissingHeader)]
    [InlineData(" ", WebhookFailureReason.MissingHeader)]
    [InlineData("not base64!", WebhookFailureReason.MalformedHeader)]
    [InlineData("c2hvcnQ=", WebhookFailureReason.MalformedHeader)]
    public void Verify_MissingOrUnreadableSignature_SaysWhich(string? signature, WebhookFailureReason reason)
    {
        // Act
        var check = TimestampedIdSignature.Verify(Key, "task12345", "1763726400", signature, Header);

        // Assert
        check.Succeeded.Should().BeFalse();
        check.Reason.Should().Be(reason);
        check.Message.Should().Contain(Header);
    }
}
