using System.Net;
using ImagingClient.Diagnostics;

namespace ImagingClient.Http;

/// <summary>
/// Sends one provider call under one deadline and turns what can go wrong on the way — a time-out, an unreachable host,
/// a connection broken while the body is read — into an <see cref="ImagingApiException"/> that says what is known
/// (status, request id, rate limit) and whether paid work may have been done.
/// </summary>
internal static class ProviderHttp
{
    /// <summary>
    /// A path (and query) under the provider's endpoint. The base address may or may not end with a slash; a path prefix
    /// in it (a proxy's <c>/provider</c>) is kept.
    /// </summary>
    public static Uri Endpoint(Uri baseAddress, string pathAndQuery)
    {
        var root = baseAddress.AbsoluteUri.EndsWith('/') ? baseAddress : new Uri(baseAddress.AbsoluteUri + "/");
        return new Uri(root, pathAndQuery);
    }

    /// <summary>A JSON request body, already written (<c>Content-Type: application/json</c>).</summary>
    public static ByteArrayContent JsonContent(byte[] body)
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        return content;
    }

    /// <summary>
    /// Sends <paramref name="request"/> and hands the response to <paramref name="handle"/>, under the call's deadline.
    /// A call that names an <see cref="ProviderCall.Operation"/> (an upload) is one operation of
    /// <see cref="ImagingTelemetry"/>: a span, its duration and its outcome.
    /// </summary>
    public static Task<T> SendAsync<T>(
        HttpClient client,
        HttpRequestMessage request,
        ProviderCall call,
        Func<HttpResponseMessage, CancellationToken, Task<T>> handle,
        CancellationToken cancellationToken) =>
        call.Operation is null
            ? SendCoreAsync(client, request, call, handle, cancellationToken)
            : SendTracedAsync(client, request, call, handle, cancellationToken);

    private static async Task<T> SendTracedAsync<T>(
        HttpClient client,
        HttpRequestMessage request,
        ProviderCall call,
        Func<HttpResponseMessage, CancellationToken, Task<T>> handle,
        CancellationToken cancellationToken)
    {
        var telemetry = call.Telemetry;
        var scope = telemetry.Start(call.Operation!, call.Provider, call.Model, request.RequestUri, call.JobId);
        try
        {
            var result = await SendCoreAsync(client, request, call, handle, cancellationToken).ConfigureAwait(false);
            telemetry.Succeeded(scope);
            return result;
        }
        catch (Exception ex)
        {
            telemetry.Failed(scope, ex, call.JobId);
            throw;
        }
    }

    private static async Task<T> SendCoreAsync<T>(
        HttpClient client,
        HttpRequestMessage request,
        ProviderCall call,
        Func<HttpResponseMessage, CancellationToken, Task<T>> handle,
        CancellationToken cancellationToken)
    {
        if (cancellationToken.IsCancellationRequested)
        {
            // Nothing has been sent, so nothing can have been accepted or charged for.
            throw new OperationCanceledException($"The call to {call.DisplayName} was cancelled before anything was sent.", null, cancellationToken);
        }

        using var deadline = new CallDeadline(call.Timeout, call.TimeProvider, cancellationToken);
        deadline.Stamp(request);
        HttpResponseMessage? response = null;
        try
        {
            response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, deadline.Token).ConfigureAwait(false);
            return await handle(response, deadline.Token).ConfigureAwait(false);
        }
        catch (ImagingApiException ex) when (call.CreatesPaidWork && !ex.MayHaveCreatedWork && AnswerMayBeLost(ex))
        {
            // A gateway between us and the provider failed, or the provider reported its own failure in a success
            // answer, or a success answer could not be read: it may have taken the request, made (and charged for)
            // the work and lost (or garbled) the answer.
            var key = IdempotencyKeyOf(request);
            throw ex.Copy(
                $"{ex.Message} {call.DisplayName} may have created (and charged for) the work before the answer was lost"
                + (key is not null
                    ? $"; the request carried {RetryStrategy.IdempotencyKeyHeader} '{key}', so sending it again with the same IdempotencyKey is safe."
                    : ": check before submitting it again, or it may be paid for twice."),
                mayHaveCreatedWork: true,
                isRetryable: key is not null,
                idempotencyKey: key);
        }
        catch (ImagingApiException ex) when (ex.IdempotencyKey is null && IdempotencyKeyOf(request) is { } key)
        {
            throw ex.Copy(idempotencyKey: key);
        }
        catch (OperationCanceledException ex) when (deadline.HasExpired)
        {
            throw Failure(call, request, response, ImagingErrorCode.Timeout, sent: true, response is null
                ? $"{call.DisplayName} did not answer within the configured Timeout ({call.Timeout})."
                : $"{call.DisplayName}'s response (HTTP {(int)response.StatusCode}) did not arrive completely within the configured Timeout ({call.Timeout}).", ex);
        }
        catch (OperationCanceledException ex) when (call.CreatesPaidWork && cancellationToken.IsCancellationRequested)
        {
            throw new OperationCanceledException(
                $"The call to {call.DisplayName} was cancelled after the request may have been sent: {call.DisplayName} may still have accepted (and charged for) the work.",
                ex,
                cancellationToken);
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException)
        {
            var why = SecretRedactor.Redact(ex.Message, call.ApiKey);

            // A connection that was never made carried nothing: only then is the request known not to have arrived.
            var sent = response is not null || ex is not HttpRequestException { HttpRequestError: HttpRequestError.NameResolutionError or HttpRequestError.ConnectionError };
            throw Failure(call, request, response, ImagingErrorCode.NetworkError, sent, response is null
                ? $"{call.DisplayName} could not be reached at {request.RequestUri?.GetLeftPart(UriPartial.Authority)}: {why}"
                : $"The connection to {call.DisplayName} broke while its response (HTTP {(int)response.StatusCode}) was being read: {why}.", ex);
        }
        finally
        {
            response?.Dispose();
        }
    }

    /// <summary>The request's idempotency key, when it carries one.</summary>
    private static string? IdempotencyKeyOf(HttpRequestMessage request) =>
        request.Headers.TryGetValues(RetryStrategy.IdempotencyKeyHeader, out var values) ? values.FirstOrDefault() : null;

    /// <summary>
    /// Whether a refusal of a request that creates work may hide work that was done: a gateway's 502 or 504 (the
    /// provider behind it may have acted), a server error or time-out the provider reported inside a 2xx answer, or a
    /// 2xx answer that could not be read (the provider said it acted; what it made is lost in the garble).
    /// </summary>
    private static bool AnswerMayBeLost(ImagingApiException ex) =>
        ex.StatusCode is HttpStatusCode.BadGateway or HttpStatusCode.GatewayTimeout
        || (ex.StatusCode is { } status && (int)status is >= 200 and < 300
            && (ex.ErrorCode == ImagingErrorCode.ServerError || ex.ErrorCode == ImagingErrorCode.Timeout || ex.ErrorCode == ImagingErrorCode.InvalidResponse));

    private static ImagingApiException Failure(ProviderCall call, HttpRequestMessage request, HttpResponseMessage? response, ImagingErrorCode code, bool sent, string message, Exception inner)
    {
        var key = IdempotencyKeyOf(request);
        // Through the one error builder, so what came from outside (a request id header) is redacted here too.
        var mayHaveCreatedWork = call.CreatesPaidWork && sent;
        var failure = ProviderErrors.Create(call, response, new ProviderErrors.Failure
        {
            Code = code,
            Message = !mayHaveCreatedWork ? message
                : key is null ? $"{message} {call.DisplayName} may still have produced (and charged for) the image."
                : $"{message} {call.DisplayName} may still have produced (and charged for) the image; the request carried {RetryStrategy.IdempotencyKeyHeader} '{key}', so sending it again with the same IdempotencyKey is safe.",
            MayHaveCreatedWork = mayHaveCreatedWork,
            Inner = inner,
        });
        return key is null ? failure : failure.Copy(isRetryable: mayHaveCreatedWork ? true : null, idempotencyKey: key);
    }
}

/// <summary>Who is called, for how long, and what a failure should say. (A class, not a record: it holds the key.)</summary>
internal sealed class ProviderCall(
    string provider,
    string displayName,
    TimeSpan timeout,
    TimeProvider timeProvider,
    string? apiKey,
    bool createsPaidWork,
    string? jobId = null,
    ImageJobToken? resumeToken = null,
    string what = "the request")
{
    public string Provider { get; } = provider;

    public string DisplayName { get; } = displayName;

    public TimeSpan Timeout { get; } = timeout;

    public TimeProvider TimeProvider { get; } = timeProvider;

    /// <summary>Used only to redact the key from messages.</summary>
    public string? ApiKey { get; } = apiKey;

    public bool CreatesPaidWork { get; } = createsPaidWork;

    public string? JobId { get; } = jobId;

    public ImageJobToken? ResumeToken { get; } = resumeToken;

    /// <summary>What the call is, for messages ("the request", "the status check").</summary>
    public string What { get; } = what;

    /// <summary>
    /// The operation this call is, for telemetry (one of <see cref="ImagingTelemetry.Operations"/>, such as an upload);
    /// <see langword="null"/> for a call that is part of an operation traced elsewhere.
    /// </summary>
    public string? Operation { get; init; }

    /// <summary>The model the call is for, when it is for one (telemetry only).</summary>
    public string? Model { get; init; }

    /// <summary>Where an <see cref="Operation"/> is traced and measured.</summary>
    public ImagingTelemetry Telemetry { get; init; } = ImagingTelemetry.Shared;

    /// <summary>Removes the key from text that came from outside.</summary>
    public string? Redact(string? text) => SecretRedactor.Redact(text, ApiKey);

    public override string ToString() => $"{DisplayName} call (timeout {Timeout})";
}
