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

    /// <summary><see cref="ImageGenerationRequest.ReferenceImages"/>: images the model takes as references or inputs.</summary>
    ReferenceImages,
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

    /// <summary>A UUID, sent as a string exactly as given.</summary>
    Uuid,

    /// <summary>A JSON array of input images the provider fetches itself, each sent as a URL.</summary>
    ImageUrlList,
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
    public double? Min { get; init; }

    /// <summary>The largest value allowed (integers and numbers).</summary>
    public double? Max { get; init; }

    /// <summary>The shortest string allowed, or the fewest entries of a list.</summary>
    public int? MinLength { get; init; }

    /// <summary>The longest string allowed, or the most entries of a list.</summary>
    public int? MaxLength { get; init; }

    /// <summary>The values allowed (strings, or each entry of a string list), compared exactly.</summary>
    public FrozenSet<string>? Allowed { get; init; }

    /// <summary>The only numbers allowed (integers and numbers), where the provider lists them.</summary>
    public IReadOnlyList<double>? AllowedNumbers { get; init; }

    /// <summary>A regular expression a string must match (anchored as written), such as <c>^\d+:\d+$</c>.</summary>
    public string? Pattern { get; init; }

    /// <summary>
    /// How a unified value is spelled for this field where the provider spells it otherwise (the unified
    /// <see cref="ImageOutputFormat.Jpeg"/> is <c>"jpg"</c> for some models); applied before the value is checked.
    /// </summary>
    public IReadOnlyDictionary<string, string>? UnifiedSpelling { get; init; }

    /// <summary>
    /// The value sent when the request sets none, for a field the provider requires but whose value follows from the
    /// rest (an edit's mode); <see langword="null"/> for none.
    /// </summary>
    public object? Implied { get; init; }

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
