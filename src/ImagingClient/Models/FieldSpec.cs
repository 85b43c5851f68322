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

    /// <summary><see cref="ImageRequest.Width"/> and <see cref="ImageRequest.Height"/> together, as one <c>"WxH"</c> string.</summary>
    Size,
}

/// <summary>The forms in which a field takes an input image.</summary>
[Flags]
internal enum ImageForms
{
    /// <summary>A URL the provider fetches.</summary>
    Url = 1,

    /// <summary>The image's bytes as bare base64.</summary>
    Base64 = 2,

    /// <summary>The image's bytes as a <c>data:</c> URI.</summary>
    DataUri = 4,
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

    /// <summary>A whole number the value must be a multiple of (integers), such as 32 for a width.</summary>
    public long? MultipleOf { get; init; }

    /// <summary>The most pixels a <c>"WxH"</c> size string may describe.</summary>
    public long? MaxPixels { get; init; }

    /// <summary>
    /// For a list of images that the provider takes as separate numbered fields (<c>input_image</c>,
    /// <c>input_image_2</c>, …): the wire name of each entry, in order. The list holds at most as many entries.
    /// </summary>
    public IReadOnlyList<string>? SpreadNames { get; init; }

    /// <summary>The wire name of a field that may not be sent together with this one.</summary>
    public string? ExclusiveWith { get; init; }

    /// <summary>
    /// The forms in which an image field (<see cref="FieldType.ImageUrl"/>, <see cref="FieldType.ImageUrlList"/>) takes
    /// its image; a URL by default. An image given in another form is sent in one this field takes, or refused.
    /// </summary>
    public ImageForms ImageForms { get; init; } = ImageForms.Url;

    /// <summary>
    /// The media types a local image for this field may have, where the field takes fewer than the catalog's
    /// <see cref="LocalImagePolicy.MediaTypes"/> (a mask that must be a PNG); <see langword="null"/> for the policy's.
    /// </summary>
    public IReadOnlyList<string>? MediaTypes { get; init; }

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
