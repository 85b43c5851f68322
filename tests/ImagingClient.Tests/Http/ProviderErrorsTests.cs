using System.Net;
using Microsoft.Extensions.DependencyInjection;
using ImagingClient.Tests.Providers.Concurred;
using ImagingClient.Tests.TestSupport;

namespace ImagingClient.Tests.Http;

/// <summary>The one error builder: what every provider's exception carries, and the key redacted once, everywhere.</summary>
public sealed class ProviderErrorsTests
{
    private const string Key = TestClients.ConcurredKey;

    [Fact]
    public async Task FromResponse_KeyEchoedInRequestIdHeaderAndBody_IsRedactedEverywhere()
    {
        // Arrange: a hostile server echoes the key in every place it can.
        using var api = new ConcurredApi();
        api.OnPost(ConcurredApi.GenerateUrl, () => ConcurredApi.Json(
            $$$"""{"error":{"code":"BAD_{{{Key}}}","message":"key {{{Key}}} refused","details":{"echo":"{{{Key}}}"}},"meta":{"requestId":"req-{{{Key}}}"}}""",
            HttpStatusCode.BadRequest,
            ("X-Request-Id", "hdr-" + Key)));
        using var client = api.CreateClient();

        // Act
        var act = () => client.GenerateAsync(new ImageGenerationRequest { Prompt = "p" });

        // Assert
        var ex = (await act.Should().ThrowAsync<ImagingApiException>()).Which;
        new[] { ex.Message, ex.RequestId, ex.ProviderErrorCode, ex.Details, ex.ToString() }.Should().OnlyContain(text => text == null || !text.Contains(Key));
        ex.RequestId.Should().Be("req-[REDACTED]");
    }

    [Fact]
    public async Task Result_KeyEchoedInRequestIdHeader_IsRedacted()
    {
        // Arrange
        using var api = new ConcurredApi();
        api.OnPost(ConcurredApi.GenerateUrl, () => ConcurredApi.Json(
            """{"success":true,"data":{"model":"flux-2-pro","provider":"flux","images":[{"url":"https://signed-url.example.com/image.png"}]}}""",
            HttpStatusCode.OK,
            ("X-Request-Id", "hdr-" + Key)));
        using var client = api.CreateClient();

        // Act
        var result = await client.GenerateAsync(new ImageGenerationRequest { Prompt = "p" });

        // Assert
        result.RequestId.Should().Be("hdr-[REDACTED]");
    }

    [Fact]
    public async Task SuccessBody_LargerThanMaxResponseBytes_IsRefusedSayingTheWorkMayBePaidFor()
    {
        // Arrange
        using var api = new ConcurredApi();
        var big = $$$"""{"success":true,"data":{"images":[{"base64":"{{{new string('A', 4096)}}}"}]}}""";
        api.OnPost(ConcurredApi.GenerateUrl, () => ConcurredApi.Json(big));
        using var client = api.CreateClient(o => o.MaxResponseBytes = 1024);

        // Act
        var act = () => client.GenerateAsync(new ImageGenerationRequest { Prompt = "p" });

        // Assert
        var ex = (await act.Should().ThrowAsync<ImagingApiException>()).Which;
        ex.ErrorCode.Should().Be(ImagingErrorCode.InvalidResponse);
        ex.Message.Should().Contain("MaxResponseBytes (1024 bytes)");
        ex.MayHaveCreatedWork.Should().BeTrue();
        ex.IsRetryable.Should().BeFalse();
    }

    [Fact]
    public async Task SuccessBody_WithoutContentLengthLargerThanTheCap_IsRefusedWhileReading()
    {
        // Arrange: a chunked body, so the size is known only while it is read.
        using var api = new ConcurredApi();
        api.OnPost(ConcurredApi.GenerateUrl, () => new HttpResponseMessage(HttpStatusCode.OK)
        {
            Content = new StreamContent(new NoLengthStream(new byte[64 * 1024])),
        });
        using var client = api.CreateClient(o => o.MaxResponseBytes = 20_000);

        // Act
        var act = () => client.GenerateAsync(new ImageGenerationRequest { Prompt = "p" });

        // Assert
        (await act.Should().ThrowAsync<ImagingApiException>()).Which.Message.Should().Contain("MaxResponseBytes (20000 bytes)");
    }

    [Fact]
    public void MaxResponseBytes_NotPositive_FailsValidationAtStart()
    {
        // Act
        var act = () => ImageClient.Create(i => i.AddConcurred(o =>
        {
            o.ApiKey = Key;
            o.MaxResponseBytes = 0;
        }));

        // Assert
        act.Should().Throw<Microsoft.Extensions.Options.OptionsValidationException>().WithMessage("*MaxResponseBytes*");
    }

    [Fact]
    public void Copy_CopiesEveryPublicProperty()
    {
        // Arrange
        var original = new ImagingApiException("m", new InvalidOperationException("inner"))
        {
            Provider = "p",
            ErrorCode = ImagingErrorCode.RateLimited,
            StatusCode = HttpStatusCode.TooManyRequests,
            ProviderErrorCode = "X",
            RequestId = "r",
            JobId = "j",
            ResumeToken = new ImageJobToken("p", "j", "m", ImageOperationKind.Generate, DateTimeOffset.UnixEpoch),
            RetryAfter = TimeSpan.FromSeconds(3),
            RateLimit = new RateLimitInfo(1, 0, null),
            Details = "{}",
            ResponseExcerpt = "e",
            MayHaveCreatedWork = true,
            IsRetryable = true,
        };

        // Act
        var copy = original.Copy();

        // Assert
        copy.Should().NotBeSameAs(original);
        foreach (var property in typeof(ImagingApiException).GetProperties().Where(p => p.Name is not nameof(Exception.StackTrace) and not nameof(Exception.TargetSite) and not nameof(Exception.Data)))
        {
            property.GetValue(copy).Should().Be(property.GetValue(original), property.Name);
        }
    }

    /// <summary>A stream whose length is unknown, so HttpClient sends no Content-Length.</summary>
    private sealed class NoLengthStream(byte[] data) : MemoryStream(data)
    {
        public override bool CanSeek => false;
    }
}

public sealed class ProviderHttpFailureTests
{
    [Fact]
    public async Task GenerateAsync_BodyBreaksAfterAHeaderEchoingTheKey_RedactsTheRequestId()
    {
        // Arrange: a response whose X-Request-Id echoes the key, then a body that breaks while it is read.
        using var api = new ConcurredApi();
        api.OnPost(ConcurredApi.GenerateUrl, () =>
        {
            var response = new HttpResponseMessage(HttpStatusCode.OK) { Content = new StreamContent(new BreakingStream()) };
            response.Headers.TryAddWithoutValidation("X-Request-Id", "hdr-" + TestClients.ConcurredKey);
            return response;
        });
        using var client = api.CreateClient();

        // Act
        var act = () => client.GenerateAsync(new ImageGenerationRequest { Prompt = "p" });

        // Assert
        var ex = (await act.Should().ThrowAsync<ImagingApiException>()).Which;
        ex.ErrorCode.Should().Be(ImagingErrorCode.NetworkError);
        ex.RequestId.Should().Be("hdr-[REDACTED]");
    }

    private sealed class BreakingStream : Stream
    {
        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => 0; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => throw new IOException("connection reset");

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            ValueTask.FromException<int>(new IOException("connection reset"));

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
