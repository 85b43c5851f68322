using System.Buffers;
using System.Text.Json;

namespace ImagingClient.Models;

/// <summary>A request checked against its model: the model, every value in wire form, and what was noticed.</summary>
internal sealed class ValidatedRequest(string provider, string displayName, ModelSpec model, IReadOnlyList<FieldValue> values, IReadOnlyList<string> warnings)
{
    public string Provider { get; } = provider;

    public string DisplayName { get; } = displayName;

    public ModelSpec Model { get; } = model;

    /// <summary>The values to send, in the model's field order.</summary>
    public IReadOnlyList<FieldValue> Values { get; } = values;

    /// <summary>Fields dropped, an uncatalogued model, and the like.</summary>
    public IReadOnlyList<string> Warnings { get; } = warnings;

    /// <summary>The model as <c>provider:id</c>, for messages.</summary>
    public string QualifiedModel => $"{Provider}:{Model.Id}";

    /// <summary>The value sent for a wire field, or <see langword="null"/>.</summary>
    public object? this[string wireName]
    {
        get
        {
            foreach (var value in Values)
            {
                if (value.Field.WireName == wireName)
                {
                    return value.Value;
                }
            }

            return null;
        }
    }

    /// <summary>The value sent for a unified field, or <see langword="null"/>.</summary>
    public object? Get(UnifiedField unified)
    {
        foreach (var value in Values)
        {
            if (value.Field.Unified == unified)
            {
                return value.Value;
            }
        }

        return null;
    }

    /// <summary>
    /// The input images given as bytes, a stream or a file, which the provider client uploads before it writes the body
    /// (only for a catalog with <see cref="ModelCatalog.LocalImages"/>), each once.
    /// </summary>
    public IReadOnlyList<ImageInput> LocalImages()
    {
        var images = new List<ImageInput>();
        foreach (var value in Values)
        {
            switch (value.Value)
            {
                case ImageInput image when !images.Contains(image):
                    images.Add(image);
                    break;
                case IEnumerable<object> list:
                    images.AddRange(list.OfType<ImageInput>().Where(image => !images.Contains(image)));
                    break;
            }
        }

        return images;
    }

    /// <summary>The header fields to send (an idempotency key, for example).</summary>
    public IEnumerable<(string Name, string Value)> Headers() =>
        Values.Where(v => v.Field.Location == FieldLocation.Header).Select(v => (v.Field.WireName, (string)v.Value));

    /// <summary>
    /// The JSON body: <c>model</c> first where the route takes it, then every body field in the model's order, fields of
    /// a block (such as <c>fluxParams</c>) inside that block's object.
    /// </summary>
    /// <param name="urlOf">
    /// The text sent for each local input image (see <see cref="LocalImages"/>) in a field: the URL it was uploaded to,
    /// or its bytes inline (<see cref="LocalImageReader.Inline"/>) where the field takes them.
    /// </param>
    public byte[] WriteJsonBody(Func<ImageInput, FieldSpec, string>? urlOf = null)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            if (Model.Route.ModelInBody)
            {
                writer.WriteString(Model.Route.ModelProperty, Model.Id);
            }

            var blocksWritten = new HashSet<string>(StringComparer.Ordinal);
            foreach (var value in Values)
            {
                if (value.Field.Location != FieldLocation.Body)
                {
                    continue;
                }

                if (value.Field.Block is not { } block)
                {
                    Write(writer, value, urlOf);
                }
                else if (blocksWritten.Add(block))
                {
                    writer.WriteStartObject(block);
                    foreach (var inBlock in Values)
                    {
                        if (inBlock.Field.Location == FieldLocation.Body && inBlock.Field.Block == block)
                        {
                            Write(writer, inBlock, urlOf);
                        }
                    }

                    writer.WriteEndObject();
                }
            }

            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    private static void Write(Utf8JsonWriter writer, FieldValue value, Func<ImageInput, FieldSpec, string>? urlOf)
    {
        var name = value.Field.WireName;
        switch (value.Value)
        {
            case ImageInput image:
                writer.WriteString(name, UrlOf(image, value.Field, urlOf));
                break;
            case IReadOnlyList<object> spread when value.Field.SpreadNames is { } names:
                for (var i = 0; i < spread.Count && i < names.Count; i++)
                {
                    writer.WriteString(names[i], spread[i] as string ?? UrlOf((ImageInput)spread[i], value.Field, urlOf));
                }

                break;
            case IReadOnlyList<object> images:
                writer.WriteStartArray(name);
                foreach (var item in images)
                {
                    writer.WriteStringValue(item as string ?? UrlOf((ImageInput)item, value.Field, urlOf));
                }

                writer.WriteEndArray();
                break;
            case long number:
                writer.WriteNumber(name, number);
                break;
            case double number:
                writer.WriteNumber(name, number);
                break;
            case bool flag:
                writer.WriteBoolean(name, flag);
                break;
            case string text:
                writer.WriteString(name, text);
                break;
            default:
                throw new InvalidOperationException($"Field '{name}' has a value of type {value.Value.GetType().Name}, which has no JSON form.");
        }
    }

    private static string UrlOf(ImageInput image, FieldSpec field, Func<ImageInput, FieldSpec, string>? urlOf) =>
        urlOf?.Invoke(image, field) ?? throw new InvalidOperationException($"The local image {image} was not read or uploaded before the body was written.");

    /// <summary>This request with one more value, for a field the client sets itself (such as <c>async</c>).</summary>
    /// <exception cref="InvalidOperationException">The model has no such field.</exception>
    public ValidatedRequest With(string wireName, object value)
    {
        var field = Model.Field(wireName) ?? throw new InvalidOperationException($"Model '{QualifiedModel}' has no field '{wireName}'.");
        var values = Values.Where(v => !ReferenceEquals(v.Field, field)).Append(new FieldValue(field, value, "the client")).ToList();
        values.Sort((a, b) => IndexOf(a.Field).CompareTo(IndexOf(b.Field)));
        return new ValidatedRequest(Provider, DisplayName, Model, values, Warnings);
    }

    /// <summary>This request without a field's value (a header the call must not carry, for example).</summary>
    public ValidatedRequest Without(string wireName) =>
        new(Provider, DisplayName, Model, [.. Values.Where(v => v.Field.WireName != wireName)], Warnings);

    private int IndexOf(FieldSpec field)
    {
        for (var i = 0; i < Model.Fields.Count; i++)
        {
            if (ReferenceEquals(Model.Fields[i], field))
            {
                return i;
            }
        }

        return int.MaxValue;
    }
}
