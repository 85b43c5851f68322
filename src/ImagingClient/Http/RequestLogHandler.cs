using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ImagingClient.Http;

/// <summary>
/// Logs each attempt of a request at Debug, under the client's name: the method, the URL without its query, the status
/// and the time taken on the injected clock. Never a header, a query or a body, so neither an API key nor a signed
/// URL's signature can reach the logs.
/// </summary>
/// <remarks>
/// It stands in for <see cref="IHttpClientFactory"/>'s default loggers, which this library removes from its clients:
/// at Trace they log every request and response header, and although the formatted text shows a redacted value, the
/// structured state (what a structured sink stores) carries the real one, the <c>Authorization</c> header included.
/// Redacting headers does not change the state; removing the loggers does.
/// </remarks>
internal sealed partial class RequestLogHandler(ILogger logger, TimeProvider timeProvider) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (!logger.IsEnabled(LogLevel.Debug))
        {
            return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }

        var started = timeProvider.GetTimestamp();
        var method = request.Method.Method;
        var url = Describe(request.RequestUri);
        try
        {
            var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
            var status = (int)response.StatusCode;
            var elapsedMs = timeProvider.GetElapsedTime(started).TotalMilliseconds;
            LogAnswered(logger, method, url, status, elapsedMs);
            return response;
        }
        catch (Exception ex)
        {
            // The exception's type only: what the caller receives says the rest, without the logs keeping it.
            var error = ex.GetType().Name;
            var elapsedMs = timeProvider.GetElapsedTime(started).TotalMilliseconds;
            LogFailed(logger, method, url, error, elapsedMs);
            throw;
        }
    }

    /// <summary>Scheme, host, port and path: no user information, no query, no fragment.</summary>
    internal static string Describe(Uri? url) =>
        url is { IsAbsoluteUri: true } ? $"{url.Scheme}://{url.Authority}{url.AbsolutePath}" : "(no URL)";

    [LoggerMessage(EventId = 101, Level = LogLevel.Debug, Message = "HTTP {Method} {Url} answered {Status} in {ElapsedMs:0} ms")]
    private static partial void LogAnswered(ILogger logger, string method, string url, int status, double elapsedMs);

    [LoggerMessage(EventId = 102, Level = LogLevel.Debug, Message = "HTTP {Method} {Url} failed with {Error} after {ElapsedMs:0} ms")]
    private static partial void LogFailed(ILogger logger, string method, string url, string error, double elapsedMs);
}

/// <summary>Adds <see cref="RequestLogHandler"/> to a client.</summary>
internal static class RequestLogging
{
    /// <summary>Removes the factory's loggers from <paramref name="http"/> and adds this one, inside the retry (once per attempt).</summary>
    public static IHttpClientBuilder AddImagingRequestLog(this IHttpClientBuilder http) =>
        http.RemoveAllLoggers().AddHttpMessageHandler(sp => new RequestLogHandler(
            sp.GetRequiredService<ILoggerFactory>().CreateLogger(http.Name),
            sp.GetRequiredService<TimeProvider>()));
}
