using System.Text.Json;

namespace ImagingClient.Emulator.RelayGpu;

/// <summary>
/// Writes the model catalog (<c>GET /v2/models</c>, <c>GET /v2/models/{name}</c>) from <see cref="RelayGpuCatalog"/>,
/// in the shape of the live service's model-detail document: endpoint, JSON Schemas, example, pricing, status.
/// </summary>
internal static class RelayGpuModelsWriter
{
    private const string SchemaUrl = "https://relaygpu.com/v2/openapi-public.json#/components/schemas/";

    /// <summary>
    /// The list: <c>models</c> (every entry in full, as the detail route returns it), plus the live service's grouping,
    /// <c>auto</c> → <c>image</c> (summaries: name, tag, display name, <c>store_output_supported</c>, endpoint),
    /// an empty <c>opengpu</c> group and <c>model_restrictions_per_tier</c>.
    /// </summary>
    public static void WriteList(Utf8JsonWriter writer, ISet<string> retired)
    {
        writer.WriteStartObject();
        writer.WriteStartArray("models");
        foreach (var (model, route) in All())
        {
            WriteDetail(writer, model, route, retired);
        }

        writer.WriteEndArray();
        writer.WriteStartObject("auto");
        writer.WriteStartArray("image");
        foreach (var (model, route) in All())
        {
            writer.WriteStartObject();
            writer.WriteString("name", model.Name);
            writer.WriteString("tag", model.Tag);
            writer.WriteBoolean("store_output_supported", route.StoreOutputSupported);
            writer.WriteString("display_name", model.DisplayName);
            WriteEndpoint(writer, route);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
        writer.WriteStartObject("opengpu");
        writer.WriteEndObject();
        writer.WriteStartObject("model_restrictions_per_tier");
        writer.WriteStartArray("guest");
        writer.WriteEndArray();
        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    /// <summary>One model's full entry.</summary>
    public static void WriteDetail(Utf8JsonWriter writer, RelayGpuModel model, RelayGpuRoute route, ISet<string> retired)
    {
        var isRetired = retired.Contains(model.Name);
        writer.WriteStartObject();
        writer.WriteString("name", model.Name);
        writer.WriteString("display_name", model.DisplayName);
        writer.WriteString("tag", model.Tag);
        writer.WriteStartArray("modes");
        writer.WriteStringValue("auto");
        writer.WriteStringValue("direct");
        writer.WriteEndArray();
        writer.WriteStartArray("sources");
        writer.WriteStringValue("image");
        writer.WriteEndArray();
        WriteEndpoint(writer, route);
        writer.WritePropertyName("request_schema");
        WriteRequestSchema(writer, route);
        writer.WriteString("request_schema_url", SchemaUrl + route.Title);
        writer.WritePropertyName("request_example");
        WriteExample(writer, model, route);
        writer.WritePropertyName("response_schema");
        WriteResponseSchema(writer, route);
        writer.WriteBoolean("store_output_supported", route.StoreOutputSupported);
        writer.WriteStartArray("restricted_tiers");
        writer.WriteEndArray();
        writer.WriteStartArray("pricing");
        writer.WriteStartObject();
        writer.WriteString("mode", "direct");
        writer.WriteString("model", "image." + model.Name);
        writer.WriteString("billing_type", "per_image");
        writer.WriteNumber("per_image", model.PerImage);
        writer.WriteEndObject();
        writer.WriteEndArray();
        writer.WriteBoolean("available", !isRetired);
        writer.WriteString("status", isRetired ? "retired" : "available");
        if (route.SeedOnly)
        {
            writer.WriteBoolean("seed_only", true);
            writer.WriteString("note", "Stable Diffusion (AUTOMATIC1111 txt2img) route from the original documentation page; absent from today's public spec. Synchronous only; 'model' is the checkpoint file name.");
        }

        writer.WriteEndObject();
    }

    private static IEnumerable<(RelayGpuModel Model, RelayGpuRoute Route)> All() =>
        RelayGpuCatalog.Routes.SelectMany(route => route.Models.Select(model => (model, route)));

    private static void WriteEndpoint(Utf8JsonWriter writer, RelayGpuRoute route)
    {
        writer.WriteStartObject("endpoint");
        writer.WriteString("method", "POST");
        writer.WriteString("path", route.Path);
        writer.WriteString("operation_id", route.OperationId);
        writer.WriteBoolean("model_in_body", route.ModelInBody);
        if (route.ModelInBody)
        {
            writer.WriteString("model_default", route.DefaultModel.BodyValue);
        }
        else
        {
            writer.WriteNull("model_default");
        }

        writer.WriteBoolean("async_default", false);
        writer.WriteBoolean("streams", false);
        writer.WriteEndObject();
    }

    private static void WriteRequestSchema(Utf8JsonWriter writer, RelayGpuRoute route)
    {
        writer.WriteStartObject();
        writer.WriteStartObject("properties");
        foreach (var field in route.Fields)
        {
            writer.WriteStartObject(field.Name);
            if (field.Required)
            {
                WriteType(writer, field);
            }
            else
            {
                writer.WriteStartArray("anyOf");
                if (field.Kind == RelayGpuFieldKind.StringOrList)
                {
                    writer.WriteStartObject();
                    writer.WriteString("type", "string");
                    writer.WriteEndObject();
                    writer.WriteStartObject();
                    WriteArray(writer, field);
                    writer.WriteEndObject();
                }
                else
                {
                    writer.WriteStartObject();
                    WriteType(writer, field);
                    writer.WriteEndObject();
                }

                writer.WriteStartObject();
                writer.WriteString("type", "null");
                writer.WriteEndObject();
                writer.WriteEndArray();
            }

            writer.WriteString("title", Title(field.Name));
            writer.WriteString("description", field.Description);
            if (field.Name == "model")
            {
                writer.WriteStartArray("x-relay-models");
                foreach (var model in route.Models)
                {
                    writer.WriteStringValue(model.BodyValue);
                }

                writer.WriteEndArray();
            }

            if (field.DefaultJson is { } defaultJson)
            {
                writer.WritePropertyName("default");
                writer.WriteRawValue(defaultJson);
            }

            writer.WriteEndObject();
        }

        writer.WriteEndObject();
        writer.WriteBoolean("additionalProperties", false);
        writer.WriteString("type", "object");
        writer.WriteStartArray("required");
        foreach (var field in route.Fields.Where(field => field.Required))
        {
            writer.WriteStringValue(field.Name);
        }

        writer.WriteEndArray();
        writer.WriteString("title", route.Title);
        writer.WriteString("description", $"Request schema for {route.Path}.");
        writer.WriteEndObject();
    }

    private static void WriteType(Utf8JsonWriter writer, RelayGpuField field)
    {
        switch (field.Kind)
        {
            case RelayGpuFieldKind.StringList:
                WriteArray(writer, field);
                return;
            case RelayGpuFieldKind.Integer:
                writer.WriteString("type", "integer");
                break;
            case RelayGpuFieldKind.Number:
                writer.WriteString("type", "number");
                break;
            case RelayGpuFieldKind.Boolean:
                writer.WriteString("type", "boolean");
                break;
            default:
                writer.WriteString("type", "string");
                break;
        }

        if (field.Enum is { } values && field.Content != RelayGpuContent.Size)
        {
            writer.WriteStartArray("enum");
            foreach (var value in values)
            {
                writer.WriteStringValue(value);
            }

            writer.WriteEndArray();
        }

        if (field.Content == RelayGpuContent.Size)
        {
            var presets = field.Enum is { Count: > 0 } list ? "^(" + string.Join("|", list) + "|[0-9]+x[0-9]+)$" : "^[0-9]+x[0-9]+$";
            writer.WriteString("pattern", presets);
        }

        WriteNumber(writer, "minimum", field.Minimum);
        WriteNumber(writer, "maximum", field.Maximum);
        WriteNumber(writer, "multipleOf", field.MultipleOf);
        WriteNumber(writer, "minLength", field.MinLength);
        WriteNumber(writer, "maxLength", field.MaxLength);
        if (field.Content is RelayGpuContent.WebhookUrl or RelayGpuContent.UrlOrDataUri)
        {
            writer.WriteString("format", "uri");
        }
    }

    private static void WriteArray(Utf8JsonWriter writer, RelayGpuField field)
    {
        writer.WriteString("type", "array");
        writer.WriteStartObject("items");
        writer.WriteString("type", "string");
        writer.WriteEndObject();
        WriteNumber(writer, "minItems", field.MinItems);
        WriteNumber(writer, "maxItems", field.MaxItems);
    }

    private static void WriteNumber(Utf8JsonWriter writer, string name, double? value)
    {
        if (value is { } number)
        {
            if (number == Math.Floor(number))
            {
                writer.WriteNumber(name, (long)number);
            }
            else
            {
                writer.WriteNumber(name, number);
            }
        }
    }

    private static void WriteExample(Utf8JsonWriter writer, RelayGpuModel model, RelayGpuRoute route)
    {
        using var example = JsonDocument.Parse(route.ExampleJson);
        writer.WriteStartObject();
        foreach (var member in example.RootElement.EnumerateObject())
        {
            if (member.Name != "model")
            {
                member.WriteTo(writer);
            }
        }

        if (route.ModelInBody)
        {
            writer.WriteString("model", model.BodyValue);
        }

        writer.WriteEndObject();
    }

    private static void WriteResponseSchema(Utf8JsonWriter writer, RelayGpuRoute route)
    {
        var list = route.Output == RelayGpuOutput.Base64 ? "images" : "urls";
        writer.WriteStartObject();
        writer.WriteStartObject("properties");
        writer.WriteStartObject(list);
        writer.WriteStartObject("items");
        writer.WriteString("type", "string");
        writer.WriteEndObject();
        writer.WriteString("type", "array");
        writer.WriteString("title", Title(list));
        writer.WriteString("description", route.Output == RelayGpuOutput.Base64
            ? "Generated images as bare base64 (no data: prefix)"
            : "Generated image URLs (valid 1 hour, or the store_output period)");
        writer.WriteEndObject();
        foreach (var name in new[] { "model", "task_id", "task_address", "mode" })
        {
            writer.WriteStartObject(name);
            if (name == "model")
            {
                writer.WriteString("type", "string");
            }
            else
            {
                writer.WriteStartArray("anyOf");
                writer.WriteStartObject();
                writer.WriteString("type", "string");
                writer.WriteEndObject();
                writer.WriteStartObject();
                writer.WriteString("type", "null");
                writer.WriteEndObject();
                writer.WriteEndArray();
            }

            writer.WriteString("title", Title(name));
            writer.WriteEndObject();
        }

        writer.WriteEndObject();
        writer.WriteBoolean("additionalProperties", true);
        writer.WriteString("type", "object");
        writer.WriteStartArray("required");
        writer.WriteStringValue(list);
        writer.WriteStringValue("model");
        writer.WriteEndArray();
        writer.WriteString("title", route.Title.Replace("Request", "Response", StringComparison.Ordinal));
        writer.WriteEndObject();
    }

    private static string Title(string name) =>
        string.Join(' ', name.Split('_').Select(word => word.Length == 0 ? word : char.ToUpperInvariant(word[0]) + word[1..]));
}
