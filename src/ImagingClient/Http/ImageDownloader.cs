using System.Net;

namespace ImagingClient.Http;

/// <summary>A downloaded image and its media type.</summary>
internal sealed record DownloadedImage(ReadOnlyMemory<byte> Data, string MediaType);

/// <summary>
/// Downloads result images. Uses its own HTTP client, which never carries an API key, so a result URL on any host is
/// safe to fetch. Every download has a deadline and a size cap; messages never quote a URL's query (signed URLs carry
/// their signature there).
/// </summary>
internal sealed class ImageDownloader(Func<HttpClient> createClient, TimeProvider timeProvider, ImagingClientOptions options)
{
    /// <summary>The name of the <see cref="IHttpClientFactory"/> client used for downloads.</summary>
    public const string HttpClientName = ImagingHttpClientNames.Downloads;

    public async Task<DownloadedImage> DownloadAsync(Uri url, DateTimeOffset? expiresAt, string provider, CancellationToken cancellationToken)
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
        catch (OperationCanceledException ex) when (deadline.HasExpired)
        {
            throw Failure(url, provider, ImagingErrorCode.Timeout, $"did not finish within DownloadTimeout ({options.DownloadTimeout})", ex);
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException)
        {
            throw Failure(url, provider, ImagingErrorCode.NetworkError, ex.Message, ex);
        }
    }

    public async Task<Stream> OpenReadAsync(Uri url, DateTimeOffset? expiresAt, string provider, CancellationToken cancellationToken)
    {
        // The deadline covers the wait for the response; reading the returned stream is under the caller's control.
        using var deadline = new CallDeadline(options.DownloadTimeout, timeProvider, cancellationToken);
        try
        {
            var response = await SendAsync(url, expiresAt, provider, deadline.Token).ConfigureAwait(false);
            return await response.Content.ReadAsStreamAsync(deadline.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException ex) when (deadline.HasExpired)
        {
            throw Failure(url, provider, ImagingErrorCode.Timeout, $"did not answer within DownloadTimeout ({options.DownloadTimeout})", ex);
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException)
        {
            throw Failure(url, provider, ImagingErrorCode.NetworkError, ex.Message, ex);
        }
    }

    /// <summary>The URL without its query and fragment, for messages.</summary>
    internal static string Describe(Uri url) => url.IsAbsoluteUri ? url.GetLeftPart(UriPartial.Path) : url.OriginalString;

    private async Task<HttpResponseMessage> SendAsync(Uri url, DateTimeOffset? expiresAt, string provider, CancellationToken cancellationToken)
    {
        if (!url.IsAbsoluteUri || (url.Scheme != Uri.UriSchemeHttps && url.Scheme != Uri.UriSchemeHttp))
        {
            throw new ImagingApiException($"The {provider} result URL '{Describe(url)}' is not an http or https URL, so it was not downloaded.")
            {
                Provider = provider,
                ErrorCode = ImagingErrorCode.InvalidResponse,
            };
        }

        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        var response = await createClient().SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
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

    private async Task<byte[]> ReadCappedAsync(HttpContent content, Uri url, string provider, CancellationToken cancellationToken)
    {
        var stream = await content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            var expected = content.Headers.ContentLength;
            using var buffer = new MemoryStream(expected is > 0 and <= int.MaxValue ? (int)expected.Value : 64 * 1024);
            var chunk = new byte[81920];
            int read;
            while ((read = await stream.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
            {
                if (buffer.Length + read > options.MaxDownloadBytes)
                {
                    throw TooLarge(url, provider);
                }

                buffer.Write(chunk, 0, read);
            }

            return buffer.Length == buffer.Capacity ? buffer.GetBuffer() : buffer.ToArray();
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
