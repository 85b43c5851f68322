using System.Text;
using ImagingClient.Http;

namespace ImagingClient.Tests.Http;

public sealed class ResponseBodyTests
{
    private const string Key = "ck_live_0123456789abcdef";

    [Theory]
    [InlineData(190)]
    [InlineData(195)]
    [InlineData(199)]
    public void Excerpt_KeyStraddlingTheExcerptCut_LeavesNoPartOfIt(int position)
    {
        // Arrange
        var body = Encoding.UTF8.GetBytes(new string('x', position) + Key + " tail");

        // Act
        var excerpt = ResponseBody.Excerpt(body, Key);

        // Assert
        excerpt.Should().NotContain(Key[..6]);
    }

    [Theory]
    [InlineData(6)]
    [InlineData(12)]
    [InlineData(23)]
    public void Excerpt_BodyCutInsideTheKey_LeavesNoPartOfIt(int keyCharsBeforeTheCut)
    {
        // Arrange: a captured prefix (512 bytes, 64 KiB, …) that ends part-way through the key.
        var body = Encoding.UTF8.GetBytes("{\"echo\":\"" + Key[..keyCharsBeforeTheCut]);

        // Act
        var excerpt = ResponseBody.Excerpt(body, Key);

        // Assert
        excerpt.Should().NotContain(Key[..4]).And.Contain(SecretRedactor.Placeholder);
    }

    [Fact]
    public void Excerpt_LongSpacePaddingBeforeTheKey_CollapsesButStillRedacts()
    {
        // Arrange
        var body = Encoding.UTF8.GetBytes(new string(' ', 790) + Key);

        // Act
        var excerpt = ResponseBody.Excerpt(body, Key);

        // Assert
        excerpt.Should().Be(SecretRedactor.Placeholder);
    }

    [Fact]
    public void Excerpt_OrdinaryText_IsOneLineAndCutAt200Characters()
    {
        // Arrange
        var body = Encoding.UTF8.GetBytes("<html>\n  <body>\t" + new string('a', 300) + "</body></html>");

        // Act
        var excerpt = ResponseBody.Excerpt(body, Key);

        // Assert
        excerpt.Should().StartWith("<html> <body> aaa").And.EndWith("…");
        excerpt.Length.Should().Be(201);
    }
}
