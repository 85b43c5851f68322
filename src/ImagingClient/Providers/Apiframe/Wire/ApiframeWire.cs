using System.Text.Json;
using System.Text.Json.Serialization;
using ImagingClient.Serialization;

namespace ImagingClient.Providers.Apiframe.Wire;

/// <summary>The answer to every creating POST: <c>202 {jobId, status}</c>.</summary>
internal sealed class ApiframeJobAccepted
{
    [JsonPropertyName("jobId")]
    public string? JobId { get; init; }

    [JsonPropertyName("status")]
    public string? Status { get; init; }
}

/// <summary>A job as <c>GET /v2/jobs/{id}</c> and <c>GET /v2/jobs</c> give it, and as a webhook carries it.</summary>
internal sealed class ApiframeJobRecord
{
    /// <summary>The job id (<c>id</c> in a job record, <c>jobId</c> in a webhook).</summary>
    [JsonPropertyName("id")]
    public string? Id { get; init; }

    [JsonPropertyName("jobId")]
    public string? JobId { get; init; }

    /// <summary>The webhook's event (<c>progress</c>, <c>completed</c>, <c>failed</c>); absent in a job record.</summary>
    [JsonPropertyName("event")]
    public string? Event { get; init; }

    [JsonPropertyName("status")]
    public string? Status { get; init; }

    [JsonPropertyName("model")]
    public string? Model { get; init; }

    /// <summary>0–100, or null.</summary>
    [JsonPropertyName("progress")]
    public double? Progress { get; init; }

    /// <summary>Untyped in the spec: a URL string or <c>{images: [...], gridUrl}</c>.</summary>
    [JsonPropertyName("result")]
    [JsonConverter(typeof(UrlOrImageSetConverter))]
    public WireImageSet? Result { get; init; }

    [JsonPropertyName("error")]
    public string? Error { get; init; }

    [JsonPropertyName("creditCost")]
    public double? CreditCost { get; init; }

    [JsonPropertyName("webhookStatus")]
    public string? WebhookStatus { get; init; }

    [JsonPropertyName("createdAt")]
    public DateTimeOffset? CreatedAt { get; init; }

    [JsonPropertyName("completedAt")]
    public DateTimeOffset? CompletedAt { get; init; }

    /// <summary>True once Apiframe has purged the job's CDN assets (after its retention, 24 hours by default).</summary>
    [JsonPropertyName("expired")]
    public bool? Expired { get; init; }

    [JsonPropertyName("input")]
    public JsonElement Input { get; init; }

    public string? IdOrJobId => string.IsNullOrWhiteSpace(Id) ? JobId : Id;
}

/// <summary><c>GET /v2/jobs</c>.</summary>
internal sealed class ApiframeJobList
{
    [JsonPropertyName("jobs")]
    public List<ApiframeJobRecord>? Jobs { get; init; }

    [JsonPropertyName("nextCursor")]
    public string? NextCursor { get; init; }

    [JsonPropertyName("hasMore")]
    public bool? HasMore { get; init; }

    [JsonPropertyName("models")]
    public List<string>? Models { get; init; }
}

/// <summary><c>POST /v2/uploads</c>' answer.</summary>
internal sealed class ApiframeUploadRecord
{
    [JsonPropertyName("id")]
    public string? Id { get; init; }

    [JsonPropertyName("url")]
    public string? Url { get; init; }

    [JsonPropertyName("kind")]
    public string? Kind { get; init; }

    [JsonPropertyName("contentType")]
    public string? ContentType { get; init; }

    [JsonPropertyName("byteSize")]
    public long? ByteSize { get; init; }

    [JsonPropertyName("expiresAt")]
    public DateTimeOffset? ExpiresAt { get; init; }
}

/// <summary><c>GET /v2/me</c>.</summary>
internal sealed class ApiframeMeRecord
{
    [JsonPropertyName("user")]
    public ApiframeMeUser? User { get; init; }

    [JsonPropertyName("team")]
    public ApiframeMeTeam? Team { get; init; }

    [JsonPropertyName("apiKey")]
    public ApiframeMeKey? ApiKey { get; init; }
}

internal sealed class ApiframeMeUser
{
    [JsonPropertyName("id")]
    public string? Id { get; init; }

    [JsonPropertyName("email")]
    public string? Email { get; init; }

    [JsonPropertyName("role")]
    public string? Role { get; init; }
}

internal sealed class ApiframeMeTeam
{
    [JsonPropertyName("id")]
    public string? Id { get; init; }

    [JsonPropertyName("name")]
    public string? Name { get; init; }

    [JsonPropertyName("credits")]
    public long? Credits { get; init; }

    [JsonPropertyName("plan")]
    public string? Plan { get; init; }

    [JsonPropertyName("customerId")]
    public string? CustomerId { get; init; }
}

internal sealed class ApiframeMeKey
{
    [JsonPropertyName("id")]
    public string? Id { get; init; }

    [JsonPropertyName("name")]
    public string? Name { get; init; }

    [JsonPropertyName("prefix")]
    public string? Prefix { get; init; }
}

/// <summary><c>GET /v2/models</c>.</summary>
internal sealed class ApiframeModelList
{
    [JsonPropertyName("models")]
    public List<JsonElement>? Models { get; init; }
}
