using System.Collections.ObjectModel;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;

namespace ImagingClient.Emulator.Hosting;

/// <summary>
/// Sends provider callbacks (webhooks) in the background, once each, and records every attempt in the
/// <see cref="CallbackLog"/>. Only loopback URLs are ever contacted: <c>localhost</c>, <c>127.0.0.0/8</c>
/// and <c>::1</c>; anything else is recorded as refused and never sent. Redirects are not followed, no
/// proxy is used and the connection itself is only opened to loopback addresses, so a callback cannot
/// leave the machine. Each attempt has a 15-second timeout and is never retried.
/// </summary>
internal sealed class WebhookSender : IAsyncDisposable
{
    /// <summary>How long one delivery may take (the timeout Kie documents for its callbacks).</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(15);

    private readonly CallbackLog _log;
    private readonly TimeProvider _timeProvider;
    private readonly HttpClient _client;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Lock _gate = new();
    private readonly HashSet<Task> _pending = [];
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
    /// Starts delivering <paramref name="body"/> to <paramref name="url"/> with <paramref name="headers"/>
    /// and returns at once; the outcome lands in the <see cref="CallbackLog"/>. Does nothing once disposed.
    /// </summary>
    public void Send(string taskId, Uri url, string body, IReadOnlyList<KeyValuePair<string, string>> headers)
    {
        var recorded = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase) { ["Content-Type"] = HttpResponses.JsonContentType };
        foreach (var (name, value) in headers)
        {
            recorded[name] = value;
        }

        var recordedHeaders = new ReadOnlyDictionary<string, string>(recorded);
        var attemptedAt = _timeProvider.GetUtcNow();
        if (!IsLoopback(url))
        {
            _log.Add(new EmulatorCallback(
                taskId,
                url,
                body,
                recordedHeaders,
                attemptedAt,
                statusCode: null,
                $"Refused: the emulator only sends callbacks to loopback addresses (localhost, 127.0.0.0/8, ::1), not to '{url.Host}'.",
                refused: true));
            return;
        }

        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            var delivery = Task.Run(() => DeliverAsync(taskId, url, body, headers, recordedHeaders, attemptedAt));
            _pending.Add(delivery);
            _ = delivery.ContinueWith(
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

    /// <summary>Cancels deliveries still in flight, waits for them to record their outcome and releases the client.</summary>
    public async ValueTask DisposeAsync()
    {
        Task[] pending;
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            pending = [.. _pending];
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

    private async Task DeliverAsync(
        string taskId,
        Uri url,
        string body,
        IReadOnlyList<KeyValuePair<string, string>> headers,
        IReadOnlyDictionary<string, string> recordedHeaders,
        DateTimeOffset attemptedAt)
    {
        int? statusCode = null;
        string? error = null;
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, url)
            {
                Content = new StringContent(body, System.Text.Encoding.UTF8),
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

        _log.Add(new EmulatorCallback(taskId, url, body, recordedHeaders, attemptedAt, statusCode, error, refused: false));
    }
}
