using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using ImagingClient.Emulator.Hosting;
using Microsoft.AspNetCore.Http;

namespace ImagingClient.Emulator.RelayGpu;

/// <summary>
/// RelayGPU's error body (<c>RelayErrorResponse</c>, spec §2.8) on every non-2xx answer:
/// <c>{"detail": &lt;string|list|object&gt;, "error": {"code","type","source","message","request_id"[,"detail"]}}</c>,
/// with <c>request_id</c> equal to the response's <c>X-Request-ID</c>.
/// </summary>
internal static class RelayGpuErrors
{
    public const string RequestIdHeader = "X-Request-ID";

    public static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private const string RequestIdItem = "relaygpu.request-id";

    /// <summary>Gives the request a fresh id and sends it as <c>X-Request-ID</c>.</summary>
    public static void AssignRequestId(HttpContext context)
    {
        var id = Guid.NewGuid().ToString("D");
        context.Items[RequestIdItem] = id;
        context.Response.Headers[RequestIdHeader] = id;
    }

    public static string RequestId(HttpContext context) => context.Items[RequestIdItem] as string ?? string.Empty;

    /// <summary>The error <c>code</c> a bare HTTP status stands for (an injected fault without a code of its own).</summary>
    public static string? CodeFor(int status) => status switch
    {
        400 => "UPSTREAM_INVALID_REQUEST",
        401 => "INVALID_API_KEY",
        402 => "INSUFFICIENT_CREDITS",
        403 => "MODEL_NOT_AVAILABLE",
        404 => "TASK_NOT_FOUND",
        409 => "IDEMPOTENCY_IN_PROGRESS",
        422 => "VALIDATION_ERROR",
        429 => "RATE_LIMITED",
        500 => "INTERNAL_ERROR",
        502 => "UPSTREAM_ERROR",
        503 => "CAPACITY_EXHAUSTED",
        504 => "UPSTREAM_TIMEOUT",
        _ => null,
    };

    /// <summary>The <c>Retry-After</c> seconds the service sends with a status when the fault gives none.</summary>
    public static int? DefaultRetryAfter(int status, string? code) => (status, code) switch
    {
        (429, _) => 60,
        (503, _) => 5,
        (409, "IDEMPOTENCY_IN_PROGRESS") => 1,
        _ => null,
    };

    /// <summary>The error's <c>type</c> and <c>source</c>.</summary>
    public static (string? Type, string? Source) Classify(int status, string? code) => code switch
    {
        "VALIDATION_ERROR" or "IDEMPOTENCY_KEY_REUSED" or "IDEMPOTENCY_IN_PROGRESS" or "TASK_NOT_FOUND" or "MODEL_NOT_FOUND" => ("validation", "client"),
        "CONTENT_POLICY_DECLINED" or "IMAGE_TEXT_RESPONSE" or "UPSTREAM_INVALID_REQUEST" => ("validation", "provider"),
        "INVALID_API_KEY" or "MISSING_CREDENTIALS" => ("authentication", "client"),
        "INSUFFICIENT_CREDITS" or "KEY_BUDGET_EXHAUSTED" or "SCOPE_DENIED" or "TIER_FEATURE_UNAVAILABLE" => ("authorization", "client"),
        "MODEL_NOT_AVAILABLE" => ("unavailable", "relay"),
        "MODEL_RETIRED" => ("removed", "relay"),
        "RATE_LIMITED" => ("rate_limit", "relay"),
        "CAPACITY_EXHAUSTED" => ("unavailable", "relay"),
        "PROVIDER_UNAVAILABLE" => ("unavailable", "provider"),
        "IMAGE_NO_OUTPUT" or "UPSTREAM_ERROR" => ("internal", "provider"),
        "UPSTREAM_TIMEOUT" => ("timeout", "provider"),
        "INTERNAL_ERROR" => ("internal", "relay"),
        null => (null, null),
        _ => status >= 500 ? ("internal", "relay") : ("validation", "client"),
    };

    /// <summary>Writes an error whose <c>detail</c> is the message.</summary>
    public static Task WriteAsync(HttpContext context, int status, string? code, string message, string? errorDetailJson = null, int? retryAfterSeconds = null)
    {
        if ((retryAfterSeconds ?? DefaultRetryAfter(status, code)) is { } seconds)
        {
            context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        }

        return HttpResponses.WriteJsonAsync(
            context,
            status,
            writer =>
            {
                writer.WriteStartObject();
                writer.WriteString("detail", message);
                WriteError(writer, context, status, code, message, errorDetailJson is null ? null : w => w.WriteRawValue(errorDetailJson));
                writer.WriteEndObject();
            },
            WriterOptions);
    }

    /// <summary>Writes a 422 <c>VALIDATION_ERROR</c> whose <c>detail</c> (and <c>error.detail</c>) is the FastAPI list.</summary>
    public static Task WriteValidationAsync(HttpContext context, IReadOnlyList<RelayGpuIssue> issues)
    {
        var message = "Request validation failed: " + string.Join("; ", issues.Select(issue => string.Join('.', issue.Loc) + ": " + issue.Msg));
        return HttpResponses.WriteJsonAsync(
            context,
            StatusCodes.Status422UnprocessableEntity,
            writer =>
            {
                writer.WriteStartObject();
                writer.WritePropertyName("detail");
                WriteIssues(writer, issues);
                WriteError(writer, context, StatusCodes.Status422UnprocessableEntity, "VALIDATION_ERROR", message, w => WriteIssues(w, issues));
                writer.WriteEndObject();
            },
            WriterOptions);
    }

    private static void WriteIssues(Utf8JsonWriter writer, IReadOnlyList<RelayGpuIssue> issues)
    {
        writer.WriteStartArray();
        foreach (var issue in issues)
        {
            writer.WriteStartObject();
            writer.WriteString("type", issue.Type);
            writer.WriteStartArray("loc");
            foreach (var part in issue.Loc)
            {
                if (part is int index)
                {
                    writer.WriteNumberValue(index);
                }
                else
                {
                    writer.WriteStringValue(part.ToString());
                }
            }

            writer.WriteEndArray();
            writer.WriteString("msg", issue.Msg);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
    }

    private static void WriteError(Utf8JsonWriter writer, HttpContext context, int status, string? code, string message, Action<Utf8JsonWriter>? detail)
    {
        var (type, source) = Classify(status, code);
        writer.WriteStartObject("error");
        WriteNullable(writer, "code", code);
        WriteNullable(writer, "type", type);
        WriteNullable(writer, "source", source);
        writer.WriteString("message", message);
        writer.WriteString("request_id", RequestId(context));
        if (detail is not null)
        {
            writer.WritePropertyName("detail");
            detail(writer);
        }

        writer.WriteEndObject();
    }

    private static void WriteNullable(Utf8JsonWriter writer, string name, string? value)
    {
        if (value is null)
        {
            writer.WriteNull(name);
        }
        else
        {
            writer.WriteString(name, value);
        }
    }
}
