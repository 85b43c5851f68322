using System.Text.Json;

namespace ImagingClient.Emulator.Kie;

/// <summary>A Flux Kontext model and what one task with it costs.</summary>
internal sealed record KieModel(string Id, int Cost);

/// <summary>A validated <c>POST /api/v1/flux/kontext/generate</c> body (the input image is resolved separately).</summary>
internal sealed record KieGenerateRequest(
    string Prompt,
    string? InputImage,
    string? AspectRatio,
    string OutputFormat,
    KieModel Model,
    Uri? CallBackUrl,
    int SafetyTolerance,
    bool EnableTranslation,
    bool UploadCn,
    bool PromptUpsampling,
    string? Watermark)
{
    /// <summary>Whether this is an edit (an <c>inputImage</c> was given) rather than a text-to-image generation.</summary>
    public bool IsEdit => InputImage is not null;
}

/// <summary>
/// Strict validation of Kie Flux Kontext request bodies, after <c>shared/providers/kie-flux-kontext.md</c> §3.2:
/// unknown fields, explicit nulls, wrong types and values outside the documented enums answer code 422;
/// an out-of-range <c>safetyTolerance</c> answers code 500, as the docs say.
/// </summary>
internal static class KieRequests
{
    public const string DefaultAspectRatio = "16:9";
    public const string DefaultOutputFormat = "jpeg";
    public const int DefaultSafetyTolerance = 2;
    public const int MaxGenerateSafetyTolerance = 6;
    public const int MaxEditSafetyTolerance = 2;

    public static readonly string[] AspectRatios = ["21:9", "16:9", "4:3", "1:1", "3:4", "9:16"];
    public static readonly string[] OutputFormats = ["jpeg", "png"];

    public static readonly KieModel Pro = new("flux-kontext-pro", 5);
    public static readonly KieModel Max = new("flux-kontext-max", 10);

    private static readonly KieModel[] Models = [Pro, Max];

    private static readonly string[] GenerateFields =
    [
        "prompt", "enableTranslation", "uploadCn", "inputImage", "aspectRatio", "outputFormat",
        "promptUpsampling", "model", "callBackUrl", "safetyTolerance", "watermark",
    ];

    private static readonly string[] DownloadUrlFields = ["url"];

    /// <summary>Parses the body as a JSON object; anything else is code 422.</summary>
    public static KieError? TryParseObject(ReadOnlyMemory<byte> body, out JsonDocument? document)
    {
        document = null;
        try
        {
            document = JsonDocument.Parse(body);
        }
        catch (JsonException exception)
        {
            return KieError.Validation($"Invalid JSON in request body: {exception.Message}");
        }

        if (document.RootElement.ValueKind != JsonValueKind.Object)
        {
            document.Dispose();
            document = null;
            return KieError.Validation("Request body must be a JSON object.");
        }

        return null;
    }

    public static KieError? ParseGenerate(JsonElement root, out KieGenerateRequest? request)
    {
        request = null;
        var fields = Collect(root);
        KieError? error;
        if ((error = RejectUnknown(fields, GenerateFields)) is not null ||
            (error = ReadString(fields, "prompt", required: true, out var prompt)) is not null ||
            (error = ReadBool(fields, "enableTranslation", defaultValue: true, out var enableTranslation)) is not null ||
            (error = ReadBool(fields, "uploadCn", defaultValue: false, out var uploadCn)) is not null ||
            (error = ReadUrl(fields, "inputImage", out var inputImage)) is not null ||
            (error = ReadChoice(fields, "aspectRatio", AspectRatios, out var aspectRatio)) is not null ||
            (error = ReadChoice(fields, "outputFormat", OutputFormats, out var outputFormat)) is not null ||
            (error = ReadBool(fields, "promptUpsampling", defaultValue: false, out var promptUpsampling)) is not null ||
            (error = ReadChoice(fields, "model", Models.Select(model => model.Id).ToArray(), out var modelId)) is not null ||
            (error = ReadUrl(fields, "callBackUrl", out var callBackUrl)) is not null ||
            (error = ReadInt(fields, "safetyTolerance", out var safetyTolerance)) is not null ||
            (error = ReadString(fields, "watermark", required: false, out var watermark)) is not null)
        {
            return error;
        }

        var tolerance = safetyTolerance ?? DefaultSafetyTolerance;
        var maxTolerance = inputImage is null ? MaxGenerateSafetyTolerance : MaxEditSafetyTolerance;
        if (tolerance < 0 || tolerance > maxTolerance)
        {
            return new KieError(KieError.ServerError, KieError.SafetyToleranceMessage);
        }

        var model = modelId is null ? Pro : Models.First(candidate => candidate.Id == modelId);
        request = new KieGenerateRequest(
            prompt!,
            inputImage?.OriginalString,
            aspectRatio,
            outputFormat ?? DefaultOutputFormat,
            model,
            callBackUrl,
            tolerance,
            enableTranslation,
            uploadCn,
            promptUpsampling,
            watermark);
        return null;
    }

    /// <summary>Parses a <c>POST /api/v1/common/download-url</c> body: exactly one string field, <c>url</c>.</summary>
    public static KieError? ParseDownloadUrl(JsonElement root, out string url)
    {
        url = string.Empty;
        var fields = Collect(root);
        var error = RejectUnknown(fields, DownloadUrlFields);
        if (error is not null)
        {
            return error;
        }

        error = ReadString(fields, "url", required: true, out var value);
        url = value ?? string.Empty;
        return error;
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

    private static KieError? RejectUnknown(Dictionary<string, JsonElement> fields, string[] known)
    {
        foreach (var name in fields.Keys)
        {
            if (Array.IndexOf(known, name) < 0)
            {
                return KieError.Validation($"Unknown field '{name}'. Allowed fields: {string.Join(", ", known)}.");
            }
        }

        return null;
    }

    /// <summary>An explicit <c>null</c> is rejected like any other wrong type: omit the field instead.</summary>
    private static KieError WrongType(string field, string expected) =>
        KieError.Validation($"Field '{field}' must be {expected}; omit it rather than sending null or another type.");

    private static KieError? ReadString(Dictionary<string, JsonElement> fields, string field, bool required, out string? value)
    {
        value = null;
        if (!fields.TryGetValue(field, out var element))
        {
            return required ? KieError.Validation($"Field '{field}' is required.") : null;
        }

        if (element.ValueKind != JsonValueKind.String)
        {
            return WrongType(field, "a string");
        }

        value = element.GetString()!;
        return required && string.IsNullOrWhiteSpace(value) ? KieError.Validation($"Field '{field}' must not be blank.") : null;
    }

    private static KieError? ReadBool(Dictionary<string, JsonElement> fields, string field, bool defaultValue, out bool value)
    {
        value = defaultValue;
        if (!fields.TryGetValue(field, out var element))
        {
            return null;
        }

        if (element.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
        {
            return WrongType(field, "a boolean");
        }

        value = element.GetBoolean();
        return null;
    }

    private static KieError? ReadInt(Dictionary<string, JsonElement> fields, string field, out int? value)
    {
        value = null;
        if (!fields.TryGetValue(field, out var element))
        {
            return null;
        }

        if (element.ValueKind != JsonValueKind.Number || !element.TryGetInt32(out var number))
        {
            return WrongType(field, "an integer");
        }

        value = number;
        return null;
    }

    private static KieError? ReadChoice(Dictionary<string, JsonElement> fields, string field, string[] choices, out string? value)
    {
        value = null;
        var error = ReadString(fields, field, required: false, out var text);
        if (error is not null || text is null)
        {
            return error;
        }

        if (Array.IndexOf(choices, text) < 0)
        {
            return KieError.Validation($"Field '{field}' must be one of {string.Join(", ", choices)}; got '{text}'.");
        }

        value = text;
        return null;
    }

    /// <summary>An absolute <c>http</c> or <c>https</c> URL, as the OpenAPI's <c>format: uri</c> asks.</summary>
    private static KieError? ReadUrl(Dictionary<string, JsonElement> fields, string field, out Uri? value)
    {
        value = null;
        var error = ReadString(fields, field, required: false, out var text);
        if (error is not null || text is null)
        {
            return error;
        }

        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            return KieError.Validation($"Field '{field}' must be an absolute http or https URL.");
        }

        value = uri;
        return null;
    }
}
