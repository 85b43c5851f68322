namespace ImagingClient;

/// <summary>
/// The names of the <see cref="System.Net.Http.IHttpClientFactory"/> clients this library uses, for configuring them
/// with <c>services.AddHttpClient(name)</c> (a proxy, a handler, a primary handler for tests). Each provider's own
/// client is named <c>"ImagingClient." + its display name</c>; its options class gives the name as <c>HttpClientName</c>.
/// </summary>
public static class ImagingHttpClientNames
{
    /// <summary>The prefix of every client name this library uses.</summary>
    public const string Prefix = "ImagingClient.";

    /// <summary>The client that downloads result images. It never carries an API key.</summary>
    public const string Downloads = Prefix + "Downloads";
}
