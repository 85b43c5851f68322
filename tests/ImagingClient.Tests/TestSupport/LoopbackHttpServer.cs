using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace ImagingClient.Tests.TestSupport;

/// <summary>One request as a <see cref="LoopbackHttpServer"/> read it.</summary>
internal sealed record LoopbackRequest(string Method, string Target, IReadOnlyDictionary<string, string> Headers)
{
    public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;
}

/// <summary>
/// A scripted HTTP/1.1 server on 127.0.0.1 that writes whatever raw response it is told to, however hostile: a
/// redirect to anywhere, a bad header. One request per connection; it serves a bounded number of connections and stops
/// when disposed.
/// </summary>
internal sealed class LoopbackHttpServer : IAsyncDisposable
{
    private const int MaxConnections = 200;
    private const int MaxHeadBytes = 64 * 1024;

    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly Func<LoopbackRequest, string> _respond;
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentQueue<LoopbackRequest> _requests = new();
    private readonly Task _loop;

    /// <summary>Starts serving; <paramref name="respond"/> returns the raw response (status line, headers and body).</summary>
    public LoopbackHttpServer(Func<LoopbackRequest, string> respond)
    {
        _respond = respond;
        _listener.Start();
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        _loop = AcceptAsync();
    }

    public int Port { get; }

    /// <summary>The server's address by IP, <c>http://127.0.0.1:port/</c>.</summary>
    public Uri BaseAddress => new($"http://127.0.0.1:{Port}/");

    public IReadOnlyList<LoopbackRequest> Requests => [.. _requests];

    /// <summary>A redirect to <paramref name="location"/>, written as it is.</summary>
    public static string Redirect(string location, int status = 302) =>
        $"HTTP/1.1 {status} Redirect\r\nLocation: {location}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";

    /// <summary>A 200 with <paramref name="body"/> as an image/png.</summary>
    public static string Png(string body = "\x89PNG\r\n\x1a\n") =>
        $"HTTP/1.1 200 OK\r\nContent-Type: image/png\r\nContent-Length: {Encoding.Latin1.GetByteCount(body)}\r\nConnection: close\r\n\r\n{body}";

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        try
        {
            await _loop;
        }
        catch (OperationCanceledException)
        {
        }

        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        for (var served = 0; served < MaxConnections && !_stop.IsCancellationRequested; served++)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            _ = ServeAsync(client);
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using (client)
        {
            try
            {
                var stream = client.GetStream();
                var head = await ReadHeadAsync(stream);
                if (head is null)
                {
                    return;
                }

                var request = Parse(head);
                _requests.Enqueue(request);
                var response = Encoding.Latin1.GetBytes(_respond(request));
                await stream.WriteAsync(response, _stop.Token);
                await stream.FlushAsync(_stop.Token);
            }
            catch (Exception ex) when (ex is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
            {
                // The client went away; nothing to serve.
            }
        }
    }

    private async Task<string?> ReadHeadAsync(NetworkStream stream)
    {
        var buffer = new byte[MaxHeadBytes];
        var length = 0;
        while (length < buffer.Length)
        {
            var read = await stream.ReadAsync(buffer.AsMemory(length), _stop.Token);
            if (read == 0)
            {
                return null;
            }

            length += read;
            var text = Encoding.Latin1.GetString(buffer, 0, length);
            var end = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
            if (end >= 0)
            {
                return text[..end];
            }
        }

        return null;
    }

    private static LoopbackRequest Parse(string head)
    {
        var lines = head.Split("\r\n");
        var requestLine = lines[0].Split(' ');
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var line in lines.Skip(1))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon > 0)
            {
                headers[line[..colon].Trim()] = line[(colon + 1)..].Trim();
            }
        }

        return new LoopbackRequest(requestLine[0], requestLine.Length > 1 ? requestLine[1] : string.Empty, headers);
    }
}
