using System.Net;
using System.Net.Sockets;
using System.Text;

namespace ImagingClient.Benchmarks;

/// <summary>
/// A minimal HTTP/1.1 server on 127.0.0.1 for the socket benchmarks, run as its own process
/// (<c>ImagingClient.Benchmarks serve &lt;megapixels&gt;</c>) so that its memory and CPU are not the client's. It answers
/// every request, on kept-alive connections, with one Concurred answer holding one inline image, and prints its port.
/// Bounded: it stops when its standard input closes (the parent's exit) and serves at most 256 connections at once.
/// </summary>
public static class SocketServer
{
    private const int MaxConnections = 256;
    private const int MaxHeaderBytes = 64 * 1024;

    public static async Task<int> RunAsync(int megapixels)
    {
        var body = Payloads.ConcurredBase64(1, Payloads.ImageSize(megapixels));
        var head = Encoding.ASCII.GetBytes($"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {body.Length}\r\nx-request-id: req_bench\r\n\r\n");
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen(MaxConnections);
        using var stop = new CancellationTokenSource();
        var port = ((IPEndPoint)listener.LocalEndPoint!).Port;
        Console.Out.WriteLine(port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Console.Out.Flush();

        // The parent holds our standard input open; when it exits (or closes it) we stop.
        _ = Task.Run(async () =>
        {
            var buffer = new char[16];
            while (await Console.In.ReadAsync(buffer, stop.Token).ConfigureAwait(false) > 0)
            {
            }

            await stop.CancelAsync().ConfigureAwait(false);
        });

        using var slots = new SemaphoreSlim(MaxConnections);
        try
        {
            while (!stop.IsCancellationRequested)
            {
                await slots.WaitAsync(stop.Token).ConfigureAwait(false);
                var connection = await listener.AcceptAsync(stop.Token).ConfigureAwait(false);
                _ = Task.Run(async () =>
                {
                    try
                    {
                        await ServeAsync(connection, head, body, stop.Token).ConfigureAwait(false);
                    }
                    finally
                    {
                        slots.Release();
                    }
                });
            }
        }
        catch (OperationCanceledException)
        {
        }

        return 0;
    }

    private static async Task ServeAsync(Socket connection, byte[] head, byte[] body, CancellationToken cancellationToken)
    {
        using (connection)
        {
            connection.NoDelay = true;
            var buffer = new byte[MaxHeaderBytes];
            var filled = 0;
            try
            {
                while (!cancellationToken.IsCancellationRequested)
                {
                    // Read one request: headers up to the blank line, then the body its Content-Length declares.
                    int end;
                    while ((end = buffer.AsSpan(0, filled).IndexOf("\r\n\r\n"u8)) < 0)
                    {
                        if (filled == buffer.Length)
                        {
                            return;
                        }

                        var read = await connection.ReceiveAsync(buffer.AsMemory(filled), cancellationToken).ConfigureAwait(false);
                        if (read == 0)
                        {
                            return;
                        }

                        filled += read;
                    }

                    var bodyLength = ContentLength(buffer.AsSpan(0, end));
                    var consumed = end + 4;
                    var pending = consumed + bodyLength;
                    while (filled < pending)
                    {
                        var skip = Math.Min(buffer.Length, pending - filled);
                        var read = await connection.ReceiveAsync(buffer.AsMemory(0, skip), cancellationToken).ConfigureAwait(false);
                        if (read == 0)
                        {
                            return;
                        }

                        pending -= read;
                    }

                    var left = filled - pending;
                    buffer.AsSpan(pending, left).CopyTo(buffer);
                    filled = left;

                    await connection.SendAsync(head, cancellationToken).ConfigureAwait(false);
                    await connection.SendAsync(body, cancellationToken).ConfigureAwait(false);
                }
            }
            catch (Exception ex) when (ex is SocketException or OperationCanceledException)
            {
            }
        }
    }

    private static int ContentLength(ReadOnlySpan<byte> headers)
    {
        var text = Encoding.ASCII.GetString(headers);
        foreach (var line in text.Split("\r\n"))
        {
            if (line.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase))
            {
                return int.Parse(line.AsSpan("Content-Length:".Length).Trim(), System.Globalization.CultureInfo.InvariantCulture);
            }
        }

        return 0;
    }
}
