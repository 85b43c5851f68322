using System.Text.Json;
using System.Text.Json.Serialization;
using ImagingClient.Serialization;

namespace ImagingClient.Providers.RelayGpu.Wire;

/// <summary>
/// An image route's answer, sync or as a task's <c>result</c>: bare base64 <c>images</c> or <c>urls</c> (either is
/// read on every route: the documentation and the live service disagree for some), and the metadata.
/// </summary>
internal sealed class RelayGpuImageBody
{
    [JsonPropertyName("images")]
    [JsonConverter(typeof(Base64StringListConverter))]
    public List<WireImage>? Images { get; init; }

    [JsonPropertyName("urls")]
    [JsonConverter(typeof(UrlStringListConverter))]
    public List<WireImage>? Urls { get; init; }

    [JsonPropertyName("model")]
    public string? Model { get; init; }

    [JsonPropertyName("task_id")]
    public string? TaskId { get; init; }

    [JsonPropertyName("task_address")]
    public string? TaskAddress { get; init; }

    [JsonPropertyName("mode")]
    public string? Mode { get; init; }

    [JsonPropertyName("finish_reason")]
    public string? FinishReason { get; init; }

    [JsonPropertyName("size")]
    public string? Size { get; init; }

    [JsonPropertyName("width")]
    public int? Width { get; init; }

    [JsonPropertyName("height")]
    public int? Height { get; init; }

    [JsonPropertyName("aspect_ratio")]
    public string? AspectRatio { get; init; }

    [JsonPropertyName("image_size")]
    public string? ImageSize { get; init; }

    [JsonPropertyName("success")]
    public bool? Success { get; init; }
}

/// <summary>The 202 of an async submit.</summary>
internal sealed class RelayGpuTaskAccepted
{
    [JsonPropertyName("task_id")]
    public string? TaskId { get; init; }

    [JsonPropertyName("status")]
    public string? Status { get; init; }

    [JsonPropertyName("poll_url")]
    public string? PollUrl { get; init; }

    [JsonPropertyName("message")]
    public string? Message { get; init; }
}

/// <summary><c>GET /v2/tasks/{task_id}</c>, and a webhook's body (the same fields plus <c>event</c>).</summary>
internal sealed class RelayGpuTaskStatus
{
    [JsonPropertyName("task_id")]
    public string? TaskId { get; init; }

    [JsonPropertyName("status")]
    public string? Status { get; init; }

    [JsonPropertyName("elapsed_seconds")]
    public double? ElapsedSeconds { get; init; }

    [JsonPropertyName("mode")]
    public string? Mode { get; init; }

    [JsonPropertyName("model")]
    public string? Model { get; init; }

    [JsonPropertyName("created_at")]
    public DateTimeOffset? CreatedAt { get; init; }

    [JsonPropertyName("result")]
    public RelayGpuImageBody? Result { get; init; }

    [JsonPropertyName("error")]
    public string? Error { get; init; }

    [JsonPropertyName("error_code")]
    public string? ErrorCode { get; init; }

    [JsonPropertyName("error_detail")]
    public JsonElement ErrorDetail { get; init; }

    [JsonPropertyName("event")]
    public string? Event { get; init; }

    [JsonPropertyName("result_omitted")]
    public bool? ResultOmitted { get; init; }
}

/// <summary><c>GET /v2/models</c>: a list of entries (read raw: RelayGPU adds fields freely).</summary>
internal sealed class RelayGpuModelList
{
    [JsonPropertyName("models")]
    public List<JsonElement>? Models { get; init; }

    [JsonPropertyName("data")]
    public List<JsonElement>? Data { get; init; }
}
