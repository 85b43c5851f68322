using System.Globalization;
using System.Text.Json;

namespace ImagingClient.Emulator.Apiframe;

/// <summary>
/// Validates a JSON value against an <see cref="ApiframeSchema"/> the way Apiframe's Zod schemas do, collecting
/// every problem keyed by its JSON path (<c>fluxParams.steps</c>, <c>fluxParams.input_images.0</c>; the body itself
/// is the empty path) with Zod's wording. Keywords: <c>type</c> (a name or a list; <c>integer</c> is a number without
/// a fractional part), <c>enum</c> (strings or numbers), <c>anyOf</c>, <c>oneOf</c> with a discriminator,
/// <c>properties</c>, <c>required</c>, <c>additionalProperties:false</c>, <c>minimum</c>/<c>maximum</c>,
/// <c>minLength</c>/<c>maxLength</c>, <c>pattern</c>, <c>format</c> (<c>uri</c>: an absolute URI; <c>uuid</c>),
/// <c>items</c>, <c>minItems</c>/<c>maxItems</c>.
/// </summary>
internal sealed class ApiframeSchemaValidator
{
    private readonly OrderedDictionary<string, List<string>> _details = new(StringComparer.Ordinal);
    private readonly List<(string Path, string Value)> _uris = [];

    private ApiframeSchemaValidator()
    {
    }

    /// <summary>Gets the problems found, by JSON path, in the order found; empty when the value is valid.</summary>
    public IReadOnlyDictionary<string, List<string>> Details => _details;

    /// <summary>Gets every valid <c>format: uri</c> string, with its path, in document order.</summary>
    public IReadOnlyList<(string Path, string Value)> Uris => _uris;

    /// <summary>Validates <paramref name="value"/> against <paramref name="schema"/>.</summary>
    public static ApiframeSchemaValidator Validate(ApiframeSchema schema, JsonElement value)
    {
        var validator = new ApiframeSchemaValidator();
        validator.Check(schema, value, string.Empty);
        return validator;
    }

    /// <summary>Whether <paramref name="text"/> is a UUID in its 8-4-4-4-12 hexadecimal form, as Zod's <c>uuid()</c> accepts.</summary>
    public static bool IsUuid(string text) => text.Length == 36 && Guid.TryParseExact(text, "D", out _);

    /// <summary>
    /// Whether <paramref name="text"/> is an absolute URI with a scheme, written as RFC 3986 requires (JSON Schema's
    /// <c>format: uri</c>): only its characters, every <c>%</c> starting a two-digit escape. Stricter than
    /// <c>new URL(text)</c>, which escapes a space or a non-ASCII character itself: the official schema is the contract.
    /// </summary>
    public static bool IsAbsoluteUri(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '%' ? i + 2 >= text.Length || !char.IsAsciiHexDigit(text[i + 1]) || !char.IsAsciiHexDigit(text[i + 2])
                : !(char.IsAsciiLetterOrDigit(c) || "-._~:/?#[]@!$&'()*+,;=".Contains(c, StringComparison.Ordinal)))
            {
                return false;
            }
        }

        var colon = text.IndexOf(':', StringComparison.Ordinal);
        if (colon < 1 || !char.IsAsciiLetter(text[0]))
        {
            return false;
        }

        for (var i = 1; i < colon; i++)
        {
            if (!char.IsAsciiLetterOrDigit(text[i]) && text[i] is not ('+' or '-' or '.'))
            {
                return false;
            }
        }

        return Uri.TryCreate(text, UriKind.Absolute, out _);
    }

    private static string Join(string path, string name) => path.Length == 0 ? name : path + "." + name;

    private static string Received(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => "string",
        JsonValueKind.Number => "number",
        JsonValueKind.True or JsonValueKind.False => "boolean",
        JsonValueKind.Object => "object",
        JsonValueKind.Array => "array",
        JsonValueKind.Null => "null",
        _ => "undefined",
    };

    private static string Number(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    private static string Expected(ApiframeSchemaTypes types)
    {
        List<string> names = [];
        foreach (var (flag, name) in new[]
        {
            (ApiframeSchemaTypes.String, "string"), (ApiframeSchemaTypes.Number, "number"), (ApiframeSchemaTypes.Integer, "integer"),
            (ApiframeSchemaTypes.Boolean, "boolean"), (ApiframeSchemaTypes.Object, "object"), (ApiframeSchemaTypes.Array, "array"),
            (ApiframeSchemaTypes.Null, "null"),
        })
        {
            if (types.HasFlag(flag))
            {
                names.Add(name);
            }
        }

        return string.Join(" | ", names);
    }

    private static bool MatchesType(ApiframeSchemaTypes types, JsonElement value) =>
        types == ApiframeSchemaTypes.Any || value.ValueKind switch
        {
            JsonValueKind.String => types.HasFlag(ApiframeSchemaTypes.String),
            JsonValueKind.Number => types.HasFlag(ApiframeSchemaTypes.Number) || types.HasFlag(ApiframeSchemaTypes.Integer),
            JsonValueKind.True or JsonValueKind.False => types.HasFlag(ApiframeSchemaTypes.Boolean),
            JsonValueKind.Object => types.HasFlag(ApiframeSchemaTypes.Object),
            JsonValueKind.Array => types.HasFlag(ApiframeSchemaTypes.Array),
            JsonValueKind.Null => types.HasFlag(ApiframeSchemaTypes.Null),
            _ => false,
        };

    private void Add(string path, string message)
    {
        if (!_details.TryGetValue(path, out var messages))
        {
            messages = [];
            _details.Add(path, messages);
        }

        messages.Add(message);
    }

    private void Check(ApiframeSchema schema, JsonElement value, string path)
    {
        if (schema.OneOf is { } alternatives)
        {
            CheckOneOf(schema, alternatives, value, path);
            return;
        }

        if (schema.AnyOf is { } anyOf)
        {
            CheckAnyOf(anyOf, value, path);
            return;
        }

        if (!MatchesType(schema.Types, value))
        {
            Add(path, $"Expected {Expected(schema.Types)}, received {Received(value)}");
            return;
        }

        switch (value.ValueKind)
        {
            case JsonValueKind.String:
                CheckString(schema, value.GetString()!, path);
                break;
            case JsonValueKind.Number:
                CheckNumber(schema, value.GetDouble(), path);
                break;
            case JsonValueKind.Object:
                CheckObject(schema, value, path);
                break;
            case JsonValueKind.Array:
                CheckArray(schema, value, path);
                break;
        }
    }

    private void CheckOneOf(ApiframeSchema schema, IReadOnlyList<ApiframeSchema> alternatives, JsonElement value, string path)
    {
        var discriminator = schema.Discriminator ?? throw new InvalidOperationException("A oneOf without a discriminator is not supported.");
        if (value.ValueKind != JsonValueKind.Object)
        {
            Add(path, $"Expected object, received {Received(value)}");
            return;
        }

        var allowed = alternatives.Select(alternative => alternative.Property(discriminator)?.StringEnum?[0]).OfType<string>().ToArray();
        var expected = "Invalid discriminator value. Expected " + string.Join(" | ", allowed.Select(name => $"'{name}'"));
        if (!value.TryGetProperty(discriminator, out var tag) || tag.ValueKind != JsonValueKind.String)
        {
            Add(Join(path, discriminator), expected);
            return;
        }

        var name = tag.GetString();
        var match = alternatives.FirstOrDefault(alternative => alternative.Property(discriminator)?.StringEnum?[0] == name);
        if (match is null)
        {
            Add(Join(path, discriminator), expected);
            return;
        }

        Check(match, value, path);
    }

    private void CheckAnyOf(IReadOnlyList<ApiframeSchema> alternatives, JsonElement value, string path)
    {
        foreach (var alternative in alternatives)
        {
            var trial = new ApiframeSchemaValidator();
            trial.Check(alternative, value, path);
            if (trial._details.Count == 0)
            {
                _uris.AddRange(trial._uris);
                return;
            }
        }

        var literals = alternatives.All(alternative => alternative.NumberEnum is { Count: 1 })
            ? ". Expected " + string.Join(" | ", alternatives.Select(alternative => Number(alternative.NumberEnum![0])))
            : string.Empty;
        var received = value.ValueKind == JsonValueKind.Number ? Number(value.GetDouble()) : Received(value);
        Add(path, $"Invalid input{literals}, received {received}");
    }

    private void CheckString(ApiframeSchema schema, string text, string path)
    {
        if (schema.StringEnum is { } allowed && !allowed.Contains(text, StringComparer.Ordinal))
        {
            Add(path, $"Invalid enum value. Expected {string.Join(" | ", allowed.Select(name => $"'{name}'"))}, received '{text}'");
            return;
        }

        if (schema.MinLength is { } min && text.Length < min)
        {
            Add(path, $"String must contain at least {min.ToString(CultureInfo.InvariantCulture)} character(s)");
        }

        if (schema.MaxLength is { } max && text.Length > max)
        {
            Add(path, $"String must contain at most {max.ToString(CultureInfo.InvariantCulture)} character(s)");
        }

        if (schema.Pattern is not null && !schema.PatternRegex.IsMatch(text))
        {
            Add(path, "Invalid");
        }

        switch (schema.Format)
        {
            case "uri" when !IsAbsoluteUri(text):
                Add(path, "Invalid url");
                break;
            case "uri":
                _uris.Add((path, text));
                break;
            case "uuid" when !IsUuid(text):
                Add(path, "Invalid uuid");
                break;
        }
    }

    private void CheckNumber(ApiframeSchema schema, double number, string path)
    {
        if (schema.Types.HasFlag(ApiframeSchemaTypes.Integer) && !schema.Types.HasFlag(ApiframeSchemaTypes.Number) && Math.Floor(number) != number)
        {
            Add(path, "Expected integer, received float");
            return;
        }

        if (schema.NumberEnum is { } allowed && !allowed.Contains(number))
        {
            Add(path, $"Invalid enum value. Expected {string.Join(" | ", allowed.Select(Number))}, received {Number(number)}");
            return;
        }

        if (schema.Minimum is { } min && number < min)
        {
            Add(path, $"Number must be greater than or equal to {Number(min)}");
        }

        if (schema.Maximum is { } max && number > max)
        {
            Add(path, $"Number must be less than or equal to {Number(max)}");
        }
    }

    private void CheckObject(ApiframeSchema schema, JsonElement value, string path)
    {
        foreach (var property in schema.Properties ?? [])
        {
            if (value.TryGetProperty(property.Name, out var member))
            {
                Check(property.Schema, member, Join(path, property.Name));
            }
            else if (schema.Required?.Contains(property.Name, StringComparer.Ordinal) == true)
            {
                Add(Join(path, property.Name), "Required");
            }
        }

        foreach (var name in schema.Required ?? [])
        {
            if (schema.Property(name) is null && !value.TryGetProperty(name, out _))
            {
                Add(Join(path, name), "Required");
            }
        }

        if (!schema.AdditionalProperties)
        {
            var unknown = value.EnumerateObject().Select(member => member.Name).Where(name => schema.Property(name) is null).Distinct(StringComparer.Ordinal).ToArray();
            if (unknown.Length > 0)
            {
                Add(path, "Unrecognized key(s) in object: " + string.Join(", ", unknown.Select(name => $"'{name}'")));
            }
        }
    }

    private void CheckArray(ApiframeSchema schema, JsonElement value, string path)
    {
        var count = value.GetArrayLength();
        if (schema.MinItems is { } min && count < min)
        {
            Add(path, $"Array must contain at least {min.ToString(CultureInfo.InvariantCulture)} element(s)");
        }

        if (schema.MaxItems is { } max && count > max)
        {
            Add(path, $"Array must contain at most {max.ToString(CultureInfo.InvariantCulture)} element(s)");
        }

        if (schema.Items is { } items)
        {
            var index = 0;
            foreach (var item in value.EnumerateArray())
            {
                Check(items, item, Join(path, index.ToString(CultureInfo.InvariantCulture)));
                index++;
            }
        }
    }
}
