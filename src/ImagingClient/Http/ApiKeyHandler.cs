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
internal sealed class ApiKeyHandler(Func<ImagingProviderOptions> options, ApiKeyPlacement placement) : DelegatingHandler
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var current = options();
        if (request.RequestUri is { } target && IsSameOrigin(target, current.BaseAddress) && !string.IsNullOrEmpty(current.ApiKey))
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

        return base.SendAsync(request, cancellationToken);
    }

    internal static bool IsSameOrigin(Uri target, Uri baseAddress) =>
        target.IsAbsoluteUri
        && string.Equals(target.Scheme, baseAddress.Scheme, StringComparison.OrdinalIgnoreCase)
        && string.Equals(target.IdnHost, baseAddress.IdnHost, StringComparison.OrdinalIgnoreCase)
        && target.Port == baseAddress.Port;
}
