using System.Net;
using System.Text.Json.Nodes;
using ImagingClient.Providers.Concurred;
using ImagingClient.Tests.TestSupport;

namespace ImagingClient.Tests.Providers.Concurred;

/// <summary>How Concurred's refusals and unreadable answers become <see cref="ImagingApiException"/>.</summary>
public sealed class ConcurredErrorTests
{
    private static readonly ImageGenerationRequest Request = new() { Prompt = "p" };

    [Theory]
    [InlineData("UNAUTHORIZED", 401, "unauthorized", false)]
    [InlineData("INVALID_API_KEY", 401, "unauthorized", false)]
    [InlineData("FORBIDDEN", 403, "forbidden", false)]
    [InlineData("BAD_REQUEST", 400, "invalid_request", false)]
    [InlineData("MISSING_REQUIRED_FIELD", 400, "invalid_request", false)]
    [InlineData("INVALID_MODEL", 400, "model_not_found", false)]
    [InlineData("GUARDRAIL_BLOCKED", 400, "content_policy", false)]
    [InlineData("RATE_LIMIT_EXCEEDED", 429, "rate_limited", true)]
    [InlineData("MODEL_UNAVAILABLE", 503, "unavailable", true)]
    [InlineData("INTERNAL_ERROR", 500, "server_error", true)]
    public async Task GenerateAsync_DocumentedErrorCode_ThrowsMappedImagingApiException(string code, int status, string expectedCode, bool retryable)
    {
        // Arrange
        using var api = new ConcurredApi();
        api.OnPost(ConcurredApi.GenerateUrl, () => ConcurredApi.Json(ConcurredApi.ErrorResponse(code, $"Server says {code} happened"), (HttpStatusCode)status));
        using var client = api.CreateClient(o => o.Retry.MaxRetries = 0);

        // Act
        var act = () => client.GenerateAsync(Request);

        // Assert
        var ex = (await act.Should().ThrowExactlyAsync<ImagingApiException>()).Which;
        ex.ErrorCode.Should().Be(new ImagingErrorCode(expectedCode));
        ex.ProviderErrorCode.Should().Be(code);
        ex.StatusCode.Should().Be((HttpStatusCode)status);
        ex.Provider.Should().Be("concurred");
        ex.IsRetryable.Should().Be(retryable);
        ex.Message.Should().Contain($"Server says {code} happened").And.Contain(code).And.Contain(status.ToString(System.Globalization.CultureInfo.InvariantCulture));
        ex.Details.Should().BeNull();
        ex.ResponseExcerpt.Should().BeNull();
        api.Requests.Should().ContainSingle();
        api.Unexpected.Should().BeEmpty();
    }

    [Theory]
    [InlineData("UNAUTHORIZED", "unauthorized")]
    [InlineData("INVALID_API_KEY", "unauthorized")]
    [InlineData("FORBIDDEN", "forbidden")]
    [InlineData("BAD_REQUEST", "invalid_request")]
    [InlineData("MISSING_REQUIRED_FIELD", "invalid_request")]
    [InlineData("INVALID_MODEL", "model_not_found")]
    [InlineData("GUARDRAIL_BLOCKED", "content_policy")]
    [InlineData("RATE_LIMIT_EXCEEDED", "rate_limited")]
    [InlineData("MODEL_UNAVAILABLE", "unavailable")]
    [InlineData("INTERNAL_ERROR", "server_error")]
    public void Map_DocumentedCode_ReturnsNeutralCode(string code, string expected)
    {
        // Act
        var mapped = ConcurredErrors.Map(code);

        // Assert
        mapped.Should().Be(new ImagingErrorCode(expected));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("INVALID_MESSAGE_LENGTH")]
    [InlineData("unauthorized")]
    public void Map_UnknownCode_ReturnsNull(string? code)
    {
        // Act
        var mapped = ConcurredErrors.Map(code);

        // Assert
        mapped.Should().BeNull();
    }

    [Fact]
    public async Task GenerateAsync_UnknownCode_FallsBackToHttpStatus()
    {
        // Arrange
        using var api = new ConcurredApi();
        api.OnPost(ConcurredApi.GenerateUrl, () => ConcurredApi.Json(ConcurredApi.ErrorResponse("INSUFFICIENT_CREDITS", "Top up your balance"), HttpStatusCode.PaymentRequired));
        using var client = api.CreateClient(o => o.Retry.MaxRetries = 0);

        // Act
        var act = () => client.GenerateAsync(Request);

        // Assert
        var ex = (await act.Should().ThrowAsync<ImagingApiException>()).Which;
        ex.ErrorCode.Should().Be(ImagingErrorCode.InsufficientCredits);
        ex.ProviderErrorCode.Should().Be("INSUFFICIENT_CREDITS");
        ex.Message.Should().Contain("Top up your balance");
    }

    [Fact]
    public async Task GenerateAsync_ErrorWithDetails_ExposesDetailsAsRawJson()
    {
        // Arrange
        const string details = """{"field":"prompt","limits":{"max":4000},"hints":["shorten it",2]}""";
        using var api = new ConcurredApi();
        api.OnPost(ConcurredApi.GenerateUrl, () => ConcurredApi.Json(ConcurredApi.ErrorResponse("BAD_REQUEST", "Prompt too long", details), HttpStatusCode.BadRequest));
        using var client = api.CreateClient(o => o.Retry.MaxRetries = 0);

        // Act
        var act = () => client.GenerateAsync(Request);

        // Assert
        var ex = (await act.Should().ThrowAsync<ImagingApiException>()).Which;
        JsonAssert.Equivalent(ex.Details, details);
    }

    [Fact]
    public async Task GenerateAsync_ErrorWithMetaRequestId_ReportsRequestId()
    {
        // Arrange
        using var api = new ConcurredApi();
        api.OnPost(ConcurredApi.GenerateUrl, () => ConcurredApi.Json(
            """{"success":false,"error":{"code":"GUARDRAIL_BLOCKED","message":"Prompt was blocked"},"meta":{"requestId":"req_err42"}}""",
            HttpStatusCode.BadRequest));
        using var client = api.CreateClient(o => o.Retry.MaxRetries = 0);

        // Act
        var act = () => client.GenerateAsync(Request);

        // Assert
        var ex = (await act.Should().ThrowAsync<ImagingApiException>()).Which;
        ex.RequestId.Should().Be("req_err42");
        ex.Message.Should().Contain("req_err42");
        ex.ErrorCode.Should().Be(ImagingErrorCode.ContentPolicy);
    }

    [Fact]
    public async Task GenerateAsync_RateLimitedWithRetryAfterDetail_ExposesRetryAfterAndRateLimit()
    {
        // Arrange
        using var api = new ConcurredApi();
        api.OnPost(ConcurredApi.GenerateUrl, () => ConcurredApi.Json(
            ConcurredApi.ErrorResponse("RATE_LIMIT_EXCEEDED", "Rate limit exceeded", """{"retryAfter":42}"""),
            HttpStatusCode.TooManyRequests,
            ("X-RateLimit-Limit", "60"),
            ("X-RateLimit-Remaining", "0"),
            ("X-RateLimit-Reset", "1795305600")));
        using var client = api.CreateClient(o => o.Retry.MaxRetries = 0);

        // Act
        var act = () => client.GenerateAsync(Request);

        // Assert
        var ex = (await act.Should().ThrowAsync<ImagingApiException>()).Which;
        ex.ErrorCode.Should().Be(ImagingErrorCode.RateLimited);
        ex.RetryAfter.Should().Be(TimeSpan.FromSeconds(42));
        ex.RateLimit.Should().Be(new RateLimitInfo(60, 0, DateTimeOffset.FromUnixTimeSeconds(1795305600)));
        ex.Message.Should().Contain("42");
        JsonAssert.Equivalent(ex.Details, """{"retryAfter":42}""");
    }

    [Fact]
    public async Task GenerateAsync_RetryAfterDetailAsString_IsRead()
    {
        // Arrange
        using var api = new ConcurredApi();
        api.OnPost(ConcurredApi.GenerateUrl, () => ConcurredApi.Json(
            ConcurredApi.ErrorResponse("RATE_LIMIT_EXCEEDED", "Rate limit exceeded", """{"retryAfter":"2.5"}"""),
            HttpStatusCode.TooManyRequests));
        using var client = api.CreateClient(o => o.Retry.MaxRetries = 0);

        // Act
        var act = () => client.GenerateAsync(Request);

        // Assert
        (await act.Should().ThrowAsync<ImagingApiException>()).Which.RetryAfter.Should().Be(TimeSpan.FromSeconds(2.5));
    }

    [Fact]
    public async Task GenerateAsync_RetryAfterHeader_TakesPrecedenceOverDetail()
    {
        // Arrange
        using var api = new ConcurredApi();
        api.OnPost(ConcurredApi.GenerateUrl, () => ConcurredApi.Json(
            ConcurredApi.ErrorResponse("RATE_LIMIT_EXCEEDED", "Rate limit exceeded", """{"retryAfter":42}"""),
            HttpStatusCode.TooManyRequests,
            ("Retry-After", "7")));
        using var client = api.CreateClient(o => o.Retry.MaxRetries = 0);

        // Act
        var act = () => client.GenerateAsync(Request);

        // Assert
        (await act.Should().ThrowAsync<ImagingApiException>()).Which.RetryAfter.Should().Be(TimeSpan.FromSeconds(7));
    }

    [Fact]
    public async Task GenerateAsync_HtmlFromProxy_ThrowsWithStatusAndShortExcerpt()
    {
        // Arrange
        var html = "<html>\n  <head><title>502 Bad Gateway</title></head>\n  <body>\n    <center><h1>502 Bad Gateway</h1></center>\n"
            + string.Concat(Enumerable.Repeat("    <p>padding padding padding padding</p>\n", 40))
            + "  </body>\n</html>";
        using var api = new ConcurredApi();
        api.OnPost(ConcurredApi.GenerateUrl, () => ConcurredApi.Text(html, "text/html", HttpStatusCode.BadGateway));
        using var client = api.CreateClient(o => o.Retry.MaxRetries = 0);

        // Act
        var act = () => client.GenerateAsync(Request);

        // Assert
        var ex = (await act.Should().ThrowAsync<ImagingApiException>()).Which;
        ex.StatusCode.Should().Be(HttpStatusCode.BadGateway);
        ex.ErrorCode.Should().Be(ImagingErrorCode.Unavailable);
        ex.ProviderErrorCode.Should().BeNull();
        ex.Provider.Should().Be("concurred");
        ex.ResponseExcerpt.Should().StartWith("<html> <head><title>502 Bad Gateway</title>");
        ex.ResponseExcerpt!.Length.Should().BeLessThanOrEqualTo(201);
        ex.ResponseExcerpt.Should().NotContain("\n").And.EndWith("…");
        ex.Message.Should().Contain("502").And.Contain(ex.ResponseExcerpt);
    }

    [Fact]
    public async Task GenerateAsync_EmptyErrorBody_ThrowsServerErrorWithEmptyExcerpt()
    {
        // Arrange
        using var api = new ConcurredApi();
        api.OnPost(ConcurredApi.GenerateUrl, () => ConcurredApi.Bytes([], null, HttpStatusCode.InternalServerError));
        using var client = api.CreateClient(o => o.Retry.MaxRetries = 0);

        // Act
        var act = () => client.GenerateAsync(Request);

        // Assert
        var ex = (await act.Should().ThrowAsync<ImagingApiException>()).Which;
        ex.StatusCode.Should().Be(HttpStatusCode.InternalServerError);
        ex.ErrorCode.Should().Be(ImagingErrorCode.ServerError);
        ex.IsRetryable.Should().BeTrue();
        ex.ResponseExcerpt.Should().Be("(empty body)");
    }

    [Fact]
    public async Task GenerateAsync_TruncatedJsonOn200_ThrowsInvalidResponseWithExcerpt()
    {
        // Arrange
        using var api = new ConcurredApi();
        api.OnPost(ConcurredApi.GenerateUrl, () => ConcurredApi.Json("""{"success":true,"data":{"model":"flux-2-pro","provider":"flux","images":[{"url":"https://signed-url.exa"""));
        using var client = api.CreateClient(o => o.Retry.MaxRetries = 0);

        // Act
        var act = () => client.GenerateAsync(Request);

        // Assert
        var ex = (await act.Should().ThrowAsync<ImagingApiException>()).Which;
        ex.StatusCode.Should().Be(HttpStatusCode.OK);
        ex.ErrorCode.Should().Be(ImagingErrorCode.InvalidResponse);
        ex.IsRetryable.Should().BeFalse();
        ex.ResponseExcerpt.Should().StartWith("""{"success":true,"data":""");
        ex.ResponseExcerpt!.Length.Should().BeLessThanOrEqualTo(201);
        ex.InnerException.Should().BeAssignableTo<System.Text.Json.JsonException>();
    }

    [Theory]
    [InlineData("null")]
    [InlineData("[]")]
    [InlineData("<html>OK</html>")]
    [InlineData("""{"success":true,"data":{"images":"not-an-array"}}""")]
    [InlineData("""{"success":true,"data":{"images":[{"url":"not a url"}]}}""")]
    public async Task GenerateAsync_UnreadableBodyOn200_ThrowsInvalidResponse(string body)
    {
        // Arrange
        using var api = new ConcurredApi();
        api.OnPost(ConcurredApi.GenerateUrl, () => ConcurredApi.Json(body));
        using var client = api.CreateClient(o => o.Retry.MaxRetries = 0);

        // Act
        var act = () => client.GenerateAsync(Request);

        // Assert
        var ex = (await act.Should().ThrowExactlyAsync<ImagingApiException>()).Which;
        ex.ErrorCode.Should().Be(ImagingErrorCode.InvalidResponse);
        ex.StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task GenerateAsync_200WithErrorEnvelope_ThrowsMappedException()
    {
        // Arrange
        using var api = new ConcurredApi();
        api.OnPost(ConcurredApi.GenerateUrl, () => ConcurredApi.Json(
            """{"success":false,"error":{"code":"GUARDRAIL_BLOCKED","message":"The prompt violates the content policy","details":{"category":"violence"}}}"""));
        using var client = api.CreateClient(o => o.Retry.MaxRetries = 0);

        // Act
        var act = () => client.GenerateAsync(Request);

        // Assert
        var ex = (await act.Should().ThrowAsync<ImagingApiException>()).Which;
        ex.ErrorCode.Should().Be(ImagingErrorCode.ContentPolicy);
        ex.ProviderErrorCode.Should().Be("GUARDRAIL_BLOCKED");
        ex.StatusCode.Should().Be(HttpStatusCode.OK);
        ex.Message.Should().Contain("The prompt violates the content policy");
        JsonAssert.Equivalent(ex.Details, """{"category":"violence"}""");
    }

    [Theory]
    [InlineData("""{"success":true,"data":{"model":"flux-2-pro","provider":"flux","images":[]}}""")]
    [InlineData("""{"success":true,"data":{"model":"flux-2-pro","provider":"flux"}}""")]
    [InlineData("""{"success":true}""")]
    [InlineData("""{"success":true,"data":null}""")]
    public async Task GenerateAsync_200WithoutImages_ThrowsInvalidResponse(string body)
    {
        // Arrange
        using var api = new ConcurredApi();
        api.OnPost(ConcurredApi.GenerateUrl, () => ConcurredApi.Json(body, HttpStatusCode.OK, ("X-RateLimit-Remaining", "9")));
        using var client = api.CreateClient(o => o.Retry.MaxRetries = 0);

        // Act
        var act = () => client.GenerateAsync(Request);

        // Assert
        var ex = (await act.Should().ThrowAsync<ImagingApiException>()).Which;
        ex.ErrorCode.Should().Be(ImagingErrorCode.InvalidResponse);
        ex.StatusCode.Should().Be(HttpStatusCode.OK);
        ex.RateLimit!.Remaining.Should().Be(9);
    }

    [Fact]
    public async Task GenerateAsync_NullImageItem_ThrowsInvalidResponse()
    {
        // Arrange
        using var api = new ConcurredApi();
        api.OnPost(ConcurredApi.GenerateUrl, () => ConcurredApi.Json(
            """{"success":true,"data":{"model":"flux-2-pro","provider":"flux","images":[null]}}"""));
        using var client = api.CreateClient(o => o.Retry.MaxRetries = 0);

        // Act
        var act = () => client.GenerateAsync(Request);

        // Assert
        var ex = (await act.Should().ThrowExactlyAsync<ImagingApiException>()).Which;
        ex.ErrorCode.Should().Be(ImagingErrorCode.InvalidResponse);
        ex.StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task GenerateAsync_ServerEchoesApiKey_KeyIsRedactedEverywhere()
    {
        // Arrange
        var key = TestClients.ConcurredKey;
        var body = new JsonObject
        {
            ["error"] = new JsonObject
            {
                ["code"] = "INVALID_API_KEY",
                ["message"] = $"The API key {key} is not valid",
                ["details"] = new JsonObject { ["key"] = key, ["hint"] = $"keys look like {key}" },
            },
        }.ToJsonString();
        using var api = new ConcurredApi();
        api.OnPost(ConcurredApi.GenerateUrl, () => ConcurredApi.Json(body, HttpStatusCode.Unauthorized));
        using var client = api.CreateClient(o => o.Retry.MaxRetries = 0);

        // Act
        var act = () => client.GenerateAsync(Request);

        // Assert
        var ex = (await act.Should().ThrowAsync<ImagingApiException>()).Which;
        ex.Message.Should().Contain("The API key [REDACTED] is not valid").And.NotContain(key);
        ex.Details.Should().Contain("[REDACTED]").And.NotContain(key);
        ex.ToString().Should().NotContain(key);
    }

    [Fact]
    public async Task GenerateAsync_HtmlEchoingApiKey_ExcerptIsRedacted()
    {
        // Arrange
        var key = TestClients.ConcurredKey;
        using var api = new ConcurredApi();
        api.OnPost(ConcurredApi.GenerateUrl, () => ConcurredApi.Text(
            $"<html><body>Bad gateway for Authorization: Bearer {key}</body></html>",
            "text/html",
            HttpStatusCode.BadGateway));
        using var client = api.CreateClient(o => o.Retry.MaxRetries = 0);

        // Act
        var act = () => client.GenerateAsync(Request);

        // Assert
        var ex = (await act.Should().ThrowAsync<ImagingApiException>()).Which;
        ex.ResponseExcerpt.Should().Contain("Bearer [REDACTED]").And.NotContain(key);
        ex.Message.Should().NotContain(key);
        ex.ToString().Should().NotContain(key);
    }

    [Fact]
    public async Task GenerateAsync_TruncatedJsonEchoingApiKeyOn200_ExcerptIsRedacted()
    {
        // Arrange
        var key = TestClients.ConcurredKey;
        using var api = new ConcurredApi();
        api.OnPost(ConcurredApi.GenerateUrl, () => ConcurredApi.Json($$"""{"debug":{"apiKey":"{{key}}"},"data":{"images":[{"url":"https://x"""));
        using var client = api.CreateClient(o => o.Retry.MaxRetries = 0);

        // Act
        var act = () => client.GenerateAsync(Request);

        // Assert
        var ex = (await act.Should().ThrowAsync<ImagingApiException>()).Which;
        ex.ErrorCode.Should().Be(ImagingErrorCode.InvalidResponse);
        ex.ResponseExcerpt.Should().Contain("[REDACTED]").And.NotContain(key);
        ex.ToString().Should().NotContain(key);
    }

    [Fact]
    public async Task GenerateAsync_KeyStraddlesExcerptLimit_NoPartOfKeyLeaks()
    {
        // Arrange: the key starts a few characters before the 200-character excerpt limit.
        var key = TestClients.ConcurredKey;
        var body = new string('x', 190) + " " + key + " trailing text";
        using var api = new ConcurredApi();
        api.OnPost(ConcurredApi.GenerateUrl, () => ConcurredApi.Text(body, "text/plain", HttpStatusCode.BadGateway));
        using var client = api.CreateClient(o => o.Retry.MaxRetries = 0);

        // Act
        var act = () => client.GenerateAsync(Request);

        // Assert
        var ex = (await act.Should().ThrowAsync<ImagingApiException>()).Which;
        var leakedPrefix = key[..8];
        ex.ResponseExcerpt.Should().NotContain(leakedPrefix, "a truncated key is still a leaked key");
        ex.ToString().Should().NotContain(leakedPrefix);
    }

    [Fact]
    public async Task GenerateAsync_RateLimitedWithLargeHtmlBody_ThrowsRateLimited()
    {
        // Arrange: a proxy's 429 page larger than the 64 KiB the library reads of an error body.
        var html = "<html><body>Too Many Requests" + new string(' ', 70 * 1024) + "</body></html>";
        using var api = new ConcurredApi();
        api.OnPost(ConcurredApi.GenerateUrl, () => ConcurredApi.Text(html, "text/html", HttpStatusCode.TooManyRequests));
        using var client = api.CreateClient(o => o.Retry.MaxRetries = 0);

        // Act
        var act = () => client.GenerateAsync(Request);

        // Assert
        var ex = (await act.Should().ThrowAsync<ImagingApiException>()).Which;
        ex.ErrorCode.Should().Be(ImagingErrorCode.RateLimited);
        ex.StatusCode.Should().Be(HttpStatusCode.TooManyRequests);
        ex.ResponseExcerpt.Should().StartWith("<html><body>Too Many Requests");
    }

    [Fact]
    public async Task GenerateAsync_RateLimitedWithLargeHtmlBodyAndRetries_ThrowsRateLimited()
    {
        // Arrange: with retries on, the 429 body is read for a retry delay before the exception is built.
        var html = "<html><body>Too Many Requests" + new string(' ', 70 * 1024) + "</body></html>";
        using var api = new ConcurredApi();
        api.OnPost(ConcurredApi.GenerateUrl, () => ConcurredApi.Text(html, "text/html", HttpStatusCode.TooManyRequests));
        using var client = api.CreateClient(o => o.Retry.MaxRetries = 1);

        // Act
        var act = () => client.GenerateAsync(Request);

        // Assert
        var ex = (await act.Should().ThrowAsync<ImagingApiException>()).Which;
        ex.ErrorCode.Should().Be(ImagingErrorCode.RateLimited, "the exception was: {0}", ex.Message);
        ex.StatusCode.Should().Be(HttpStatusCode.TooManyRequests);
    }

    [Fact]
    public async Task EditAsync_DocumentedError_ThrowsMappedException()
    {
        // Arrange
        using var api = new ConcurredApi();
        api.OnPost(ConcurredApi.EditUrl, () => ConcurredApi.Json(ConcurredApi.ErrorResponse("MISSING_REQUIRED_FIELD", "image_url is required"), HttpStatusCode.BadRequest));
        using var client = api.CreateClient(o => o.Retry.MaxRetries = 0);

        // Act
        var act = () => client.EditAsync(new ImageEditRequest { Prompt = "p", Image = ImageInput.FromUri("https://example.com/a.png") });

        // Assert
        var ex = (await act.Should().ThrowAsync<ImagingApiException>()).Which;
        ex.ErrorCode.Should().Be(ImagingErrorCode.InvalidRequest);
        ex.ProviderErrorCode.Should().Be("MISSING_REQUIRED_FIELD");
        ex.Message.Should().Contain("image_url is required");
    }
}
