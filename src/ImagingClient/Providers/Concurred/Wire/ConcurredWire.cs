using System.Text.Json;
using System.Text.Json.Serialization;
using ImagingClient.Serialization;

namespace ImagingClient.Providers.Concurred.Wire;

/// <summary>Body of <c>POST /api/v1/image/generate</c>.</summary>
internal sealed class ConcurredGenerateBody
{
    [JsonPropertyName("model")]
    public required string Model { get; init; }

    [JsonPropertyName("prompt")]
    public required string Prompt { get; init; }

    [JsonPropertyName("width")]
    public int? Width { get; init; }

    [JsonPropertyName("height")]
    public int? Height { get; init; }

    [JsonPropertyName("aspect_ratio")]
    public string? AspectRatio { get; init; }

    [JsonPropertyName("num_images")]
    public int? NumImages { get; init; }

    [JsonPropertyName("image_size")]
    public string? ImageSize { get; init; }

    [JsonPropertyName("seed")]
    public long? Seed { get; init; }
}

/// <summary>Body of <c>POST /api/v1/image/edit</c>.</summary>
internal sealed class ConcurredEditBody
{
    [JsonPropertyName("model")]
    public required string Model { get; init; }

    [JsonPropertyName("prompt")]
    public required string Prompt { get; init; }

    [JsonPropertyName("image_url")]
    public required string ImageUrl { get; init; }

    [JsonPropertyName("seed")]
    public long? Seed { get; init; }
}

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
