using System.Buffers;
using System.Buffers.Text;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace ImagingClient.Serialization;

/// <summary>
/// Reads image values from UTF-8 JSON, without ever putting base64 in a <see cref="string"/>: base64 is decoded from the
/// JSON value straight into an array of exactly the decoded size (unescaped into a pooled buffer first only when the
/// value has JSON escapes). A value that holds no usable image becomes a <see cref="WireImage"/> with a
/// <see cref="WireImage.Problem"/> rather than an exception, so the rest of the answer is still read.
/// </summary>
internal static class ImageDecoders
{
    /// <summary>
    /// An entry of the form <c>{"url": "…"}</c> or <c>{"base64": "…", "mimeType": "image/png"}</c> (also <c>b64_json</c>,
    /// <c>data</c>, <c>mime_type</c>, <c>contentType</c>, a <c>data:</c> URI in <c>url</c>, and a bare URL string).
    /// </summary>
    public static WireImage ReadObjectEntry(ref Utf8JsonReader reader) => reader.TokenType switch
    {
        JsonTokenType.Null => WireImage.Unusable("the entry is null"),
        JsonTokenType.String => FromUrlString(ref reader),
        JsonTokenType.StartObject => ReadObject(ref reader),
        _ => SkipValue(ref reader, $"the entry is a JSON {reader.TokenType}, not an object or a URL"),
    };

    /// <summary>A bare base64 string (a <c>data:</c> URI, or an http(s) URL, is also understood).</summary>
    public static WireImage ReadBase64Entry(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.String)
        {
            return reader.TokenType == JsonTokenType.Null ? WireImage.Unusable("the entry is null") : SkipValue(ref reader, $"the entry is a JSON {reader.TokenType}, not a base64 string");
        }

        if (StartsWith(ref reader, "data:"u8) || StartsWith(ref reader, "http://"u8) || StartsWith(ref reader, "https://"u8))
        {
            return FromUrlString(ref reader);
        }

        return TryDecodeBase64(ref reader, out var data) ? new WireImage { Data = data } : WireImage.Unusable("its base64 data is not valid base64");
    }

    /// <summary>A bare URL string (absolute http(s), a path on the provider's host, or a <c>data:</c> URI).</summary>
    public static WireImage ReadUrlEntry(ref Utf8JsonReader reader) => reader.TokenType switch
    {
        JsonTokenType.String => FromUrlString(ref reader),
        JsonTokenType.Null => WireImage.Unusable("the entry is null"),
        _ => SkipValue(ref reader, $"the entry is a JSON {reader.TokenType}, not a URL string"),
    };

    /// <summary>
    /// One URL a provider gave as text (a field of a job record or a callback): an absolute http(s) URL, or
    /// <see langword="null"/> for anything else (blank, relative, another scheme).
    /// </summary>
    public static Uri? ReadSingleUrl(string? text) =>
        string.IsNullOrWhiteSpace(text) ? null : FromUrlBytes(Encoding.UTF8.GetBytes(text)).Url;

    /// <summary>Reads a JSON array whose entries <paramref name="readEntry"/> reads; a non-array yields no entries and a problem.</summary>
    public static List<WireImage> ReadArray(ref Utf8JsonReader reader, EntryReader readEntry)
    {
        var images = new List<WireImage>();
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            images.Add(reader.TokenType == JsonTokenType.Null ? WireImage.Unusable("the list is null") : SkipValue(ref reader, $"the list is a JSON {reader.TokenType}, not an array"));
            return images;
        }

        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            images.Add(readEntry(ref reader));
        }

        return images;
    }

    /// <summary>A URL string, or an object <c>{"images": [urls], "gridUrl": url}</c>.</summary>
    public static WireImageSet ReadUrlOrImageSet(ref Utf8JsonReader reader)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.String:
                return new WireImageSet { Images = [FromUrlString(ref reader)] };
            case JsonTokenType.StartObject:
                var set = new List<WireImage>();
                WireImage? grid = null;
                while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
                {
                    if (reader.ValueTextEquals("images"u8))
                    {
                        reader.Read();
                        set = ReadArray(ref reader, ReadObjectEntry);
                    }
                    else if (reader.ValueTextEquals("gridUrl"u8) || reader.ValueTextEquals("grid_url"u8))
                    {
                        reader.Read();
                        grid = ReadUrlEntry(ref reader);
                    }
                    else if (reader.ValueTextEquals("url"u8))
                    {
                        reader.Read();
                        set.Add(ReadUrlEntry(ref reader));
                    }
                    else
                    {
                        reader.Read();
                        Skip(ref reader);
                    }
                }

                return new WireImageSet { Images = set, Grid = grid };
            default:
                return new WireImageSet { Images = [SkipValue(ref reader, $"the result is a JSON {reader.TokenType}, not a URL or an image set")] };
        }
    }

    /// <summary>Reads one entry at the reader's current token; leaves the reader on the entry's last token.</summary>
    internal delegate WireImage EntryReader(ref Utf8JsonReader reader);

    /// <summary>
    /// Decodes base64 (standard alphabet; padding optional) into an exactly sized array. Returns false for anything that
    /// is not base64.
    /// </summary>
    public static bool TryDecodeBase64(ReadOnlySpan<byte> utf8, out byte[] data)
    {
        data = [];
        if (utf8.IsEmpty)
        {
            return false;
        }

        var remainder = utf8.Length % 4;
        if (remainder == 1)
        {
            return false;
        }

        if (remainder != 0)
        {
            // Unpadded: pad a copy. Rare, and only as large as the value.
            var padded = ArrayPool<byte>.Shared.Rent(utf8.Length + 4 - remainder);
            try
            {
                utf8.CopyTo(padded);
                padded.AsSpan(utf8.Length, 4 - remainder).Fill((byte)'=');
                return TryDecodeBase64(padded.AsSpan(0, utf8.Length + 4 - remainder), out data);
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(padded);
            }
        }

        var padding = utf8[^1] == '=' ? (utf8[^2] == '=' ? 2 : 1) : 0;
        var exact = (utf8.Length / 4 * 3) - padding;
        var decoded = GC.AllocateUninitializedArray<byte>(exact);
        if (Base64.DecodeFromUtf8(utf8, decoded, out _, out var written) != OperationStatus.Done)
        {
            return false;
        }

        data = written == exact ? decoded : decoded.AsSpan(0, written).ToArray();
        return written > 0;
    }

    private static bool TryDecodeBase64(ref Utf8JsonReader reader, out byte[] data)
    {
        var value = ValueBytes(ref reader, out var rented);
        try
        {
            return TryDecodeBase64(value, out data);
        }
        finally
        {
            Return(rented);
        }
    }

    /// <summary>
    /// The current string value's UTF-8 bytes: the reader's own span, or — when the value is escaped (base64's '/' may
    /// be sent as "\/") or split across buffers — unescaped into a pooled buffer, returned with <see cref="Return"/>.
    /// Never a <see cref="string"/>.
    /// </summary>
    private static ReadOnlySpan<byte> ValueBytes(ref Utf8JsonReader reader, out byte[]? rented)
    {
        if (!reader.HasValueSequence && !reader.ValueIsEscaped)
        {
            rented = null;
            return reader.ValueSpan;
        }

        var length = checked((int)(reader.HasValueSequence ? reader.ValueSequence.Length : reader.ValueSpan.Length));
        rented = ArrayPool<byte>.Shared.Rent(length);
        return rented.AsSpan(0, reader.CopyString(rented));
    }

    private static void Return(byte[]? rented)
    {
        if (rented is not null)
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
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
                    if (TryDecodeBase64(ref reader, out var decoded))
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
    /// Skips the current value. While the serializer streams, the reader may not be on its final block, where
    /// <see cref="Utf8JsonReader.Skip"/> throws; <see cref="Utf8JsonReader.TrySkip"/> does not.
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

    private static bool StartsWith(ref Utf8JsonReader reader, ReadOnlySpan<byte> prefix)
    {
        var value = ValueBytes(ref reader, out var rented);
        try
        {
            return value.StartsWith(prefix);
        }
        finally
        {
            Return(rented);
        }
    }

    private static WireImage FromUrlString(ref Utf8JsonReader reader)
    {
        var value = ValueBytes(ref reader, out var rented);
        try
        {
            return FromUrlBytes(value);
        }
        finally
        {
            Return(rented);
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
        return TryDecodeBase64(value[(comma + 1)..], out var data)
            ? new WireImage { Data = data, MediaType = mediaType.Length > 0 ? mediaType : null }
            : WireImage.Unusable("its data URI's payload is not valid base64");
    }
}

/// <summary>A JSON array of image objects (<see cref="ImageDecoders.ReadObjectEntry"/>).</summary>
internal sealed class ImageObjectListConverter : JsonConverter<List<WireImage>>
{
    public override bool HandleNull => true;

    public override List<WireImage> Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        ImageDecoders.ReadArray(ref reader, ImageDecoders.ReadObjectEntry);

    public override void Write(Utf8JsonWriter writer, List<WireImage> value, JsonSerializerOptions options)
    {
        writer.WriteStartArray();
        foreach (var image in value)
        {
            writer.WriteStartObject();
            if (image.Url is not null || image.RelativeUrl is not null)
            {
                writer.WriteString("url"u8, image.Url?.OriginalString ?? image.RelativeUrl);
            }

            if (image.Data is not null)
            {
                writer.WriteBase64String("base64"u8, image.Data);
            }

            if (image.MediaType is not null)
            {
                writer.WriteString("mimeType"u8, image.MediaType);
            }

            writer.WriteEndObject();
        }

        writer.WriteEndArray();
    }
}

/// <summary>A JSON array of bare base64 strings (<see cref="ImageDecoders.ReadBase64Entry"/>).</summary>
internal sealed class Base64StringListConverter : JsonConverter<List<WireImage>>
{
    public override bool HandleNull => true;

    public override List<WireImage> Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        ImageDecoders.ReadArray(ref reader, ImageDecoders.ReadBase64Entry);

    public override void Write(Utf8JsonWriter writer, List<WireImage> value, JsonSerializerOptions options)
    {
        writer.WriteStartArray();
        foreach (var image in value)
        {
            writer.WriteBase64StringValue(image.Data ?? []);
        }

        writer.WriteEndArray();
    }
}

/// <summary>A JSON array of URL strings (<see cref="ImageDecoders.ReadUrlEntry"/>).</summary>
internal sealed class UrlStringListConverter : JsonConverter<List<WireImage>>
{
    public override bool HandleNull => true;

    public override List<WireImage> Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        ImageDecoders.ReadArray(ref reader, ImageDecoders.ReadUrlEntry);

    public override void Write(Utf8JsonWriter writer, List<WireImage> value, JsonSerializerOptions options)
    {
        writer.WriteStartArray();
        foreach (var image in value)
        {
            writer.WriteStringValue(image.Url?.OriginalString ?? image.RelativeUrl);
        }

        writer.WriteEndArray();
    }
}

/// <summary>A URL string or <c>{images, gridUrl}</c> (<see cref="ImageDecoders.ReadUrlOrImageSet"/>).</summary>
internal sealed class UrlOrImageSetConverter : JsonConverter<WireImageSet>
{
    public override bool HandleNull => true;

    public override WireImageSet Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        ImageDecoders.ReadUrlOrImageSet(ref reader);

    public override void Write(Utf8JsonWriter writer, WireImageSet value, JsonSerializerOptions options)
    {
        writer.WriteStartObject();
        writer.WriteStartArray("images"u8);
        foreach (var image in value.Images)
        {
            writer.WriteStringValue(image.Url?.OriginalString ?? image.RelativeUrl);
        }

        writer.WriteEndArray();
        if (value.Grid?.Url is { } grid)
        {
            writer.WriteString("gridUrl"u8, grid.OriginalString);
        }

        writer.WriteEndObject();
    }
}
