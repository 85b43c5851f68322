using System.Globalization;

namespace ImagingClient;

/// <summary>
/// An aspect ratio written as <c>"width:height"</c> (for example <c>"16:9"</c>). Common values are provided as
/// properties; any other well-formed ratio can be created for providers that take it.
/// </summary>
public readonly struct ImageAspectRatio : IEquatable<ImageAspectRatio>
{
    private readonly string? _value;

    /// <summary>Creates an aspect ratio from its <c>"width:height"</c> form.</summary>
    /// <param name="value">Two positive whole numbers separated by a colon, such as <c>"4:3"</c>.</param>
    /// <exception cref="ArgumentException"><paramref name="value"/> is not of the form <c>"width:height"</c>.</exception>
    public ImageAspectRatio(string value)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(value);
        if (!TryParseParts(value, out var width, out var height))
        {
            throw new ArgumentException(
                $"'{value}' is not an aspect ratio: write it as two positive whole numbers separated by a colon, such as \"16:9\".",
                nameof(value));
        }

        _value = value;
        WidthPart = width;
        HeightPart = height;
    }

    /// <summary>1:1.</summary>
    public static ImageAspectRatio Square { get; } = new("1:1");

    /// <summary>3:4 (portrait).</summary>
    public static ImageAspectRatio Portrait3x4 { get; } = new("3:4");

    /// <summary>4:3 (landscape).</summary>
    public static ImageAspectRatio Landscape4x3 { get; } = new("4:3");

    /// <summary>9:16 (tall portrait).</summary>
    public static ImageAspectRatio Portrait9x16 { get; } = new("9:16");

    /// <summary>16:9 (wide landscape).</summary>
    public static ImageAspectRatio Landscape16x9 { get; } = new("16:9");

    /// <summary>The width term of the ratio.</summary>
    public int WidthPart { get; }

    /// <summary>The height term of the ratio.</summary>
    public int HeightPart { get; }

    /// <summary>Parses <c>"width:height"</c>.</summary>
    /// <param name="value">The text to parse.</param>
    /// <param name="ratio">The ratio, when the text is well formed.</param>
    /// <returns><see langword="true"/> when <paramref name="value"/> is well formed.</returns>
    public static bool TryParse(string? value, out ImageAspectRatio ratio)
    {
        if (value is not null && TryParseParts(value, out _, out _))
        {
            ratio = new ImageAspectRatio(value);
            return true;
        }

        ratio = default;
        return false;
    }

    /// <summary>Converts <c>"width:height"</c> text to an aspect ratio (explicit, because malformed text throws).</summary>
    /// <param name="value">The text.</param>
    /// <exception cref="ArgumentException"><paramref name="value"/> is not of the form <c>"width:height"</c>.</exception>
    public static explicit operator ImageAspectRatio(string value) => new(value);

    /// <summary>Equality by the <c>"width:height"</c> text.</summary>
    public static bool operator ==(ImageAspectRatio left, ImageAspectRatio right) => left.Equals(right);

    /// <summary>Inequality by the <c>"width:height"</c> text.</summary>
    public static bool operator !=(ImageAspectRatio left, ImageAspectRatio right) => !left.Equals(right);

    /// <summary>Creates an aspect ratio from its <c>"width:height"</c> form.</summary>
    /// <param name="value">The text.</param>
    /// <returns>The ratio.</returns>
    public static ImageAspectRatio FromString(string value) => new(value);

    /// <inheritdoc />
    public bool Equals(ImageAspectRatio other) => string.Equals(_value, other._value, StringComparison.Ordinal);

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is ImageAspectRatio other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => _value is null ? 0 : StringComparer.Ordinal.GetHashCode(_value);

    /// <summary>The <c>"width:height"</c> text.</summary>
    /// <returns>The ratio as sent on the wire.</returns>
    public override string ToString() => _value ?? string.Empty;

    private static bool TryParseParts(string value, out int width, out int height)
    {
        width = height = 0;
        var colon = value.IndexOf(':', StringComparison.Ordinal);
        return colon > 0
            && int.TryParse(value.AsSpan(0, colon), NumberStyles.None, CultureInfo.InvariantCulture, out width)
            && int.TryParse(value.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out height)
            && width > 0
            && height > 0;
    }
}

/// <summary>
/// The encoding of a produced image (<c>"png"</c>, <c>"jpeg"</c>, <c>"webp"</c>, …). A string-backed value so that
/// formats a provider adds later can be used without a new SDK release.
/// </summary>
public readonly struct ImageOutputFormat : IEquatable<ImageOutputFormat>
{
    private readonly string? _value;

    /// <summary>Creates a format from its wire name.</summary>
    /// <param name="value">The format's name, such as <c>"png"</c>; compared case-insensitively.</param>
    public ImageOutputFormat(string value)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(value);
        _value = value.ToLowerInvariant();
    }

    /// <summary>PNG.</summary>
    public static ImageOutputFormat Png { get; } = new("png");

    /// <summary>JPEG.</summary>
    public static ImageOutputFormat Jpeg { get; } = new("jpeg");

    /// <summary>WebP.</summary>
    public static ImageOutputFormat Webp { get; } = new("webp");

    /// <summary>Converts a format name to a format (explicit, because a blank name throws).</summary>
    /// <param name="value">The name.</param>
    /// <exception cref="ArgumentException"><paramref name="value"/> is blank.</exception>
    public static explicit operator ImageOutputFormat(string value) => new(value);

    /// <summary>Equality by name.</summary>
    public static bool operator ==(ImageOutputFormat left, ImageOutputFormat right) => left.Equals(right);

    /// <summary>Inequality by name.</summary>
    public static bool operator !=(ImageOutputFormat left, ImageOutputFormat right) => !left.Equals(right);

    /// <summary>Creates a format from its wire name.</summary>
    /// <param name="value">The name.</param>
    /// <returns>The format.</returns>
    public static ImageOutputFormat FromString(string value) => new(value);

    /// <inheritdoc />
    public bool Equals(ImageOutputFormat other) => string.Equals(_value, other._value, StringComparison.Ordinal);

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is ImageOutputFormat other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => _value is null ? 0 : StringComparer.Ordinal.GetHashCode(_value);

    /// <summary>The format's wire name.</summary>
    /// <returns>The name.</returns>
    public override string ToString() => _value ?? string.Empty;
}
