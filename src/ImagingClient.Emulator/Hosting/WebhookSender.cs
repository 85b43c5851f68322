using System.Collections.ObjectModel;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;

namespace ImagingClient.Emulator.Hosting;

/// <summary>
/// Sends provider callbacks (webhooks) in the background and records every attempt in the
/// <see cref="CallbackLog"/>. Only loopback URLs are ever contacted: <c>localhost</c>, <c>127.0.0.0/8</c>
/// and <c>::1</c>; anything else is recorded as refused and never sent (nor retried). Redirects are not
/// followed, no proxy is used and the connection itself is only opened to loopback addresses, so a callback
/// cannot leave the machine. Each attempt has a 15-second timeout.
/// </summary>
/// <remarks>
/// An attempt fails when the receiver answers anything but 2xx (redirects included), the connection fails or
/// it times out. After a failure the next attempt is scheduled on the <see cref="TimeProvider"/> (never the
/// wall clock) at the next of the caller's retry delays, counted from the moment the failed attempt started
/// (its <see cref="EmulatorCallback.AttemptedAt"/>). Every attempt asks the caller for its headers at the moment
/// it is sent, so signed callbacks get a fresh timestamp and signature each time. Disposing cancels pending
/// retry timers and deliveries still in flight.
/// </remarks>
internal sealed class WebhookSender : IAsyncDisposable
{
    /// <summary>How long one delivery may take.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(15);

    private readonly CallbackLog _log;
    private readonly TimeProvider _timeProvider;
    private readonly HttpClient _client;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Lock _gate = new();
    private readonly HashSet<Task> _pending = [];
    private readonly HashSet<PendingRetry> _retries = [];
    private bool _disposed;

    public WebhookSender(CallbackLog log, TimeProvider timeProvider)
    {
        _log = log;
        _timeProvider = timeProvider;
        var handler = new SocketsHttpHandler
        {
            UseProxy = false,
            AllowAutoRedirect = false,
            UseCookies = false,
            ConnectCallback = ConnectToLoopbackAsync,
        };
        _client = new HttpClient(handler, disposeHandler: true) { Timeout = Timeout };
    }

    /// <summary>Whether <paramref name="url"/> points at this machine: <c>localhost</c>, <c>127.0.0.0/8</c> or <c>::1</c>.</summary>
    public static bool IsLoopback(Uri url)
    {
        if (!url.IsAbsoluteUri)
        {
            return false;
        }

        if (string.Equals(url.Host, "localhost", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        return IPAddress.TryParse(url.DnsSafeHost, out var address) && IsLoopback(address);
    }

    /// <summary>
    /// Starts delivering <paramref name="body"/> to <paramref name="url"/> and returns at once; the outcome of
    /// every attempt lands in the <see cref="CallbackLog"/>. <paramref name="headersAt"/> gives the extra headers
    /// for an attempt sent at the given instant. After a failed attempt <c>n</c>, attempt <c>n + 1</c> is sent
    /// <c><paramref name="retryDelays"/>[n - 1]</c> after attempt <c>n</c> started, so there are at most
    /// <c>retryDelays.Count + 1</c> attempts. Does nothing once disposed.
    /// </summary>
    public void Send(
        string taskId,
        Uri url,
        string body,
        Func<DateTimeOffset, IReadOnlyList<KeyValuePair<string, string>>> headersAt,
        IReadOnlyList<TimeSpan> retryDelays)
    {
        Attempt(new Delivery(taskId, url, body, headersAt, retryDelays), attempt: 1);
    }

    /// <summary>Cancels pending retries and deliveries still in flight, waits for them to record their outcome and releases the client.</summary>
    public async ValueTask DisposeAsync()
    {
        Task[] pending;
        PendingRetry[] retries;
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            pending = [.. _pending];
            retries = [.. _retries];
            _retries.Clear();
        }

        foreach (var retry in retries)
        {
            retry.Timer?.Dispose();
        }

        await _stopping.CancelAsync().ConfigureAwait(false);
        await Task.WhenAll(pending).ConfigureAwait(false);
        _client.Dispose();
        _stopping.Dispose();
    }

    private static bool IsLoopback(IPAddress address) =>
        IPAddress.IsLoopback(address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address);

    /// <summary>Resolves the host and connects only to its loopback addresses, so a remapped <c>localhost</c> cannot leak out.</summary>
    private static async ValueTask<Stream> ConnectToLoopbackAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        var host = context.DnsEndPoint.Host;
        var addresses = IPAddress.TryParse(host, out var literal)
            ? [literal]
            : await Dns.GetHostAddressesAsync(host, cancellationToken).ConfigureAwait(false);
        var loopback = addresses.Where(IsLoopback).ToArray();
        if (loopback.Length == 0)
        {
            throw new HttpRequestException($"'{host}' does not resolve to a loopback address; the emulator only sends callbacks to this machine.");
        }

        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(loopback, context.DnsEndPoint.Port, cancellationToken).ConfigureAwait(false);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>Sends attempt number <paramref name="attempt"/> now: headers are computed at this instant.</summary>
    private void Attempt(Delivery delivery, int attempt)
    {
        var attemptedAt = _timeProvider.GetUtcNow();
        var headers = delivery.HeadersAt(attemptedAt);
        var recorded = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase) { ["Content-Type"] = HttpResponses.JsonContentType };
        foreach (var (name, value) in headers)
        {
            recorded[name] = value;
        }

        var recordedHeaders = new ReadOnlyDictionary<string, string>(recorded);
        if (!IsLoopback(delivery.Url))
        {
            _log.Add(new EmulatorCallback(
                delivery.TaskId,
                delivery.Url,
                delivery.Body,
                recordedHeaders,
                attemptedAt,
                statusCode: null,
                $"Refused: the emulator only sends callbacks to loopback addresses (localhost, 127.0.0.0/8, ::1), not to '{delivery.Url.Host}'.",
                refused: true,
                attempt));
            return;
        }

        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            var task = Task.Run(() => DeliverAsync(delivery, attempt, headers, recordedHeaders, attemptedAt));
            _pending.Add(task);
            _ = task.ContinueWith(
                completed =>
                {
                    lock (_gate)
                    {
                        _pending.Remove(completed);
                    }
                },
                CancellationToken.None,
                TaskContinuationOptions.ExecuteSynchronously,
                TaskScheduler.Default);
        }
    }

    private async Task DeliverAsync(
        Delivery delivery,
        int attempt,
        IReadOnlyList<KeyValuePair<string, string>> headers,
        IReadOnlyDictionary<string, string> recordedHeaders,
        DateTimeOffset attemptedAt)
    {
        int? statusCode = null;
        string? error = null;
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, delivery.Url)
            {
                Content = new StringContent(delivery.Body, System.Text.Encoding.UTF8),
            };
            request.Content.Headers.ContentType = new MediaTypeHeaderValue(HttpResponses.JsonContentType);
            foreach (var (name, value) in headers)
            {
                request.Headers.TryAddWithoutValidation(name, value);
            }

            using var response = await _client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, _stopping.Token).ConfigureAwait(false);
            statusCode = (int)response.StatusCode;
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
            error = "The emulator stopped before the callback was answered.";
        }
        catch (OperationCanceledException)
        {
            error = $"The callback timed out after {Timeout.TotalSeconds:0} seconds.";
        }
        catch (Exception exception) when (exception is HttpRequestException or IOException or SocketException or InvalidOperationException)
        {
            error = exception.Message;
        }

        // Schedule the retry before recording the attempt, so whoever sees the attempt in the log also sees its retry timer.
        if (statusCode is not (>= 200 and < 300))
        {
            ScheduleRetry(delivery, attempt, attemptedAt);
        }

        _log.Add(new EmulatorCallback(delivery.TaskId, delivery.Url, delivery.Body, recordedHeaders, attemptedAt, statusCode, error, refused: false, attempt));
    }

    /// <summary>After failed attempt <paramref name="failed"/>, arms a timer for the next one, if any is left.</summary>
    private void ScheduleRetry(Delivery delivery, int failed, DateTimeOffset failedAttemptedAt)
    {
        if (failed > delivery.RetryDelays.Count)
        {
            return;
        }

        var dueIn = failedAttemptedAt + delivery.RetryDelays[failed - 1] - _timeProvider.GetUtcNow();
        var retry = new PendingRetry(delivery, failed + 1);
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            // Created stopped and started outside the lock: a timer due at once may fire on this thread.
            retry.Timer = _timeProvider.CreateTimer(OnRetryDue, retry, System.Threading.Timeout.InfiniteTimeSpan, System.Threading.Timeout.InfiniteTimeSpan);
            _retries.Add(retry);
        }

        try
        {
            retry.Timer.Change(dueIn > TimeSpan.Zero ? dueIn : TimeSpan.Zero, System.Threading.Timeout.InfiniteTimeSpan);
        }
        catch (ObjectDisposedException)
        {
            // Disposed between the lock and here: the retry is cancelled, as intended.
        }
    }

    /// <summary>Timer callback: a retry is due (the clock reads its due time, so that is when it is sent and signed).</summary>
    private void OnRetryDue(object? state)
    {
        var retry = (PendingRetry)state!;
        lock (_gate)
        {
            if (!_retries.Remove(retry))
            {
                // Disposed meanwhile.
                return;
            }
        }

        retry.Timer?.Dispose();
        Attempt(retry.Delivery, retry.Attempt);
    }

    /// <summary>One callback to deliver, with everything needed to send any of its attempts.</summary>
    private sealed record Delivery(
        string TaskId,
        Uri Url,
        string Body,
        Func<DateTimeOffset, IReadOnlyList<KeyValuePair<string, string>>> HeadersAt,
        IReadOnlyList<TimeSpan> RetryDelays);

    /// <summary>A retry waiting for its timer. Compared by reference.</summary>
    private sealed class PendingRetry(Delivery delivery, int attempt)
    {
        public Delivery Delivery { get; } = delivery;

        public int Attempt { get; } = attempt;

        public ITimer? Timer { get; set; }
    }
}
