using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Net;
using ImagingClient.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;
using Polly;
using Polly.Retry;

namespace ImagingClient.Http;

/// <summary>
/// Reads how long a provider asked the caller to wait, from its headers or its body. Returns <see langword="null"/>
/// when the response does not say, and <see cref="TimeSpan.MaxValue"/> for a wait too long to represent.
/// </summary>
internal delegate ValueTask<TimeSpan?> RetryAfterReader(HttpResponseMessage response, DateTimeOffset now, CancellationToken cancellationToken);

/// <summary>
/// The retry step of every HTTP client this library registers, as a <c>Microsoft.Extensions.Http.Resilience</c>
/// handler: jittered exponential back-off, Retry-After honoured up to a cap and never past the call's deadline, and a
/// request that creates paid work retried only when that is safe (the provider answered 429 or another status that
/// says it did not act; the connection was never made; or an <c>Idempotency-Key</c> makes a repeat harmless). Reads
/// (GET, HEAD) are also retried on 408, 500, 502, 503, 504 and dropped connections.
/// </summary>
/// <remarks>
/// The pipeline is named <c>"&lt;client name&gt;-retry"</c> (such as <c>ImagingClient.Downloads-retry</c>), so Polly's
/// telemetry (the <c>Polly</c> meter and log category) says which client retried. Each retry is also counted on the
/// <c>ImagingClient</c> meter (<c>imaging.client.retries</c>, with its reason) and logged (event 103). It runs on the container's
/// <see cref="TimeProvider"/>. It has no attempt timeout: one attempt of a synchronous generation may take minutes,
/// and cutting it off would retry (and pay for) it again; the call's deadline, outside this handler, covers the whole
/// call including the body. The stock Retry-After handling is not used either: it has no cap, measures HTTP dates on
/// the system clock and fails on dates far ahead.
/// </remarks>
internal static class RetryStrategy
{
    /// <summary>The request header that makes repeating a request that creates work harmless.</summary>
    internal const string IdempotencyKeyHeader = "Idempotency-Key";

    /// <summary>The pipeline's name within its client; the full name is <c>"&lt;client name&gt;-retry"</c>.</summary>
    internal const string PipelineName = "retry";

    private static readonly ResiliencePropertyKey<TimeSpan?> RetryAfterKey = new("ImagingClient.RetryAfter");
    private static readonly HashSet<int> NoStatuses = [];

    /// <summary>The longest delay a timer takes (about 49.7 days); a longer Retry-After is never waited for, whatever the cap.</summary>
    private static readonly TimeSpan LongestWait = TimeSpan.FromMilliseconds(uint.MaxValue - 1);

    /// <summary>
    /// Adds the retry handler to <paramref name="http"/>, with the <see cref="ImagingRetryOptions"/> that
    /// <paramref name="select"/> picks from the current <typeparamref name="TOptions"/> (rebuilt when they change).
    /// </summary>
    /// <param name="http">The client.</param>
    /// <param name="select">Picks the retry settings.</param>
    /// <param name="readRetryAfter">Reads how long the server asked to wait.</param>
    /// <param name="provider">The provider the client calls, for telemetry; <see langword="null"/> for the downloads client.</param>
    /// <param name="retryAfterWaitingStatuses">Statuses besides 429 that say the server did not act.</param>
    public static IHttpClientBuilder AddImagingRetry<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicParameterlessConstructor)] TOptions>(
        this IHttpClientBuilder http,
        Func<TOptions, ImagingRetryOptions?> select,
        RetryAfterReader readRetryAfter,
        string? provider,
        IReadOnlySet<int>? retryAfterWaitingStatuses = null)
        where TOptions : class
    {
        var clientName = http.Name;
        http.AddResilienceHandler(PipelineName, (pipeline, context) =>
        {
            context.EnableReloads<TOptions>();
            var services = context.ServiceProvider;
            var timeProvider = services.GetRequiredService<TimeProvider>();
            pipeline.TimeProvider = timeProvider;
            var options = select(services.GetRequiredService<IOptionsMonitor<TOptions>>().CurrentValue) ?? new ImagingRetryOptions();
            if (options.MaxRetries > 0)
            {
                var retry = CreateOptions(options, timeProvider, readRetryAfter, retryAfterWaitingStatuses ?? NoStatuses);
                var telemetry = services.GetService<ImagingTelemetry>() ?? ImagingTelemetry.Shared;
                retry.OnRetry = args =>
                {
                    Observe(telemetry, clientName, provider, args);
                    return default;
                };
                pipeline.AddRetry(retry);
            }
        });
        return http;
    }

    /// <summary>The retry strategy for <paramref name="options"/>; its predicate and delay keep the rules above.</summary>
    internal static RetryStrategyOptions<HttpResponseMessage> CreateOptions(
        ImagingRetryOptions options,
        TimeProvider timeProvider,
        RetryAfterReader readRetryAfter,
        IReadOnlySet<int> retryAfterWaitingStatuses) => new()
        {
            MaxRetryAttempts = options.MaxRetries,
            BackoffType = DelayBackoffType.Exponential,
            UseJitter = true,
            Delay = options.BaseDelay,
            MaxDelay = options.MaxDelay,
            ShouldHandle = args => ShouldRetryAsync(args.Outcome, args.Context, options, timeProvider, readRetryAfter, retryAfterWaitingStatuses),

            // The wait the provider asked for, when ShouldHandle found one within the caps; otherwise the back-off.
            DelayGenerator = args => ValueTask.FromResult(
                args.Context.Properties.TryGetValue(RetryAfterKey, out var retryAfter) ? retryAfter : null),
        };

    /// <summary>Why an attempt is retried, as <c>imaging.retry.reason</c> writes it: the status, or the kind of failure.</summary>
    internal static string ReasonOf(Outcome<HttpResponseMessage> outcome) => outcome.Exception switch
    {
        null => outcome.Result is { } response ? ((int)response.StatusCode).ToString(CultureInfo.InvariantCulture) : "unknown",
        HttpRequestException { HttpRequestError: var error } => ImagingTelemetry.SnakeCase(error.ToString()),
        var other => other.GetType().FullName ?? "unknown",
    };

    private static void Observe(ImagingTelemetry telemetry, string clientName, string? provider, OnRetryArguments<HttpResponseMessage> args)
    {
        var reason = ReasonOf(args.Outcome);
        telemetry.CountRetry(clientName, provider, reason);
        var logger = telemetry.Logger;
        if (logger.IsEnabled(LogLevel.Information))
        {
            var request = args.Context.GetRequestMessage();
            var method = request?.Method.Method ?? "(unknown)";
            var url = RequestLogHandler.Describe(request?.RequestUri);
            var delayMs = args.RetryDelay.TotalMilliseconds;
            ImagingLog.RetryScheduled(logger, method, url, delayMs, reason, args.AttemptNumber + 1, clientName);
        }
    }

    private static async ValueTask<bool> ShouldRetryAsync(
        Outcome<HttpResponseMessage> outcome,
        ResilienceContext context,
        ImagingRetryOptions options,
        TimeProvider timeProvider,
        RetryAfterReader readRetryAfter,
        IReadOnlySet<int> retryAfterWaitingStatuses)
    {
        context.Properties.Set(RetryAfterKey, null);
        if (context.CancellationToken.IsCancellationRequested || context.GetRequestMessage() is not { } request)
        {
            return false;
        }

        var repeatIsSafe = request.Method == HttpMethod.Get
            || request.Method == HttpMethod.Head
            || request.Headers.Contains(IdempotencyKeyHeader);

        if (outcome.Exception is { } exception)
        {
            return exception switch
            {
                OperationCanceledException => false,

                // The downloads client refused to connect to a private address: asking again would be refused again.
                HttpRequestException when PrivateNetworkGuard.FindRefusal(exception) is not null => false,

                // The connection was never made, so nothing was sent: safe for any request.
                HttpRequestException { HttpRequestError: HttpRequestError.NameResolutionError or HttpRequestError.ConnectionError } => true,
                HttpRequestException or IOException => repeatIsSafe,
                _ => false,
            };
        }

        var response = outcome.Result!;
        var status = (int)response.StatusCode;

        // 429 (and any status the provider marks the same way) means the provider did not act: safe for any request.
        var retryable = status == (int)HttpStatusCode.TooManyRequests
            || retryAfterWaitingStatuses.Contains(status)
            || (repeatIsSafe && status is 408 or 500 or 502 or 503 or 504);
        if (!retryable)
        {
            return false;
        }

        var now = timeProvider.GetUtcNow();
        var retryAfter = await readRetryAfter(response, now, context.CancellationToken).ConfigureAwait(false);
        if (retryAfter is { } wait
            && (wait > options.MaxRetryAfter
                || wait > LongestWait
                || (request.Options.TryGetValue(CallDeadline.RequestOptionKey, out var deadline) && wait >= deadline - now)))
        {
            // The provider asked for a longer wait than we take by ourselves, than a timer can take, or than the call
            // has left: let the caller see the answer (with its RetryAfter) and decide.
            return false;
        }

        context.Properties.Set(RetryAfterKey, retryAfter);
        return true;
    }
}
