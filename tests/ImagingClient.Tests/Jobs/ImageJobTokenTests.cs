using System.Text.Json;

namespace ImagingClient.Tests.Jobs;

public sealed class ImageJobTokenTests
{
    private static readonly ImageJobToken Token = new("kie", "task12345", "flux-kontext-max", ImageOperationKind.Edit, new DateTimeOffset(2026, 11, 21, 12, 0, 0, TimeSpan.Zero));

    [Fact]
    public void ToStringThenParse_RoundTripsEveryPart()
    {
        // Act
        var parsed = ImageJobToken.Parse(Token.ToString());

        // Assert
        parsed.Should().Be(Token);
        parsed.Provider.Should().Be("kie");
        parsed.JobId.Should().Be("task12345");
        parsed.Model.Should().Be("flux-kontext-max");
        parsed.Operation.Should().Be(ImageOperationKind.Edit);
        parsed.SubmittedAt.Should().Be(Token.SubmittedAt);
        Token.ToString().Should().StartWith("ijt1.").And.MatchRegex("^[A-Za-z0-9._-]+$", "it must be safe in URLs, file names and headers");
    }

    [Theory]
    [InlineData("")]
    [InlineData("task12345")]
    [InlineData("ijt1.")]
    [InlineData("ijt1.!!!!")]
    [InlineData("ijt1.eyJ2IjoyfQ")]
    [InlineData("ijt2.eyJ2IjoxfQ")]
    public void TryParse_NotAToken_ReturnsFalse(string text)
    {
        // Act
        var ok = ImageJobToken.TryParse(text, out var token);

        // Assert
        ok.Should().BeFalse();
        token.Should().BeNull();
    }

    [Theory]
    [InlineData("""{"v":1,"p":" ","id":"t","m":"m","op":"generate","at":"2026-11-21T00:00:00+00:00"}""")]
    [InlineData("""{"v":1,"p":"kie","id":42,"m":"m","op":"generate","at":"2026-11-21T00:00:00+00:00"}""")]
    [InlineData("""{"v":1,"p":"kie","id":"t","m":"m","op":"generate"}""")]
    [InlineData("""{"v":1,"p":"kie","id":"t","m":"m","op":"resize","at":"2026-11-21T00:00:00+00:00"}""")]
    public void TryParse_WellEncodedButWrongContent_ReturnsFalseWithoutThrowing(string json)
    {
        // Arrange
        var text = "ijt1." + System.Buffers.Text.Base64Url.EncodeToString(System.Text.Encoding.UTF8.GetBytes(json));

        // Act
        var ok = ImageJobToken.TryParse(text, out _);

        // Assert
        ok.Should().BeFalse();
    }

    [Fact]
    public void TryParse_SurroundingWhiteSpace_IsIgnored()
    {
        // Act
        var ok = ImageJobToken.TryParse("  " + Token + "\n", out var parsed);

        // Assert
        ok.Should().BeTrue();
        parsed.Should().Be(Token);
    }

    [Fact]
    public void Parse_TokenFromANewerVersion_SaysSo()
    {
        // Act
        var act = () => ImageJobToken.Parse("ijt2.eyJ2IjoyfQ");

        // Assert
        act.Should().Throw<FormatException>().WithMessage("*newer version*");
    }

    [Fact]
    public void Parse_NotAToken_ThrowsFormatException()
    {
        // Act
        var act = () => ImageJobToken.Parse("nope");

        // Assert
        act.Should().Throw<FormatException>().WithMessage("*ijt1.*");
    }

    [Fact]
    public void JsonSerializer_WritesTheTokenAsItsString()
    {
        // Act
        var json = JsonSerializer.Serialize(new Holder(Token), HolderContext.Default.Holder);
        var back = JsonSerializer.Deserialize(json, HolderContext.Default.Holder);

        // Assert
        json.Should().Be($$"""{"Token":"{{Token}}"}""");
        back!.Token.Should().Be(Token);
    }
}

public sealed record Holder(ImageJobToken Token);

[System.Text.Json.Serialization.JsonSerializable(typeof(Holder))]
internal sealed partial class HolderContext : System.Text.Json.Serialization.JsonSerializerContext;

public sealed class ImageJobTokenStateTests
{
    [Fact]
    public void WithStateAndExpiry_RoundTripThroughText()
    {
        // Arrange
        var token = new ImageJobToken("p", "job-1", "m", ImageOperationKind.Edit, DateTimeOffset.UnixEpoch)
            .WithState("parent", "job-0")
            .WithState("poll", "/v2/tasks/job-1")
            .WithExpiry(DateTimeOffset.UnixEpoch.AddHours(1));

        // Act
        var parsed = ImageJobToken.Parse(token.ToString());

        // Assert
        parsed.Should().Be(token);
        parsed.State.Should().Equal(new Dictionary<string, string> { ["parent"] = "job-0", ["poll"] = "/v2/tasks/job-1" });
        parsed.ExpiresAt.Should().Be(DateTimeOffset.UnixEpoch.AddHours(1));
        parsed.Operation.Should().Be(ImageOperationKind.Edit);
    }

    [Fact]
    public void Parse_FirstFormatWithoutStateOrExpiry_StillReads()
    {
        // Arrange: a token as the first releases wrote it (no "s", no "exp").
        var text = "ijt1." + System.Buffers.Text.Base64Url.EncodeToString(
            System.Text.Encoding.UTF8.GetBytes("""{"v":1,"p":"kie","id":"task-9","m":"flux-kontext-pro","op":"generate","at":"2026-11-21T12:00:00+00:00"}"""));

        // Act
        var token = ImageJobToken.Parse(text);

        // Assert
        token.JobId.Should().Be("task-9");
        token.State.Should().BeEmpty();
        token.ExpiresAt.Should().BeNull();
        new ImageJobToken("kie", "task-9", "flux-kontext-pro", ImageOperationKind.Generate, new DateTimeOffset(2026, 11, 21, 12, 0, 0, TimeSpan.Zero))
            .ToString().Should().Be(text, "a token without state or expiry is written exactly as before");
    }

    [Fact]
    public void Constructor_StateTooLong_Throws()
    {
        // Act
        var act = () => new ImageJobToken("p", "j", "m", ImageOperationKind.Generate, DateTimeOffset.UnixEpoch, new Dictionary<string, string> { ["x"] = new string('a', 5000) }, null);

        // Assert
        act.Should().Throw<ArgumentException>().WithMessage("*keep provider state short*");
    }

    [Fact]
    public void CompletedJob_IsStampedOnTheGivenClock()
    {
        // Arrange
        var time = new ImagingClient.Tests.TestSupport.InstantTimeProvider(new DateTimeOffset(2030, 1, 2, 3, 4, 5, TimeSpan.Zero));
        var result = ImagingModelFactory.ImageResult([ImagingModelFactory.InlineImage(new byte[] { 1 })], provider: "p", model: "m");

        // Act
        var job = ImagingModelFactory.CompletedJob(result, timeProvider: time);

        // Assert
        job.LastUpdated.Should().Be(new DateTimeOffset(2030, 1, 2, 3, 4, 5, TimeSpan.Zero));
    }
}
