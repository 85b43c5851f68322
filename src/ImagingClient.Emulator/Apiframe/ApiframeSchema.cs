namespace ImagingClient.Emulator.Apiframe;

/// <summary>The JSON types a schema's <c>type</c> keyword allows; <see cref="Any"/> when it has none.</summary>
[Flags]
internal enum ApiframeSchemaTypes
{
    /// <summary>No <c>type</c> keyword: any JSON value.</summary>
    Any = 0,

    /// <summary><c>"string"</c>.</summary>
    String = 1,

    /// <summary><c>"number"</c>.</summary>
    Number = 2,

    /// <summary><c>"integer"</c>: a number with no fractional part.</summary>
    Integer = 4,

    /// <summary><c>"boolean"</c>.</summary>
    Boolean = 8,

    /// <summary><c>"object"</c>.</summary>
    Object = 16,

    /// <summary><c>"array"</c>.</summary>
    Array = 32,

    /// <summary><c>"null"</c>.</summary>
    Null = 64,
}

/// <summary>One named entry of a schema's <c>properties</c>, in the document's order.</summary>
/// <param name="Name">The property name.</param>
/// <param name="Schema">The property's schema.</param>
internal sealed record ApiframeProperty(string Name, ApiframeSchema Schema);

/// <summary>
/// One JSON schema from Apiframe's OpenAPI document, reduced to the keywords its request schemas use (see
/// <see cref="ApiframeSchemaValidator"/>). Instances are built by the generated <see cref="ApiframeSchemas"/>.
/// </summary>
internal sealed class ApiframeSchema
{
    private Dictionary<string, ApiframeSchema>? _byName;
    private System.Text.RegularExpressions.Regex? _regex;

    /// <summary>Gets the allowed JSON types (<c>type</c>, a name or a list of names).</summary>
    public ApiframeSchemaTypes Types { get; init; }

    /// <summary>Gets the allowed string values (<c>enum</c> of strings), or null.</summary>
    public IReadOnlyList<string>? StringEnum { get; init; }

    /// <summary>Gets the allowed numeric values (<c>enum</c> of numbers), or null.</summary>
    public IReadOnlyList<double>? NumberEnum { get; init; }

    /// <summary>Gets the alternatives of <c>anyOf</c> (the value must match at least one), or null.</summary>
    public IReadOnlyList<ApiframeSchema>? AnyOf { get; init; }

    /// <summary>Gets the alternatives of <c>oneOf</c>, told apart by <see cref="Discriminator"/>, or null.</summary>
    public IReadOnlyList<ApiframeSchema>? OneOf { get; init; }

    /// <summary>
    /// Gets the property whose single-value <c>enum</c> selects the <see cref="OneOf"/> alternative (<c>model</c> or
    /// <c>action</c>), as the generator found it.
    /// </summary>
    public string? Discriminator { get; init; }

    /// <summary>Gets <c>properties</c>, in the document's order, or null.</summary>
    public IReadOnlyList<ApiframeProperty>? Properties { get; init; }

    /// <summary>Gets <c>required</c>, or null.</summary>
    public IReadOnlyList<string>? Required { get; init; }

    /// <summary>Gets a value indicating whether properties not listed are allowed (false for <c>additionalProperties:false</c>).</summary>
    public bool AdditionalProperties { get; init; } = true;

    /// <summary>Gets <c>minimum</c> (inclusive), or null.</summary>
    public double? Minimum { get; init; }

    /// <summary>Gets <c>maximum</c> (inclusive), or null.</summary>
    public double? Maximum { get; init; }

    /// <summary>Gets <c>minLength</c> (UTF-16 code units, as JavaScript counts), or null.</summary>
    public int? MinLength { get; init; }

    /// <summary>Gets <c>maxLength</c>, or null.</summary>
    public int? MaxLength { get; init; }

    /// <summary>Gets <c>pattern</c> (an ECMAScript regular expression), or null.</summary>
    public string? Pattern { get; init; }

    /// <summary>Gets <c>format</c>: <c>uri</c> or <c>uuid</c>, or null.</summary>
    public string? Format { get; init; }

    /// <summary>Gets <c>items</c>, or null.</summary>
    public ApiframeSchema? Items { get; init; }

    /// <summary>Gets <c>minItems</c>, or null.</summary>
    public int? MinItems { get; init; }

    /// <summary>Gets <c>maxItems</c>, or null.</summary>
    public int? MaxItems { get; init; }

    /// <summary>Gets the schema of the named property, or null when it is not listed.</summary>
    public ApiframeSchema? Property(string name)
    {
        if (Properties is null)
        {
            return null;
        }

        _byName ??= Properties.ToDictionary(property => property.Name, property => property.Schema, StringComparer.Ordinal);
        return _byName.TryGetValue(name, out var schema) ? schema : null;
    }

    /// <summary>Gets the compiled <see cref="Pattern"/> (ECMAScript semantics: <c>\d</c> is <c>[0-9]</c>).</summary>
    public System.Text.RegularExpressions.Regex PatternRegex =>
        _regex ??= new System.Text.RegularExpressions.Regex(
            Pattern ?? throw new InvalidOperationException("The schema has no pattern."),
            System.Text.RegularExpressions.RegexOptions.ECMAScript | System.Text.RegularExpressions.RegexOptions.CultureInvariant,
            TimeSpan.FromSeconds(1));
}
