using System.Net;
using Polly;
using Polly.Retry;

namespace ImagingClient.Http;

/// <summary>
/// Reads how long a provider asked the caller to wait, from its headers or its body. Returns <see langword="null"/>
/// when the response does not say.
/// </summary>
internal delegate ValueTask<TimeSpan?> RetryAfterReader(HttpResponseMessage response, DateTimeOffset now, CancellationToken cancellationToken);

/// <summary>
/// Retries a provider's calls over a Polly.Core pipeline: jittered exponential back-off, Retry-After honoured up to a
/// cap, and a request that creates paid work retried only when that is safe (the provider answered 429, so it did not
/// act; the connection was never made; or an <c>Idempotency-Key</c> makes a repeat harmless).
/// </summary>
internal sealed class ResilienceHandler(ResiliencePipeline<HttpResponseMessage> pipeline) : DelegatingHandler
{
    internal const string IdempotencyKeyHeader = "Idempotency-Key";

    private static readonly ResiliencePropertyKey<HttpRequestMessage> RequestKey = new("ImagingClient.Request");
    private static readonly ResiliencePropertyKey<TimeSpan?> RetryAfterKey = new("ImagingClient.RetryAfter");

    public static ResiliencePipeline<HttpResponseMessage> CreatePipeline(
        ImagingRetryOptions options,
        TimeProvider timeProvider,
        RetryAfterReader readRetryAfter,
        IReadOnlySet<int>? retryAfterWaitingStatuses = null)
    {
        var waitingStatuses = retryAfterWaitingStatuses ?? new HashSet<int>();
        var builder = new ResiliencePipelineBuilder<HttpResponseMessage> { TimeProvider = timeProvider };
        if (options.MaxRetries == 0)
        {
            return builder.Build();
        }

        return builder.AddRetry(new RetryStrategyOptions<HttpResponseMessage>
        {
            MaxRetryAttempts = options.MaxRetries,
            BackoffType = DelayBackoffType.Exponential,
            UseJitter = true,
            Delay = options.BaseDelay,
            MaxDelay = options.MaxDelay,
            ShouldHandle = args => ShouldRetryAsync(args.Outcome, args.Context, options, timeProvider, readRetryAfter, waitingStatuses),
            DelayGenerator = args => ValueTask.FromResult(
                args.Context.Properties.TryGetValue(RetryAfterKey, out var retryAfter) ? retryAfter : null),
        }).Build();
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var context = ResilienceContextPool.Shared.Get(cancellationToken);
        context.Properties.Set(RequestKey, request);
        try
        {
            var outcome = await pipeline.ExecuteOutcomeAsync(
                static async (ctx, state) =>
                {
                    try
                    {
                        var response = await state.Handler.SendToInnerAsync(state.Request, ctx.CancellationToken).ConfigureAwait(false);
                        return Outcome.FromResult(response);
                    }
#pragma warning disable CA1031 // The pipeline decides which failures to retry; the last one is rethrown below.
                    catch (Exception ex)
#pragma warning restore CA1031
                    {
                        return Outcome.FromException<HttpResponseMessage>(ex);
                    }
                },
                context,
                (Handler: this, Request: request)).ConfigureAwait(false);

            outcome.ThrowIfException();
            return outcome.Result!;
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    private Task<HttpResponseMessage> SendToInnerAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
        base.SendAsync(request, cancellationToken);

    private static async ValueTask<bool> ShouldRetryAsync(
        Outcome<HttpResponseMessage> outcome,
        ResilienceContext context,
        ImagingRetryOptions options,
        TimeProvider timeProvider,
        RetryAfterReader readRetryAfter,
        IReadOnlySet<int> retryAfterWaitingStatuses)
    {
        context.Properties.Set(RetryAfterKey, null);
        if (context.CancellationToken.IsCancellationRequested || !context.Properties.TryGetValue(RequestKey, out var request))
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
        if (retryAfter > options.MaxRetryAfter
            || (retryAfter is { } wait && request.Options.TryGetValue(CallDeadline.RequestOptionKey, out var deadline) && now + wait >= deadline))
        {
            // The provider asked for a longer wait than we take by ourselves, or than the call has left:
            // let the caller see the answer (with its RetryAfter) and decide.
            return false;
        }

        context.Properties.Set(RetryAfterKey, retryAfter);
        return true;
    }
}
