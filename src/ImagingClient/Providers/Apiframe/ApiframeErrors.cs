using System.Globalization;
using System.Text;
using System.Text.Json;
using ImagingClient.Http;
using ImagingClient.Providers.Apiframe.Wire;

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

    private static ProviderErrorBody? Parse(ReadOnlySpan<byte> body)
    {
        if (body.IsEmpty)
        {
            return null;
        }

        ApiframeErrorRecord? record;
        try
        {
            record = JsonSerializer.Deserialize(body, ApiframeJsonContext.Default.ApiframeErrorRecord);
        }
        catch (JsonException)
        {
            return null;
        }

        var error = record?.Error.ValueKind switch
        {
            JsonValueKind.String => record.Error.GetString(),
            JsonValueKind.Object when record.Error.TryGetProperty("message", out var inner) && inner.ValueKind == JsonValueKind.String => inner.GetString(),
            _ => record?.Message,
        };
        if (record is null || string.IsNullOrWhiteSpace(error))
        {
            return null;
        }

        var message = new StringBuilder(error.TrimEnd('.', ' '));
        if (record.CreditsRequired is not null || record.CreditsAvailable is not null)
        {
            message.Append(CultureInfo.InvariantCulture, $" ({Show(record.CreditsRequired)} credits required, {Show(record.CreditsAvailable)} available)");
        }

        string? details = null;
        if (record.Details.ValueKind == JsonValueKind.Object)
        {
            details = record.Details.GetRawText();
            var fields = new List<string>();
            foreach (var property in record.Details.EnumerateObject())
            {
                var messages = property.Value.ValueKind == JsonValueKind.Array
                    ? string.Join("; ", property.Value.EnumerateArray().Select(m => m.ValueKind == JsonValueKind.String ? m.GetString() : m.GetRawText()))
                    : property.Value.ValueKind == JsonValueKind.String ? property.Value.GetString() : property.Value.GetRawText();
                fields.Add($"{(property.Name.Length == 0 ? "(body)" : property.Name)}: {messages}");
            }

            if (fields.Count > 0)
            {
                message.Append(" — ").AppendJoin("; ", fields);
            }
        }

        if (details is null && (record.CreditsRequired is not null || record.CreditsAvailable is not null))
        {
            // The numbers a 402 carries, as JSON like other details, for callers who act on them.
            details = string.Create(CultureInfo.InvariantCulture, $"{{\"creditsRequired\":{Json(record.CreditsRequired)},\"creditsAvailable\":{Json(record.CreditsAvailable)}}}");
        }

        return new ProviderErrorBody { Message = message.ToString(), Details = details };
    }

    private static string Json(double? credits) => credits?.ToString(CultureInfo.InvariantCulture) ?? "null";

    private static string Show(double? credits) => credits?.ToString(CultureInfo.InvariantCulture) ?? "?";
}
