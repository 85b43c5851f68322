namespace ImagingClient.Serialization;

/// <summary>
/// One image as a provider sends it: an absolute URL, a URL relative to the provider's endpoint, or decoded bytes with
/// an optional media type. An entry that is none of these carries a <see cref="Problem"/> instead, so that one bad
/// entry never costs the caller the good ones beside it.
/// </summary>
internal sealed class WireImage
{
    /// <summary>An absolute http or https URL.</summary>
    public Uri? Url { get; init; }

    /// <summary>A path on the provider's host (such as <c>/files/a.png</c>), to be resolved by the client.</summary>
    public string? RelativeUrl { get; init; }

    /// <summary>Decoded bytes, when the provider sent base64.</summary>
    public byte[]? Data { get; init; }

    public string? MediaType { get; init; }

    /// <summary>Why this entry holds no usable image, when it does not.</summary>
    public string? Problem { get; init; }

    public static WireImage Unusable(string problem) => new() { Problem = problem };
}

/// <summary>A set of images and, where the provider makes one, the grid that shows them together.</summary>
internal sealed class WireImageSet
{
    public List<WireImage> Images { get; init; } = [];

    public WireImage? Grid { get; init; }
}
