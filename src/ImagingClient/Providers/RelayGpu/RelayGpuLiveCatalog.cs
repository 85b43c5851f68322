using System.Text.Json;
using ImagingClient.Models;
using ImagingClient.Serialization;

namespace ImagingClient.Providers.RelayGpu;

/// <summary>
/// A model RelayGPU's live catalog describes (its route and its request's JSON Schema) as a <see cref="ModelSpec"/>, so
/// a model added after this release is checked and called like a catalogued one. The schema's facts the validator
/// understands are kept (types, enums, ranges, lengths, list sizes, required); the well-known field names take the
/// unified fields.
/// </summary>
internal static class RelayGpuLiveCatalog
{
    /// <exception cref="ArgumentException">The entry is retired, or describes no route this client can call.</exception>
    public static ModelSpec ToModelSpec(RelayGpuModelInfo info, ImageOperationKind operation)
    {
        if (string.Equals(info.Status, "retired", StringComparison.OrdinalIgnoreCase))
        {
            throw new ArgumentException($"Model 'relaygpu:{info.Name}' is retired at RelayGPU; choose another.", nameof(ImageRequest.Model));
        }

        if (info.Path is not { Length: > 1 } path || !path.StartsWith('/') || !string.Equals(info.Method ?? "POST", "POST", StringComparison.OrdinalIgnoreCase))
        {
            throw new ArgumentException($"RelayGPU's live catalog gives model 'relaygpu:{info.Name}' no POST route this client can call.", nameof(ImageRequest.Model));
        }

        var fields = new List<FieldSpec>();
        var required = new HashSet<string>(StringComparer.Ordinal);
        if (info.RequestSchemaJson is { } schemaJson)
        {
            using var document = JsonDocument.Parse(schemaJson);
            var schema = document.RootElement;
            if (schema.TryGetProperty("required", out var list) && list.ValueKind == JsonValueKind.Array)
            {
                required.UnionWith(list.EnumerateArray().Select(JsonFields.Text).OfType<string>());
            }

            if (schema.TryGetProperty("properties", out var properties) && properties.ValueKind == JsonValueKind.Object)
            {
                foreach (var property in properties.EnumerateObject())
                {
                    var name = JsonFields.Name(property);
                    if (name != "model"
                        && !(name == "store_output" && !info.StoreOutputSupported)
                        && Field(name, property.Value, required.Contains(name), operation) is { } field)
                    {
                        fields.Add(field);
                    }
                }
            }
        }

        if (!fields.Any(f => f.WireName == "prompt"))
        {
            fields.Insert(0, new FieldSpec("prompt", FieldType.String) { Unified = UnifiedField.Prompt, Required = true, MinLength = 1 });
        }

        fields.Add(new FieldSpec("Idempotency-Key", FieldType.String) { Unified = UnifiedField.IdempotencyKey, Location = FieldLocation.Header, MinLength = 1, MaxLength = 255 });
        return new ModelSpec
        {
            Id = info.Name,
            Family = "live",
            Operation = operation,
            Route = new RouteSpec(HttpMethod.Post, path.TrimStart('/'), info.ModelInBody, RouteMode.Sync, ImageShape.UrlStrings),
            UrlLifetime = RelayGpuTaskReader.Retention,
            Fields = fields,
        };
    }

    private static FieldSpec? Field(string name, JsonElement schema, bool required, ImageOperationKind operation)
    {
        if (schema.ValueKind != JsonValueKind.Object)
        {
            // Not a schema (a property given as a string or a list): nothing the validator can check.
            return null;
        }

        var type = Type(schema);
        var unified = name switch
        {
            "prompt" => UnifiedField.Prompt,
            "negative_prompt" => UnifiedField.NegativePrompt,
            "seed" => UnifiedField.Seed,
            "n" or "num_images" => UnifiedField.Count,
            "width" when type == "integer" => UnifiedField.Width,
            "height" when type == "integer" => UnifiedField.Height,
            "size" when type == "string" => UnifiedField.Size,
            "aspect_ratio" => UnifiedField.AspectRatio,
            "output_format" => UnifiedField.OutputFormat,
            "webhook_url" => UnifiedField.WebhookUrl,
            "image" when operation == ImageOperationKind.Edit => UnifiedField.Image,
            "image" or "images" => UnifiedField.ReferenceImages,
            _ => UnifiedField.None,
        };
        var isImage = name is "image" or "images" or "mask" || name.StartsWith("input_image", StringComparison.Ordinal);
        var fieldType = (type, isImage) switch
        {
            ("array", true) => FieldType.ImageUrlList,
            ("array", false) => FieldType.StringList,
            (_, true) => FieldType.ImageUrl,
            ("integer", _) => FieldType.Integer,
            ("number", _) => FieldType.Number,
            ("boolean", _) => FieldType.Boolean,
            ("string", _) => FieldType.String,
            _ => (FieldType?)null,
        };
        if (fieldType is null)
        {
            // A construct the validator cannot check is left out, so it is refused rather than sent unchecked.
            return null;
        }

        return new FieldSpec(name, fieldType.Value)
        {
            Unified = unified,
            Option = unified == UnifiedField.None ? name : null,
            Required = required,
            Min = Number(schema, "minimum"),
            Max = Number(schema, "maximum"),
            MinLength = (int?)(Number(schema, "minLength") ?? Number(schema, "minItems")),
            MaxLength = (int?)(Number(schema, "maxLength") ?? Number(schema, "maxItems")),
            Allowed = schema.TryGetProperty("enum", out var values) && values.ValueKind == JsonValueKind.Array && values.EnumerateArray().All(v => JsonFields.Text(v) is not null)
                ? FieldSpec.Values([.. values.EnumerateArray().Select(v => JsonFields.Text(v)!)])
                : null,
            ImageForms = isImage ? ImageForms.Url | ImageForms.DataUri : ImageForms.Url,
        };
    }

    /// <summary>The schema's type; for <c>["string", "null"]</c> or <c>anyOf</c> of one type and null, that type.</summary>
    private static string? Type(JsonElement schema)
    {
        if (schema.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        if (schema.TryGetProperty("type", out var type))
        {
            return type.ValueKind switch
            {
                JsonValueKind.String => JsonFields.Text(type),
                JsonValueKind.Array => type.EnumerateArray().Select(JsonFields.Text).FirstOrDefault(t => t is not null and not "null"),
                _ => null,
            };
        }

        if (schema.TryGetProperty("anyOf", out var anyOf) && anyOf.ValueKind == JsonValueKind.Array)
        {
            var types = anyOf.EnumerateArray().Select(Type).Where(t => t is not null and not "null").Distinct().ToList();
            return types.Count == 1 ? types[0] : null;
        }

        return null;
    }

    private static double? Number(JsonElement schema, string name) => JsonFields.Number(schema, name);
}
