using System.Net.Http.Headers;

namespace ImagingClient.Http;

/// <summary>How a provider expects its API key.</summary>
internal enum ApiKeyPlacement
{
    /// <summary><c>Authorization: Bearer &lt;key&gt;</c>.</summary>
    Bearer,

    /// <summary><c>X-API-Key: &lt;key&gt;</c>.</summary>
    XApiKeyHeader,
}

/// <summary>
/// Adds the provider's API key to requests for the provider's own endpoint, and to no other: a URL taken from a
/// response (a poll link, a result) that points elsewhere is sent without it.
/// </summary>
internal sealed class ApiKeyHandler(Func<ImagingProviderOptions> options, ApiKeyPlacement placement, string provider) : DelegatingHandler
{
    /// <summary>
    /// Set on a request that must go without the key even to the provider's own endpoint (a poll whose id is the
    /// capability, so that the key is never exposed where it is not needed).
    /// </summary>
    public static readonly HttpRequestOptionsKey<bool> WithoutKey = new("ImagingClient.WithoutApiKey");

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var current = options();
        var target = request.RequestUri;
        var withoutKey = request.Options.TryGetValue(WithoutKey, out var omit) && omit;
        if (target is not null && !withoutKey && IsSameOrigin(target, current.BaseAddress) && !string.IsNullOrEmpty(current.ApiKey))
        {
            if (placement == ApiKeyPlacement.Bearer)
            {
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", current.ApiKey);
            }
            else
            {
                request.Headers.Remove("X-API-Key");
                request.Headers.TryAddWithoutValidation("X-API-Key", current.ApiKey);
            }
        }

        var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);

        // A replaced primary handler may follow redirects. The API never redirects, so an answer from elsewhere is
        // refused rather than read; keep AllowAutoRedirect off so the key is never sent there in the first place.
        if (target is not null && response.RequestMessage?.RequestUri is { } answeredBy && !IsSameOrigin(answeredBy, target))
        {
            response.Dispose();
            throw new ImagingApiException(
                $"The {provider} request to {target.GetLeftPart(UriPartial.Authority)} was redirected to {answeredBy.GetLeftPart(UriPartial.Authority)}; the answer was discarded. "
                + "If you replaced the primary HTTP handler, set AllowAutoRedirect = false on it.")
            {
                Provider = provider,
                ErrorCode = ImagingErrorCode.InvalidResponse,
            };
        }

        return response;
    }

    internal static bool IsSameOrigin(Uri target, Uri baseAddress) =>
        target.IsAbsoluteUri
        && string.Equals(target.Scheme, baseAddress.Scheme, StringComparison.OrdinalIgnoreCase)
        && string.Equals(target.IdnHost, baseAddress.IdnHost, StringComparison.OrdinalIgnoreCase)
        && target.Port == baseAddress.Port;
}
