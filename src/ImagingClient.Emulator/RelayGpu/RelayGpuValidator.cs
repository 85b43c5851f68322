using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using ImagingClient.Emulator.Hosting;
using ImagingClient.Emulator.Imaging;

namespace ImagingClient.Emulator.RelayGpu;

/// <summary>One FastAPI (pydantic) validation item: <c>{"type","loc","msg"}</c>.</summary>
/// <param name="Type">The pydantic error type, for example <c>extra_forbidden</c>.</param>
/// <param name="Loc">Where: <c>"body"</c>, then field names and list indexes.</param>
/// <param name="Msg">The message.</param>
internal sealed record RelayGpuIssue(string Type, IReadOnlyList<object> Loc, string Msg)
{
    public static RelayGpuIssue At(string type, string msg, params object[] path) => new(type, ["body", .. path], msg);

    public static RelayGpuIssue Value(string msg, params object[] path) => At("value_error", "Value error, " + msg, path);
}

/// <summary>
/// Checks a request body against a route's schema as the real API's FastAPI models do (<c>additionalProperties:false</c>,
/// types, ranges, enums, lengths), then the cross-field rules of §2.3–2.4. Optional fields may be <c>null</c>, which
/// means absent (the published schemas are <c>anyOf [type, null]</c>).
/// </summary>
internal static partial class RelayGpuValidator
{
    /// <summary>The most pixels a Seedream 5.0 Pro <c>WxH</c> may have.</summary>
    public const long SeedreamMaxPixels = 4_624_220;

    /// <summary>Validates <paramref name="body"/>; <paramref name="guest"/> says whether the caller sent no key.</summary>
    public static List<RelayGpuIssue> Validate(RelayGpuRoute route, JsonElement body, bool guest)
    {
        var issues = new List<RelayGpuIssue>();
        if (body.ValueKind != JsonValueKind.Object)
        {
            issues.Add(new RelayGpuIssue("model_attributes_type", ["body"], "Input should be a valid dictionary or object to extract fields from"));
            return issues;
        }

        foreach (var member in body.EnumerateObject())
        {
            if (route.Field(member.Name) is not { } field)
            {
                issues.Add(RelayGpuIssue.At("extra_forbidden", "Extra inputs are not permitted", member.Name));
                continue;
            }

            if (member.Value.ValueKind == JsonValueKind.Null)
            {
                if (field.Required)
                {
                    issues.Add(RelayGpuIssue.At(TypeError(field.Kind).Type, TypeError(field.Kind).Msg, member.Name));
                }

                continue;
            }

            CheckValue(field, member.Value, issues, member.Name);
        }

        foreach (var field in route.Fields.Where(field => field.Required))
        {
            if (!body.TryGetProperty(field.Name, out _))
            {
                issues.Add(RelayGpuIssue.At("missing", "Field required", field.Name));
            }
        }

        if (issues.Count == 0)
        {
            CrossCheck(route, body, guest, issues);
        }

        return issues;
    }

    /// <summary>A present, non-null member, or null.</summary>
    public static JsonElement? Member(JsonElement body, string name) =>
        body.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null ? value : null;

    public static string? Text(JsonElement body, string name) => Member(body, name) is { ValueKind: JsonValueKind.String } value ? value.GetString() : null;

    public static long? Integer(JsonElement body, string name) => Member(body, name) is { ValueKind: JsonValueKind.Number } value ? (long)value.GetDouble() : null;

    public static double? Number(JsonElement body, string name) => Member(body, name) is { ValueKind: JsonValueKind.Number } value ? value.GetDouble() : null;

    public static bool Flag(JsonElement body, string name) => Member(body, name) is { ValueKind: JsonValueKind.True };

    /// <summary>The strings of a string-or-list field, in order (empty when absent).</summary>
    public static IReadOnlyList<string> Strings(JsonElement body, string name) => Member(body, name) switch
    {
        { ValueKind: JsonValueKind.String } value => [value.GetString()!],
        { ValueKind: JsonValueKind.Array } list => [.. list.EnumerateArray().Select(item => item.GetString()!)],
        _ => [],
    };

    /// <summary>Parses <c>WxH</c>.</summary>
    public static bool TryParseSize(string text, out int width, out int height)
    {
        width = height = 0;
        var match = SizePattern().Match(text);
        return match.Success &&
            int.TryParse(match.Groups[1].ValueSpan, NumberStyles.None, CultureInfo.InvariantCulture, out width) &&
            int.TryParse(match.Groups[2].ValueSpan, NumberStyles.None, CultureInfo.InvariantCulture, out height);
    }

    /// <summary>Decodes bare base64 or a <c>data:</c> URI, or returns null.</summary>
    public static byte[]? DecodeInline(string text)
    {
        var data = text;
        if (text.StartsWith("data:", StringComparison.OrdinalIgnoreCase))
        {
            var comma = text.IndexOf(',', StringComparison.Ordinal);
            if (comma < 0 || !text.AsSpan(0, comma).EndsWith(";base64", StringComparison.OrdinalIgnoreCase))
            {
                return null;
            }

            data = text[(comma + 1)..];
        }

        if (data.Length == 0)
        {
            return null;
        }

        try
        {
            var bytes = Convert.FromBase64String(data);
            return bytes.Length > 0 ? bytes : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }

    /// <summary>Whether <paramref name="text"/> looks like a URL rather than inline data.</summary>
    public static bool IsUrl(string text) =>
        text.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || text.StartsWith("https://", StringComparison.OrdinalIgnoreCase);

    /// <summary>The (width, height) of a PNG or baseline/progressive JPEG, or null for anything else.</summary>
    public static (int Width, int Height)? ImageSize(byte[] bytes)
    {
        if (bytes.Length >= 24 && bytes[0] == 0x89 && bytes[1] == (byte)'P')
        {
            try
            {
                return PngDecoder.ReadSize(bytes);
            }
            catch (InvalidDataException)
            {
                return null;
            }
        }

        if (bytes.Length > 4 && bytes[0] == 0xFF && bytes[1] == 0xD8)
        {
            var i = 2;
            while (i + 9 < bytes.Length && bytes[i] == 0xFF)
            {
                var marker = bytes[i + 1];
                var length = (bytes[i + 2] << 8) | bytes[i + 3];
                if (marker is >= 0xC0 and <= 0xCF and not 0xC4 and not 0xC8 and not 0xCC)
                {
                    return ((bytes[i + 7] << 8) | bytes[i + 8], (bytes[i + 5] << 8) | bytes[i + 6]);
                }

                i += 2 + length;
            }
        }

        return null;
    }

    /// <summary>Whether a PNG carries alpha: colour type 4 or 6, or a <c>tRNS</c> chunk.</summary>
    public static bool PngHasAlpha(byte[] png)
    {
        if (png.Length < 33 || png[0] != 0x89 || png[1] != (byte)'P' || png[2] != (byte)'N' || png[3] != (byte)'G')
        {
            return false;
        }

        if (png[25] is 4 or 6)
        {
            return true;
        }

        var offset = 8;
        while (offset + 8 <= png.Length)
        {
            var length = (png[offset] << 24) | (png[offset + 1] << 16) | (png[offset + 2] << 8) | png[offset + 3];
            var type = System.Text.Encoding.ASCII.GetString(png, offset + 4, 4);
            if (type == "tRNS")
            {
                return true;
            }

            if (type is "IDAT" or "IEND" || length < 0)
            {
                return false;
            }

            offset += 12 + length;
        }

        return false;
    }

    private static (string Type, string Msg) TypeError(RelayGpuFieldKind kind) => kind switch
    {
        RelayGpuFieldKind.String => ("string_type", "Input should be a valid string"),
        RelayGpuFieldKind.Integer => ("int_type", "Input should be a valid integer"),
        RelayGpuFieldKind.Number => ("float_type", "Input should be a valid number"),
        RelayGpuFieldKind.Boolean => ("bool_type", "Input should be a valid boolean"),
        RelayGpuFieldKind.StringList => ("list_type", "Input should be a valid list"),
        _ => ("string_type", "Input should be a valid string or a valid list"),
    };

    private static void CheckValue(RelayGpuField field, JsonElement value, List<RelayGpuIssue> issues, string name)
    {
        var (type, msg) = TypeError(field.Kind);
        switch (field.Kind)
        {
            case RelayGpuFieldKind.String when value.ValueKind != JsonValueKind.String:
            case RelayGpuFieldKind.Boolean when value.ValueKind is not (JsonValueKind.True or JsonValueKind.False):
            case RelayGpuFieldKind.Number when value.ValueKind != JsonValueKind.Number:
            case RelayGpuFieldKind.StringList when value.ValueKind != JsonValueKind.Array:
            case RelayGpuFieldKind.StringOrList when value.ValueKind is not (JsonValueKind.String or JsonValueKind.Array):
                issues.Add(RelayGpuIssue.At(type, msg, name));
                return;
            case RelayGpuFieldKind.Integer when value.ValueKind != JsonValueKind.Number:
                issues.Add(RelayGpuIssue.At(type, msg, name));
                return;
            case RelayGpuFieldKind.Integer when !value.TryGetInt64(out _):
                issues.Add(value.TryGetDouble(out var number) && Math.Abs(number) < 9.2e18 && number != Math.Floor(number)
                    ? RelayGpuIssue.At("int_from_float", "Input should be a valid integer, got a number with a fractional part", name)
                    : RelayGpuIssue.At("int_parsing_size", "Unable to parse input string as an integer, exceeded maximum size", name));
                return;
        }

        if (value.ValueKind == JsonValueKind.Number)
        {
            CheckNumber(field, value.GetDouble(), issues, name);
            return;
        }

        if (value.ValueKind == JsonValueKind.String)
        {
            CheckString(field, value.GetString()!, issues, [name]);
            return;
        }

        if (value.ValueKind == JsonValueKind.Array)
        {
            var count = value.GetArrayLength();
            if (field.MinItems is { } min && count < min)
            {
                issues.Add(RelayGpuIssue.At("too_short", $"List should have at least {min} item{(min == 1 ? string.Empty : "s")} after validation, not {count}", name));
            }

            if (field.MaxItems is { } max && count > max)
            {
                issues.Add(RelayGpuIssue.At("too_long", $"List should have at most {max} item{(max == 1 ? string.Empty : "s")} after validation, not {count}", name));
            }

            var index = 0;
            foreach (var item in value.EnumerateArray())
            {
                if (item.ValueKind != JsonValueKind.String)
                {
                    issues.Add(RelayGpuIssue.At("string_type", "Input should be a valid string", name, index));
                }
                else
                {
                    CheckString(field, item.GetString()!, issues, [name, index]);
                }

                index++;
            }
        }
    }

    private static void CheckNumber(RelayGpuField field, double number, List<RelayGpuIssue> issues, string name)
    {
        if (field.Minimum is { } min && number < min)
        {
            issues.Add(RelayGpuIssue.At("greater_than_equal", $"Input should be greater than or equal to {Format(min)}", name));
        }
        else if (field.Maximum is { } max && number > max)
        {
            issues.Add(RelayGpuIssue.At("less_than_equal", $"Input should be less than or equal to {Format(max)}", name));
        }
        else if (field.MultipleOf is { } step && (long)number % step != 0)
        {
            issues.Add(RelayGpuIssue.At("multiple_of", $"Input should be a multiple of {step}", name));
        }
    }

    private static void CheckString(RelayGpuField field, string text, List<RelayGpuIssue> issues, object[] path)
    {
        if (field.Content == RelayGpuContent.Size)
        {
            if (field.Enum?.Contains(text, StringComparer.Ordinal) == true)
            {
                return;
            }

            if (!TryParseSize(text, out var width, out var height))
            {
                var presets = field.Enum is { Count: > 0 } list ? string.Join(", ", list) + " or " : string.Empty;
                issues.Add(RelayGpuIssue.Value($"size must be {presets}WxH (for example 1024x1024), got '{text}'", path));
            }
            else if (width is < 64 or > 4096 || height is < 64 or > 4096)
            {
                issues.Add(RelayGpuIssue.Value($"each side of size must be between 64 and 4096 pixels, got '{text}'", path));
            }

            return;
        }

        if (field.Enum is { } values && !values.Contains(text, StringComparer.Ordinal))
        {
            var quoted = values.Select(item => $"'{item}'").ToArray();
            var expected = quoted.Length == 1 ? quoted[0] : string.Join(", ", quoted[..^1]) + " or " + quoted[^1];
            issues.Add(RelayGpuIssue.At("literal_error", $"Input should be {expected}", path));
            return;
        }

        if (field.MinLength is { } minLength && text.Length < minLength)
        {
            issues.Add(RelayGpuIssue.At("string_too_short", $"String should have at least {minLength} character{(minLength == 1 ? string.Empty : "s")}", path));
            return;
        }

        if (field.MaxLength is { } maxLength && text.Length > maxLength)
        {
            issues.Add(RelayGpuIssue.At("string_too_long", $"String should have at most {maxLength} characters", path));
            return;
        }

        var problem = field.Content switch
        {
            RelayGpuContent.Base64 => DecodeInline(text) is null || text.StartsWith("data:", StringComparison.OrdinalIgnoreCase)
                ? "must be bare base64 (no data: prefix) that decodes"
                : null,
            RelayGpuContent.Base64OrDataUri => DecodeInline(text) is null ? "must be base64 or a data: URI that decodes" : null,
            RelayGpuContent.UrlOrBase64 => IsUrl(text)
                ? UrlProblem(text, httpsOnly: false)
                : DecodeInline(text) is null ? "must be an absolute http(s) URL, base64 or a data: URI" : null,
            RelayGpuContent.UrlOrDataUri => text.StartsWith("data:", StringComparison.OrdinalIgnoreCase)
                ? DecodeInline(text) is null ? "must be a data: URI that decodes" : null
                : UrlProblem(text, httpsOnly: true),
            RelayGpuContent.WebhookUrl => WebhookUrlProblem(text),
            _ => null,
        };
        if (problem is not null)
        {
            issues.Add(RelayGpuIssue.Value($"{path[0]} {problem}", path));
        }
    }

    private static string? UrlProblem(string text, bool httpsOnly)
    {
        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https") || uri.Host.Length == 0)
        {
            return "must be an absolute http(s) URL";
        }

        return httpsOnly && uri.Scheme != "https" && !WebhookSender.IsLoopback(uri)
            ? "must be an https URL or a data: URI"
            : null;
    }

    private static string? WebhookUrlProblem(string text)
    {
        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https") || uri.Host.Length == 0)
        {
            return "must be an absolute https URL";
        }

        if (uri.UserInfo.Length > 0)
        {
            return "must not carry credentials";
        }

        // The real service takes https to a public host only; the emulator also takes http to this machine, where tests listen.
        return uri.Scheme != "https" && !WebhookSender.IsLoopback(uri) ? "must use https" : null;
    }

    private static void CrossCheck(RelayGpuRoute route, JsonElement body, bool guest, List<RelayGpuIssue> issues)
    {
        var isAsync = Flag(body, "async");
        if (route.SyncOnly && isAsync)
        {
            issues.Add(RelayGpuIssue.Value("this route is synchronous only; send async false or leave it out", "async"));
        }

        if (Text(body, "webhook_url") is not null)
        {
            if (guest)
            {
                issues.Add(RelayGpuIssue.Value("webhook_url requires an API key; guests cannot receive webhooks", "webhook_url"));
            }
            else if (!isAsync)
            {
                issues.Add(RelayGpuIssue.Value("webhook_url requires \"async\": true", "webhook_url"));
            }
        }

        if (Text(body, "store_output") is { } store && store != "provider")
        {
            if (!route.StoreOutputSupported)
            {
                issues.Add(RelayGpuIssue.Value($"store_output '{store}' is not available on routes that return media inline (base64); use 'provider'", "store_output"));
            }
            else if (guest)
            {
                issues.Add(RelayGpuIssue.Value($"store_output '{store}' is not available to the guest tier; use 'provider' or send an API key", "store_output"));
            }
        }

        switch (route.Path)
        {
            case RelayGpuCatalog.GeminiPath:
                CheckGemini(body, issues);
                break;
            case RelayGpuCatalog.GptImageEditPath:
                CheckMask(body, Text(body, "image"), issues);
                break;
            case RelayGpuCatalog.GptImage2Path:
                var images = Strings(body, "image");
                if (Text(body, "mask") is not null && images.Count == 0)
                {
                    issues.Add(RelayGpuIssue.Value("mask requires image", "mask"));
                }
                else
                {
                    CheckMask(body, images.Count > 0 ? images[0] : null, issues);
                }

                break;
            case RelayGpuCatalog.SeedreamPath:
                if (Text(body, "size") is { } size && TryParseSize(size, out var width, out var height) && (long)width * height > SeedreamMaxPixels)
                {
                    issues.Add(RelayGpuIssue.Value($"size {size} is {(long)width * height} pixels; at most {SeedreamMaxPixels} are allowed", "size"));
                }

                break;
            case RelayGpuCatalog.WanPath:
                if (Text(body, "prompt") is null && Text(body, "image") is null && Member(body, "images") is null)
                {
                    issues.Add(new RelayGpuIssue("value_error", ["body"], "Value error, at least one of prompt, image or images is required"));
                }

                if (Integer(body, "n") is > 4 and var n && !Flag(body, "enable_sequential"))
                {
                    issues.Add(RelayGpuIssue.Value($"n may be at most 4 unless enable_sequential is true (got {n})", "n"));
                }

                break;
        }
    }

    private static void CheckGemini(JsonElement body, List<RelayGpuIssue> issues)
    {
        var model = Text(body, "model") ?? RelayGpuCatalog.GeminiPro;
        var hasImages = Member(body, "images") is not null;
        if (Text(body, "image") is not null && hasImages)
        {
            issues.Add(new RelayGpuIssue("value_error", ["body"], "Value error, 'image' and 'images' are mutually exclusive; send one of them"));
        }
        else if (hasImages && model != RelayGpuCatalog.GeminiPro)
        {
            issues.Add(RelayGpuIssue.Value($"images (multiple references) is only supported by {RelayGpuCatalog.GeminiPro}, not {model}; send one 'image'", "images"));
        }

        if (Text(body, "image_size") == "0.5K" && model != RelayGpuCatalog.GeminiFlashPreview)
        {
            issues.Add(RelayGpuIssue.Value($"image_size 0.5K is only supported by {RelayGpuCatalog.GeminiFlashPreview}, not {model}", "image_size"));
        }
    }

    private static void CheckMask(JsonElement body, string? image, List<RelayGpuIssue> issues)
    {
        if (Text(body, "mask") is not { } maskText || DecodeInline(maskText) is not { } mask)
        {
            return;
        }

        if (ImageSize(mask) is not { } maskSize || mask[1] != (byte)'P')
        {
            issues.Add(RelayGpuIssue.Value("mask must be a PNG", "mask"));
            return;
        }

        if (!PngHasAlpha(mask))
        {
            issues.Add(RelayGpuIssue.Value("mask must be a PNG with an alpha channel (fully transparent pixels mark the area to edit)", "mask"));
            return;
        }

        if (image is not null && DecodeInline(image) is { } source && ImageSize(source) is { } imageSize && imageSize != maskSize)
        {
            issues.Add(RelayGpuIssue.Value($"mask is {maskSize.Width}x{maskSize.Height} but image is {imageSize.Width}x{imageSize.Height}; they must be the same size", "mask"));
        }
    }

    private static string Format(double value) => value.ToString(CultureInfo.InvariantCulture);

    [GeneratedRegex("^([0-9]{1,5})x([0-9]{1,5})$", RegexOptions.CultureInvariant)]
    private static partial Regex SizePattern();
}
