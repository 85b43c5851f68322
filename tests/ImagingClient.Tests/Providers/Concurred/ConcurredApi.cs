using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using ImagingClient.Providers.Concurred;
using ImagingClient.Tests.TestSupport;
using RichardSzalay.MockHttp;

namespace ImagingClient.Tests.Providers.Concurred;

/// <summary>One request as it reached the mock: method, URL, headers and body.</summary>
internal sealed record CapturedRequest(
    HttpMethod Method,
    Uri Uri,
    IReadOnlyDictionary<string, string> Headers,
    string? ContentType,
    string? Body)
{
    public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;
}

/// <summary>
/// A fake Concurred over MockHttp: records every request that reaches it (matched or not), answers an unexpected one
/// with 599 so it cannot pass for a real answer, and builds the real client (full DI and handler pipeline) on an
/// <see cref="InstantTimeProvider"/>.
/// </summary>
internal sealed class ConcurredApi : IDisposable
{
    public const string GenerateUrl = "https://concurred.ai/api/v1/image/generate";
    public const string EditUrl = "https://concurred.ai/api/v1/image/edit";
    public const string ImageUrl = "https://signed-url.example.com/image.png";
    public const string RequestId = "req_abc123";

    private readonly object _gate = new();
    private readonly List<CapturedRequest> _requests = [];
    private readonly List<CapturedRequest> _unexpected = [];

    public ConcurredApi()
    {
        Mock.Fallback.Respond(async request =>
        {
            var captured = await RecordAsync(request);
            lock (_gate)
            {
                _unexpected.Add(captured);
            }

            return new HttpResponseMessage((HttpStatusCode)599)
            {
                Content = new StringContent($"Unexpected request {request.Method} {request.RequestUri}", Encoding.UTF8, "text/plain"),
            };
        });
    }

    public MockHttpMessageHandler Mock { get; } = new();

    public InstantTimeProvider Time { get; } = new();

    /// <summary>Every request that reached the mock, in order, the unexpected ones included.</summary>
    public IReadOnlyList<CapturedRequest> Requests
    {
        get
        {
            lock (_gate)
            {
                return [.. _requests];
            }
        }
    }

    /// <summary>The requests no mocked route matched.</summary>
    public IReadOnlyList<CapturedRequest> Unexpected
    {
        get
        {
            lock (_gate)
            {
                return [.. _unexpected];
            }
        }
    }

    /// <summary>The requests sent to <paramref name="url"/>.</summary>
    public IReadOnlyList<CapturedRequest> To(string url) => [.. Requests.Where(r => r.Uri.AbsoluteUri == url)];

    public IImageClient CreateClient(Action<ConcurredClientOptions>? configure = null) =>
        TestClients.Concurred(Mock, configure, Time);

    /// <summary>Answers every POST to <paramref name="url"/> with a fresh response from <paramref name="respond"/>.</summary>
    public MockedRequest OnPost(string url, Func<HttpResponseMessage> respond) =>
        Mock.When(HttpMethod.Post, url).Respond(async request =>
        {
            await RecordAsync(request);
            return respond();
        });

    /// <summary>Answers the next POST to <paramref name="url"/> once, in the order expectations were added.</summary>
    public MockedRequest ExpectPost(string url, Func<HttpResponseMessage> respond) =>
        Mock.Expect(HttpMethod.Post, url).Respond(async request =>
        {
            await RecordAsync(request);
            return respond();
        });

    /// <summary>Answers every GET of <paramref name="url"/> (an image download).</summary>
    public MockedRequest OnGet(string url, Func<HttpResponseMessage> respond) =>
        Mock.When(HttpMethod.Get, url).Respond(async request =>
        {
            await RecordAsync(request);
            return respond();
        });

    public void Dispose() => Mock.Dispose();

    public static HttpResponseMessage Json(string json, HttpStatusCode status = HttpStatusCode.OK, params (string Name, string Value)[] headers)
    {
        var response = new HttpResponseMessage(status)
        {
            Content = new StringContent(json, Encoding.UTF8, "application/json"),
        };
        foreach (var (name, value) in headers)
        {
            response.Headers.TryAddWithoutValidation(name, value);
        }

        return response;
    }

    public static HttpResponseMessage Bytes(byte[] data, string? mediaType, HttpStatusCode status = HttpStatusCode.OK)
    {
        var content = new ByteArrayContent(data);
        if (mediaType is not null)
        {
            content.Headers.ContentType = new MediaTypeHeaderValue(mediaType);
        }

        return new HttpResponseMessage(status) { Content = content };
    }

    public static HttpResponseMessage Text(string text, string mediaType, HttpStatusCode status) =>
        new(status) { Content = new StringContent(text, Encoding.UTF8, mediaType) };

    /// <summary>The docs' generate response: one URL image, with meta.</summary>
    public static string UrlResponse(string model = "flux-2-pro", string provider = "flux", string url = ImageUrl, string? requestId = RequestId)
    {
        var body = new JsonObject
        {
            ["success"] = true,
            ["data"] = new JsonObject
            {
                ["model"] = model,
                ["provider"] = provider,
                ["images"] = new JsonArray(new JsonObject { ["url"] = url }),
            },
        };
        if (requestId is not null)
        {
            body["meta"] = new JsonObject { ["requestId"] = requestId, ["timestamp"] = "2026-03-29T00:00:00.000Z" };
        }

        return body.ToJsonString();
    }

    /// <summary>A Concurred error envelope.</summary>
    public static string ErrorResponse(string code, string message, string? detailsJson = null) =>
        detailsJson is null
            ? new JsonObject { ["error"] = new JsonObject { ["code"] = code, ["message"] = message } }.ToJsonString()
            : new JsonObject { ["error"] = new JsonObject { ["code"] = code, ["message"] = message, ["details"] = JsonNode.Parse(detailsJson) } }.ToJsonString();

    private async Task<CapturedRequest> RecordAsync(HttpRequestMessage request)
    {
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var header in request.Headers)
        {
            headers[header.Key] = string.Join(", ", header.Value);
        }

        string? body = null;
        string? contentType = null;
        if (request.Content is not null)
        {
            foreach (var header in request.Content.Headers)
            {
                headers[header.Key] = string.Join(", ", header.Value);
            }

            contentType = request.Content.Headers.ContentType?.MediaType;
            body = await request.Content.ReadAsStringAsync();
        }

        var captured = new CapturedRequest(request.Method, request.RequestUri!, headers, contentType, body);
        lock (_gate)
        {
            _requests.Add(captured);
        }

        return captured;
    }
}

/// <summary>Compares JSON by structure, not by text.</summary>
internal static class JsonAssert
{
    public static void Equivalent(string? actualJson, string expectedJson)
    {
        actualJson.Should().NotBeNull("a JSON body was expected");
        var actual = JsonNode.Parse(actualJson!);
        var expected = JsonNode.Parse(expectedJson);
        JsonNode.DeepEquals(actual, expected).Should().BeTrue(
            "the JSON should be {0} but was {1}",
            expected?.ToJsonString(),
            actual?.ToJsonString());
    }
}

/// <summary>Real image headers, enough for media-type sniffing.</summary>
internal static class SampleImages
{
    /// <summary>A PNG signature and IHDR chunk for a 2x3 image, and a few more bytes.</summary>
    public static byte[] Png { get; } =
    [
        0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A,
        0x00, 0x00, 0x00, 0x0D, 0x49, 0x48, 0x44, 0x52,
        0x00, 0x00, 0x00, 0x02, 0x00, 0x00, 0x00, 0x03,
        0x08, 0x02, 0x00, 0x00, 0x00, 0x12, 0x34, 0x56, 0x78,
    ];

    /// <summary>A JPEG SOI and APP0 (JFIF) header.</summary>
    public static byte[] Jpeg { get; } =
    [
        0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, 0x4A, 0x46, 0x49, 0x46, 0x00, 0x01,
        0x01, 0x00, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00, 0xFF, 0xD9,
    ];

    /// <summary>Bytes whose base64 contains '/' and '+', to exercise JSON escaping of the payload.</summary>
    public static byte[] WithSlashes { get; } = [.. Png, 0xFF, 0xFF, 0xFF, 0xFB, 0xEF, 0xBE, 0xFF, 0xFE];
}
