using System.Net;
using System.Text;
using ImagingClient.Providers.Kie;
using ImagingClient.Tests.TestSupport;
using RichardSzalay.MockHttp;

namespace ImagingClient.Tests.Providers.Kie;

/// <summary>A scripted Kie API over MockHttp: answers in order, records every request.</summary>
internal sealed class KieApi : IDisposable
{
    public const string GenerateUrl = "https://api.kie.ai/api/v1/flux/kontext/generate";
    public const string RecordInfoUrl = "https://api.kie.ai/api/v1/flux/kontext/record-info";
    public const string ResultUrl = "https://tempfile.aiquickdraw.com/r/result.png";
    public const string OriginUrl = "https://tempfile.aiquickdraw.com/o/origin.png";
    public const string TaskId = "task12345";

    private readonly List<(HttpMethod Method, string Url, string? Body, string? Authorization)> _requests = [];

    public KieApi()
    {
        Mock.Fallback.Respond(req =>
        {
            Record(req);
            return new HttpResponseMessage((HttpStatusCode)599) { Content = new StringContent("unexpected request " + req.RequestUri) };
        });
    }

    public MockHttpMessageHandler Mock { get; } = new();

    public InstantTimeProvider Time { get; } = new();

    public IReadOnlyList<(HttpMethod Method, string Url, string? Body, string? Authorization)> Requests
    {
        get
        {
            lock (_requests)
            {
                return [.. _requests];
            }
        }
    }

    public int Polls => Requests.Count(r => r.Url.StartsWith(RecordInfoUrl, StringComparison.Ordinal));

    public IImageClient CreateClient(Action<KieClientOptions>? configure = null) => TestClients.Kie(Mock, configure, Time);

    /// <summary>Answers the submission with <paramref name="respond"/>.</summary>
    public void OnSubmit(Func<HttpResponseMessage> respond) =>
        Mock.When(HttpMethod.Post, GenerateUrl).With(r => Record(r)).Respond(_ => respond());

    /// <summary>Answers successive polls with the given responses; the last one repeats.</summary>
    public void OnPoll(params Func<HttpResponseMessage>[] answers)
    {
        var index = 0;
        Mock.When(HttpMethod.Get, RecordInfoUrl).With(r => Record(r)).Respond(_ => answers[Math.Min(Interlocked.Increment(ref index) - 1, answers.Length - 1)]());
    }

    public void Dispose() => Mock.Dispose();

    public static HttpResponseMessage Json(string json, HttpStatusCode status = HttpStatusCode.OK) =>
        new(status) { Content = new StringContent(json, Encoding.UTF8, "application/json") };

    public static HttpResponseMessage Created(string taskId = TaskId) => Json($$$"""{"code":200,"msg":"success","data":{"taskId":"{{{taskId}}}"}}""");

    public static HttpResponseMessage Generating() =>
        Json($$$"""{"code":200,"msg":"success","data":{"taskId":"{{{TaskId}}}","createTime":"2026-11-21T12:00:00Z","completeTime":null,"response":null,"successFlag":0,"errorCode":null,"errorMessage":""}}""");

    public static HttpResponseMessage Succeeded(string completeTime = "2026-11-21T12:00:20Z") =>
        Json($$$"""{"code":200,"msg":"success","data":{"taskId":"{{{TaskId}}}","paramJson":"{\"prompt\":\"a cat\"}","createTime":"2026-11-21T12:00:00Z","completeTime":"{{{completeTime}}}","response":{"originImageUrl":"{{{OriginUrl}}}","resultImageUrl":"{{{ResultUrl}}}"},"successFlag":1,"errorCode":null,"errorMessage":""}}""");

    public static HttpResponseMessage Failed(int successFlag, int errorCode, string message) =>
        Json($$$"""{"code":200,"msg":"success","data":{"taskId":"{{{TaskId}}}","response":null,"successFlag":{{{successFlag}}},"errorCode":{{{errorCode}}},"errorMessage":"{{{message}}}"}}""");

    public static HttpResponseMessage Error(int code, string message, HttpStatusCode status = HttpStatusCode.OK) =>
        Json($$$"""{"code":{{{code}}},"msg":"{{{message}}}","data":null}""", status);

    private bool Record(HttpRequestMessage request)
    {
        var body = request.Content?.ReadAsStringAsync().GetAwaiter().GetResult();
        lock (_requests)
        {
            _requests.Add((request.Method, request.RequestUri!.AbsoluteUri, body, request.Headers.Authorization?.ToString()));
        }

        return true;
    }
}
