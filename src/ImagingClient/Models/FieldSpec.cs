using System.Collections.Frozen;

namespace ImagingClient.Models;

/// <summary>The unified fields of <see cref="ImageRequest"/> (and <see cref="ImageEditRequest"/>) a model's field can stand for.</summary>
internal enum UnifiedField
{
    /// <summary>The field has no unified counterpart: only a provider option record sets it.</summary>
    None,
    Prompt,
    Image,
    Width,
    Height,
    AspectRatio,
    Count,
    Seed,
    NegativePrompt,
    OutputFormat,
    WebhookUrl,
    IdempotencyKey,
}

/// <summary>The JSON type of a field's value on the wire.</summary>
internal enum FieldType
{
    String,
    Integer,
    Number,
    Boolean,

    /// <summary>An absolute http or https URL, sent as a string exactly as given.</summary>
    Url,

    /// <summary>An input image the provider fetches itself, so it must be given as a URL (<see cref="ImageInput.FromUri(Uri)"/>).</summary>
    ImageUrl,

    /// <summary>A JSON array of strings.</summary>
    StringList,
}

/// <summary>Where a field travels.</summary>
internal enum FieldLocation
{
    Body,
    Header,
}

/// <summary>
/// One field a model takes: its wire name and type, the range or values it accepts, whether it is required, the
/// provider's default, and the unified request field or provider option that sets it.
/// </summary>
/// <param name="WireName">The name on the wire, such as <c>aspect_ratio</c>.</param>
/// <param name="Type">The JSON type of the value.</param>
internal sealed record FieldSpec(string WireName, FieldType Type)
{
    /// <summary>The unified request field that sets it, if any.</summary>
    public UnifiedField Unified { get; init; }

    /// <summary>The property of the provider's option record that sets it (without the record's type name), if any.</summary>
    public string? Option { get; init; }

    /// <summary>The JSON object the field sits in, for providers that nest parameters (<c>{"fluxParams": {...}}</c>).</summary>
    public string? Block { get; init; }

    public FieldLocation Location { get; init; } = FieldLocation.Body;

    /// <summary>The smallest value allowed (integers and numbers).</summary>
    public long? Min { get; init; }

    /// <summary>The largest value allowed (integers and numbers).</summary>
    public long? Max { get; init; }

    /// <summary>The shortest string allowed.</summary>
    public int? MinLength { get; init; }

    /// <summary>The longest string (or list) allowed.</summary>
    public int? MaxLength { get; init; }

    /// <summary>The values allowed (strings), compared exactly.</summary>
    public FrozenSet<string>? Allowed { get; init; }

    /// <summary>Whether the model refuses a request without it.</summary>
    public bool Required { get; init; }

    /// <summary>What the provider uses when the field is not sent, where it documents one (for listings and docs).</summary>
    public object? Default { get; init; }

    /// <summary>A value that is never sent, because the provider assumes it (such as one image where a count is optional).</summary>
    public object? NotSentWhen { get; init; }

    /// <summary>A string-backed value is made like this, for the message when it is left at its default.</summary>
    public string? HowToSet { get; init; }

    /// <summary>Allowed values, for the message.</summary>
    public string AllowedList => Allowed is null ? string.Empty : string.Join(", ", Allowed.Order(StringComparer.Ordinal));

    /// <summary>Creates a set of allowed values.</summary>
    public static FrozenSet<string> Values(params string[] values) => values.ToFrozenSet(StringComparer.Ordinal);
}
