using System.Net;

namespace ImagingClient.Http;

/// <summary>A downloaded image and its media type.</summary>
internal sealed record DownloadedImage(ReadOnlyMemory<byte> Data, string MediaType);

/// <summary>
/// Downloads result images. Uses its own HTTP client, which never carries an API key, so a result URL on any host is
/// safe to fetch.
/// </summary>
internal sealed class ImageDownloader(Func<HttpClient> createClient, TimeProvider timeProvider)
{
    /// <summary>The name of the <see cref="IHttpClientFactory"/> client used for downloads.</summary>
    public const string HttpClientName = ImagingHttpClientNames.Downloads;

    public async Task<DownloadedImage> DownloadAsync(Uri url, DateTimeOffset? expiresAt, string provider, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(url, expiresAt, provider, cancellationToken).ConfigureAwait(false);
        var data = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        var declared = response.Content.Headers.ContentType?.MediaType;
        var mediaType = declared is not null && declared.StartsWith("image/", StringComparison.OrdinalIgnoreCase)
            ? declared
            : ImageInfo.SniffMediaType(data);
        return new DownloadedImage(data, mediaType);
    }

    public async Task<Stream> OpenReadAsync(Uri url, DateTimeOffset? expiresAt, string provider, CancellationToken cancellationToken)
    {
        var response = await SendAsync(url, expiresAt, provider, cancellationToken).ConfigureAwait(false);
        return await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task<HttpResponseMessage> SendAsync(Uri url, DateTimeOffset? expiresAt, string provider, CancellationToken cancellationToken)
    {
        if (!url.IsAbsoluteUri || (url.Scheme != Uri.UriSchemeHttps && url.Scheme != Uri.UriSchemeHttp))
        {
            throw new ImagingApiException($"The {provider} result URL '{url}' is not an http or https URL, so it was not downloaded.")
            {
                Provider = provider,
                ErrorCode = ImagingErrorCode.InvalidResponse,
            };
        }

        HttpResponseMessage response;
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, url);
            response = await createClient().SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException ex)
        {
            throw new ImagingApiException($"The {provider} result image at {url} could not be downloaded: {ex.Message}", ex)
            {
                Provider = provider,
                ErrorCode = ImagingErrorCode.NetworkError,
            };
        }
        catch (TaskCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw new ImagingApiException($"The download of the {provider} result image at {url} timed out.", ex)
            {
                Provider = provider,
                ErrorCode = ImagingErrorCode.Timeout,
            };
        }

        if (response.IsSuccessStatusCode)
        {
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
            throw new ImagingApiException($"The {provider} result image at {url} could not be downloaded: {why}.")
            {
                Provider = provider,
                ErrorCode = code,
                StatusCode = (HttpStatusCode)status,
            };
        }
    }
}
