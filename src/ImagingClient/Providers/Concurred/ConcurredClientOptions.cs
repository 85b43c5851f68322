namespace ImagingClient.Providers.Concurred;

/// <summary>Settings for the Concurred provider (<c>https://concurred.ai</c>).</summary>
/// <remarks>
/// Bind them from configuration (<c>"ApiKey"</c>, <c>"BaseAddress"</c>, <c>"Timeout"</c>, <c>"UnsupportedFields"</c>,
/// <c>"Retry:MaxRetries"</c>, …) or set them in code. The key starts with <c>ck_</c>.
/// </remarks>
public sealed class ConcurredClientOptions : ImagingProviderOptions
{
    /// <summary>Concurred's public endpoint.</summary>
    public static Uri DefaultBaseAddress { get; } = new("https://concurred.ai/");

    /// <summary>The name of the <see cref="IHttpClientFactory"/> client for Concurred's API, for <c>services.AddHttpClient(name)</c>.</summary>
    public const string HttpClientName = ImagingHttpClientNames.Prefix + "Concurred";

    /// <summary>Creates settings with the public endpoint and no key.</summary>
    public ConcurredClientOptions()
        : base(DefaultBaseAddress)
    {
    }
}
