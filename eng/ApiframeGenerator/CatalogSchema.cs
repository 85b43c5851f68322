using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace ApiframeGenerator;

/// <summary>One route of the catalog: its path, the list it fills and the operation its models do.</summary>
/// <param name="ListName">The generated list, such as <c>GenerateModels</c>.</param>
/// <param name="Path">The OpenAPI path, such as <c>/v2/images/generate</c>.</param>
/// <param name="Operation">The library's <c>ImageOperationKind</c> member.</param>
/// <param name="ModelProperty">The body property that names the model (<c>model</c>; <c>action</c> for follow-ups).</param>
/// <param name="RouteName">The generated <c>RouteSpec</c> field.</param>
/// <param name="FixedFamily">The family of every model of the route, where the variants have no parameter block.</param>
internal sealed record CatalogRoute(string ListName, string Path, string Operation, string ModelProperty, string RouteName, string? FixedFamily = null)
{
    /// <summary>Whether the route serves an <c>ImageRequest</c> (generate, edit), whose prompt and image are unified fields.</summary>
    public bool TakesImageRequest => Operation is "Generate" or "Edit";
}

/// <summary>One field, with exactly the facts the schema states.</summary>
internal sealed record CatalogField
{
    public required string WireName { get; init; }

    /// <summary>The library's <c>FieldType</c> member.</summary>
    public required string Type { get; init; }

    /// <summary>The library's <c>UnifiedField</c> member, or <see langword="null"/>.</summary>
    public string? Unified { get; init; }

    public string? Option { get; init; }

    public string? Block { get; init; }

    public bool Header { get; init; }

    public double? Min { get; init; }

    public double? Max { get; init; }

    public int? MinLength { get; init; }

    public int? MaxLength { get; init; }

    public IReadOnlyList<string>? Allowed { get; init; }

    public IReadOnlyList<double>? AllowedNumbers { get; init; }

    public string? Pattern { get; init; }

    /// <summary>Whether the unified <c>jpeg</c> is spelled <c>jpg</c> for this field.</summary>
    public bool JpegAsJpg { get; init; }

    public bool Required { get; init; }

    public string? Implied { get; init; }

    public JsonNode? Default { get; init; }
}

/// <summary>One model (or action) of a route: its id, family, parameter block and fields in the order they are written.</summary>
internal sealed record CatalogModel(string Id, string Family, string? Block, CatalogRoute Route, IReadOnlyList<CatalogField> Fields, string? Description);

/// <summary>
/// Reads the models of Apiframe's OpenAPI document: every <c>oneOf</c> variant of each image route's request, its
/// <c>&lt;family&gt;Params</c> block and every property, translated to the library's field facts. Anything the
/// translation does not know (a keyword, a format, a type) is an error, so a schema change is never dropped silently.
/// </summary>
internal static class CatalogSchema
{
    public static readonly IReadOnlyList<CatalogRoute> Routes =
    [
        new("GenerateModels", "/v2/images/generate", "Generate", "model", "GenerateRoute"),
        new("EditModels", "/v2/images/edit", "Edit", "model", "EditRoute"),
        new("UpscaleModels", "/v2/images/upscale", "Upscale", "model", "UpscaleRoute"),
        new("BackgroundRemovalModels", "/v2/images/background-remove", "RemoveBackground", "model", "BackgroundRemoveRoute"),
        new("MidjourneyActions", "/v2/images/midjourney/action", "FollowUp", "action", "MidjourneyActionRoute", FixedFamily: "midjourneyAction"),
    ];

    /// <summary>Option property names that are not the wire name in PascalCase.</summary>
    private static readonly Dictionary<string, string> OptionRenames = new(StringComparer.Ordinal)
    {
        ["n"] = "NumberOfImages",
        ["image_input"] = "ImageInputs",
        ["loraId"] = "LoraId",
    };

    private static readonly HashSet<string> CountNames = new(StringComparer.Ordinal) { "number_of_images", "n", "num_images", "num_outputs" };

    private static readonly HashSet<string> KnownKeywords = new(StringComparer.Ordinal)
    {
        "type", "format", "enum", "minimum", "maximum", "minLength", "maxLength", "minItems", "maxItems", "pattern", "items",
        "anyOf", "description", "default", "title", "example", "examples",
    };

    /// <summary>Every model of every route, in the document's order.</summary>
    public static IReadOnlyList<CatalogModel> Read(JsonObject document)
    {
        var models = new List<CatalogModel>();
        foreach (var route in Routes)
        {
            var post = document["paths"]?[route.Path]?["post"]?.AsObject() ?? throw new InvalidDataException($"The OpenAPI document has no POST {route.Path}.");
            if (post["responses"]?["202"] is null)
            {
                throw new InvalidDataException($"POST {route.Path} has no 202 response; the catalog writes every image route as an asynchronous job.");
            }

            var headers = HeaderFields(post, route);
            var schema = OpenApi.RequestSchema(document, route.Path);
            var variants = schema["oneOf"] is JsonArray oneOf ? oneOf.Select(v => v!.AsObject()).ToList() : [schema];
            foreach (var variant in variants)
            {
                models.AddRange(Variant(variant, route, headers, (string?)variant["description"] ?? (string?)schema["description"]));
            }
        }

        var duplicate = models.GroupBy(m => (m.Route.Operation, m.Id)).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new InvalidDataException($"Model '{duplicate.Key.Id}' appears twice for {duplicate.Key.Operation}.");
        }

        return models;
    }

    /// <summary>A wire name as a C# property name (<c>aspect_ratio</c> → <c>AspectRatio</c>).</summary>
    public static string OptionName(string wireName) => OptionRenames.GetValueOrDefault(wireName) ?? Pascal(wireName);

    /// <summary>A name as a C# identifier in PascalCase: <c>flux-1.1-pro</c> → <c>Flux11Pro</c>.</summary>
    public static string Pascal(string name)
    {
        var parts = name.Split(['-', '_', '.', ' ', '/'], StringSplitOptions.RemoveEmptyEntries);
        var text = string.Concat(parts.Select(p => char.ToUpperInvariant(p[0]) + p[1..]));
        return text.Length > 0 && char.IsDigit(text[0]) ? "Model" + text : text;
    }

    private static IEnumerable<CatalogModel> Variant(JsonObject variant, CatalogRoute route, IReadOnlyList<CatalogField> headers, string? description)
    {
        var properties = variant["properties"]?.AsObject() ?? throw new InvalidDataException($"A variant of POST {route.Path} has no properties.");
        var required = Names(variant["required"]);
        var ids = Discriminator(properties, route);
        var blocks = properties.Where(p => p.Value is JsonObject o && o["properties"] is JsonObject).Select(p => p.Key).ToList();
        if (blocks.Count > 1)
        {
            throw new InvalidDataException($"Model '{ids[0]}' has {blocks.Count} parameter blocks ({string.Join(", ", blocks)}); the catalog takes at most one.");
        }

        var block = blocks.SingleOrDefault();
        var family = route.FixedFamily
            ?? (block is null ? Camel(ids[0]) : block.EndsWith("Params", StringComparison.Ordinal) ? block[..^"Params".Length] : block);

        var fields = new List<CatalogField>();
        foreach (var (name, node) in properties)
        {
            if (name == route.ModelProperty || name == block)
            {
                continue;
            }

            fields.Add(Field(name, node!.AsObject(), block: null, required.Contains(name), route, ids[0]));
        }

        if (block is not null)
        {
            var blockSchema = properties[block]!.AsObject();
            var blockRequired = Names(blockSchema["required"]);
            var blockFields = blockSchema["properties"]!.AsObject()
                .Select(p => Field(p.Key, p.Value!.AsObject(), block, blockRequired.Contains(p.Key), route, ids[0]))
                .ToList();
            var unknownRequired = blockRequired.Where(r => blockFields.All(f => f.WireName != r)).ToList();
            if (unknownRequired.Count > 0)
            {
                throw new InvalidDataException($"Model '{ids[0]}': {block} requires {string.Join(", ", unknownRequired)}, which it does not define.");
            }

            // The validator writes a block only when one of its fields has a value: a required block needs a field that always has one.
            if (required.Contains(block) && !blockFields.Any(f => f.Required || f.Implied is not null))
            {
                throw new InvalidDataException($"Model '{ids[0]}' requires {block}, but none of its fields is required, so a request could leave the block out.");
            }

            fields.AddRange(blockFields);
        }

        var unknownTopRequired = required.Where(r => r != route.ModelProperty && r != block && !properties.ContainsKey(r)).ToList();
        if (unknownTopRequired.Count > 0)
        {
            throw new InvalidDataException($"Model '{ids[0]}' requires {string.Join(", ", unknownTopRequired)}, which it does not define.");
        }

        // A list takes ReferenceImages of any length; where a block has a list and a single image, the list takes them.
        if (fields.Count(f => f.Unified == "ReferenceImages") > 1 && fields.Any(f => f.Unified == "ReferenceImages" && f.Type == "ImageUrlList"))
        {
            fields = [.. fields.Select(f => f.Unified == "ReferenceImages" && f.Type != "ImageUrlList" ? f with { Unified = null } : f)];
        }

        fields.AddRange(headers);
        var duplicateUnified = fields.Where(f => f.Unified is not null).GroupBy(f => f.Unified).FirstOrDefault(g => g.Count() > 1);
        if (duplicateUnified is not null)
        {
            throw new InvalidDataException($"Model '{ids[0]}' maps {duplicateUnified.Key} to {string.Join(" and ", duplicateUnified.Select(f => f.WireName))}; a unified field sets one wire field.");
        }

        foreach (var id in ids)
        {
            yield return new CatalogModel(id, family, block, route, fields, description);
        }
    }

    private static List<string> Discriminator(JsonObject properties, CatalogRoute route)
    {
        var property = properties[route.ModelProperty] as JsonObject ?? throw new InvalidDataException($"A variant of POST {route.Path} has no '{route.ModelProperty}'.");
        List<string> ids = property["enum"] is JsonArray values
            ? [.. values.Select(v => (string)v!)]
            : property["const"] is JsonValue single ? [(string)single!] : [];
        return ids.Count > 0 ? ids : throw new InvalidDataException($"A variant of POST {route.Path} does not name its '{route.ModelProperty}' with an enum or const.");
    }

    private static List<CatalogField> HeaderFields(JsonObject post, CatalogRoute route)
    {
        var fields = new List<CatalogField>();
        foreach (var parameter in post["parameters"]?.AsArray() ?? [])
        {
            if ((string?)parameter?["in"] != "header")
            {
                continue;
            }

            var name = (string)parameter["name"]!;
            var schema = parameter["schema"]?.AsObject() ?? throw new InvalidDataException($"Header {name} of POST {route.Path} has no schema.");
            var field = Field(name, schema, block: null, (bool?)parameter["required"] ?? false, route, route.Path) with { Header = true };
            if (name.Equals("Idempotency-Key", StringComparison.OrdinalIgnoreCase))
            {
                field = field with { Unified = "IdempotencyKey" };
            }

            fields.Add(field);
        }

        return fields;
    }

    private static CatalogField Field(string name, JsonObject schema, string? block, bool required, CatalogRoute route, string model)
    {
        var where = $"'{name}' of {model}{(block is null ? string.Empty : $" ({block})")}";
        var unknown = schema.Select(p => p.Key).Where(k => !KnownKeywords.Contains(k)).ToList();
        if (unknown.Count > 0)
        {
            throw new InvalidDataException($"Field {where} uses {string.Join(", ", unknown)}, which the generator does not translate; extend CatalogSchema.");
        }

        var field = new CatalogField { WireName = name, Type = "String", Block = block, Required = required, Default = schema["default"]?.DeepClone() };
        if (schema["anyOf"] is JsonArray anyOf)
        {
            var numbers = anyOf.Select(alternative => SingleNumber(alternative, where)).ToList();
            field = field with { Type = numbers.All(IsIntegral) ? "Integer" : "Number", AllowedNumbers = numbers };
        }
        else
        {
            field = Typed(field, schema, block, where);
        }

        field = field with
        {
            Min = Number(schema["minimum"]) ?? field.Min,
            Max = Number(schema["maximum"]) ?? field.Max,
            MinLength = Integer(schema["minLength"]) ?? Integer(schema["minItems"]),
            MaxLength = Integer(schema["maxLength"]) ?? Integer(schema["maxItems"]),
            Pattern = (string?)schema["pattern"],
        };

        var unified = block is null ? TopUnified(name, field.Type) : BlockUnified(name, field.Type, route);
        // The request itself always carries an ImageRequest's prompt and image, so no option record sets them.
        var option = block is not null && route.TakesImageRequest && unified is "Prompt" or "Image" ? null : OptionName(name);
        return field with
        {
            Unified = unified,
            Option = option,
            JpegAsJpg = unified == "OutputFormat" && field.Allowed is { } formats && formats.Contains("jpg") && !formats.Contains("jpeg"),
            Implied = route.Operation == "Edit" && name == "mode" && field.Allowed?.Contains("inpaint") == true ? "inpaint" : null,
        };
    }

    private static CatalogField Typed(CatalogField field, JsonObject schema, string? block, string where)
    {
        var type = JsonType(schema, where);
        switch (type)
        {
            case "string":
                var format = (string?)schema["format"];
                var fieldType = format switch
                {
                    null => "String",
                    "uri" => block is null ? "Url" : "ImageUrl",
                    "uuid" => "Uuid",
                    _ => throw new InvalidDataException($"Field {where} has format '{format}', which the generator does not translate."),
                };
                return field with { Type = fieldType, Allowed = StringEnum(schema, where) };

            case "integer" or "number":
                var numbers = schema["enum"] is JsonArray values ? values.Select(v => Number(v) ?? throw new InvalidDataException($"Field {where} lists a non-number.")).ToList() : null;
                return field with { Type = type == "integer" ? "Integer" : "Number", AllowedNumbers = numbers };

            case "boolean":
                return field with { Type = "Boolean" };

            case "array":
                var items = schema["items"]?.AsObject() ?? throw new InvalidDataException($"Field {where} is an array without items.");
                if (JsonType(items, where + " items") != "string")
                {
                    throw new InvalidDataException($"Field {where} is an array of {JsonType(items, where)}, which the generator does not translate.");
                }

                return (string?)items["format"] switch
                {
                    "uri" => field with { Type = "ImageUrlList" },
                    null => field with { Type = "StringList", Allowed = StringEnum(items, where) },
                    var other => throw new InvalidDataException($"Field {where} is an array of strings of format '{other}', which the generator does not translate."),
                };

            default:
                throw new InvalidDataException($"Field {where} has type '{type}', which the generator does not translate.");
        }
    }

    /// <summary>The field's JSON type, <c>null</c> aside (<c>["array", "null"]</c> is an array that may be left out).</summary>
    private static string JsonType(JsonObject schema, string where)
    {
        var types = schema["type"] switch
        {
            JsonArray list => list.Select(t => (string)t!).Where(t => t != "null").ToList(),
            JsonValue single => [(string)single!],
            _ => [],
        };
        return types.Count == 1 ? types[0] : throw new InvalidDataException($"Field {where} has no single type ({schema["type"]?.ToJsonString() ?? "none"}).");
    }

    private static List<string>? StringEnum(JsonObject schema, string where) =>
        schema["enum"] is JsonArray values
            ? [.. values.Select(v => v is JsonValue value && value.TryGetValue<string>(out var text) ? text : throw new InvalidDataException($"Field {where} lists a non-string."))]
            : null;

    private static double SingleNumber(JsonNode? alternative, string where)
    {
        if (alternative is JsonObject { Count: 2 } obj && JsonType(obj, where) is "number" or "integer" && obj["enum"] is JsonArray { Count: 1 } one && Number(one[0]) is { } value)
        {
            return value;
        }

        throw new InvalidDataException($"Field {where} has an anyOf alternative other than a single number ({alternative?.ToJsonString()}).");
    }

    private static string? TopUnified(string name, string type) => (name, type) switch
    {
        ("prompt", "String") => "Prompt",
        ("webhookUrl", "Url") => "WebhookUrl",
        _ => null,
    };

    private static string? BlockUnified(string name, string type, CatalogRoute route) => (name, type) switch
    {
        ("aspect_ratio", "String") => "AspectRatio",
        ("width", "Integer") => "Width",
        ("height", "Integer") => "Height",
        ("seed", "Integer") => "Seed",
        ("negative_prompt", "String") => "NegativePrompt",
        ("output_format", "String") => "OutputFormat",
        ("prompt", "String") => "Prompt",
        (_, "Integer") when CountNames.Contains(name) => "Count",
        ("image_input" or "input_images", "ImageUrlList") when route.Operation == "Generate" => "ReferenceImages",
        ("image" or "image_url", "ImageUrl") => route.Operation == "Generate" ? "ReferenceImages" : "Image",
        _ => null,
    };

    private static HashSet<string> Names(JsonNode? node) =>
        node is JsonArray list ? list.Select(n => (string)n!).ToHashSet(StringComparer.Ordinal) : [];

    private static double? Number(JsonNode? node) =>
        node is JsonValue value && value.GetValueKind() == JsonValueKind.Number ? value.GetValue<double>() : null;

    private static int? Integer(JsonNode? node) =>
        Number(node) is { } number ? checked((int)number) : null;

    private static bool IsIntegral(double value) => value == Math.Floor(value) && Math.Abs(value) < 1e15;

    private static string Camel(string id)
    {
        var pascal = Pascal(id);
        return char.ToLowerInvariant(pascal[0]) + pascal[1..];
    }

    /// <summary>A number as C# source (<c>2</c>, <c>1.5</c>).</summary>
    public static string NumberLiteral(double value) =>
        IsIntegral(value) ? ((long)value).ToString(CultureInfo.InvariantCulture) : value.ToString("R", CultureInfo.InvariantCulture);
}
