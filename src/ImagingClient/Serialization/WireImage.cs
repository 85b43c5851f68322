using System.Buffers;
using System.Buffers.Text;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace ImagingClient.Serialization;

/// <summary>
/// One image as a provider sends it: an absolute URL, a URL relative to the provider's endpoint, or base64 data with
/// an optional media type. An entry that is none of these carries a <see cref="Problem"/> instead, so that one bad
/// entry never costs the caller the good ones beside it.
/// </summary>
[JsonConverter(typeof(Base64OrUrlImageConverter))]
internal sealed class WireImage
{
    /// <summary>An absolute http or https URL.</summary>
    public Uri? Url { get; init; }

    /// <summary>A path on the provider's host (such as <c>/files/a.png</c>), to be resolved by the client.</summary>
    public string? RelativeUrl { get; init; }

    /// <summary>Decoded bytes, when the provider sent base64.</summary>
    public byte[]? Data { get; init; }

    public string? MediaType { get; init; }

    /// <summary>Why this entry holds no usable image, when it does not.</summary>
    public string? Problem { get; init; }

    public static WireImage Unusable(string problem) => new() { Problem = problem };
}

/// <summary>
/// Reads an image entry of the form <c>{"url": "…"}</c> or <c>{"base64": "…", "mimeType": "image/png"}</c> (also a
/// bare URL string, <c>b64_json</c>, <c>data</c>, and a <c>data:</c> URI). The base64 is decoded from the UTF-8 JSON
/// straight into the final byte array; it never passes through a <see cref="string"/>. Unknown properties are
/// skipped. An entry that holds no usable image becomes a <see cref="WireImage"/> with a <see cref="WireImage.Problem"/>
/// rather than an exception, so the rest of the response is still read.
/// </summary>
internal sealed class Base64OrUrlImageConverter : JsonConverter<WireImage>
{
    public override bool HandleNull => true;

    public override WireImage Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.Null:
                return WireImage.Unusable("the entry is null");
            case JsonTokenType.String:
                // Some providers send a bare URL string in place of the object.
                return FromUrlString(ref reader);
            case JsonTokenType.StartObject:
                return ReadObject(ref reader);
            default:
                var kind = reader.TokenType;
                Skip(ref reader);
                return WireImage.Unusable($"the entry is a JSON {kind}, not an object or a URL");
        }
    }

    public override void Write(Utf8JsonWriter writer, WireImage value, JsonSerializerOptions options)
    {
        writer.WriteStartObject();
        if (value.Url is not null || value.RelativeUrl is not null)
        {
            writer.WriteString("url"u8, value.Url?.OriginalString ?? value.RelativeUrl);
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

    private static WireImage ReadObject(ref Utf8JsonReader reader)
    {
        WireImage? fromUrl = null;
        byte[]? data = null;
        string? mediaType = null;
        string? problem = null;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
        {
            if (reader.ValueTextEquals("url"u8))
            {
                reader.Read();
                fromUrl = reader.TokenType == JsonTokenType.String ? FromUrlString(ref reader) : SkipValue(ref reader, "url is not a string");
            }
            else if (reader.ValueTextEquals("base64"u8) || reader.ValueTextEquals("b64_json"u8) || reader.ValueTextEquals("data"u8))
            {
                reader.Read();
                if (reader.TokenType == JsonTokenType.String)
                {
                    if (reader.TryGetBytesFromBase64(out var decoded))
                    {
                        data = decoded;
                    }
                    else
                    {
                        problem = "its base64 data is not valid base64";
                    }
                }
                else
                {
                    Skip(ref reader);
                }
            }
            else if (reader.ValueTextEquals("mimeType"u8) || reader.ValueTextEquals("mime_type"u8) || reader.ValueTextEquals("contentType"u8))
            {
                reader.Read();
                mediaType = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
                Skip(ref reader);
            }
            else
            {
                reader.Read();
                Skip(ref reader);
            }
        }

        if (data is not null)
        {
            return new WireImage { Data = data, MediaType = mediaType ?? fromUrl?.MediaType };
        }

        if (fromUrl is { Problem: null })
        {
            return mediaType is null ? fromUrl : new WireImage { Url = fromUrl.Url, RelativeUrl = fromUrl.RelativeUrl, Data = fromUrl.Data, MediaType = mediaType };
        }

        return WireImage.Unusable(problem ?? fromUrl?.Problem ?? "the entry has neither a URL nor base64 data");
    }

    /// <summary>
    /// Skips the current value. The serializer hands a converter its whole value, but while streaming the reader is not
    /// on its final block, where <see cref="Utf8JsonReader.Skip"/> throws; <see cref="Utf8JsonReader.TrySkip"/> does not.
    /// </summary>
    private static void Skip(ref Utf8JsonReader reader)
    {
        if (!reader.TrySkip())
        {
            throw new JsonException("An image entry ended before its value did.");
        }
    }

    private static WireImage SkipValue(ref Utf8JsonReader reader, string problem)
    {
        Skip(ref reader);
        return WireImage.Unusable(problem);
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

        var text = Encoding.UTF8.GetString(value).Trim();
        if (text.Length == 0)
        {
            return WireImage.Unusable("its URL is empty");
        }

        // On Unix "/files/a.png" parses as an absolute file: URI, so a leading single slash is taken as relative first.
        if (text[0] == '/' && !text.StartsWith("//", StringComparison.Ordinal))
        {
            return new WireImage { RelativeUrl = text };
        }

        if (Uri.TryCreate(text, UriKind.Absolute, out var url))
        {
            return url.Scheme == Uri.UriSchemeHttps || url.Scheme == Uri.UriSchemeHttp
                ? new WireImage { Url = url }
                : WireImage.Unusable($"its URL has the scheme '{url.Scheme}', not http or https");
        }

        return WireImage.Unusable("its URL is neither an absolute http(s) URL nor a path on the provider's host");
    }

    /// <summary>Decodes <c>data:image/png;base64,…</c> without a string for the payload.</summary>
    private static WireImage FromDataUri(ReadOnlySpan<byte> value)
    {
        var comma = value.IndexOf((byte)',');
        var header = comma > 5 ? value[5..comma] : [];
        if (comma < 0 || !header.EndsWith(";base64"u8))
        {
            return WireImage.Unusable("its data URI is not base64-encoded");
        }

        var mediaType = Encoding.UTF8.GetString(header[..^";base64".Length]);
        var payload = value[(comma + 1)..];
        var data = new byte[Base64.GetMaxDecodedFromUtf8Length(payload.Length)];
        if (Base64.DecodeFromUtf8(payload, data, out _, out var written) != OperationStatus.Done)
        {
            return WireImage.Unusable("its data URI's payload is not valid base64");
        }

        return new WireImage
        {
            Data = written == data.Length ? data : data.AsSpan(0, written).ToArray(),
            MediaType = mediaType.Length > 0 ? mediaType : null,
        };
    }
}
