using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using ImagingClient.Tests.TestSupport;
using ImagingClient.Webhooks;

namespace ImagingClient.Tests.Webhooks;

public sealed class StandardWebhooksSignatureTests
{
    // The published test vector of the Standard Webhooks reference libraries: repository standard-webhooks/standard-webhooks,
    // libraries/csharp/StandardWebhooks.Tests/WebhookTest.cs, test verifyWebhookSignWorks (commit 1e88c9ce08bb2c605fea9a2a540b4a91d31c7a62;
    // the same values are in libraries/javascript/src/webhook.test.ts "sign function works", libraries/go/webhook_test.go
    // and libraries/php/tests/WebhookTest.php).
    private const string SpecSecret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private const string SpecId = "msg_p5jXN8AQM9LWM0D4loKWxJek";
    private const string SpecTimestamp = "1614265330";
    private const string SpecPayload = """{"test": 2432232314}""";
    private const string SpecSignature = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";

    private static readonly byte[] Body = Encoding.UTF8.GetBytes("""{"task_id":"direct:c02c","status":"completed","event":"task.completed"}""");

    private readonly InstantTimeProvider _time = new(DateTimeOffset.FromUnixTimeSeconds(1614265330));

    private static byte[] SpecKey => StandardWebhooksSignature.TryDecodeSecret(SpecSecret, out var key) ? key : throw new InvalidOperationException();

    [Fact]
    public void Compute_PublishedTestVector_GivesThePublishedSignature()
    {
        // Act
        var signature = StandardWebhooksSignature.Compute(SpecKey, SpecId, SpecTimestamp, Encoding.UTF8.GetBytes(SpecPayload));

        // Assert
        signature.Should().Be(SpecSignature);
    }

    [Fact]
    public void Verify_PublishedTestVector_Passes()
    {
        // Act
        var check = StandardWebhooksSignature.Verify(SpecKey, SpecId, SpecTimestamp, SpecSignature, Encoding.UTF8.GetBytes(SpecPayload), _time, out var sentAt, TimeSpan.FromMinutes(5));

        // Assert
        check.Succeeded.Should().BeTrue(check.Message);
        sentAt.Should().Be(DateTimeOffset.FromUnixTimeSeconds(1614265330));
    }

    [Fact]
    public void Compute_AnyBody_MatchesAnHmacComputedHere()
    {
        // Arrange: the signed content built independently: id, ".", timestamp, ".", the raw body bytes.
        var key = RandomNumberGenerator.GetBytes(32);
        var content = Encoding.UTF8.GetBytes("msg_1.1614265330.").Concat(Body).ToArray();
        using var hmac = new HMACSHA256(key);
        var expected = "v1," + Convert.ToBase64String(hmac.ComputeHash(content));

        // Act
        var signature = StandardWebhooksSignature.Compute(key, "msg_1", "1614265330", Body);

        // Assert
        signature.Should().Be(expected);
    }

    [Theory]
    [InlineData(SpecSecret)]
    [InlineData("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")]
    [InlineData("  whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw  ")]
    public void TryDecodeSecret_WithOrWithoutPrefix_GivesTheBase64DecodedKey(string secret)
    {
        // Act
        var ok = StandardWebhooksSignature.TryDecodeSecret(secret, out var key);

        // Assert
        ok.Should().BeTrue();
        key.Should().Equal(Convert.FromBase64String("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("whsec_")]
    [InlineData("whsec_not base64!")]
    public void TryDecodeSecret_BlankOrNotBase64_IsRefused(string? secret)
    {
        // Act
        var ok = StandardWebhooksSignature.TryDecodeSecret(secret, out var key);

        // Assert
        ok.Should().BeFalse();
        key.Should().BeNull();
    }

    [Fact]
    public void Verify_SeveralEntriesOneMatching_Passes()
    {
        // Arrange: during a rotation the old and new secrets both sign; other versions are ignored.
        var valid = StandardWebhooksSignature.Compute(SpecKey, "msg_1", Now, Body);
        var header = $"v1a,hnO3f9T8Ytu9HwrXslvumlUpqtNVqkhqw/enGzPCXe5BdqzCInXqYXFymVJaA7AZdpXwVLPo3mNl8EM+m7TBAg== v1,Ceo5qEr07ixe2NLpvHk3FH9bwy/WavXrAFQ/9tdO6mc= v2,{valid[3..]} {valid}";

        // Act
        var check = Verify("msg_1", Now, header, Body);

        // Assert
        check.Succeeded.Should().BeTrue(check.Message);
    }

    [Fact]
    public void Verify_OnlyOtherVersionsMatch_IsMalformedNotAccepted()
    {
        // Arrange: the right MAC, but under a version this scheme does not define.
        var valid = StandardWebhooksSignature.Compute(SpecKey, "msg_1", Now, Body);

        // Act
        var check = Verify("msg_1", Now, $"v2,{valid[3..]} garbage", Body);

        // Assert
        check.Reason.Should().Be(WebhookFailureReason.MalformedHeader);
    }

    [Fact]
    public void Verify_AlteredBody_IsAMismatchThatRevealsNothingSecret()
    {
        // Arrange
        var signature = StandardWebhooksSignature.Compute(SpecKey, "msg_1", Now, Body);
        var altered = Body.ToArray();
        altered[^2] ^= 1;

        // Act
        var check = Verify("msg_1", Now, signature, altered);

        // Assert
        check.Reason.Should().Be(WebhookFailureReason.SignatureMismatch);
        check.Message.Should().NotContain(signature[3..]).And.NotContain("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");
    }

    [Fact]
    public void Verify_BodyWrittenAgainWithOtherSpacing_IsAMismatch()
    {
        // Arrange: the signature covers bytes, so JSON parsed and written again no longer matches.
        var signature = StandardWebhooksSignature.Compute(SpecKey, "msg_1", Now, Encoding.UTF8.GetBytes("""{"a": 1}"""));

        // Act
        var check = Verify("msg_1", Now, signature, Encoding.UTF8.GetBytes("""{"a":1}"""));

        // Assert
        check.Reason.Should().Be(WebhookFailureReason.SignatureMismatch);
    }

    [Fact]
    public void Verify_AnotherId_IsAMismatch()
    {
        // Arrange
        var signature = StandardWebhooksSignature.Compute(SpecKey, "msg_1", Now, Body);

        // Act
        var check = Verify("msg_2", Now, signature, Body);

        // Assert
        check.Reason.Should().Be(WebhookFailureReason.SignatureMismatch);
    }

    [Theory]
    [InlineData(-301, WebhookFailureReason.StaleTimestamp)]
    [InlineData(301, WebhookFailureReason.FutureTimestamp)]
    public void Verify_TimestampOutsideTheDefaultFiveMinutes_IsRefusedEvenWhenSigned(int secondsOff, WebhookFailureReason reason)
    {
        // Arrange
        var stamp = (_time.GetUtcNow().ToUnixTimeSeconds() + secondsOff).ToString(CultureInfo.InvariantCulture);
        var signature = StandardWebhooksSignature.Compute(SpecKey, "msg_1", stamp, Body);

        // Act
        var check = Verify("msg_1", stamp, signature, Body);

        // Assert
        check.Reason.Should().Be(reason);
        check.Message.Should().Contain(StandardWebhooksSignature.TimestampHeader).And.Contain("replay");
    }

    [Theory]
    [InlineData(-300)]
    [InlineData(300)]
    public void Verify_TimestampAtTheEdgeOfTheTolerance_Passes(int secondsOff)
    {
        // Arrange
        var stamp = (_time.GetUtcNow().ToUnixTimeSeconds() + secondsOff).ToString(CultureInfo.InvariantCulture);
        var signature = StandardWebhooksSignature.Compute(SpecKey, "msg_1", stamp, Body);

        // Act
        var check = Verify("msg_1", stamp, signature, Body);

        // Assert
        check.Succeeded.Should().BeTrue(check.Message);
    }

    [Fact]
    public void Verify_WiderTolerance_AcceptsAnOlderTimestamp()
    {
        // Arrange
        var stamp = (_time.GetUtcNow().ToUnixTimeSeconds() - 600).ToString(CultureInfo.InvariantCulture);
        var signature = StandardWebhooksSignature.Compute(SpecKey, "msg_1", stamp, Body);

        // Act
        var check = StandardWebhooksSignature.Verify(SpecKey, "msg_1", stamp, signature, Body, _time, out _, TimeSpan.FromMinutes(15));

        // Assert
        check.Succeeded.Should().BeTrue(check.Message);
    }

    [Theory]
    [InlineData(null, "1614265330", "v1,x", StandardWebhooksSignature.IdHeader)]
    [InlineData("msg_1", null, "v1,x", StandardWebhooksSignature.TimestampHeader)]
    [InlineData("msg_1", "1614265330", null, StandardWebhooksSignature.SignatureHeader)]
    public void Verify_MissingHeader_NamesIt(string? id, string? timestamp, string? signature, string header)
    {
        // Act
        var check = Verify(id, timestamp, signature, Body);

        // Assert
        check.Reason.Should().Be(WebhookFailureReason.MissingHeader);
        check.Message.Should().Contain(header);
    }

    [Theory]
    [InlineData("yesterday")]
    [InlineData("1614265330000000000")]
    [InlineData("-5")]
    public void Verify_TimestampNotUnixSeconds_IsMalformed(string timestamp)
    {
        // Act
        var check = Verify("msg_1", timestamp, "v1,Ceo5qEr07ixe2NLpvHk3FH9bwy/WavXrAFQ/9tdO6mc=", Body);

        // Assert
        check.Reason.Should().Be(WebhookFailureReason.MalformedHeader);
    }

    [Theory]
    [InlineData("v1,not base64!")]
    [InlineData("g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=")]
    [InlineData("v1")]
    public void Verify_NoReadableV1Entry_IsMalformed(string header)
    {
        // Act
        var check = Verify("msg_1", Now, header, Body);

        // Assert
        check.Reason.Should().Be(WebhookFailureReason.MalformedHeader);
        check.Message.Should().Contain("v1");
    }

    private string Now => _time.GetUtcNow().ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);

    private WebhookCheck Verify(string? id, string? timestamp, string? signature, byte[] body) =>
        StandardWebhooksSignature.Verify(SpecKey, id, timestamp, signature, body, _time, out _);
}
