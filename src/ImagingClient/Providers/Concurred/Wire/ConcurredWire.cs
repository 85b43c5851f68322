using System.Text.Json;
using System.Text.Json.Serialization;
using ImagingClient.Serialization;

namespace ImagingClient.Providers.Concurred.Wire;

/// <summary>
/// Concurred's envelope, success or error: <c>{success, data:{model, provider, images}, meta:{requestId, timestamp}}</c>
/// or <c>{error:{code, message, details}}</c>. Every part is optional here; the client decides what is missing.
/// </summary>
internal sealed class ConcurredEnvelope
{
    [JsonPropertyName("success")]
    public bool? Success { get; init; }

    [JsonPropertyName("data")]
    public ConcurredData? Data { get; init; }

    [JsonPropertyName("meta")]
    public ConcurredMeta? Meta { get; init; }

    [JsonPropertyName("error")]
    public ConcurredError? Error { get; init; }
}

internal sealed class ConcurredData
{
    [JsonPropertyName("model")]
    public string? Model { get; init; }

    [JsonPropertyName("provider")]
    public string? Provider { get; init; }

    [JsonPropertyName("images")]
    [JsonConverter(typeof(ImageObjectListConverter))]
    public List<WireImage>? Images { get; init; }
}

internal sealed class ConcurredMeta
{
    [JsonPropertyName("requestId")]
    public string? RequestId { get; init; }

    [JsonPropertyName("timestamp")]
    public string? Timestamp { get; init; }
}

internal sealed class ConcurredError
{
    [JsonPropertyName("code")]
    public string? Code { get; init; }

    [JsonPropertyName("message")]
    public string? Message { get; init; }

    [JsonPropertyName("details")]
    public JsonElement? Details { get; init; }
}
