namespace ImagingClient;

/// <summary>
/// The names of the <see cref="System.Net.Http.IHttpClientFactory"/> clients this library uses, for configuring them
/// with <c>services.AddHttpClient(name)</c> (a proxy, a handler, a primary handler for tests).
/// </summary>
public static class ImagingHttpClientNames
{
    /// <summary>The client for Concurred's API (carries the Concurred key to Concurred's host only).</summary>
    public const string Concurred = "ImagingClient.Concurred";

    /// <summary>The client for Kie.ai's API (carries the Kie key to Kie's host only).</summary>
    public const string Kie = "ImagingClient.Kie";

    /// <summary>The client that downloads result images. It never carries an API key.</summary>
    public const string Downloads = "ImagingClient.Downloads";
}
