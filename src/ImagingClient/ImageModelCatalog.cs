using System.Globalization;
using ImagingClient.DependencyInjection;
using ImagingClient.Models;

namespace ImagingClient;

/// <summary>
/// Every model the library knows, per provider and operation, with the fields each takes: the same data the request
/// validator checks requests against, for listings, tools and forms.
/// </summary>
/// <example>
/// <code>
/// foreach (var model in ImageModelCatalog.GetModels("myprovider"))
/// {
///     Console.WriteLine($"{model.QualifiedId} ({model.Operation}): {string.Join(", ", model.Fields.Select(f => f.Name))}");
/// }
/// </code>
/// </example>
public static class ImageModelCatalog
{
    /// <summary>The providers compiled into the library, by the name used in model ids.</summary>
    public static IReadOnlyList<string> Providers => ImagingClientBuilderExtensions.ProviderNames;

    /// <summary>The catalogued models of one provider, or of every provider.</summary>
    /// <param name="provider">A provider's name (as in model ids, ignoring case), or <see langword="null"/> for all.</param>
    /// <returns>The models, by provider, then in the catalog's order.</returns>
    /// <exception cref="ArgumentException">No provider has that name.</exception>
    public static IReadOnlyList<ImageModelInfo> GetModels(string? provider = null)
    {
        if (provider is null)
        {
            return [.. ProviderRegistry.All.SelectMany(e => Describe(e.Descriptor.Catalog))];
        }

        var entry = ProviderRegistry.Find(provider)
            ?? throw new ArgumentException($"No provider is named '{provider}'; the providers are {string.Join(", ", Providers)}.", nameof(provider));
        return Describe(entry.Descriptor.Catalog);
    }

    /// <summary>
    /// The catalogued model a request's <see cref="ImageRequest.Model"/> names for an operation (<c>"provider:model"</c>,
    /// an id or an alias, ignoring case), or <see langword="null"/> when its provider's catalog does not list it (such a
    /// model is sent with its fields unchecked).
    /// </summary>
    /// <param name="model">The model as <c>"provider:model"</c>.</param>
    /// <param name="operation">What the model is to do.</param>
    /// <returns>The model, or <see langword="null"/>.</returns>
    /// <exception cref="ArgumentException">The model has no <c>provider:</c> prefix, or no provider has that name.</exception>
    public static ImageModelInfo? FindModel(string model, ImageOperationKind operation)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(model);
        var colon = model.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0 || colon == model.Length - 1)
        {
            throw new ArgumentException($"'{model}' is not in the form provider:model (such as myprovider:my-model).", nameof(model));
        }

        var provider = model[..colon];
        var catalog = (ProviderRegistry.Find(provider)
            ?? throw new ArgumentException($"No provider is named '{provider}'; the providers are {string.Join(", ", Providers)}.", nameof(model))).Descriptor.Catalog;
        return catalog.Find(model[(colon + 1)..], operation) is { } spec ? Describe(catalog, spec) : null;
    }

    private static List<ImageModelInfo> Describe(ModelCatalog catalog) => [.. catalog.Models.Select(m => Describe(catalog, m))];

    private static ImageModelInfo Describe(ModelCatalog catalog, ModelSpec model) => new(
        catalog.Provider,
        model.Id,
        model.Aliases,
        model.Operation,
        model.Family,
        string.Equals(catalog.DefaultModel(model.Operation), model.Id, StringComparison.OrdinalIgnoreCase),
        [.. model.Fields.Select(Describe)]);

    private static ImageModelFieldInfo Describe(FieldSpec field) => new(field.WireName, TypeOf(field.Type))
    {
        Required = field.Required,
        UnifiedField = field.Unified switch
        {
            Models.UnifiedField.None => null,
            Models.UnifiedField.Size => $"{nameof(ImageRequest.Width)}, {nameof(ImageRequest.Height)}",
            var unified => unified.ToString(),
        },
        OptionProperty = field.Option,
        Block = field.Block,
        IsHeader = field.Location == FieldLocation.Header,
        Minimum = field.Min,
        Maximum = field.Max,
        MinLength = field.MinLength,
        MaxLength = field.MaxLength,
        AllowedValues = field.Allowed is { } allowed
            ? [.. allowed.Order(StringComparer.Ordinal)]
            : field.AllowedNumbers?.Select(n => n.ToString(CultureInfo.InvariantCulture)).ToList(),
        Pattern = field.Pattern,
        Default = field.Default,
    };

    private static ImageModelFieldType TypeOf(FieldType type) => type switch
    {
        FieldType.Integer => ImageModelFieldType.WholeNumber,
        FieldType.Number => ImageModelFieldType.Number,
        FieldType.Boolean => ImageModelFieldType.Boolean,
        FieldType.Url => ImageModelFieldType.Url,
        FieldType.ImageUrl => ImageModelFieldType.Image,
        FieldType.StringList => ImageModelFieldType.TextList,
        FieldType.Uuid => ImageModelFieldType.Uuid,
        FieldType.ImageUrlList => ImageModelFieldType.ImageList,
        _ => ImageModelFieldType.Text,
    };
}

/// <summary>One catalogued model: what it does, and every field it takes.</summary>
/// <param name="Provider">The provider's name, as in model ids.</param>
/// <param name="Id">The provider's own id of the model.</param>
/// <param name="Aliases">Other ids that mean the same model.</param>
/// <param name="Operation">What it does; one id may be listed once per operation.</param>
/// <param name="Family">The model family, which decides the provider option record it takes.</param>
/// <param name="IsDefault">Whether a request of this operation that names no model runs it.</param>
/// <param name="Fields">The fields it takes, in the order they are written.</param>
public sealed record ImageModelInfo(
    string Provider,
    string Id,
    IReadOnlyList<string> Aliases,
    ImageOperationKind Operation,
    string Family,
    bool IsDefault,
    IReadOnlyList<ImageModelFieldInfo> Fields)
{
    /// <summary>The id ready for <see cref="ImageRequest.Model"/>: <c>"provider:id"</c>.</summary>
    public string QualifiedId => $"{Provider}:{Id}";

    /// <summary>The field with this wire name (ignoring case), or <see langword="null"/>.</summary>
    /// <param name="name">The wire name, such as <c>aspect_ratio</c>.</param>
    /// <returns>The field, or <see langword="null"/>.</returns>
    public ImageModelFieldInfo? Field(string name) =>
        Fields.FirstOrDefault(f => string.Equals(f.Name, name, StringComparison.Ordinal))
        ?? Fields.FirstOrDefault(f => string.Equals(f.Name, name, StringComparison.OrdinalIgnoreCase));
}

/// <summary>
/// One field a model takes: its wire name and type, whether it is required, what it accepts, and the unified request
/// field or provider option property that sets it.
/// </summary>
/// <param name="Name">The name on the wire, such as <c>aspect_ratio</c>; the key for <see cref="ImageProviderFields"/>.</param>
/// <param name="Type">The kind of value it takes.</param>
public sealed record ImageModelFieldInfo(string Name, ImageModelFieldType Type)
{
    /// <summary>Whether the model refuses a request without it.</summary>
    public bool Required { get; init; }

    /// <summary>The <see cref="ImageRequest"/> property that sets it (<c>Seed</c>, <c>AspectRatio</c>, …), or <see langword="null"/> when only provider options set it.</summary>
    public string? UnifiedField { get; init; }

    /// <summary>The property of the provider's option record for the model's family that sets it, or <see langword="null"/>.</summary>
    public string? OptionProperty { get; init; }

    /// <summary>The JSON object the field is written in, for a provider that nests parameters; otherwise <see langword="null"/>.</summary>
    public string? Block { get; init; }

    /// <summary>Whether it travels as an HTTP header rather than in the body.</summary>
    public bool IsHeader { get; init; }

    /// <summary>The smallest number allowed, where there is one.</summary>
    public double? Minimum { get; init; }

    /// <summary>The largest number allowed, where there is one.</summary>
    public double? Maximum { get; init; }

    /// <summary>The shortest string, or the fewest entries of a list, allowed.</summary>
    public int? MinLength { get; init; }

    /// <summary>The longest string, or the most entries of a list, allowed.</summary>
    public int? MaxLength { get; init; }

    /// <summary>The only values allowed (strings, or numbers written invariantly), or <see langword="null"/> for any.</summary>
    public IReadOnlyList<string>? AllowedValues { get; init; }

    /// <summary>A regular expression a string must match, where there is one.</summary>
    public string? Pattern { get; init; }

    /// <summary>What the provider uses when the field is not sent, where it documents one.</summary>
    public object? Default { get; init; }
}

/// <summary>The kind of value a model's field takes.</summary>
public enum ImageModelFieldType
{
    /// <summary>Text.</summary>
    Text,

    /// <summary>A whole number.</summary>
    WholeNumber,

    /// <summary>A number.</summary>
    Number,

    /// <summary><see langword="true"/> or <see langword="false"/>.</summary>
    Boolean,

    /// <summary>An absolute http or https URL.</summary>
    Url,

    /// <summary>An input image (<see cref="ImageInput"/>).</summary>
    Image,

    /// <summary>A list of strings.</summary>
    TextList,

    /// <summary>A UUID.</summary>
    Uuid,

    /// <summary>A list of input images.</summary>
    ImageList,
}
