using System.Runtime.InteropServices;
using System.Text;
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
        obj.ValueKind == JsonValueKind.Object && obj.TryGetProperty(name, out var value) ? Text(value) : null;

    /// <summary>
    /// A string value's text, or <see langword="null"/> when it is not a string or its text cannot be a
    /// <see cref="string"/>: bytes that are not UTF-8, or an escaped lone surrogate (<c>"\ud800"</c>), for which
    /// <see cref="JsonElement.GetString"/> throws <see cref="InvalidOperationException"/>.
    /// </summary>
    public static string? Text(JsonElement value)
    {
        if (value.ValueKind != JsonValueKind.String)
        {
            return null;
        }

        try
        {
            return value.GetString();
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }

    /// <summary>
    /// A value as the JSON text it was sent as; bytes that are not UTF-8 read as U+FFFD, where
    /// <see cref="JsonElement.GetRawText"/> throws.
    /// </summary>
    public static string RawText(JsonElement value) => Encoding.UTF8.GetString(JsonMarshal.GetRawUtf8Value(value));

    /// <summary>A property's name; as sent (escapes kept, bytes that are not UTF-8 as U+FFFD) when it cannot be a <see cref="string"/>.</summary>
    public static string Name(JsonProperty property)
    {
        try
        {
            return property.Name;
        }
        catch (InvalidOperationException)
        {
            return Encoding.UTF8.GetString(JsonMarshal.GetRawUtf8PropertyName(property));
        }
    }

    /// <summary>
    /// A number property of an object, or <see langword="null"/>; also for a number no <see cref="double"/> holds, such
    /// as <c>1e400</c>, which <see cref="JsonElement.GetDouble"/> reads as infinity.
    /// </summary>
    public static double? Number(JsonElement obj, string name) =>
        obj.ValueKind == JsonValueKind.Object && obj.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetDouble(out var number) && double.IsFinite(number) ? number : null;

    /// <summary>Whether a property of an object is <c>true</c>.</summary>
    public static bool IsTrue(JsonElement obj, string name) =>
        obj.ValueKind == JsonValueKind.Object && obj.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.True;
}
