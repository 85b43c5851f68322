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
    /// sent to it. Useful in a server app, so that a result URL cannot make it fetch from an internal address.
    /// Validated at start.
    /// </summary>
    public IList<string> AllowedDownloadHosts { get; } = new List<string>();

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
