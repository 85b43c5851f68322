using System.Security.Cryptography;
using System.Text;
using ImagingClient.Webhooks;

namespace ImagingClient.Tests.Webhooks;

public sealed class HexBodySignatureTests
{
    private const string Header = "X-Webhook-Signature";
    private static readonly byte[] Body = Encoding.UTF8.GetBytes("""{"event":"completed","jobId":"5f0c","status":"COMPLETED","progress":100}""");

    [Fact]
    public void Compute_Rfc4231TestCase2_GivesThePublishedHmac()
    {
        // Arrange: RFC 4231 section 4.3 (test case 2): key "Jefe", data "what do ya want for nothing?".
        const string Published = "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843";

        // Act
        var signature = HexBodySignature.Compute("Jefe"u8, "what do ya want for nothing?"u8);

        // Assert
        signature.Should().Be("sha256=" + Published);
    }

    [Fact]
    public void DeriveKey_ApiKey_IsTheRawSha256DigestOfItsUtf8()
    {
        // Arrange: FIPS 180-2, appendix B.1: SHA-256("abc").
        var published = Convert.FromHexString("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");

        // Act
        var key = HexBodySignature.DeriveKey("abc");

        // Assert
        key.Should().Equal(published);
    }

    [Fact]
    public void Compute_KeyDerivedFromAnApiKey_MatchesAnHmacComputedHere()
    {
        // Arrange: key = SHA-256(api key) as raw bytes, HMAC over the raw body, lowercase hex.
        const string ApiKey = "afk_test_0123456789";
        using var hmac = new HMACSHA256(SHA256.HashData(Encoding.UTF8.GetBytes(ApiKey)));
        var expected = "sha256=" + Convert.ToHexString(hmac.ComputeHash(Body)).ToLowerInvariant();

        // Act
        var signature = HexBodySignature.Compute(HexBodySignature.DeriveKey(ApiKey), Body);

        // Assert
        signature.Should().Be(expected);
    }

    [Theory]
    [InlineData("sha256=")]
    [InlineData("")]
    [InlineData("SHA256=")]
    public void Verify_MatchingHexWithOrWithoutPrefix_Passes(string prefix)
    {
        // Arrange
        var key = HexBodySignature.DeriveKey("afk_test_0123456789");
        var hex = HexBodySignature.Compute(key, Body)["sha256=".Length..];

        // Act
        var lower = HexBodySignature.Verify(key, prefix + hex, Body, Header);
        var upper = HexBodySignature.Verify(key, prefix + hex.ToUpperInvariant(), Body, Header);

        // Assert
        lower.Succeeded.Should().BeTrue(lower.Message);
        upper.Succeeded.Should().BeTrue(upper.Message);
    }

    [Fact]
    public void Verify_AlteredBody_IsAMismatchThatRevealsNothingSecret()
    {
        // Arrange
        var key = HexBodySignature.DeriveKey("afk_test_0123456789");
        var signature = HexBodySignature.Compute(key, Body);
        var altered = Body.ToArray();
        altered[3] ^= 1;

        // Act
        var check = HexBodySignature.Verify(key, signature, altered, Header);

        // Assert
        check.Reason.Should().Be(WebhookFailureReason.SignatureMismatch);
        check.Message.Should().Contain(Header).And.NotContain(signature["sha256=".Length..]).And.NotContain("afk_test_0123456789");
    }

    [Fact]
    public void Verify_AnotherKey_IsAMismatch()
    {
        // Arrange
        var signature = HexBodySignature.Compute(HexBodySignature.DeriveKey("afk_other"), Body);

        // Act
        var check = HexBodySignature.Verify(HexBodySignature.DeriveKey("afk_test_0123456789"), signature, Body, Header);

        // Assert
        check.Reason.Should().Be(WebhookFailureReason.SignatureMismatch);
    }

    [Theory]
    [InlineData(null, WebhookFailureReason.MissingHeader)]
    [InlineData("", WebhookFailureReason.MissingHeader)]
    [InlineData("sha256=abc", WebhookFailureReason.MalformedHeader)]
    [InlineData("sha256=zz0c146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843", WebhookFailureReason.MalformedHeader)]
    [InlineData("sha1=5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843", WebhookFailureReason.MalformedHeader)]
    public void Verify_MissingOrUnreadableHeader_SaysWhich(string? signature, WebhookFailureReason reason)
    {
        // Act
        var check = HexBodySignature.Verify("Jefe"u8, signature, Body, Header);

        // Assert
        check.Reason.Should().Be(reason);
        check.Message.Should().Contain(Header);
    }
}
