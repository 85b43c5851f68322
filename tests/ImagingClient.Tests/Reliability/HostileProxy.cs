using System.Globalization;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace ImagingClient.Tests.Reliability;

/// <summary>One request as the <see cref="HostileProxy"/> read it off the socket.</summary>
/// <param name="Sequence">Its place among all requests the proxy read (0 first).</param>
/// <param name="OnReusedConnection">Whether an earlier request had been answered on the same connection.</param>
public sealed record ProxiedRequest(int Sequence, string Method, string Target, IReadOnlyDictionary<string, string> Headers, byte[] Body, bool OnReusedConnection)
{
    public string Path => Target.Split('?', 2)[0];

    public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;

    public string BodyText => Encoding.UTF8.GetString(Body);
}

/// <summary>An answer as the proxy will write it: status, headers and body, each of which a fault may change.</summary>
public sealed record ProxiedAnswer(int Status, string Reason, IReadOnlyList<KeyValuePair<string, string>> Headers, byte[] Body)
{
    public string BodyText => Encoding.UTF8.GetString(Body);

    public string? Header(string name) => Headers.FirstOrDefault(h => string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase)).Value;

    public ProxiedAnswer WithBody(string body, string contentType = "application/json") => this with
    {
        Body = Encoding.UTF8.GetBytes(body),
        Headers = [.. Headers.Where(h => !string.Equals(h.Key, "Content-Type", StringComparison.OrdinalIgnoreCase)), new("Content-Type", contentType)],
    };

    public static ProxiedAnswer Of(int status, string body, string contentType = "application/json", params KeyValuePair<string, string>[] headers) =>
        new(status, ((HttpStatusCode)status).ToString(), [new("Content-Type", contentType), .. headers], Encoding.UTF8.GetBytes(body));
}

/// <summary>What the proxy does with one request; <see cref="Forward"/> sends it on to the real (emulated) provider first.</summary>
public abstract record ProxyAction
{
    /// <summary>Whether the request reaches the provider behind the proxy (so the provider acts on it) before the fault.</summary>
    public bool Forward { get; init; } = true;

    /// <summary>Changes the request's body (as text) before it is forwarded, such as a prompt that makes the provider's job fail.</summary>
    public Func<string, string>? ChangeRequest { get; init; }

    /// <summary>Forwards the request (changed by <see cref="ChangeRequest"/>) and answers with what the provider answered, unchanged.</summary>
    public sealed record Pass : ProxyAction;

    /// <summary>Answers with what the provider answered, changed by <paramref name="change"/>.</summary>
    public sealed record Answer(Func<ProxiedAnswer, ProxiedAnswer> Change) : ProxyAction;

    /// <summary>Answers with <paramref name="Make"/>'s answer without asking the provider (when not forwarded).</summary>
    public sealed record Replace(Func<ProxiedRequest, ProxiedAnswer> Make) : ProxyAction;

    /// <summary>Resets the connection (RST) instead of answering.</summary>
    public sealed record Reset : ProxyAction;

    /// <summary>Closes the connection (FIN) without a byte of answer.</summary>
    public sealed record Close : ProxyAction;

    /// <summary>
    /// Writes the answer's head (with its full Content-Length, plus <paramref name="ExtraLength"/>) and the first
    /// <paramref name="BodyBytes"/> bytes of its body (all of it when negative), then closes the connection or, when
    /// <paramref name="Hang"/>, goes silent until the client gives up.
    /// </summary>
    public sealed record Cut(int BodyBytes, bool Hang, int ExtraLength = 0) : ProxyAction;

    /// <summary>Goes silent without a byte of answer until the client gives up.</summary>
    public sealed record Silence : ProxyAction;
}

/// <summary>
/// A hostile server on 127.0.0.1: a raw-socket HTTP/1.1 reverse proxy in front of the emulator. Every request is
/// read off the socket, recorded, and by default forwarded to the emulator and answered with what it answered (with
/// the emulator's origin rewritten to the proxy's, so result URLs, polls and downloads come back through the proxy);
/// the script decides, request by request, to change the answer or to misbehave at the socket: reset, close, stop
/// halfway, go silent. Connections are kept alive, so a fault can hit a reused connection. Bounded: at most
/// <see cref="MaxConnections"/> connections and <see cref="MaxRequestsPerConnection"/> requests each; a silent
/// connection waits at most <see cref="MaxSilence"/> on the wall clock.
/// </summary>
public sealed class HostileProxy : IAsyncDisposable
{
    public const int MaxConnections = 500;
    public const int MaxRequestsPerConnection = 200;
    public static readonly TimeSpan MaxSilence = TimeSpan.FromSeconds(60);
    private const int MaxHeadBytes = 64 * 1024;
    private const int MaxBodyBytes = 64 * 1024 * 1024;

    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly Uri _upstream;
    private readonly Func<ProxiedRequest, ProxyAction?> _script;
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentQueue<ProxiedRequest> _requests = new();
    private readonly ConcurrentBag<Task> _connections = [];
    private readonly ConcurrentDictionary<int, (ProxyAction? Action, int? UpstreamStatus)> _handled = new();
    private readonly HttpClient _forwarder;
    private readonly Task _loop;
    private int _sequence = -1;
    private int _silent;

    /// <summary>Starts a proxy to <paramref name="upstream"/>; <paramref name="script"/> returns null to forward a request as it is.</summary>
    public HostileProxy(Uri upstream, Func<ProxiedRequest, ProxyAction?> script)
    {
        _upstream = upstream;
        _script = script;
        _forwarder = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false })
        {
            Timeout = TimeSpan.FromSeconds(30),
        };
        _listener.Start();
        BaseAddress = new Uri($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/");
        _loop = AcceptAsync();
    }

    public Uri BaseAddress { get; }

    public IReadOnlyList<ProxiedRequest> Requests => [.. _requests.OrderBy(r => r.Sequence)];

    /// <summary>
    /// What the script decided for <paramref name="request"/> (null: passed through as it was) and, when it was
    /// forwarded, the status the provider answered.
    /// </summary>
    public (ProxyAction? Action, int? UpstreamStatus) HandlingOf(ProxiedRequest request) =>
        _handled.TryGetValue(request.Sequence, out var handled) ? handled : (null, null);

    /// <summary>How many connections are silent right now, waiting for the client to give up.</summary>
    public int Silent => Volatile.Read(ref _silent);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _loop.ConfigureAwait(false);
        await Task.WhenAll(_connections).WaitAsync(TimeSpan.FromSeconds(10)).ConfigureAwait(false);
        _forwarder.Dispose();
        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        for (var accepted = 0; accepted < MaxConnections; accepted++)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            // InvalidOperationException: the listener was stopped (DisposeAsync) between two accepts ("Not listening").
            catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            _connections.Add(ServeAsync(client));
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        var closeWithReset = false;
        try
        {
            var stream = client.GetStream();
            var reader = new Reader(stream);
            for (var served = 0; served < MaxRequestsPerConnection; served++)
            {
                var request = await ReadRequestAsync(reader, onReused: served > 0).ConfigureAwait(false);
                if (request is null)
                {
                    return;
                }

                _requests.Enqueue(request);
                var scripted = _script(request);
                var action = scripted ?? new ProxyAction.Answer(a => a);
                _handled[request.Sequence] = (scripted, null);
                var answer = action.Forward ? await ForwardAsync(request, action.ChangeRequest).ConfigureAwait(false) : null;
                _handled[request.Sequence] = (scripted, answer?.Status);
                switch (action)
                {
                    case ProxyAction.Pass:
                        await WriteAsync(stream, answer!, keepAlive: true).ConfigureAwait(false);
                        continue;
                    case ProxyAction.Answer change:
                        await WriteAsync(stream, change.Change(answer!), keepAlive: true).ConfigureAwait(false);
                        continue;
                    case ProxyAction.Replace replace:
                        await WriteAsync(stream, replace.Make(request), keepAlive: true).ConfigureAwait(false);
                        continue;
                    case ProxyAction.Reset:
                        closeWithReset = true;
                        return;
                    case ProxyAction.Close:
                        return;
                    case ProxyAction.Cut partial:
                        var full = answer ?? ProxiedAnswer.Of(200, "{}");
                        var bodyBytes = partial.BodyBytes < 0 ? full.Body.Length : Math.Min(partial.BodyBytes, full.Body.Length);
                        await WriteHeadAsync(stream, full, full.Body.Length + partial.ExtraLength, keepAlive: true).ConfigureAwait(false);
                        await stream.WriteAsync(full.Body.AsMemory(0, bodyBytes), _stop.Token).ConfigureAwait(false);
                        await stream.FlushAsync(_stop.Token).ConfigureAwait(false);
                        if (partial.Hang)
                        {
                            await SilenceAsync(reader).ConfigureAwait(false);
                        }

                        return;
                    case ProxyAction.Silence:
                        await SilenceAsync(reader).ConfigureAwait(false);
                        return;
                }
            }
        }
        catch (Exception ex) when (ex is IOException or SocketException or OperationCanceledException or ObjectDisposedException or HttpRequestException)
        {
            // The client went away, or the proxy is stopping.
        }
        finally
        {
            if (closeWithReset)
            {
                client.Client.LingerState = new LingerOption(true, 0);
            }

            client.Dispose();
        }
    }

    /// <summary>Says nothing until the client closes the connection (or the proxy stops, or the wall-clock bound passes).</summary>
    private async Task SilenceAsync(Reader reader)
    {
        Interlocked.Increment(ref _silent);
        try
        {
            using var bound = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
            bound.CancelAfter(MaxSilence);
            var sink = new byte[1024];
            while (await reader.Stream.ReadAsync(sink, bound.Token).ConfigureAwait(false) > 0)
            {
            }
        }
        finally
        {
            Interlocked.Decrement(ref _silent);
        }
    }

    private async Task<ProxiedAnswer> ForwardAsync(ProxiedRequest request, Func<string, string>? changeRequest)
    {
        using var message = new HttpRequestMessage(new HttpMethod(request.Method), new Uri(_upstream, request.Target));
        var sent = changeRequest is null ? request.Body : Encoding.UTF8.GetBytes(changeRequest(request.BodyText));
        var content = sent.Length > 0 || request.Method is "POST" or "PUT" ? new ByteArrayContent(Rewrite(sent, BaseAddress, _upstream)) : null;
        foreach (var (name, value) in request.Headers)
        {
            if (name.Equals("Host", StringComparison.OrdinalIgnoreCase) || name.Equals("Connection", StringComparison.OrdinalIgnoreCase)
                || name.Equals("Content-Length", StringComparison.OrdinalIgnoreCase) || name.Equals("Transfer-Encoding", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            if (!message.Headers.TryAddWithoutValidation(name, value))
            {
                content?.Headers.TryAddWithoutValidation(name, value);
            }
        }

        message.Content = content;
        using var response = await _forwarder.SendAsync(message, _stop.Token).ConfigureAwait(false);
        var body = Rewrite(await response.Content.ReadAsByteArrayAsync(_stop.Token).ConfigureAwait(false), _upstream, BaseAddress);
        var headers = response.Headers.Concat(response.Content.Headers)
            .Where(h => !h.Key.Equals("Content-Length", StringComparison.OrdinalIgnoreCase) && !h.Key.Equals("Transfer-Encoding", StringComparison.OrdinalIgnoreCase)
                && !h.Key.Equals("Connection", StringComparison.OrdinalIgnoreCase))
            .Select(h => new KeyValuePair<string, string>(h.Key, RewriteText(string.Join(", ", h.Value), _upstream, BaseAddress)))
            .ToList();
        return new ProxiedAnswer((int)response.StatusCode, response.ReasonPhrase ?? "OK", headers, body);
    }

    private static byte[] Rewrite(byte[] body, Uri from, Uri to)
    {
        var text = Encoding.UTF8.GetString(body);
        var origin = from.GetLeftPart(UriPartial.Authority);
        return text.Contains(origin, StringComparison.Ordinal) ? Encoding.UTF8.GetBytes(RewriteText(text, from, to)) : body;
    }

    private static string RewriteText(string text, Uri from, Uri to) =>
        text.Replace(from.GetLeftPart(UriPartial.Authority), to.GetLeftPart(UriPartial.Authority), StringComparison.Ordinal);

    private async Task WriteAsync(NetworkStream stream, ProxiedAnswer answer, bool keepAlive)
    {
        await WriteHeadAsync(stream, answer, answer.Body.Length, keepAlive).ConfigureAwait(false);
        await stream.WriteAsync(answer.Body, _stop.Token).ConfigureAwait(false);
        await stream.FlushAsync(_stop.Token).ConfigureAwait(false);
    }

    private async Task WriteHeadAsync(NetworkStream stream, ProxiedAnswer answer, long contentLength, bool keepAlive)
    {
        var head = new StringBuilder();
        head.Append(CultureInfo.InvariantCulture, $"HTTP/1.1 {answer.Status} {answer.Reason}\r\n");
        foreach (var (name, value) in answer.Headers)
        {
            head.Append(CultureInfo.InvariantCulture, $"{name}: {value}\r\n");
        }

        head.Append(CultureInfo.InvariantCulture, $"Content-Length: {contentLength}\r\n");
        head.Append(keepAlive ? "Connection: keep-alive\r\n\r\n" : "Connection: close\r\n\r\n");
        await stream.WriteAsync(Encoding.Latin1.GetBytes(head.ToString()), _stop.Token).ConfigureAwait(false);
    }

    private async Task<ProxiedRequest?> ReadRequestAsync(Reader reader, bool onReused)
    {
        var head = await reader.ReadHeadAsync(MaxHeadBytes, _stop.Token).ConfigureAwait(false);
        if (head is null)
        {
            return null;
        }

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

        byte[] body;
        if (headers.TryGetValue("Content-Length", out var length) && long.TryParse(length, CultureInfo.InvariantCulture, out var bytes) && bytes is >= 0 and <= MaxBodyBytes)
        {
            body = await reader.ReadExactlyAsync((int)bytes, _stop.Token).ConfigureAwait(false);
        }
        else if (headers.TryGetValue("Transfer-Encoding", out var encoding) && encoding.Contains("chunked", StringComparison.OrdinalIgnoreCase))
        {
            body = await reader.ReadChunkedAsync(MaxBodyBytes, _stop.Token).ConfigureAwait(false);
        }
        else
        {
            body = [];
        }

        return new ProxiedRequest(Interlocked.Increment(ref _sequence), requestLine[0], requestLine.Length > 1 ? requestLine[1] : "/", headers, body, onReused);
    }

    /// <summary>Reads an HTTP/1.1 request off a stream with its own buffer, so bytes read past a head are not lost.</summary>
    private sealed class Reader(NetworkStream stream)
    {
        private readonly byte[] _buffer = new byte[64 * 1024];
        private int _start;
        private int _end;

        public NetworkStream Stream => stream;

        public async Task<string?> ReadHeadAsync(int limit, CancellationToken cancellationToken)
        {
            var head = new MemoryStream();
            while (head.Length < limit)
            {
                if (_start == _end && !await FillAsync(cancellationToken).ConfigureAwait(false))
                {
                    return null;
                }

                head.WriteByte(_buffer[_start++]);
                var length = head.Length;
                if (length >= 4)
                {
                    var raw = head.GetBuffer();
                    if (raw[length - 4] == '\r' && raw[length - 3] == '\n' && raw[length - 2] == '\r' && raw[length - 1] == '\n')
                    {
                        return Encoding.Latin1.GetString(raw, 0, (int)length - 4);
                    }
                }
            }

            return null;
        }

        public async Task<byte[]> ReadExactlyAsync(int count, CancellationToken cancellationToken)
        {
            var result = new byte[count];
            var filled = 0;
            while (filled < count)
            {
                if (_start == _end && !await FillAsync(cancellationToken).ConfigureAwait(false))
                {
                    throw new IOException("The client closed the connection in the middle of a request body.");
                }

                var take = Math.Min(count - filled, _end - _start);
                Array.Copy(_buffer, _start, result, filled, take);
                _start += take;
                filled += take;
            }

            return result;
        }

        public async Task<byte[]> ReadChunkedAsync(int limit, CancellationToken cancellationToken)
        {
            var body = new MemoryStream();
            for (var chunks = 0; chunks < 100_000; chunks++)
            {
                var sizeLine = await ReadLineAsync(cancellationToken).ConfigureAwait(false);
                var size = int.Parse(sizeLine.Split(';')[0].Trim(), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
                if (size == 0)
                {
                    await ReadLineAsync(cancellationToken).ConfigureAwait(false);
                    return body.ToArray();
                }

                if (body.Length + size > limit)
                {
                    throw new IOException("The request body is larger than the proxy reads.");
                }

                body.Write(await ReadExactlyAsync(size, cancellationToken).ConfigureAwait(false));
                await ReadLineAsync(cancellationToken).ConfigureAwait(false);
            }

            throw new IOException("Too many chunks.");
        }

        private async Task<string> ReadLineAsync(CancellationToken cancellationToken)
        {
            var line = new StringBuilder();
            while (line.Length < 4096)
            {
                var c = (await ReadExactlyAsync(1, cancellationToken).ConfigureAwait(false))[0];
                if (c == '\n')
                {
                    return line.ToString().TrimEnd('\r');
                }

                line.Append((char)c);
            }

            throw new IOException("A chunk line is too long.");
        }

        private async Task<bool> FillAsync(CancellationToken cancellationToken)
        {
            _start = 0;
            _end = await stream.ReadAsync(_buffer, cancellationToken).ConfigureAwait(false);
            return _end > 0;
        }
    }
}
