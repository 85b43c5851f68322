using System.Globalization;
using System.Text;
using System.Text.Json;
using ImagingClient.Http;
using ImagingClient.Serialization;

namespace ImagingClient.Providers.Apiframe;

/// <summary>
/// Apiframe's errors: <c>{error}</c>, with <c>details</c> (a JSON path to its messages) on a 400 and
/// <c>creditsRequired</c>/<c>creditsAvailable</c> on a 402. Apiframe sends no error codes, so the HTTP status decides.
/// </summary>
internal static class ApiframeErrors
{
    public static readonly ProviderErrorFormat Format = new(
        "{error, details?}",
        static body => Parse(body),
        static (_, status) => Map(status));

    /// <summary>The provider-neutral code for each status Apiframe documents.</summary>
    public static ImagingErrorCode Map(int status) => status switch
    {
        400 => ImagingErrorCode.InvalidRequest,
        401 => ImagingErrorCode.Unauthorized,
        402 => ImagingErrorCode.InsufficientCredits,
        403 => ImagingErrorCode.Forbidden,
        404 => ImagingErrorCode.NotFound,
        // An idempotency key replayed with another body, or a Midjourney action the parent job does not offer.
        409 => ImagingErrorCode.Conflict,
        429 => ImagingErrorCode.RateLimited,
        503 => ImagingErrorCode.Unavailable,
        _ => HttpErrorCodes.FromStatus(status),
    };

    /// <summary>
    /// Reads an error body field by field, leniently: a field of an unexpected type (a number as a string, details as
    /// text) is read as what it is, never a reason to drop the rest.
    /// </summary>
    private static ProviderErrorBody? Parse(ReadOnlySpan<byte> body)
    {
        if (body.IsEmpty)
        {
            return null;
        }

        JsonDocument document;
        try
        {
            var reader = new Utf8JsonReader(body, new JsonReaderOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip });
            document = JsonDocument.ParseValue(ref reader);
        }
        catch (JsonException)
        {
            return null;
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return null;
            }

            var error = Property(root, "error") is { } errorValue
                ? errorValue.ValueKind == JsonValueKind.Object ? Text(Property(errorValue, "message")) : Text(errorValue)
                : null;
            error ??= Text(Property(root, "message"));
            if (string.IsNullOrWhiteSpace(error))
            {
                return null;
            }

            var message = new StringBuilder(error.Trim().TrimEnd('.', ' '));
            var required = Credits(Property(root, "creditsRequired"));
            var available = Credits(Property(root, "creditsAvailable"));
            if (required is not null || available is not null)
            {
                message.Append(CultureInfo.InvariantCulture, $" ({Show(required)} credits required, {Show(available)} available)");
            }

            string? details = null;
            if (Property(root, "details") is { } detailsValue && detailsValue.ValueKind is not JsonValueKind.Null)
            {
                details = JsonFields.RawText(detailsValue);
                var fields = new List<string>();
                if (detailsValue.ValueKind == JsonValueKind.Object)
                {
                    foreach (var property in detailsValue.EnumerateObject())
                    {
                        var messages = property.Value.ValueKind == JsonValueKind.Array
                            ? string.Join("; ", property.Value.EnumerateArray().Select(m => Text(m) ?? JsonFields.RawText(m)))
                            : Text(property.Value) ?? JsonFields.RawText(property.Value);
                        var name = JsonFields.Name(property);
                        fields.Add($"{(name.Length == 0 ? "(body)" : name)}: {messages}");
                    }
                }
                else if (Text(detailsValue) is { Length: > 0 } text)
                {
                    fields.Add(text);
                }

                if (fields.Count > 0)
                {
                    message.Append(" — ").AppendJoin("; ", fields);
                }
            }

            if (details is null && (required is not null || available is not null))
            {
                // The numbers a 402 carries, as JSON like other details, for callers who act on them.
                details = string.Create(CultureInfo.InvariantCulture, $"{{\"creditsRequired\":{Json(required)},\"creditsAvailable\":{Json(available)}}}");
            }

            return new ProviderErrorBody { Message = message.ToString(), Details = details };
        }
    }

    private static JsonElement? Property(JsonElement obj, string name) =>
        obj.ValueKind == JsonValueKind.Object && obj.TryGetProperty(name, out var value) ? value : null;

    private static string? Text(JsonElement? value) => value?.ValueKind switch
    {
        JsonValueKind.String => JsonFields.Text(value.Value),
        JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => JsonFields.RawText(value.Value),
        _ => null,
    };

    private static double? Credits(JsonElement? value) => value?.ValueKind switch
    {
        JsonValueKind.Number when value.Value.TryGetDouble(out var number) => number,
        JsonValueKind.String when double.TryParse(JsonFields.Text(value.Value), NumberStyles.Float, CultureInfo.InvariantCulture, out var number) => number,
        _ => null,
    };

    private static string Json(double? credits) => credits?.ToString(CultureInfo.InvariantCulture) ?? "null";

    private static string Show(double? credits) => credits?.ToString(CultureInfo.InvariantCulture) ?? "?";
}
