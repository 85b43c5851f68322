using System.Globalization;

namespace ImagingClient.Models;

/// <summary>
/// Checks a request against its model's <see cref="ModelSpec"/> before anything is sent, the same way for every
/// provider, and writes the messages: the model and the field are named, and the allowed range or values given. A
/// field the model does not take throws, or is dropped with a warning (<see cref="UnsupportedFieldHandling"/>).
/// </summary>
/// <remarks>
/// Precedence, once for every provider: a unified field (<see cref="ImageRequest.Seed"/>, …) and the same wire field in
/// a provider option record may both be set only to the same value; two different values are an
/// <see cref="ArgumentException"/> naming both. A unified <see cref="ImageRequest.Count"/> of 1 is accepted by every
/// model, and sent only to a model that has a count field.
/// </remarks>
internal static class RequestValidator
{
    public static ValidatedRequest Validate(ModelCatalog catalog, ImageRequest request, ImageOperation operation, UnsupportedFieldHandling handling)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (string.IsNullOrWhiteSpace(request.Prompt))
        {
            throw new ArgumentException("Prompt is required and must not be blank.", nameof(ImageRequest.Prompt));
        }

        var model = catalog.Resolve(request.Model, operation);
        var context = new Context(catalog, model, operation, handling);
        if (!model.IsCatalogued)
        {
            context.Warnings.Add($"Model '{context.QualifiedModel}' is not in ImagingClient's {catalog.DisplayName} catalog; its fields were sent without validation.");
        }

        var options = CheckOptions(request.ProviderOptions, context);
        foreach (var (unified, name, value) in UnifiedValues(request, context))
        {
            context.Set(unified, name, value);
        }

        if (options is not null)
        {
            var fields = new OptionFields();
            options.AddFields(fields);
            foreach (var (property, wireName, value) in fields.Values)
            {
                context.SetOption($"{options.GetType().Name}.{property}", wireName, value);
            }
        }

        foreach (var field in model.Fields)
        {
            if (field.Required && !context.Values.ContainsKey(field))
            {
                var name = field.Unified != UnifiedField.None ? field.Unified.ToString() : field.Option ?? field.WireName;
                throw new ArgumentException($"{name} is required by model '{context.QualifiedModel}'.", name);
            }
        }

        var values = model.Fields
            .Where(context.Values.ContainsKey)
            .Select(field => new FieldValue(field, context.Values[field].Value, context.Values[field].SetBy))
            .ToList();
        return new ValidatedRequest(catalog.Provider, catalog.DisplayName, model, values, context.Warnings);
    }

    /// <summary>The unified fields the request sets, with their basic sanity checked and their wire form.</summary>
    private static IEnumerable<(UnifiedField Field, string Name, object Value)> UnifiedValues(ImageRequest request, Context context)
    {
        yield return (UnifiedField.Prompt, nameof(ImageRequest.Prompt), request.Prompt);
        if (request is ImageEditRequest edit)
        {
            if (edit.Image is null)
            {
                throw new ArgumentException("Image is required for an edit.", nameof(ImageEditRequest.Image));
            }

            yield return (UnifiedField.Image, nameof(ImageEditRequest.Image), edit.Image);
        }

        if (request.Width is { } width)
        {
            yield return (UnifiedField.Width, nameof(ImageRequest.Width), (long)width);
        }

        if (request.Height is { } height)
        {
            yield return (UnifiedField.Height, nameof(ImageRequest.Height), (long)height);
        }

        if (request.AspectRatio is { } aspect)
        {
            yield return (UnifiedField.AspectRatio, nameof(ImageRequest.AspectRatio), Initialized(aspect.ToString(), nameof(ImageRequest.AspectRatio), "ImageAspectRatio.Square or new ImageAspectRatio(\"16:9\")"));
        }

        if (request.Count is { } count)
        {
            if (count < 1)
            {
                throw new ArgumentOutOfRangeException(nameof(ImageRequest.Count), count, $"Count must be at least 1; it was {count}.");
            }

            yield return (UnifiedField.Count, nameof(ImageRequest.Count), (long)count);
        }

        if (request.Seed is { } seed)
        {
            yield return (UnifiedField.Seed, nameof(ImageRequest.Seed), seed);
        }

        if (request.NegativePrompt is { } negative)
        {
            yield return (UnifiedField.NegativePrompt, nameof(ImageRequest.NegativePrompt), negative);
        }

        if (request.OutputFormat is { } format)
        {
            yield return (UnifiedField.OutputFormat, nameof(ImageRequest.OutputFormat), Initialized(format.ToString(), nameof(ImageRequest.OutputFormat), "ImageOutputFormat.Png or ImageOutputFormat.Jpeg"));
        }

        if (request.WebhookUrl is { } webhook)
        {
            if (!webhook.IsAbsoluteUri || (webhook.Scheme != Uri.UriSchemeHttps && webhook.Scheme != Uri.UriSchemeHttp))
            {
                throw new ArgumentException($"WebhookUrl must be an absolute http or https URL {context.Catalog.DisplayName} can reach; '{webhook}' is not.", nameof(ImageRequest.WebhookUrl));
            }

            yield return (UnifiedField.WebhookUrl, nameof(ImageRequest.WebhookUrl), webhook.OriginalString);
        }

        if (request.IdempotencyKey is { } key)
        {
            if (string.IsNullOrWhiteSpace(key))
            {
                throw new ArgumentException("IdempotencyKey must not be blank; leave it null to send none.", nameof(ImageRequest.IdempotencyKey));
            }

            yield return (UnifiedField.IdempotencyKey, nameof(ImageRequest.IdempotencyKey), key);
        }
    }

    private static ImageProviderOptions? CheckOptions(ImageProviderOptions? options, Context context)
    {
        if (options is null)
        {
            return null;
        }

        if (!string.Equals(options.Provider, context.Catalog.Provider, StringComparison.OrdinalIgnoreCase))
        {
            throw new ArgumentException(
                $"ProviderOptions of type {options.GetType().Name} are for provider '{options.Provider}', but model '{context.QualifiedModel}' runs on '{context.Catalog.Provider}'. "
                + $"Use {context.Catalog.DisplayName}'s option records, or choose a '{options.Provider}:…' model.",
                nameof(ImageRequest.ProviderOptions));
        }

        if (options.Family is { } family && context.Model.IsCatalogued && !string.Equals(family, context.Model.Family, StringComparison.OrdinalIgnoreCase))
        {
            throw new ArgumentException(
                $"ProviderOptions of type {options.GetType().Name} are for {context.Catalog.DisplayName}'s '{family}' models, but model '{context.QualifiedModel}' is a '{context.Model.Family}' model; use the option record of its family.",
                nameof(ImageRequest.ProviderOptions));
        }

        return options;
    }

    private static string Initialized(string value, string field, string howToSet) =>
        value.Length == 0 ? throw new ArgumentException($"{field} is set to an uninitialised default value; use {howToSet}.", field) : value;

    private sealed class Context(ModelCatalog catalog, ModelSpec model, ImageOperation operation, UnsupportedFieldHandling handling)
    {
        public ModelCatalog Catalog { get; } = catalog;

        public ModelSpec Model { get; } = model;

        public List<string> Warnings { get; } = [];

        public Dictionary<FieldSpec, (object Value, string SetBy)> Values { get; } = new(ReferenceEqualityComparer.Instance);

        public string QualifiedModel => $"{Catalog.Provider}:{Model.Id}";

        public void Set(UnifiedField unified, string name, object value)
        {
            var field = Model.Field(unified);
            if (field is null)
            {
                // One image is what every model makes.
                if (unified != UnifiedField.Count || value is not 1L)
                {
                    Refuse(name, Catalog.WhoTakes(m => m.Field(unified) is not null, operation));
                }

                return;
            }

            Put(field, name, value);
        }

        public void SetOption(string name, string wireName, object value)
        {
            if (value is string { Length: 0 } && Model.Field(wireName) is { HowToSet: { } howToSet })
            {
                throw new ArgumentException($"{name} is set to an uninitialised default value; use {howToSet}.", name);
            }

            var field = Model.Field(wireName);
            if (field is null)
            {
                Refuse(name, Catalog.WhoTakes(m => m.Field(wireName) is not null, operation));
                return;
            }

            if (Values.TryGetValue(field, out var existing))
            {
                if (!Equals(existing.Value, value))
                {
                    throw new ArgumentException(
                        $"{existing.SetBy} ({Show(existing.Value)}) and {name} ({Show(value)}) both set '{field.WireName}' for model '{QualifiedModel}' to different values; set one of them.",
                        name);
                }

                return;
            }

            Put(field, name, value);
        }

        private void Put(FieldSpec field, string name, object value)
        {
            var wire = Check(field, name, value);
            if (field.NotSentWhen is { } notSent && Equals(notSent, wire))
            {
                return;
            }

            Values[field] = (wire, name);
        }

        /// <summary>Checks a value against its field and returns its wire form.</summary>
        private object Check(FieldSpec field, string name, object value)
        {
            switch (field.Type)
            {
                case FieldType.Integer or FieldType.Number:
                    var outside = value switch
                    {
                        long l => l < (field.Min ?? long.MinValue) || l > (field.Max ?? long.MaxValue),
                        double d => double.IsNaN(d) || d < (field.Min ?? double.MinValue) || d > (field.Max ?? double.MaxValue),
                        _ => throw new ArgumentException($"{name} must be a number for model '{QualifiedModel}'.", name),
                    };
                    if (outside)
                    {
                        var range = (field.Min, field.Max) switch
                        {
                            ({ } lo, { } hi) => $"between {lo} and {hi}",
                            ({ } lo, null) => $"at least {lo}",
                            _ => $"at most {field.Max}",
                        };
                        throw new ArgumentOutOfRangeException(
                            name,
                            value,
                            $"{name} must be {range} when {(operation == ImageOperation.Edit ? "editing" : "generating")} with model '{QualifiedModel}'; it was {Show(value)}.");
                    }

                    return value;

                case FieldType.Boolean:
                    return value;

                case FieldType.ImageUrl:
                    return UrlOf((ImageInput)value, field);

                case FieldType.StringList:
                    var list = (IReadOnlyList<string>)value;
                    if (field.MaxLength is { } most && list.Count > most)
                    {
                        throw new ArgumentOutOfRangeException(name, list.Count, $"{name} takes at most {most} entries for model '{QualifiedModel}'; it has {list.Count}.");
                    }

                    return list;

                default:
                    var text = (string)value;
                    if (field.MinLength is > 0 && string.IsNullOrWhiteSpace(text))
                    {
                        throw new ArgumentException($"{name} must not be blank; leave it null to send none.", name);
                    }

                    if (field.MaxLength is { } longest && text.Length > longest)
                    {
                        throw new ArgumentOutOfRangeException(name, text.Length, $"{name} must be at most {longest} characters for model '{QualifiedModel}'; it has {text.Length}.");
                    }

                    if (field.Allowed is { } allowed && !allowed.Contains(text))
                    {
                        throw new ArgumentException($"{name} '{text}' is not accepted by model '{QualifiedModel}'; use one of {field.AllowedList}.", name);
                    }

                    return text;
            }
        }

        /// <summary>
        /// The URL of an input image, for a provider that fetches the image itself; any other kind of input is an error
        /// that says so. The URL is sent exactly as given: re-encoding could break a pre-signed URL.
        /// </summary>
        private string UrlOf(ImageInput image, FieldSpec field)
        {
            if (image.Kind != ImageInputKind.Url)
            {
                var kind = image.Kind switch
                {
                    ImageInputKind.Bytes => "bytes",
                    ImageInputKind.Stream => "a stream",
                    _ => "a local file",
                };
                throw new ArgumentException(
                    $"{Catalog.DisplayName} takes the image for '{field.WireName}' only as a public URL, but this input is {kind}. "
                    + $"Upload the image somewhere {Catalog.DisplayName} can fetch it and pass ImageInput.FromUri(url).",
                    nameof(ImageEditRequest.Image));
            }

            return image.Url!.OriginalString;
        }

        private void Refuse(string name, string whoTakesIt)
        {
            var message = $"Model '{QualifiedModel}' does not take {name}; {whoTakesIt}.";
            if (handling == UnsupportedFieldHandling.Throw)
            {
                throw new ArgumentException(
                    $"{message} Remove it, choose a model that takes it, or set UnsupportedFields = WarnAndDrop in the provider's options to drop it with a warning.",
                    name);
            }

            Warnings.Add($"{message} It was not sent.");
        }

        private static string Show(object value) => value switch
        {
            string s => $"'{s}'",
            IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
            _ => value.ToString() ?? string.Empty,
        };
    }
}

/// <summary>The fields a provider option record sets, by wire name.</summary>
internal sealed class OptionFields
{
    private readonly List<(string Property, string WireName, object Value)> _values = [];

    public IReadOnlyList<(string Property, string WireName, object Value)> Values => _values;

    /// <summary>Adds a field the record sets; <see langword="null"/> (not set) is skipped.</summary>
    public OptionFields Add(string property, string wireName, object? value)
    {
        if (value is not null)
        {
            _values.Add((property, wireName, value is int i ? (long)i : value));
        }

        return this;
    }
}

/// <summary>One checked value, in wire form, and the request field that set it.</summary>
internal readonly record struct FieldValue(FieldSpec Field, object Value, string SetBy);
