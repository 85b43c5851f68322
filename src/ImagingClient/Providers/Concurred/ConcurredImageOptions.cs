namespace ImagingClient.Providers.Concurred;

/// <summary>Concurred fields that have no unified counterpart. Set as <see cref="ImageRequest.ProviderOptions"/>.</summary>
/// <example>
/// <code>
/// new ImageGenerationRequest
/// {
///     Prompt = "A watercolor of a Japanese garden",
///     Model = ConcurredModels.Imagen4Ultra,
///     ProviderOptions = new ConcurredImageOptions { ImageSize = ConcurredImageSize.TwoK },
/// };
/// </code>
/// </example>
public sealed record ConcurredImageOptions : ImageProviderOptions
{
    /// <inheritdoc />
    public override string Provider => ConcurredModels.ProviderName;

    /// <summary>Output resolution class (<c>image_size</c>): 1K or 2K. Google Imagen models only.</summary>
    public ConcurredImageSize? ImageSize { get; init; }

    internal override void AddFields(Models.OptionFields fields) =>
        fields.Add(nameof(ImageSize), "image_size", ImageSize?.ToString());
}

/// <summary>Concurred's <c>image_size</c>: <c>"1K"</c> or <c>"2K"</c>.</summary>
public readonly struct ConcurredImageSize : IEquatable<ConcurredImageSize>
{
    private readonly string? _value;

    /// <summary>Creates a size from its wire value.</summary>
    /// <param name="value">The value, such as <c>"2K"</c>.</param>
    public ConcurredImageSize(string value)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(value);
        _value = value;
    }

    /// <summary>About 1024 pixels on the long side.</summary>
    public static ConcurredImageSize OneK { get; } = new("1K");

    /// <summary>About 2048 pixels on the long side.</summary>
    public static ConcurredImageSize TwoK { get; } = new("2K");

    /// <summary>Equality by wire value.</summary>
    public static bool operator ==(ConcurredImageSize left, ConcurredImageSize right) => left.Equals(right);

    /// <summary>Inequality by wire value.</summary>
    public static bool operator !=(ConcurredImageSize left, ConcurredImageSize right) => !left.Equals(right);

    /// <inheritdoc />
    public bool Equals(ConcurredImageSize other) => string.Equals(_value, other._value, StringComparison.Ordinal);

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is ConcurredImageSize other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => _value is null ? 0 : StringComparer.Ordinal.GetHashCode(_value);

    /// <summary>The wire value.</summary>
    /// <returns>The value, such as <c>"1K"</c>.</returns>
    public override string ToString() => _value ?? string.Empty;
}
