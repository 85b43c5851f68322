using System.Reflection;
using System.Text.Json;
using ImagingClient.Models;
using ImagingClient.Providers.RelayGpu;

namespace ImagingClient.Tests.Providers.RelayGpu;

/// <summary>Requests, local images and bodies for the RelayGPU catalog tests.</summary>
internal static class RelayGpuSamples
{
    /// <summary>The start of a PNG: what the validator sniffs.</summary>
    public static readonly byte[] Png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0x0D, (byte)'I', (byte)'H', (byte)'D', (byte)'R'];

    /// <summary>The start of a JPEG.</summary>
    public static readonly byte[] Jpeg = [0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10, (byte)'J', (byte)'F', (byte)'I', (byte)'F'];

    public static readonly Uri ImageUrl = new("https://images.example.com/input.png");

    /// <summary>Every concrete RelayGPU option record.</summary>
    public static IReadOnlyList<Type> RecordTypes { get; } =
        [.. typeof(RelayGpuImageOptions).Assembly.GetTypes().Where(t => t.IsSubclassOf(typeof(RelayGpuImageOptions)) && !t.IsAbstract).OrderBy(t => t.Name, StringComparer.Ordinal)];

    /// <summary>The record of each family, by the family it declares.</summary>
    public static IReadOnlyDictionary<string, Type> RecordsByFamily { get; } = RecordTypes
        .Select(t => (Type: t, Family: New(t).Family))
        .Where(r => r.Family is not null)
        .ToDictionary(r => r.Family!, r => r.Type, StringComparer.Ordinal);

    public static ImageInput LocalPng() => ImageInput.FromBytes(Png);

    public static RelayGpuImageOptions New(Type type) => (RelayGpuImageOptions)Activator.CreateInstance(type)!;

    /// <summary>The writable public properties of a record: its own and the base's.</summary>
    public static IReadOnlyList<PropertyInfo> Properties(Type type) =>
        [.. type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanWrite)];

    public static ValidatedRequest Validate(ImageRequest request) =>
        RequestValidator.Validate(RelayGpuCatalog.Catalog, request, request is ImageEditRequest ? ImageOperationKind.Edit : ImageOperationKind.Generate, UnsupportedFieldHandling.Throw);

    /// <summary>The body, each local image inline in the form its field takes.</summary>
    public static JsonElement Body(ValidatedRequest validated) =>
        JsonDocument.Parse(validated.WriteJsonBody((image, field) => LocalImageReader.Inline(image.Bytes.ToArray(), field))).RootElement.Clone();

    public static IReadOnlyList<string> Keys(JsonElement body) => [.. body.EnumerateObject().Select(p => p.Name)];

    public static ImageGenerationRequest Generate(string model, ImageProviderOptions? options = null) =>
        new() { Prompt = "A lighthouse at dawn", Model = model, ProviderOptions = options };

    public static ImageEditRequest Edit(string model, ImageProviderOptions? options = null) =>
        new() { Prompt = "Replace the sky", Model = model, Image = LocalPng(), ProviderOptions = options };

    public static ImageRequest Request(ModelSpec model, ImageProviderOptions? options = null) =>
        model.Operation == ImageOperationKind.Edit ? Edit($"relaygpu:{model.Id}", options) : Generate($"relaygpu:{model.Id}", options);

    /// <summary>A value the field accepts, of the record property's type.</summary>
    public static object ValidValue(FieldSpec field, Type propertyType)
    {
        var type = Nullable.GetUnderlyingType(propertyType) ?? propertyType;
        var number = field.Min ?? 1;
        return field.Type switch
        {
            FieldType.String when field.Allowed is { } allowed => allowed.Order(StringComparer.Ordinal).First(),
            FieldType.String when field.Pattern is not null => "1024x1024",
            FieldType.String => "sample",
            FieldType.Integer when type == typeof(long) => (long)number,
            FieldType.Integer => (int)number,
            FieldType.Number => number,
            FieldType.Boolean => true,
            FieldType.ImageUrl => LocalPng(),
            FieldType.ImageUrlList => new List<ImageInput> { LocalPng() },
            _ => throw new InvalidOperationException($"No valid value for {field.WireName} ({field.Type})."),
        };
    }

    /// <summary>Some value of a property's type, valid or not for any model.</summary>
    public static object AnyValue(Type type)
    {
        var underlying = Nullable.GetUnderlyingType(type) ?? type;
        return underlying switch
        {
            _ when underlying == typeof(string) => "sample",
            _ when underlying == typeof(int) => 3,
            _ when underlying == typeof(long) => 3L,
            _ when underlying == typeof(double) => 0.5,
            _ when underlying == typeof(bool) => true,
            _ when underlying == typeof(ImageInput) => LocalPng(),
            _ when underlying == typeof(IReadOnlyList<ImageInput>) => new List<ImageInput> { LocalPng() },
            _ => throw new InvalidOperationException($"No sample for {underlying}."),
        };
    }
}
