using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace ImagingClient.Serialization;

/// <summary>Lenient reads of answers whose shape a provider may vary: a field of another type is absent, not an error.</summary>
internal static class JsonFields
{
    /// <summary>The body as <typeparamref name="T"/>, or <see langword="null"/> when it is empty or not that JSON.</summary>
    public static T? Read<T>(byte[] body, JsonTypeInfo<T> type)
        where T : class
    {
        try
        {
            return body.Length == 0 ? null : JsonSerializer.Deserialize(body, type);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>A string property of an object, or <see langword="null"/>.</summary>
    public static string? String(JsonElement obj, string name) =>
        obj.ValueKind == JsonValueKind.Object && obj.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    /// <summary>A number property of an object, or <see langword="null"/>.</summary>
    public static double? Number(JsonElement obj, string name) =>
        obj.ValueKind == JsonValueKind.Object && obj.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number ? value.GetDouble() : null;

    /// <summary>Whether a property of an object is <c>true</c>.</summary>
    public static bool IsTrue(JsonElement obj, string name) =>
        obj.ValueKind == JsonValueKind.Object && obj.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.True;
}
