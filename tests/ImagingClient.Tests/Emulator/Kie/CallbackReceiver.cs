using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Threading.Channels;

namespace ImagingClient.Tests.Emulator.Kie;

/// <summary>One HTTP request a <see cref="CallbackReceiver"/> received, and the status it answered.</summary>
internal sealed record ReceivedRequest(string Method, string Path, IReadOnlyDictionary<string, string> Headers, string Body, int Status);

/// <summary>
/// A minimal HTTP/1.1 endpoint on <c>127.0.0.1</c> built on <see cref="TcpListener"/>: it reads each
/// request (headers and a Content-Length body), answers with a status and closes the connection. By default
/// every request gets the same status; given a script, the n-th request gets the n-th status and every request
/// after the script runs out gets its last one.
/// </summary>
internal sealed class CallbackReceiver : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly Channel<ReceivedRequest> _received = Channel.CreateUnbounded<ReceivedRequest>();
    private readonly CancellationTokenSource _stop = new();
    private readonly int[] _statuses;
    private readonly Task _loop;
    private int _answered;

    public CallbackReceiver(int status = 200)
        : this([status])
    {
    }

    /// <summary>Answers the n-th request with <paramref name="statuses"/>[n], then repeats the last status.</summary>
    public CallbackReceiver(IReadOnlyList<int> statuses)
    {
        ArgumentOutOfRangeException.ThrowIfZero(statuses.Count);
        _statuses = [.. statuses];
        _listener.Start();
        _loop = AcceptLoopAsync();
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public Uri Url => new($"http://127.0.0.1:{Port}/kie/callback");

    /// <summary>Waits (bounded) for the next request.</summary>
    public Task<ReceivedRequest> NextAsync() => _received.Reader.ReadAsync().AsTask().WaitAsync(KieHttp.CallbackWait);

    /// <summary>Whether a request is waiting to be read.</summary>
    public bool HasPending => _received.Reader.TryPeek(out _);

    /// <summary>A loopback port nothing listens on (bound once, then released).</summary>
    public static int FreePort()
    {
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        return port;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        try
        {
            await _loop;
        }
        catch (Exception exception) when (exception is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // Stopped.
        }

        _stop.Dispose();
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (InvalidOperationException) when (_stop.IsCancellationRequested)
            {
                // Disposed between the loop's check and this accept: the listener is already stopped ("Not listening").
                return;
            }

            _ = HandleAsync(client);
        }
    }

    private async Task HandleAsync(TcpClient client)
    {
        using (client)
        {
            var stream = client.GetStream();
            var buffer = new List<byte>();
            var chunk = new byte[4096];
            int headerEnd;
            while ((headerEnd = IndexOfHeaderEnd(buffer)) < 0)
            {
                var read = await stream.ReadAsync(chunk);
                if (read == 0)
                {
                    return;
                }

                buffer.AddRange(chunk[..read]);
            }

            var lines = Encoding.ASCII.GetString(buffer.GetRange(0, headerEnd).ToArray()).Split("\r\n");
            var requestLine = lines[0].Split(' ');
            var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            foreach (var line in lines.Skip(1))
            {
                var colon = line.IndexOf(':', StringComparison.Ordinal);
                headers[line[..colon].Trim()] = line[(colon + 1)..].Trim();
            }

            var length = headers.TryGetValue("Content-Length", out var value) ? int.Parse(value, CultureInfo.InvariantCulture) : 0;
            var bodyStart = headerEnd + 4;
            while (buffer.Count < bodyStart + length)
            {
                var read = await stream.ReadAsync(chunk);
                if (read == 0)
                {
                    return;
                }

                buffer.AddRange(chunk[..read]);
            }

            var body = Encoding.UTF8.GetString(buffer.GetRange(bodyStart, length).ToArray());
            var status = _statuses[Math.Min(Interlocked.Increment(ref _answered) - 1, _statuses.Length - 1)];

            // Queue the request before answering, so it is readable by the time the sender has recorded the answer.
            await _received.Writer.WriteAsync(new ReceivedRequest(requestLine[0], requestLine[1], headers, body, status));
            var response = $"HTTP/1.1 {status} Status\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";
            await stream.WriteAsync(Encoding.ASCII.GetBytes(response));
        }
    }

    private static int IndexOfHeaderEnd(List<byte> buffer)
    {
        for (var i = 0; i + 3 < buffer.Count; i++)
        {
            if (buffer[i] == '\r' && buffer[i + 1] == '\n' && buffer[i + 2] == '\r' && buffer[i + 3] == '\n')
            {
                return i;
            }
        }

        return -1;
    }
}
