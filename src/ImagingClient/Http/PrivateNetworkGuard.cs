using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace ImagingClient.Http;

/// <summary>
/// Keeps result downloads off private networks when <see cref="ImagingClientOptions.BlockPrivateNetworkDownloads"/> is
/// on: a URL whose host is an address on this machine or a private network (loopback, RFC 1918, link-local — where
/// cloud metadata services answer —, unique-local, CGNAT, multicast, unspecified, reserved, in IPv4, IPv6 or IPv4
/// embedded in IPv6), or a <c>localhost</c> name, is refused before anything is sent; and, on the downloads client's
/// own primary handler, a host name is resolved at connect time and only addresses outside those ranges are dialled,
/// so neither a name that points inside nor DNS rebinding gets a download in.
/// </summary>
/// <remarks>
/// Exempt: a host listed exactly (not by a <c>*.</c> wildcard) in <see cref="ImagingClientOptions.AllowedDownloadHosts"/>,
/// and each registered provider's own origin (the host and port of its <c>BaseAddress</c>, which is already trusted
/// with the API key; a loopback <c>BaseAddress</c>, such as the emulator's, exempts its port on every loopback name).
/// Through a proxy the proxy resolves names, so only the URL's literal host is checked.
/// </remarks>
internal sealed class PrivateNetworkGuard
{
    private readonly Lazy<Exemptions> _exemptions;
    private readonly Func<string, CancellationToken, Task<IPAddress[]>> _resolve;

    /// <summary>Creates a guard.</summary>
    /// <param name="options">Whether blocking is on, and the hosts listed in <see cref="ImagingClientOptions.AllowedDownloadHosts"/>.</param>
    /// <param name="providerOrigins">The registered providers' endpoints, read once on first use.</param>
    /// <param name="resolve">Resolves a host name; <see cref="Dns.GetHostAddressesAsync(string, CancellationToken)"/> when <see langword="null"/>.</param>
    public PrivateNetworkGuard(
        ImagingClientOptions options,
        Func<IEnumerable<Uri>>? providerOrigins = null,
        Func<string, CancellationToken, Task<IPAddress[]>>? resolve = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        Enabled = options.BlockPrivateNetworkDownloads;
        var listed = (options.AllowedDownloadHosts ?? []).Where(e => e is not null && !e.StartsWith("*.", StringComparison.Ordinal)).ToList();
        _exemptions = new Lazy<Exemptions>(() => Exemptions.Create(listed, providerOrigins?.Invoke() ?? []), LazyThreadSafetyMode.ExecutionAndPublication);
        _resolve = resolve ?? Dns.GetHostAddressesAsync;
    }

    /// <summary>Whether private-network downloads are refused.</summary>
    public bool Enabled { get; }

    /// <summary>
    /// Why <paramref name="url"/> may not be fetched, judged from its literal host (an IP address, or a
    /// <c>localhost</c> name); <see langword="null"/> when it may be (a DNS name is judged at connect time).
    /// </summary>
    /// <returns>The kind of address, for the message ("loopback", "link-local"), or <see langword="null"/>.</returns>
    public string? RefusalOf(Uri url)
    {
        if (!Enabled || !url.IsAbsoluteUri || IsExempt(url.IdnHost, url.Port))
        {
            return null;
        }

        if (url.HostNameType is UriHostNameType.IPv4 or UriHostNameType.IPv6
            && IPAddress.TryParse(url.DnsSafeHost, out var address))
        {
            return Classify(address);
        }

        // An address written as a name with a trailing dot ("127.0.0.1.") resolves to itself.
        if (url.HostNameType == UriHostNameType.Dns && url.IdnHost.EndsWith('.')
            && IPAddress.TryParse(url.IdnHost.TrimEnd('.'), out var dotted))
        {
            return Classify(dotted);
        }

        return IsLocalhostName(url.IdnHost) ? "loopback" : null;
    }

    /// <summary>
    /// The primary handler of the downloads client: redirects left to the downloader, addresses checked at connect time.
    /// (Downloads ask for HTTP/1.1 and allow HTTP/2 at most, both over the TCP connections this callback makes.)
    /// </summary>
    public SocketsHttpHandler CreateHandler() => new()
    {
        // The downloader follows redirects itself, checking each target (scheme, allowed hosts, address) first.
        AllowAutoRedirect = false,
        AutomaticDecompression = DecompressionMethods.All,
        PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        ConnectCallback = ConnectAsync,
    };

    /// <summary>The refusal inside a failed send, when the connect-time check refused the address.</summary>
    public static PrivateAddressRefusedException? FindRefusal(Exception exception)
    {
        for (var inner = exception; inner is not null; inner = inner.InnerException)
        {
            if (inner is PrivateAddressRefusedException refusal)
            {
                return refusal;
            }
        }

        return null;
    }

    /// <summary>
    /// What kind of non-public address <paramref name="address"/> is ("loopback", "private", "link-local", …), or
    /// <see langword="null"/> for a public one. IPv4 inside IPv6 (mapped, NAT64, 6to4, compatible) is judged as IPv4.
    /// </summary>
    public static string? Classify(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (address.AddressFamily == AddressFamily.InterNetworkV6)
        {
            return ClassifyV6(address);
        }

        if (address.AddressFamily != AddressFamily.InterNetwork)
        {
            return "non-IP";
        }

        Span<byte> b = stackalloc byte[4];
        address.TryWriteBytes(b, out _);
        return ClassifyV4(b);
    }

    /// <summary>Whether <paramref name="host"/> is <c>localhost</c> or a name under it (RFC 6761: always this machine).</summary>
    internal static bool IsLocalhostName(string host)
    {
        var name = host.TrimEnd('.');
        return name.Equals("localhost", StringComparison.OrdinalIgnoreCase)
            || name.EndsWith(".localhost", StringComparison.OrdinalIgnoreCase);
    }

    private static string? ClassifyV4(ReadOnlySpan<byte> b) => b[0] switch
    {
        0 => "unspecified",                                     // 0.0.0.0/8, "this network"
        10 => "private",                                        // 10.0.0.0/8
        100 when (b[1] & 0xC0) == 64 => "shared (CGNAT)",       // 100.64.0.0/10
        127 => "loopback",                                      // 127.0.0.0/8
        169 when b[1] == 254 => "link-local",                   // 169.254.0.0/16, cloud metadata
        172 when (b[1] & 0xF0) == 16 => "private",              // 172.16.0.0/12
        192 when b[1] == 0 && b[2] == 0 => "reserved",          // 192.0.0.0/24, IETF protocol assignments
        192 when b[1] == 168 => "private",                      // 192.168.0.0/16
        198 when (b[1] & 0xFE) == 18 => "reserved",             // 198.18.0.0/15, benchmarking
        >= 224 and <= 239 => "multicast",                       // 224.0.0.0/4
        >= 240 => "reserved",                                   // 240.0.0.0/4 and the broadcast address
        _ => null,
    };

    private static string? ClassifyV6(IPAddress address)
    {
        Span<byte> b = stackalloc byte[16];
        address.TryWriteBytes(b, out _);
        if (address.Equals(IPAddress.IPv6Any))
        {
            return "unspecified";
        }

        if (address.Equals(IPAddress.IPv6Loopback))
        {
            return "loopback";
        }

        if (address.IsIPv4MappedToIPv6)
        {
            return ClassifyV4(b[12..]);                         // ::ffff:0:0/96
        }

        if (b[..12].IndexOfAnyExcept((byte)0) < 0)
        {
            return ClassifyV4(b[12..]);                         // ::/96, IPv4-compatible (deprecated)
        }

        if (b[0] == 0x00 && b[1] == 0x64 && b[2] == 0xFF && b[3] == 0x9B && b[4..12].IndexOfAnyExcept((byte)0) < 0)
        {
            return ClassifyV4(b[12..]);                         // 64:ff9b::/96, NAT64
        }

        if (b[0] == 0x20 && b[1] == 0x02)
        {
            return ClassifyV4(b[2..6]);                         // 2002::/16, 6to4
        }

        return b[0] switch
        {
            0xFF => "multicast",                                // ff00::/8
            0xFE when (b[1] & 0xC0) == 0x80 => "link-local",    // fe80::/10
            0xFE when (b[1] & 0xC0) == 0xC0 => "site-local",    // fec0::/10 (deprecated)
            0xFC or 0xFD => "unique-local",                     // fc00::/7
            _ => null,
        };
    }

    private bool IsExempt(string host, int port) => _exemptions.Value.Covers(host, port);

    /// <summary>
    /// Connects as the default handler would, but to checked addresses only: a name is resolved here, and the
    /// addresses that are not public are dropped (all of them: refused). A connection to a proxy is left alone.
    /// </summary>
    private async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        var endpoint = context.DnsEndPoint;
        var host = endpoint.Host.TrimStart('[').TrimEnd(']');
        IPAddress[] addresses = IPAddress.TryParse(host, out var literal)
            ? [literal]
            : await _resolve(host, cancellationToken).ConfigureAwait(false);

        if (Enabled && IsDirect(context) && !IsExempt(Normalize(host), endpoint.Port))
        {
            var permitted = addresses.Where(a => Classify(a) is null).ToArray();
            if (permitted.Length == 0)
            {
                var refused = addresses.FirstOrDefault();
                throw new PrivateAddressRefusedException(host, refused, refused is null ? "unresolvable" : Classify(refused)!);
            }

            addresses = permitted;
        }

        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(addresses, endpoint.Port, cancellationToken).ConfigureAwait(false);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Whether the connection goes to the request's own host, not to a proxy (which resolves names itself). Only a
    /// connection that is to another host than the request's, for a request the default proxy does proxy, counts as a
    /// proxy's: anything else is checked.
    /// </summary>
    private static bool IsDirect(SocketsHttpConnectionContext context)
    {
        if (context.InitialRequestMessage.RequestUri is not { IsAbsoluteUri: true } uri)
        {
            return true;
        }

        var endpoint = context.DnsEndPoint.Host.TrimStart('[').TrimEnd(']');
        var sameHost = string.Equals(uri.IdnHost.TrimStart('[').TrimEnd(']'), endpoint, StringComparison.OrdinalIgnoreCase)
            || string.Equals(uri.DnsSafeHost.TrimStart('[').TrimEnd(']'), endpoint, StringComparison.OrdinalIgnoreCase);
        if (sameHost && uri.Port == context.DnsEndPoint.Port)
        {
            return true;
        }

        var proxy = HttpClient.DefaultProxy;
        return proxy.IsBypassed(uri) || proxy.GetProxy(uri) is not { } through || through == uri;
    }

    /// <summary>A host as <see cref="Uri.IdnHost"/> writes it, so that connect-time and send-time checks compare alike.</summary>
    private static string Normalize(string host) =>
        Uri.TryCreate($"http://{(host.Contains(':', StringComparison.Ordinal) ? $"[{host}]" : host)}/", UriKind.Absolute, out var parsed) ? parsed.IdnHost : host;

    /// <summary>The hosts and origins a private address is allowed for.</summary>
    private sealed class Exemptions
    {
        private readonly HashSet<string> _hosts = new(StringComparer.OrdinalIgnoreCase);
        private readonly HashSet<(string Host, int Port)> _origins = [];
        private readonly HashSet<int> _loopbackPorts = [];

        public static Exemptions Create(IEnumerable<string> listedHosts, IEnumerable<Uri> providerOrigins)
        {
            var exemptions = new Exemptions();
            foreach (var entry in listedHosts)
            {
                if (ImageDownloader.NormalizeHost(entry) is { } host)
                {
                    exemptions._hosts.Add(host);
                }
            }

            foreach (var origin in providerOrigins)
            {
                if (origin is not { IsAbsoluteUri: true })
                {
                    continue;
                }

                exemptions._origins.Add((origin.IdnHost.ToLowerInvariant(), origin.Port));
                if (origin.IsLoopback)
                {
                    exemptions._loopbackPorts.Add(origin.Port);
                }
            }

            return exemptions;
        }

        public bool Covers(string host, int port) =>
            _hosts.Contains(host)
            || _origins.Contains((host.ToLowerInvariant(), port))
            || (_loopbackPorts.Contains(port) && IsLoopbackHost(host));

        private static bool IsLoopbackHost(string host) =>
            IsLocalhostName(host)
            || (IPAddress.TryParse(host.TrimStart('[').TrimEnd(']'), out var address) && Classify(address) == "loopback");
    }
}

/// <summary>
/// The downloads client's connect-time check refused every address a host resolved to. It reaches the downloader
/// inside an <see cref="HttpRequestException"/>, which turns it into an <see cref="ImagingApiException"/>; it is never
/// retried.
/// </summary>
internal sealed class PrivateAddressRefusedException(string host, IPAddress? address, string kind)
    : Exception(string.Create(CultureInfo.InvariantCulture, $"{host} resolves to {address?.ToString() ?? "no address"}, a {kind} address; downloads from private networks are blocked."))
{
    public string Host { get; } = host;

    public IPAddress? Address { get; } = address;

    public string Kind { get; } = kind;
}
