using System.Text;
using System.Text.Json;
using ImagingClient.Http;
using ImagingClient.Serialization;

namespace ImagingClient.Providers.RelayGpu;

/// <summary>
/// RelayGPU's errors: <c>{detail, error: {code, type, source, message, request_id, detail}}</c>, where <c>error.code</c>
/// may be null (not yet classified) and the HTTP status is authoritative; a 422 lists its fields in <c>detail</c>.
/// </summary>
internal static class RelayGpuErrors
{
    public static readonly ProviderErrorFormat Format = new(
        "{detail, error: {code, message, request_id}}",
        static body => Parse(body),
        static (code, status) => code is null ? Map(null, status) : Map(code, status));

    /// <summary>The provider-neutral code of a RelayGPU code (the documented table), or of the status when there is none.</summary>
    public static ImagingErrorCode Map(string? code, int status) => code switch
    {
        "CONTENT_POLICY_DECLINED" => ImagingErrorCode.ContentPolicy,
        "IMAGE_TEXT_RESPONSE" or "IMAGE_NO_OUTPUT" => ImagingErrorCode.GenerationFailed,
        "VALIDATION_ERROR" or "UPSTREAM_INVALID_REQUEST" => ImagingErrorCode.InvalidRequest,
        "INSUFFICIENT_CREDITS" or "KEY_BUDGET_EXHAUSTED" => ImagingErrorCode.InsufficientCredits,
        "MODEL_NOT_AVAILABLE" or "MODEL_RETIRED" or "MODEL_NOT_FOUND" => ImagingErrorCode.ModelNotFound,
        "SCOPE_DENIED" or "TIER_FEATURE_UNAVAILABLE" => ImagingErrorCode.Forbidden,
        "TASK_NOT_FOUND" => ImagingErrorCode.ResultExpired,
        "RATE_LIMITED" => ImagingErrorCode.RateLimited,
        "CAPACITY_EXHAUSTED" or "PROVIDER_UNAVAILABLE" => ImagingErrorCode.Unavailable,
        "UPSTREAM_ERROR" or "INTERNAL_ERROR" => ImagingErrorCode.ServerError,
        "UPSTREAM_TIMEOUT" => ImagingErrorCode.Timeout,
        "IDEMPOTENCY_KEY_REUSED" => ImagingErrorCode.Conflict,
        // Still being accepted: the retry handler waits its Retry-After and asks again.
        "IDEMPOTENCY_IN_PROGRESS" => ImagingErrorCode.RateLimited,
        _ => status switch
        {
            409 => ImagingErrorCode.Conflict,
            410 => ImagingErrorCode.ModelNotFound,
            422 => ImagingErrorCode.InvalidRequest,
            502 => ImagingErrorCode.Unavailable,
            _ => HttpErrorCodes.FromStatus(status),
        },
    };

    /// <summary>Reads an error body field by field, leniently.</summary>
    private static ProviderErrorBody? Parse(ReadOnlySpan<byte> body)
    {
        if (body.IsEmpty)
        {
            return null;
        }

        JsonDocument document;
        try
        {
            var reader = new Utf8JsonReader(body, new JsonReaderOptions { AllowTrailingCommas = true });
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

            var error = root.TryGetProperty("error", out var e) && e.ValueKind == JsonValueKind.Object ? e : default;
            var code = JsonFields.String(error, "code");
            var message = JsonFields.String(error, "message");
            var detail = root.TryGetProperty("detail", out var d) ? d : default;
            var fields = FieldMessages(detail.ValueKind == JsonValueKind.Array ? detail : error.ValueKind == JsonValueKind.Object && error.TryGetProperty("detail", out var inner) ? inner : default);
            message ??= JsonFields.Text(detail);
            if (code is null && message is null && fields is null)
            {
                return null;
            }

            var text = new StringBuilder((message ?? "no message").Trim().TrimEnd('.'));
            if (fields is not null && !text.ToString().Contains(fields.Split("; ")[0], StringComparison.Ordinal))
            {
                text.Append(" — ").Append(fields);
            }

            return new ProviderErrorBody
            {
                Code = code,
                Message = text.ToString(),
                RequestId = JsonFields.String(error, "request_id"),
                Details = detail.ValueKind is JsonValueKind.Undefined or JsonValueKind.Null or JsonValueKind.String ? null : JsonFields.RawText(detail),
            };
        }
    }

    /// <summary>A FastAPI validation list (<c>[{type, loc, msg}]</c>) as "body.width: msg; …", or <see langword="null"/>.</summary>
    private static string? FieldMessages(JsonElement list)
    {
        if (list.ValueKind != JsonValueKind.Array)
        {
            return null;
        }

        var parts = new List<string>();
        foreach (var item in list.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.Object)
            {
                continue;
            }

            var location = item.TryGetProperty("loc", out var loc) && loc.ValueKind == JsonValueKind.Array
                ? string.Join('.', loc.EnumerateArray().Select(p => JsonFields.Text(p) ?? JsonFields.RawText(p)))
                : null;
            var msg = JsonFields.String(item, "msg") ?? JsonFields.String(item, "message");
            if (msg is not null)
            {
                parts.Add(location is null ? msg : $"{location}: {msg}");
            }
        }

        return parts.Count == 0 ? null : string.Join("; ", parts);
    }

    /// <summary>RelayGPU asks for a wait with <c>Retry-After</c> on 429 (60 s), 503 (5 s) and 409 in progress (1 s).</summary>
    public static ValueTask<TimeSpan?> ReadRetryAfterAsync(HttpResponseMessage response, DateTimeOffset now, CancellationToken cancellationToken) =>
        ValueTask.FromResult(ResponseHeaders.ReadRetryAfter(response.Headers, now));
}
