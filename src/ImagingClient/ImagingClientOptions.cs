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

        problems.AddRange((DownloadRetry ?? new ImagingRetryOptions()).Validate("Downloads"));
        return problems;
    }
}
