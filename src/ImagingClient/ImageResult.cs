namespace ImagingClient;

/// <summary>The images a provider produced, and what it said about them.</summary>
public sealed class ImageResult
{
    internal ImageResult(
        IReadOnlyList<GeneratedImage> images,
        string provider,
        string model,
        string? requestId,
        string? jobId,
        IReadOnlyList<string> warnings,
        RateLimitInfo? rateLimit,
        ImageProviderDetails? providerDetails = null)
    {
        Images = images;
        Provider = provider;
        Model = model;
        RequestId = requestId;
        JobId = jobId;
        Warnings = warnings;
        RateLimit = rateLimit;
        ProviderDetails = providerDetails;
    }

    /// <summary>The produced images, at least one.</summary>
    public IReadOnlyList<GeneratedImage> Images { get; }

    /// <summary>The provider that produced them, as in model ids.</summary>
    public string Provider { get; }

    /// <summary>The model that produced them, as the provider names it (without the provider prefix).</summary>
    public string Model { get; }

    /// <summary>The provider's request id, when it sent one.</summary>
    public string? RequestId { get; }

    /// <summary>The provider's job or task id, for providers that run work as jobs.</summary>
    public string? JobId { get; }

    /// <summary>
    /// What the library noticed but did not stop for: fields dropped because the model does not take them, a model
    /// id not in the catalog, and the like.
    /// </summary>
    public IReadOnlyList<string> Warnings { get; }

    /// <summary>The rate-limit state the provider reported with the response, when it reports one.</summary>
    public RateLimitInfo? RateLimit { get; }

    /// <summary>
    /// What the provider said that has no provider-neutral place, as a provider-specific record (each provider's
    /// <c>…Details</c> record), or <see langword="null"/>.
    /// </summary>
    public ImageProviderDetails? ProviderDetails { get; }
}

/// <summary>Base of the records that carry one provider's extra result data; see <see cref="ImageResult.ProviderDetails"/>.</summary>
public abstract record ImageProviderDetails
{
    private protected ImageProviderDetails()
    {
    }

    /// <summary>The provider these details come from.</summary>
    public abstract string Provider { get; }
}
