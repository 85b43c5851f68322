namespace ImagingClient;

/// <summary>Settings of the <see cref="IImageClient"/> that routes each request to its provider, and of result downloads.</summary>
public sealed class ImagingClientOptions
{
    /// <summary>
    /// The provider used for a request whose model has no <c>"provider:"</c> prefix, or no model at all. When it is not
    /// set and exactly one provider is registered, that provider is used.
    /// </summary>
    public string? DefaultProvider { get; set; }

    /// <summary>The longest one result download may take until its body has been read. Default 5 minutes.</summary>
    public TimeSpan DownloadTimeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>The largest result image this library downloads into memory. Default 256 MiB.</summary>
    public long MaxDownloadBytes { get; set; } = 256L * 1024 * 1024;

    /// <summary>When a failed download is tried again (downloads are reads, so server errors are retried too).</summary>
    public ImagingRetryOptions DownloadRetry { get; set; } = new();

    /// <summary>
    /// The hosts result images may be downloaded from; empty (the default) allows any host. Each entry is a host name or
    /// IP address matched exactly (<c>cdn.example.com</c>), or <c>*.</c> and a domain (<c>*.example.com</c>) to match
    /// every host under that domain but not the domain itself. Case and internationalized names are compared in their
    /// ASCII form; ports and schemes are not part of an entry. The first URL and every redirect target are checked, and
    /// a URL on a host that is not allowed fails with <see cref="ImagingErrorCode.InvalidResponse"/> before anything is
    /// sent to it. Useful in a server app, so that a result URL can only lead to the hosts you expect.
    /// Validated at start. An entry listed exactly (not by <c>*.</c>) is also exempt from
    /// <see cref="BlockPrivateNetworkDownloads"/>.
    /// </summary>
    public IList<string> AllowedDownloadHosts { get; } = new List<string>();

    /// <summary>
    /// Refuse result downloads from this machine and private networks. On by default. A result URL comes from a
    /// provider's answer or from a webhook delivery; if one ever pointed inside your network, a server app would
    /// otherwise fetch from there on its behalf (server-side request forgery: a cloud metadata service at
    /// 169.254.169.254, an admin port on localhost, a database on 10.x) and hand back what it read. Providers serve
    /// results from public CDNs, so the block costs nothing in normal use.
    /// </summary>
    /// <remarks>
    /// <para>
    /// Refused: loopback (127.0.0.0/8, ::1, and <c>localhost</c> names), private (10/8, 172.16/12, 192.168/16), shared
    /// (CGNAT, 100.64/10), link-local (169.254/16, fe80::/10), unique-local (fc00::/7), multicast, unspecified
    /// (0.0.0.0, ::) and reserved addresses; IPv4 inside IPv6 (<c>::ffff:127.0.0.1</c>, NAT64, 6to4) counts as the IPv4
    /// address. A URL whose host is such an address is refused before anything is sent, and so is a redirect to one;
    /// a host name is resolved when the downloads client connects, and only public addresses are dialled, so a name
    /// that resolves inside (or is re-pointed there after a first look, DNS rebinding) is refused too. Every refusal is
    /// an <see cref="ImagingApiException"/> with <see cref="ImagingErrorCode.InvalidResponse"/> that names the host.
    /// </para>
    /// <para>
    /// Exempt: a host listed exactly in <see cref="AllowedDownloadHosts"/> (an IP address or a name, not a <c>*.</c>
    /// wildcard), and each registered provider's own origin, the host and port of its <c>BaseAddress</c>, which you
    /// already trust with the API key; a loopback <c>BaseAddress</c> (the emulator's) exempts its port on every
    /// loopback name. So the emulator, whose images come from its own endpoint, works with the block on.
    /// </para>
    /// <para>
    /// The resolved-address check runs in the downloads client's own primary handler. If you replace that handler
    /// (<c>ConfigurePrimaryHttpMessageHandler</c> on <see cref="ImagingHttpClientNames.Downloads"/>), or send downloads
    /// through a proxy (which resolves names itself), only the URL's literal host is checked. Turn this off only where
    /// results really come from inside your network and you cannot list the hosts.
    /// </para>
    /// </remarks>
    public bool BlockPrivateNetworkDownloads { get; set; } = true;

    /// <summary>
    /// What traces and logs may record beyond their defaults, such as prompts (off by default). The library's spans
    /// come from the <c>ImagingClient</c> activity source and its metrics from the <c>ImagingClient</c> meter; see
    /// docs/telemetry.md.
    /// </summary>
    public ImagingTelemetryOptions Telemetry { get; set; } = new();

    internal List<string> Validate()
    {
        var problems = new List<string>();
        if (DefaultProvider is not null && string.IsNullOrWhiteSpace(DefaultProvider))
        {
            problems.Add("DefaultProvider must not be blank; leave it null to use the only registered provider.");
        }

        if (DownloadTimeout <= TimeSpan.Zero && DownloadTimeout != Timeout.InfiniteTimeSpan)
        {
            problems.Add($"DownloadTimeout must be positive (or Timeout.InfiniteTimeSpan); it is {DownloadTimeout}.");
        }

        if (MaxDownloadBytes <= 0)
        {
            problems.Add($"MaxDownloadBytes must be positive; it is {MaxDownloadBytes}.");
        }

        foreach (var entry in AllowedDownloadHosts ?? [])
        {
            var host = entry is not null && entry.StartsWith("*.", StringComparison.Ordinal) ? entry[2..] : entry;
            if (string.IsNullOrWhiteSpace(host) || Http.ImageDownloader.NormalizeHost(host) is null)
            {
                problems.Add($"AllowedDownloadHosts entry '{entry}' is not a host name, an IP address, or '*.' and a domain (such as cdn.example.com or *.example.com); leave out the scheme, port and path.");
            }
        }

        problems.AddRange((DownloadRetry ?? new ImagingRetryOptions()).Validate("Downloads"));
        return problems;
    }
}
