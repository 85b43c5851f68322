using System.Text.Json;
using System.Text.Json.Serialization;

namespace ImagingClient.Providers.Kie.Wire;

/// <summary>Body of <c>POST /api/v1/common/download-url</c>.</summary>
internal sealed class KieDownloadUrlBody
{
    [JsonPropertyName("url")]
    public required string Url { get; init; }
}

/// <summary>
/// Kie's envelope <c>{code, msg, data}</c>. <c>data</c> is kept raw: its shape depends on the endpoint, and on errors it
/// is <c>null</c>.
/// </summary>
internal sealed class KieEnvelope
{
    [JsonPropertyName("code")]
    public int? Code { get; init; }

    [JsonPropertyName("msg")]
    public string? Message { get; init; }

    [JsonPropertyName("data")]
    public JsonElement Data { get; init; }
}

/// <summary><c>data</c> of <c>GET /api/v1/flux/kontext/record-info</c>.</summary>
internal sealed class KieTaskRecord
{
    [JsonPropertyName("taskId")]
    public string? TaskId { get; init; }

    /// <summary>The request as Kie recorded it: documented as a JSON string, read leniently as any JSON.</summary>
    [JsonPropertyName("paramJson")]
    public JsonElement ParamJson { get; init; }

    [JsonPropertyName("completeTime")]
    public JsonElement CompleteTime { get; init; }

    [JsonPropertyName("createTime")]
    public JsonElement CreateTime { get; init; }

    /// <summary>Null or absent while generating; read leniently so an odd shape never ends a wait.</summary>
    [JsonPropertyName("response")]
    public JsonElement Response { get; init; }

    [JsonPropertyName("successFlag")]
    public JsonElement SuccessFlag { get; init; }

    [JsonPropertyName("errorCode")]
    public JsonElement ErrorCode { get; init; }

    [JsonPropertyName("errorMessage")]
    public string? ErrorMessage { get; init; }
}

/// <summary>The image URLs of a task (<c>response</c> when polled, <c>info</c> in a callback).</summary>
internal sealed class KieTaskImages
{
    [JsonPropertyName("originImageUrl")]
    public string? OriginImageUrl { get; init; }

    [JsonPropertyName("resultImageUrl")]
    public string? ResultImageUrl { get; init; }
}

/// <summary>A callback's body: <c>{code, msg, data:{taskId | task_id, info:{originImageUrl, resultImageUrl}}}</c>.</summary>
internal sealed class KieCallbackBody
{
    [JsonPropertyName("code")]
    public int? Code { get; init; }

    [JsonPropertyName("msg")]
    public string? Message { get; init; }

    [JsonPropertyName("data")]
    public KieCallbackData? Data { get; init; }
}

internal sealed class KieCallbackData
{
    [JsonPropertyName("taskId")]
    public string? TaskId { get; init; }

    [JsonPropertyName("task_id")]
    public string? TaskIdSnakeCase { get; init; }

    [JsonPropertyName("info")]
    public KieTaskImages? Info { get; init; }
}
