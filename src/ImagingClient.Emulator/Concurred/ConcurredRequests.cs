using System.Text.Json;

namespace ImagingClient.Emulator.Concurred;

/// <summary>A validated <c>POST /api/v1/image/generate</c> body.</summary>
internal sealed record ConcurredGenerateRequest(
    ConcurredModel Model,
    string Prompt,
    int? Width,
    int? Height,
    string? AspectRatio,
    int? NumImages,
    string? ImageSize,
    long? Seed);

/// <summary>A validated <c>POST /api/v1/image/edit</c> body (the image URL is checked separately).</summary>
internal sealed record ConcurredEditRequest(ConcurredModel Model, string Prompt, string ImageUrl, long? Seed);

/// <summary>
/// Strict validation of Concurred request bodies: unknown fields, explicit nulls, wrong types,
/// out-of-range values and fields the chosen model does not take are all rejected with 400.
/// </summary>
internal static class ConcurredRequests
{
    public const int MinDimension = 256;
    public const int MaxDimension = 2048;

    public static readonly string[] AspectRatios = ["1:1", "3:4", "4:3", "9:16", "16:9"];
    public static readonly string[] ImageSizes = ["1K", "2K"];

    private static readonly string[] GenerateFields = ["prompt", "model", "width", "height", "aspect_ratio", "num_images", "image_size", "seed"];
    private static readonly string[] EditFields = ["prompt", "image_url", "model", "seed"];

    /// <summary>Parses the body as a JSON object; anything else is a 400 BAD_REQUEST.</summary>
    public static ConcurredError? TryParseObject(ReadOnlyMemory<byte> body, out JsonDocument? document)
    {
        document = null;
        try
        {
            document = JsonDocument.Parse(body);
        }
        catch (JsonException exception)
        {
            return new ConcurredError(ConcurredError.BadRequest, $"Invalid JSON in request body: {exception.Message}");
        }

        if (document.RootElement.ValueKind != JsonValueKind.Object)
        {
            document.Dispose();
            document = null;
            return new ConcurredError(ConcurredError.BadRequest, "Request body must be a JSON object.");
        }

        return null;
    }

    public static ConcurredError? ParseGenerate(JsonElement root, out ConcurredGenerateRequest? request)
    {
        request = null;
        var fields = Collect(root);
        ConcurredError? error;
        if ((error = RejectUnknown(fields, GenerateFields)) is not null ||
            (error = ReadRequiredString("prompt", fields, out var prompt)) is not null ||
            (error = ReadModel(fields, ConcurredModels.Generate, ConcurredModels.DefaultGenerateModel, out var model)) is not null)
        {
            return error;
        }

        var sizeCapable = model.Family is ConcurredFamily.Flux or ConcurredFamily.Fal;
        var ratioCapable = model.Family is ConcurredFamily.Google or ConcurredFamily.Fal;
        var imagen = model.Family == ConcurredFamily.Google;
        var flux = model.Family == ConcurredFamily.Flux;

        if ((error = ReadInt("width", fields, model, sizeCapable, "Flux and fal.ai models", MinDimension, MaxDimension, out var width)) is not null ||
            (error = ReadInt("height", fields, model, sizeCapable, "Flux and fal.ai models", MinDimension, MaxDimension, out var height)) is not null ||
            (error = ReadChoice("aspect_ratio", fields, model, ratioCapable, "Google Imagen and fal.ai models", AspectRatios, out var aspectRatio)) is not null ||
            (error = ReadInt("num_images", fields, model, imagen, "Google Imagen models", 1, 4, out var numImages)) is not null ||
            (error = ReadChoice("image_size", fields, model, imagen, "Google Imagen models", ImageSizes, out var imageSize)) is not null ||
            (error = ReadSeed(fields, model, flux, "Flux models", out var seed)) is not null)
        {
            return error;
        }

        request = new ConcurredGenerateRequest(model, prompt, width, height, aspectRatio, numImages, imageSize, seed);
        return null;
    }

    public static ConcurredError? ParseEdit(JsonElement root, out ConcurredEditRequest? request)
    {
        request = null;
        var fields = Collect(root);
        ConcurredError? error;
        if ((error = RejectUnknown(fields, EditFields)) is not null ||
            (error = ReadRequiredString("prompt", fields, out var prompt)) is not null ||
            (error = ReadRequiredString("image_url", fields, out var imageUrl)) is not null ||
            (error = ReadModel(fields, ConcurredModels.Edit, ConcurredModels.DefaultEditModel, out var model)) is not null ||
            (error = ReadSeed(fields, model, model.Family == ConcurredFamily.Flux, "Flux Kontext", out var seed)) is not null)
        {
            return error;
        }

        request = new ConcurredEditRequest(model, prompt, imageUrl, seed);
        return null;
    }

    private static Dictionary<string, JsonElement> Collect(JsonElement root)
    {
        var fields = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (var property in root.EnumerateObject())
        {
            fields[property.Name] = property.Value;
        }

        return fields;
    }

    private static ConcurredError? RejectUnknown(Dictionary<string, JsonElement> fields, string[] known)
    {
        foreach (var name in fields.Keys)
        {
            if (Array.IndexOf(known, name) < 0)
            {
                return ConcurredError.InvalidField(name, $"Unknown field '{name}'. Allowed fields: {string.Join(", ", known)}.");
            }
        }

        return null;
    }

    private static ConcurredError? ReadRequiredString(string field, Dictionary<string, JsonElement> fields, out string value)
    {
        value = string.Empty;
        if (!fields.TryGetValue(field, out var element) || element.ValueKind == JsonValueKind.Null)
        {
            return ConcurredError.Missing(field);
        }

        if (element.ValueKind != JsonValueKind.String)
        {
            return ConcurredError.InvalidField(field, $"Field '{field}' must be a string.");
        }

        value = element.GetString()!;
        return string.IsNullOrWhiteSpace(value) ? ConcurredError.Missing(field) : null;
    }

    private static ConcurredError? ReadModel(
        Dictionary<string, JsonElement> fields,
        IReadOnlyDictionary<string, ConcurredModel> catalog,
        string defaultModel,
        out ConcurredModel model)
    {
        var id = defaultModel;
        if (fields.TryGetValue("model", out var element))
        {
            if (element.ValueKind != JsonValueKind.String)
            {
                model = catalog[defaultModel];
                return ConcurredError.InvalidField("model", "Field 'model' must be a string; omit it to use the default model.");
            }

            id = element.GetString()!;
        }

        if (!catalog.TryGetValue(id, out var found))
        {
            model = catalog[defaultModel];
            return new ConcurredError(
                ConcurredError.InvalidModel,
                $"Invalid model '{id}'. Supported models: {string.Join(", ", catalog.Keys)}.")
                .With("model", id);
        }

        model = found;
        return null;
    }

    private static ConcurredError? ReadInt(
        string field,
        Dictionary<string, JsonElement> fields,
        ConcurredModel model,
        bool supported,
        string supportedBy,
        int min,
        int max,
        out int? value)
    {
        value = null;
        if (!fields.TryGetValue(field, out var element))
        {
            return null;
        }

        if (!supported)
        {
            return ConcurredError.UnsupportedField(field, model, supportedBy);
        }

        if (element.ValueKind != JsonValueKind.Number || !element.TryGetInt32(out var number))
        {
            return ConcurredError.InvalidField(field, $"Field '{field}' must be an integer.");
        }

        if (number < min || number > max)
        {
            return ConcurredError.InvalidField(field, $"Field '{field}' must be between {min} and {max} for model '{model.Id}'.");
        }

        value = number;
        return null;
    }

    private static ConcurredError? ReadChoice(
        string field,
        Dictionary<string, JsonElement> fields,
        ConcurredModel model,
        bool supported,
        string supportedBy,
        string[] choices,
        out string? value)
    {
        value = null;
        if (!fields.TryGetValue(field, out var element))
        {
            return null;
        }

        if (!supported)
        {
            return ConcurredError.UnsupportedField(field, model, supportedBy);
        }

        var text = element.ValueKind == JsonValueKind.String ? element.GetString() : null;
        if (text is null || Array.IndexOf(choices, text) < 0)
        {
            return ConcurredError.InvalidField(field, $"Field '{field}' must be one of {string.Join(", ", choices)} for model '{model.Id}'.");
        }

        value = text;
        return null;
    }

    private static ConcurredError? ReadSeed(
        Dictionary<string, JsonElement> fields,
        ConcurredModel model,
        bool supported,
        string supportedBy,
        out long? seed)
    {
        seed = null;
        if (!fields.TryGetValue("seed", out var element))
        {
            return null;
        }

        if (!supported)
        {
            return ConcurredError.UnsupportedField("seed", model, supportedBy);
        }

        if (element.ValueKind != JsonValueKind.Number || !element.TryGetInt64(out var number))
        {
            return ConcurredError.InvalidField("seed", "Field 'seed' must be an integer.");
        }

        seed = number;
        return null;
    }
}
