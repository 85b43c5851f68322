namespace ImagingClient.Providers.Kie;

/// <summary>
/// Kie.ai account endpoints beside image generation. Resolve it from dependency injection, or get it from any client
/// that has Kie with <c>client.GetKieApi()</c>.
/// </summary>
public interface IKieApi
{
    /// <summary>
    /// Asks Kie for a temporary direct-download link to a file it generated (<c>POST /api/v1/common/download-url</c>);
    /// the link works for 20 minutes. Only Kie-generated URLs are accepted.
    /// </summary>
    /// <param name="kieFileUrl">A URL Kie returned, such as a result image URL.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The link and when it expires.</returns>
    /// <exception cref="ImagingApiException">Kie refused (for example 422 for a URL it did not generate).</exception>
    Task<KieDownloadLink> GetDownloadUrlAsync(Uri kieFileUrl, CancellationToken cancellationToken = default);

    /// <summary>The account's remaining credits (<c>GET /api/v1/chat/credit</c>).</summary>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The credits.</returns>
    /// <exception cref="ImagingApiException">Kie refused the request.</exception>
    Task<decimal> GetCreditsAsync(CancellationToken cancellationToken = default);
}

/// <summary>A temporary download link from Kie.</summary>
/// <param name="Url">The link.</param>
/// <param name="ExpiresAt">When it stops working (20 minutes after it was issued).</param>
public sealed record KieDownloadLink(Uri Url, DateTimeOffset ExpiresAt);
