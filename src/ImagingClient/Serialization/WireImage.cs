using System.Buffers;
using System.Buffers.Text;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace ImagingClient.Serialization;

/// <summary>
/// One image as a provider sends it: either a URL, or base64 data with an optional media type.
/// </summary>
[JsonConverter(typeof(Base64OrUrlImageConverter))]
internal sealed class WireImage
{
    public Uri? Url { get; init; }

    /// <summary>Decoded bytes, when the provider sent base64.</summary>
    public byte[]? Data { get; init; }

    public string? MediaType { get; init; }
}

/// <summary>
/// Reads an image object of the form <c>{"url": "…"}</c> or <c>{"base64": "…", "mimeType": "image/png"}</c>.
/// The base64 is decoded from the UTF-8 JSON straight into the final byte array; it never passes through a
/// <see cref="string"/>. A <c>data:</c> URI in <c>url</c> is decoded the same way. Unknown properties are skipped.
/// </summary>
internal sealed class Base64OrUrlImageConverter : JsonConverter<WireImage>
{
    public override WireImage Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.String)
        {
            // Some providers send a bare URL string in place of the object.
            return FromUrlString(ref reader);
        }

        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw new JsonException($"An image must be a JSON object or a URL string, not {reader.TokenType}.");
        }

        Uri? url = null;
        byte[]? data = null;
        string? mediaType = null;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
        {
            if (reader.TokenType != JsonTokenType.PropertyName)
            {
                throw new JsonException("Malformed image object.");
            }

            if (reader.ValueTextEquals("url"u8))
            {
                reader.Read();
                if (reader.TokenType == JsonTokenType.String)
                {
                    var image = FromUrlString(ref reader);
                    url = image.Url;
                    data ??= image.Data;
                    mediaType ??= image.MediaType;
                }
                else
                {
                    reader.Skip();
                }
            }
            else if (reader.ValueTextEquals("base64"u8) || reader.ValueTextEquals("b64_json"u8) || reader.ValueTextEquals("data"u8))
            {
                reader.Read();
                if (reader.TokenType == JsonTokenType.String)
                {
                    data = DecodeBase64(ref reader);
                }
                else
                {
                    reader.Skip();
                }
            }
            else if (reader.ValueTextEquals("mimeType"u8) || reader.ValueTextEquals("mime_type"u8) || reader.ValueTextEquals("contentType"u8))
            {
                reader.Read();
                mediaType = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
                if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray)
                {
                    reader.Skip();
                }
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        if (url is null && data is null)
        {
            throw new JsonException("An image object has neither a URL nor base64 data.");
        }

        return new WireImage { Url = url, Data = data, MediaType = mediaType };
    }

    public override void Write(Utf8JsonWriter writer, WireImage value, JsonSerializerOptions options)
    {
        writer.WriteStartObject();
        if (value.Url is not null)
        {
            writer.WriteString("url"u8, value.Url.OriginalString);
        }

        if (value.Data is not null)
        {
            writer.WriteBase64String("base64"u8, value.Data);
        }

        if (value.MediaType is not null)
        {
            writer.WriteString("mimeType"u8, value.MediaType);
        }

        writer.WriteEndObject();
    }

    private static byte[] DecodeBase64(ref Utf8JsonReader reader)
    {
        try
        {
            return reader.GetBytesFromBase64();
        }
        catch (FormatException ex)
        {
            throw new JsonException("An image's base64 data is not valid base64.", ex);
        }
    }

    private static WireImage FromUrlString(ref Utf8JsonReader reader)
    {
        if (!reader.HasValueSequence && !reader.ValueIsEscaped)
        {
            return FromUrlBytes(reader.ValueSpan);
        }

        // Escaped or split across buffers: unescape into a pooled buffer, still without a string.
        var length = checked((int)(reader.HasValueSequence ? reader.ValueSequence.Length : reader.ValueSpan.Length));
        var buffer = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            var written = reader.CopyString(buffer);
            return FromUrlBytes(buffer.AsSpan(0, written));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static WireImage FromUrlBytes(ReadOnlySpan<byte> value)
    {
        if (value.StartsWith("data:"u8))
        {
            return FromDataUri(value);
        }

        if (!Uri.TryCreate(Encoding.UTF8.GetString(value), UriKind.Absolute, out var url))
        {
            throw new JsonException("An image URL is not an absolute URL.");
        }

        return new WireImage { Url = url };
    }

    /// <summary>Decodes <c>data:image/png;base64,…</c> without a string for the payload.</summary>
    private static WireImage FromDataUri(ReadOnlySpan<byte> value)
    {
        var comma = value.IndexOf((byte)',');
        var header = comma > 5 ? value[5..comma] : [];
        if (comma < 0 || !header.EndsWith(";base64"u8))
        {
            throw new JsonException("An image data URI is not base64-encoded.");
        }

        var mediaType = Encoding.UTF8.GetString(header[..^";base64".Length]);
        var payload = value[(comma + 1)..];
        var data = new byte[Base64.GetMaxDecodedFromUtf8Length(payload.Length)];
        if (Base64.DecodeFromUtf8(payload, data, out _, out var written) != OperationStatus.Done)
        {
            throw new JsonException("An image data URI's payload is not valid base64.");
        }

        return new WireImage
        {
            Data = written == data.Length ? data : data.AsSpan(0, written).ToArray(),
            MediaType = mediaType.Length > 0 ? mediaType : null,
        };
    }
}
