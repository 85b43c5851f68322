using System.Reflection;
using System.Text.Json;
using ImagingClient.Models;
using ImagingClient.Providers.Apiframe;

namespace ImagingClient.Tests.Providers.Apiframe;

/// <summary>The Apiframe option records found by reflection, and values for their properties and the catalog's fields.</summary>
internal static class ApiframeSamples
{
    public static readonly Uri ImageUrl = new("https://images.example.com/input.png");

    /// <summary>Every concrete Apiframe option record.</summary>
    public static IReadOnlyList<Type> RecordTypes { get; } =
        [.. typeof(ApiframeImageOptions).Assembly.GetTypes().Where(t => t.IsSubclassOf(typeof(ApiframeImageOptions)) && !t.IsAbstract).OrderBy(t => t.Name, StringComparer.Ordinal)];

    /// <summary>The record of each family, by the family it declares.</summary>
    public static IReadOnlyDictionary<string, Type> RecordsByFamily { get; } = RecordTypes
        .Select(t => (Type: t, Family: New(t).Family))
        .Where(r => r.Family is not null)
        .ToDictionary(r => r.Family!, r => r.Type, StringComparer.Ordinal);

    /// <summary>The generation and edit models, which take option records.</summary>
    public static IEnumerable<ModelSpec> RecordModels =>
        ApiframeCatalog.Catalog.Models.Where(m => m.Operation is ImageOperationKind.Generate or ImageOperationKind.Edit);

    public static ApiframeImageOptions New(Type type) => (ApiframeImageOptions)Activator.CreateInstance(type)!;

    /// <summary>The properties a family's record declares itself (not the base's <c>WebhookEvents</c>).</summary>
    public static IReadOnlyList<PropertyInfo> OwnProperties(Type type) =>
        [.. type.GetProperties(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly).Where(p => p.CanWrite)];

    /// <summary>Some value of a property's type, valid or not for the model.</summary>
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
            _ when underlying == typeof(Guid) => Guid.Parse("3f2a9c1e-8d4b-4e6f-a1b2-c3d4e5f60718"),
            _ when underlying == typeof(ImageInput) => ImageInput.FromUri(ImageUrl),
            _ when underlying == typeof(IReadOnlyList<ImageInput>) => new List<ImageInput> { ImageInput.FromUri(ImageUrl) },
            _ => throw new InvalidOperationException($"No sample for {underlying}."),
        };
    }

    /// <summary>A value the field accepts, of the record property's type.</summary>
    public static object ValidValue(FieldSpec field, Type propertyType)
    {
        var type = Nullable.GetUnderlyingType(propertyType) ?? propertyType;
        double number = field.AllowedNumbers is { Count: > 0 } numbers ? numbers[0] : field.Min ?? 1;
        return field.Type switch
        {
            FieldType.String when field.Allowed is { } allowed => allowed.Order(StringComparer.Ordinal).First(),
            FieldType.String when field.Pattern is not null => "16:9",
            FieldType.String => "sample",
            FieldType.Integer when type == typeof(long) => (long)number,
            FieldType.Integer => (int)number,
            FieldType.Number => number,
            FieldType.Boolean => true,
            FieldType.ImageUrl => ImageInput.FromUri(ImageUrl),
            FieldType.ImageUrlList => new List<ImageInput> { ImageInput.FromUri(ImageUrl) },
            FieldType.Uuid => Guid.Parse("3f2a9c1e-8d4b-4e6f-a1b2-c3d4e5f60718"),
            _ => throw new InvalidOperationException($"No valid value for {field.WireName} ({field.Type})."),
        };
    }

    /// <summary>The record of a model's family with every property set to a value the model accepts.</summary>
    public static ApiframeImageOptions FullRecord(ModelSpec model)
    {
        var type = RecordsByFamily[model.Family];
        var record = New(type);
        foreach (var property in OwnProperties(type))
        {
            var field = model.Fields.Single(f => f.Option == property.Name && f.Block is not null);
            property.SetValue(record, ValidValue(field, property.PropertyType));
        }

        return record;
    }

    /// <summary>The record of a model's family with only its required parameters set, or <see langword="null"/> where it has none.</summary>
    public static ApiframeImageOptions? RequiredRecord(ModelSpec model)
    {
        var required = model.Fields.Where(f => f.Block is not null && f.Option is not null && f.Required && f.Implied is null).ToList();
        if (required.Count == 0)
        {
            return null;
        }

        var type = RecordsByFamily[model.Family];
        var record = New(type);
        foreach (var field in required)
        {
            var property = type.GetProperty(field.Option!)!;
            property.SetValue(record, ValidValue(field, property.PropertyType));
        }

        return record;
    }

    public static ImageRequest Request(ModelSpec model, ImageProviderOptions? options = null) => model.Operation == ImageOperationKind.Edit
        ? new ImageEditRequest { Prompt = "Replace the sky", Model = $"apiframe:{model.Id}", Image = ImageInput.FromUri(ImageUrl), ProviderOptions = options }
        : new ImageGenerationRequest { Prompt = "A lighthouse at dawn", Model = $"apiframe:{model.Id}", ProviderOptions = options };

    public static ValidatedRequest Validate(ImageRequest request) =>
        RequestValidator.Validate(ApiframeCatalog.Catalog, request, request is ImageEditRequest ? ImageOperationKind.Edit : ImageOperationKind.Generate, UnsupportedFieldHandling.Throw);

    public static JsonElement Body(ValidatedRequest validated, Func<ImageInput, string>? urlOf = null) =>
        JsonDocument.Parse(validated.WriteJsonBody(urlOf is null ? null : (image, _) => urlOf(image))).RootElement.Clone();
}
