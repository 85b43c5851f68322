using System.Buffers;
using System.Net;

namespace ImagingClient.Http;

/// <summary>A downloaded image and its media type.</summary>
internal sealed record DownloadedImage(ReadOnlyMemory<byte> Data, string MediaType);

/// <summary>
/// Downloads result images. Uses its own HTTP client, which never carries an API key, so a result URL on any host is
/// safe to fetch. Every download has a deadline and a size cap; messages never quote a URL's query (signed URLs carry
/// their signature there). Redirects are followed here, a few at most, to http(s) only, within
/// <see cref="ImagingClientOptions.AllowedDownloadHosts"/> and, with
/// <see cref="ImagingClientOptions.BlockPrivateNetworkDownloads"/>, never to a private address; every failure is an
/// <see cref="ImagingApiException"/>.
/// </summary>
/// <param name="createClient">The downloads client.</param>
/// <param name="timeProvider">The clock for deadlines and expiry.</param>
/// <param name="options">The download settings.</param>
/// <param name="guard">
/// The private-network check (the one the client's primary handler also uses, with dependency injection); one built
/// from <paramref name="options"/> alone when <see langword="null"/>.
/// </param>
internal sealed partial class ImageDownloader(Func<HttpClient> createClient, TimeProvider timeProvider, ImagingClientOptions options, PrivateNetworkGuard? guard = null)
{
    private readonly PrivateNetworkGuard _guard = guard ?? new PrivateNetworkGuard(options);

    /// <summary>The name of the <see cref="IHttpClientFactory"/> client used for downloads.</summary>
    public const string HttpClientName = ImagingHttpClientNames.Downloads;

    /// <summary>The chunk a streamed download is copied in.</summary>
    internal const int CopyBufferBytes = 81920;

    /// <summary>How many of an image's first bytes are kept to tell its media type.</summary>
    private const int SniffBytes = 64;

    /// <summary>How many redirects a download follows.</summary>
    internal const int MaxRedirects = 5;

    /// <summary>The client shared by standalone downloaders with the default settings: the checks of the registered client, no retry.</summary>
    private static readonly Lazy<HttpClient> SharedClient = new(() => new HttpClient(new PrivateNetworkGuard(new ImagingClientOptions()).CreateHandler())
    {
        Timeout = Timeout.InfiniteTimeSpan,
    });

    /// <summary>
    /// A downloader for code built without dependency injection (a webhook verifier made with <c>new</c>): over the
    /// caller's client, or one client shared by all such downloaders with the default settings (its own when
    /// <paramref name="options"/> are given), whose primary handler checks addresses as the registered one does.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="options"/> are not usable.</exception>
    public static ImageDownloader Standalone(HttpClient? client, TimeProvider timeProvider, ImagingClientOptions? options = null)
    {
        if (options?.Validate() is { Count: > 0 } problems)
        {
            throw new ArgumentException(string.Join(" ", problems), "downloadOptions");
        }

        if (client is not null)
        {
            return new(() => client, timeProvider, options ?? new ImagingClientOptions());
        }

        if (options is null)
        {
            return new(static () => SharedClient.Value, timeProvider, new ImagingClientOptions());
        }

        var guard = new PrivateNetworkGuard(options);
        var own = new HttpClient(guard.CreateHandler()) { Timeout = Timeout.InfiniteTimeSpan };
        return new(() => own, timeProvider, options, guard);
    }

    private async Task<DownloadedImage> DownloadCoreAsync(Uri url, DateTimeOffset? expiresAt, string provider, CancellationToken cancellationToken)
    {
        using var deadline = new CallDeadline(options.DownloadTimeout, timeProvider, cancellationToken);
        try
        {
            using var response = await SendAsync(url, expiresAt, provider, deadline.Token).ConfigureAwait(false);
            var data = await ReadCappedAsync(response.Content, url, provider, deadline.Token).ConfigureAwait(false);
            var declared = response.Content.Headers.ContentType?.MediaType;
            var mediaType = declared is not null && declared.StartsWith("image/", StringComparison.OrdinalIgnoreCase)
                ? declared
                : ImageInfo.SniffMediaType(data);
            return new DownloadedImage(data, mediaType);
        }
        catch (Exception ex) when (Translate(ex, deadline, url, provider, "did not finish") is { } failure)
        {
            throw failure;
        }
    }

    private async Task<Stream> OpenReadCoreAsync(Uri url, DateTimeOffset? expiresAt, string provider, CancellationToken cancellationToken)
    {
        // The deadline covers the wait for the response; reading the returned stream is under the caller's control.
        using var deadline = new CallDeadline(options.DownloadTimeout, timeProvider, cancellationToken);
        try
        {
            var response = await SendAsync(url, expiresAt, provider, deadline.Token).ConfigureAwait(false);
            return await response.Content.ReadAsStreamAsync(deadline.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (Translate(ex, deadline, url, provider, "did not answer") is { } failure)
        {
            throw failure;
        }
    }

    /// <summary>
    /// Downloads the image straight into <paramref name="destination"/>, a chunk at a time as it arrives, without
    /// holding it in memory: the size cap is enforced while copying and the whole copy is under
    /// <see cref="ImagingClientOptions.DownloadTimeout"/>. Failures of the download are <see cref="ImagingApiException"/>s;
    /// a failure to write to <paramref name="destination"/> is the stream's own exception.
    /// </summary>
    /// <returns>
    /// The image's media type (the one the server declared when it is an image type, else sniffed from its first
    /// bytes) and its length.
    /// </returns>
    private async Task<(string MediaType, long Length)> DownloadToCoreAsync(Uri url, DateTimeOffset? expiresAt, string provider, Stream destination, CancellationToken cancellationToken)
    {
        using var deadline = new CallDeadline(options.DownloadTimeout, timeProvider, cancellationToken);
        var writing = false;
        try
        {
            using var response = await SendAsync(url, expiresAt, provider, deadline.Token).ConfigureAwait(false);
            var stream = await response.Content.ReadAsStreamAsync(deadline.Token).ConfigureAwait(false);
            await using (stream.ConfigureAwait(false))
            {
                var buffer = ArrayPool<byte>.Shared.Rent(CopyBufferBytes);
                try
                {
                    var prefix = new byte[SniffBytes];
                    var sniffed = 0;
                    long total = 0;
                    int read;
                    while ((read = await stream.ReadAsync(buffer.AsMemory(0, CopyBufferBytes), deadline.Token).ConfigureAwait(false)) > 0)
                    {
                        total += read;
                        if (total > options.MaxDownloadBytes)
                        {
                            throw TooLarge(url, provider);
                        }

                        if (sniffed < SniffBytes)
                        {
                            var take = Math.Min(read, SniffBytes - sniffed);
                            buffer.AsSpan(0, take).CopyTo(prefix.AsSpan(sniffed));
                            sniffed += take;
                        }

                        writing = true;
                        await destination.WriteAsync(buffer.AsMemory(0, read), deadline.Token).ConfigureAwait(false);
                        writing = false;
                    }

                    var declared = response.Content.Headers.ContentType?.MediaType;
                    var mediaType = declared is not null && declared.StartsWith("image/", StringComparison.OrdinalIgnoreCase)
                        ? declared
                        : ImageInfo.SniffMediaType(prefix.AsSpan(0, sniffed));
                    return (mediaType, total);
                }
                finally
                {
                    ArrayPool<byte>.Shared.Return(buffer);
                }
            }
        }
        catch (Exception ex) when ((!writing || ex is OperationCanceledException) && Translate(ex, deadline, url, provider, "did not finish") is { } failure)
        {
            // While writing, only the deadline is the download's: the destination's own failures are the caller's.
            throw failure;
        }
    }

    /// <summary>
    /// The <see cref="ImagingApiException"/> a download's failure becomes: the deadline passed (<paramref name="timedOut"/>,
    /// such as "did not finish", says what did not happen in time), a private address refused at connect, or a network
    /// error; <see langword="null"/> for anything else, which is not the download's (the caller's cancellation, say).
    /// </summary>
    private ImagingApiException? Translate(Exception ex, CallDeadline deadline, Uri url, string provider, string timedOut) => ex switch
    {
        OperationCanceledException when deadline.HasExpired =>
            Failure(url, provider, ImagingErrorCode.Timeout, $"{timedOut} within DownloadTimeout ({options.DownloadTimeout})", ex),
        HttpRequestException when PrivateNetworkGuard.FindRefusal(ex) is { } refusal => RefusedAtConnect(url, provider, refusal, ex),
        HttpRequestException or IOException => Failure(url, provider, ImagingErrorCode.NetworkError, ex.Message, ex),
        _ => null,
    };

    /// <summary>A URL's host as a message writes it: ASCII, an IPv6 address in brackets.</summary>
    internal static string HostOf(Uri url) => url.HostNameType == UriHostNameType.IPv6 ? $"[{url.IdnHost}]" : url.IdnHost;

    /// <summary>The URL without its query and fragment, for messages.</summary>
    internal static string Describe(Uri url) => url.IsAbsoluteUri ? url.GetLeftPart(UriPartial.Path) : url.OriginalString;

    /// <summary>
    /// Whether <paramref name="url"/>'s host is one <see cref="ImagingClientOptions.AllowedDownloadHosts"/> allows
    /// (any host when the list is empty).
    /// </summary>
    internal static bool IsAllowed(Uri url, ImagingClientOptions options)
    {
        if (options.AllowedDownloadHosts.Count == 0)
        {
            return true;
        }

        var host = url.IdnHost;
        foreach (var entry in options.AllowedDownloadHosts)
        {
            var wildcard = entry.StartsWith("*.", StringComparison.Ordinal);
            if (NormalizeHost(wildcard ? entry[2..] : entry) is not { } allowed)
            {
                continue;
            }

            if (wildcard
                ? host.Length > allowed.Length + 1 && host.EndsWith("." + allowed, StringComparison.OrdinalIgnoreCase)
                : string.Equals(host, allowed, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>A host as <see cref="Uri.IdnHost"/> writes it (ASCII, lower case), or <see langword="null"/> if it is none.</summary>
    internal static string? NormalizeHost(string host) =>
        Uri.CheckHostName(host) != UriHostNameType.Unknown && Uri.TryCreate($"http://{host}/", UriKind.Absolute, out var parsed)
            ? parsed.IdnHost
            : null;

    /// <summary>
    /// Sends the GET, following up to <see cref="MaxRedirects"/> redirects itself (the client's primary handler does not
    /// follow them): each target must be http or https (never https to http), on an allowed host and, while
    /// private-network downloads are blocked, not at a private address, and is checked before anything is sent to it.
    /// The downloads client carries no key, so no redirect can take one anywhere.
    /// </summary>
    private async Task<HttpResponseMessage> SendAsync(Uri url, DateTimeOffset? expiresAt, string provider, CancellationToken cancellationToken)
    {
        if (!url.IsAbsoluteUri || (url.Scheme != Uri.UriSchemeHttps && url.Scheme != Uri.UriSchemeHttp))
        {
            throw Refused(provider, $"The {provider} result URL '{Describe(url)}' is not an http or https URL, so it was not downloaded.");
        }

        if (!HasUsableHost(url))
        {
            throw Refused(provider, $"The {provider} result URL '{Describe(url)}' has a host name that is not a valid internationalized name, so it was not downloaded.");
        }

        var target = url;
        for (var redirects = 0; redirects <= MaxRedirects; redirects++)
        {
            if (!IsAllowed(target, options))
            {
                throw Refused(provider, redirects == 0
                    ? $"The {provider} result URL '{Describe(url)}' is on {target.IdnHost}, which is not in AllowedDownloadHosts, so it was not downloaded."
                    : $"The {provider} result image at {Describe(url)} was redirected to {target.IdnHost}, which is not in AllowedDownloadHosts, so it was not downloaded.");
            }

            if (_guard.RefusalOf(target) is { } kind)
            {
                throw Refused(provider, redirects == 0
                    ? $"The {provider} result URL '{Describe(url)}' is on {HostOf(target)}, a {kind} address, so it was not downloaded: {PrivateNetworkAdvice}"
                    : $"The {provider} result image at {Describe(url)} was redirected to {HostOf(target)}, a {kind} address, so it was not downloaded: {PrivateNetworkAdvice}");
            }

            var response = await SendOnceAsync(target, cancellationToken).ConfigureAwait(false);
            if (response.RequestMessage?.RequestUri is { } answeredBy && answeredBy != target
                && (!IsAllowed(answeredBy, options) || _guard.RefusalOf(answeredBy) is not null))
            {
                // A replaced primary handler (or a caller's client) followed a redirect by itself.
                response.Dispose();
                throw Refused(provider, !IsAllowed(answeredBy, options)
                    ? $"The {provider} result image at {Describe(url)} was answered from {answeredBy.IdnHost}, which is not in AllowedDownloadHosts; set AllowAutoRedirect = false on a primary handler you replace."
                    : $"The {provider} result image at {Describe(url)} was answered from {HostOf(answeredBy)}, a {_guard.RefusalOf(answeredBy)} address, so it was not used: {PrivateNetworkAdvice} Set AllowAutoRedirect = false on a primary handler you replace, so that redirects are checked before they are followed.");
            }

            if (IsRedirect(response.StatusCode))
            {
                Uri? next;
                using (response)
                {
                    next = RedirectTarget(response, target);
                }

                if (next is null || !HasUsableHost(next))
                {
                    throw Refused(provider, $"The {provider} result image at {Describe(url)} was redirected without a usable Location, so it was not downloaded.");
                }

                if (next.Scheme != Uri.UriSchemeHttps && next.Scheme != Uri.UriSchemeHttp)
                {
                    throw Refused(provider, $"The {provider} result image at {Describe(url)} was redirected to '{Describe(next)}', which is not an http or https URL, so it was not downloaded.");
                }

                if (target.Scheme == Uri.UriSchemeHttps && next.Scheme == Uri.UriSchemeHttp)
                {
                    throw Refused(provider, $"The {provider} result image at {Describe(url)} was redirected from https to plain http ({Describe(next)}), so it was not downloaded.");
                }

                target = next;
                continue;
            }

            return CheckAnswer(response, url, expiresAt, provider);
        }

        throw Refused(provider, $"The {provider} result image at {Describe(url)} was redirected more than {MaxRedirects} times, so it was not downloaded.");
    }

    private async Task<HttpResponseMessage> SendOnceAsync(Uri target, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, target);
        return await createClient().SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
    }

    private HttpResponseMessage CheckAnswer(HttpResponseMessage response, Uri url, DateTimeOffset? expiresAt, string provider)
    {
        if (response.IsSuccessStatusCode)
        {
            if (response.Content.Headers.ContentLength > options.MaxDownloadBytes)
            {
                response.Dispose();
                throw TooLarge(url, provider);
            }

            return response;
        }

        using (response)
        {
            var status = (int)response.StatusCode;
            var expired = expiresAt is { } expiry && timeProvider.GetUtcNow() >= expiry;
            var code = expired && status is 400 or 401 or 403 or 404 or 410
                ? ImagingErrorCode.ResultExpired
                : HttpErrorCodes.FromStatus(status);
            var why = code == ImagingErrorCode.ResultExpired
                ? $"the URL expired at {expiresAt:O}; download results as soon as they arrive"
                : $"the server answered {status} {response.ReasonPhrase}";
            throw new ImagingApiException($"The {provider} result image at {Describe(url)} could not be downloaded: {why}.")
            {
                Provider = provider,
                ErrorCode = code,
                StatusCode = (HttpStatusCode)status,
            };
        }
    }

    /// <summary>
    /// Whether the URL's host can be written in ASCII: <see cref="Uri.IdnHost"/> throws for a name that is not a valid
    /// internationalized one (an unpaired surrogate, say), which the host checks and the connection would hit.
    /// </summary>
    private static bool HasUsableHost(Uri url)
    {
        try
        {
            return url.IdnHost.Length > 0;
        }
        catch (UriFormatException)
        {
            return false;
        }
    }

    private static bool IsRedirect(HttpStatusCode status) =>
        status is HttpStatusCode.MovedPermanently or HttpStatusCode.Found or HttpStatusCode.SeeOther
            or HttpStatusCode.TemporaryRedirect or HttpStatusCode.PermanentRedirect;

    /// <summary>The redirect's target, resolved against the URL that answered; <see langword="null"/> when there is none or it is not a URL.</summary>
    private static Uri? RedirectTarget(HttpResponseMessage response, Uri answeredFor)
    {
        if (response.Headers.Location is not { } location)
        {
            return null;
        }

        return location.IsAbsoluteUri ? location : Uri.TryCreate(answeredFor, location, out var resolved) ? resolved : null;
    }

    /// <summary>What to do about a private-network refusal, for its message.</summary>
    private const string PrivateNetworkAdvice =
        "downloads from this machine and private networks are blocked (BlockPrivateNetworkDownloads); list the host in AllowedDownloadHosts if it is yours.";

    private static ImagingApiException RefusedAtConnect(Uri url, string provider, PrivateAddressRefusedException refusal, Exception inner) =>
        new($"The {provider} result image at {Describe(url)} was not downloaded: {refusal.Host} resolves to {refusal.Address?.ToString() ?? "no address"}, a {refusal.Kind} address, and {PrivateNetworkAdvice}", inner)
        {
            Provider = provider,
            ErrorCode = ImagingErrorCode.InvalidResponse,
        };

    private static ImagingApiException Refused(string provider, string message) =>
        new(message)
        {
            Provider = provider,
            ErrorCode = ImagingErrorCode.InvalidResponse,
        };

    /// <summary>
    /// Reads the whole image: straight into one array of the declared Content-Length when there is one (no copy), else
    /// through a pooled buffer that grows by doubling, copied once into an exactly sized array; never more than the cap.
    /// </summary>
    private async Task<byte[]> ReadCappedAsync(HttpContent content, Uri url, string provider, CancellationToken cancellationToken)
    {
        var stream = await content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            if (content.Headers.ContentLength is { } declared and <= int.MaxValue)
            {
                // CheckAnswer refused a declared length over the cap; HttpClient ends the body at the declared length.
                var exact = GC.AllocateUninitializedArray<byte>((int)declared);
                await stream.ReadExactlyAsync(exact, cancellationToken).ConfigureAwait(false);
                return exact;
            }

            var buffer = ArrayPool<byte>.Shared.Rent(64 * 1024);
            var total = 0;
            try
            {
                int read;
                while ((read = await stream.ReadAsync(buffer.AsMemory(total), cancellationToken).ConfigureAwait(false)) > 0)
                {
                    total += read;
                    if (total > options.MaxDownloadBytes)
                    {
                        throw TooLarge(url, provider);
                    }

                    if (total == buffer.Length)
                    {
                        var larger = ArrayPool<byte>.Shared.Rent((int)Math.Min(Math.Min((long)buffer.Length * 2, options.MaxDownloadBytes + 1), Array.MaxLength));
                        buffer.AsSpan(0, total).CopyTo(larger);
                        ArrayPool<byte>.Shared.Return(buffer);
                        buffer = larger;
                    }
                }

                return buffer.AsSpan(0, total).ToArray();
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }
    }

    private ImagingApiException TooLarge(Uri url, string provider) =>
        new($"The {provider} result image at {Describe(url)} is larger than MaxDownloadBytes ({options.MaxDownloadBytes} bytes), so it was not downloaded.")
        {
            Provider = provider,
            ErrorCode = ImagingErrorCode.InvalidResponse,
        };

    private static ImagingApiException Failure(Uri url, string provider, ImagingErrorCode code, string why, Exception inner) =>
        new($"The {provider} result image at {Describe(url)} could not be downloaded: {why}", inner)
        {
            Provider = provider,
            ErrorCode = code,
        };
}
