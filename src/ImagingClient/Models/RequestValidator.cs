using System.Globalization;
using System.Text.RegularExpressions;

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
    public static ValidatedRequest Validate(ModelCatalog catalog, ImageRequest request, ImageOperationKind operation, UnsupportedFieldHandling handling)
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
        foreach (var (unified, name, value) in SizeAsOneField(UnifiedValues(request, context).ToList(), context))
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

        return context.Finish();
    }

    /// <summary>
    /// Checks the fields of a request that is not an <see cref="ImageRequest"/> (a provider-specific operation such as
    /// an upscale) against its model, the same way: each value is set as an option field and checked, required fields
    /// are required, and a field the model does not take is refused.
    /// </summary>
    /// <param name="catalog">The provider's catalog, for names and messages.</param>
    /// <param name="model">The operation's model.</param>
    /// <param name="fields">The fields the request sets, with the request property that sets each.</param>
    /// <param name="handling">What to do with a field the model does not take.</param>
    public static ValidatedRequest ValidateFields(ModelCatalog catalog, ModelSpec model, OptionFields fields, UnsupportedFieldHandling handling)
    {
        ArgumentNullException.ThrowIfNull(fields);
        var context = new Context(catalog, model, model.Operation, handling);
        foreach (var (property, wireName, value) in fields.Values)
        {
            context.SetOption(property, wireName, value);
        }

        return context.Finish();
    }

    /// <summary>
    /// For a model that takes its size as one <c>"WxH"</c> string, <see cref="ImageRequest.Width"/> and
    /// <see cref="ImageRequest.Height"/> become that string; both must then be set.
    /// </summary>
    private static List<(UnifiedField Field, string Name, object Value)> SizeAsOneField(List<(UnifiedField Field, string Name, object Value)> values, Context context)
    {
        if (context.Model.Field(UnifiedField.Size) is null || context.Model.Field(UnifiedField.Width) is not null)
        {
            return values;
        }

        var width = values.FindIndex(v => v.Field == UnifiedField.Width);
        var height = values.FindIndex(v => v.Field == UnifiedField.Height);
        if (width < 0 && height < 0)
        {
            return values;
        }

        if (width < 0 || height < 0)
        {
            var missing = width < 0 ? nameof(ImageRequest.Width) : nameof(ImageRequest.Height);
            throw new ArgumentException($"Model '{context.QualifiedModel}' takes its size as \"WxH\": set both Width and Height, or neither; {missing} is not set.", missing);
        }

        var size = string.Create(CultureInfo.InvariantCulture, $"{values[width].Value}x{values[height].Value}");
        return [.. values.Where(v => v.Field is not (UnifiedField.Width or UnifiedField.Height)), (UnifiedField.Size, "Width and Height", size)];
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

            yield return (UnifiedField.WebhookUrl, nameof(ImageRequest.WebhookUrl), WireUrl.Of(webhook, nameof(ImageRequest.WebhookUrl)));
        }

        if (request is ImageGenerationRequest { ReferenceImages: { } references })
        {
            if (references.Count == 0 || references.Any(r => r is null))
            {
                throw new ArgumentException("ReferenceImages must hold at least one image and no null entries; leave it null to send none.", nameof(ImageGenerationRequest.ReferenceImages));
            }

            yield return (UnifiedField.ReferenceImages, nameof(ImageGenerationRequest.ReferenceImages), references);
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

    private sealed class Context(ModelCatalog catalog, ModelSpec model, ImageOperationKind operation, UnsupportedFieldHandling handling)
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

            if (value is string text && field.UnifiedSpelling?.GetValueOrDefault(text) is { } spelled)
            {
                value = spelled;
            }

            if (unified == UnifiedField.ReferenceImages && field.Type == FieldType.ImageUrl)
            {
                // A model that takes one input image takes the list only when it holds one.
                var images = (IReadOnlyList<ImageInput>)value;
                if (images.Count != 1)
                {
                    throw new ArgumentOutOfRangeException(name, images.Count, $"{name} takes exactly one image for model '{QualifiedModel}' ('{field.WireName}'); it has {images.Count}.");
                }

                value = images[0];
            }

            Put(field, name, value);
        }

        /// <summary>Fills implied values, checks required fields, and returns the values in the model's field order.</summary>
        public ValidatedRequest Finish()
        {
            foreach (var field in Model.Fields)
            {
                if (field.Implied is { } implied && !Values.ContainsKey(field))
                {
                    Values[field] = (implied, "the implied value");
                }

                if (field.Required && !Values.ContainsKey(field))
                {
                    var name = field.Unified != UnifiedField.None ? field.Unified.ToString() : field.Option ?? field.WireName;
                    throw new ArgumentException($"{name} is required by model '{QualifiedModel}'.", name);
                }
            }

            foreach (var field in Model.Fields)
            {
                if (field.ExclusiveWith is { } other && Values.TryGetValue(field, out var one) && Model.Field(other) is { } otherField && Values.TryGetValue(otherField, out var two))
                {
                    throw new ArgumentException($"{one.SetBy} ('{field.WireName}') and {two.SetBy} ('{other}') may not both be sent to model '{QualifiedModel}'; set one of them.", one.SetBy);
                }
            }

            var values = Model.Fields
                .Where(Values.ContainsKey)
                .Select(field => new FieldValue(field, Values[field].Value, Values[field].SetBy))
                .ToList();
            return new ValidatedRequest(Catalog.Provider, Catalog.DisplayName, Model, values, Warnings);
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
                // Compared in wire form: a unified value was checked (and respelled) already, and lists compare by entry.
                if (!SameValue(existing.Value, Check(field, name, value)))
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
            try
            {
                return CheckValue(field, name, value);
            }
            catch (InvalidCastException)
            {
                // A value set by wire name (ImageProviderFields, a provider record's by-name fields) can be of any type.
                throw new ArgumentException($"{name} must be {KindOf(field.Type)} for model '{QualifiedModel}' ('{field.WireName}'); it was a {value.GetType().Name}.", name);
            }
        }

        private static string KindOf(FieldType type) => type switch
        {
            FieldType.StringList => "a list of strings",
            FieldType.Uuid => "a UUID (a Guid or its text)",
            FieldType.Url => "an absolute URL (a Uri or its text)",
            FieldType.ImageUrl => "an image (an ImageInput)",
            FieldType.ImageUrlList => "a list of images (ImageInput)",
            _ => "a string",
        };

        private object CheckValue(FieldSpec field, string name, object value)
        {
            switch (field.Type)
            {
                case FieldType.Integer or FieldType.Number:
                    return CheckNumber(field, name, value);

                case FieldType.Boolean:
                    return value is bool ? value : throw new ArgumentException($"{name} must be true or false for model '{QualifiedModel}'.", name);

                case FieldType.ImageUrl:
                    return ImageOf((ImageInput)value, field, name);

                case FieldType.ImageUrlList:
                    var images = CheckCount(field, name, (IReadOnlyList<ImageInput>)value);
                    return images.Select(image => ImageOf(image ?? throw new ArgumentException($"{name} must not hold null entries.", name), field, name)).ToList();

                case FieldType.StringList:
                    var list = CheckCount(field, name, (IReadOnlyList<string>)value);
                    foreach (var item in list)
                    {
                        if (item is null || (field.Allowed is { } allowedItems && !allowedItems.Contains(item)))
                        {
                            throw new ArgumentException($"{name} holds '{item}', which model '{QualifiedModel}' does not accept; use {field.AllowedList}.", name);
                        }
                    }

                    return list;

                case FieldType.Uuid:
                    var uuid = value is Guid guid ? guid.ToString("D") : (string)value;
                    return Guid.TryParseExact(uuid, "D", out _)
                        ? uuid
                        : throw new ArgumentException($"{name} must be a UUID such as 3f2a9c1e-8d4b-4e6f-a1b2-c3d4e5f60718 for model '{QualifiedModel}'; it was '{uuid}'.", name);

                case FieldType.Url:
                    var url = value is Uri uri ? uri.OriginalString : (string)value;
                    return Uri.TryCreate(url, UriKind.Absolute, out var parsed) && (parsed.Scheme == Uri.UriSchemeHttps || parsed.Scheme == Uri.UriSchemeHttp)
                        ? WireUrl.Of(parsed, name)
                        : throw new ArgumentException($"{name} must be an absolute http or https URL for model '{QualifiedModel}'; it was '{url}'.", name);

                default:
                    var text = (string)value;
                    if ((field.MinLength is > 0 || field.Location == FieldLocation.Header) && string.IsNullOrWhiteSpace(text))
                    {
                        throw new ArgumentException($"{name} must not be blank; leave it null to send none.", name);
                    }

                    if (field.Location == FieldLocation.Header && text.AsSpan().ContainsAnyExceptInRange((char)0x21, (char)0x7E))
                    {
                        // A header value of other characters fails when it is sent, after the call was counted as made.
                        throw new ArgumentException($"{name} travels in the {field.WireName} header, so it must be printable ASCII without spaces; it is '{text}'.", name);
                    }

                    if (field.MaxLength is { } longest && text.Length > longest)
                    {
                        throw new ArgumentOutOfRangeException(name, text.Length, $"{name} must be at most {longest} characters for model '{QualifiedModel}'; it has {text.Length}.");
                    }

                    if (field.Allowed is { } allowed && !allowed.Contains(text))
                    {
                        throw new ArgumentException($"{name} '{text}' is not accepted by model '{QualifiedModel}'; use one of {field.AllowedList}.", name);
                    }

                    if (field.Pattern is { } pattern && !Regex.IsMatch(text, pattern, RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1)))
                    {
                        throw new ArgumentException($"{name} '{text}' is not in the form model '{QualifiedModel}' accepts (it must match {pattern}).", name);
                    }

                    if (field.MaxPixels is { } most && SizePixels(text) is { } pixels && pixels > most)
                    {
                        throw new ArgumentOutOfRangeException(name, text, $"{name} '{text}' is {pixels} pixels; model '{QualifiedModel}' takes at most {most}.");
                    }

                    return text;
            }
        }

        private object CheckNumber(FieldSpec field, string name, object value)
        {
            var number = value switch
            {
                long l => (double)l,
                int i => i,
                double d => d,
                float f => f,
                decimal m => (double)m,
                _ => throw new ArgumentException($"{name} must be a number for model '{QualifiedModel}'.", name),
            };
            if (field.Type == FieldType.Integer && (value is double or float or decimal) && (double.IsNaN(number) || number != Math.Floor(number)))
            {
                throw new ArgumentException($"{name} must be a whole number for model '{QualifiedModel}'; it was {Show(value)}.", name);
            }

            if (field.AllowedNumbers is { } allowedNumbers && !allowedNumbers.Contains(number))
            {
                throw new ArgumentOutOfRangeException(
                    name,
                    value,
                    $"{name} must be one of {string.Join(", ", allowedNumbers.Select(n => n.ToString(CultureInfo.InvariantCulture)))} when {ModelCatalog.Doing(operation)} with model '{QualifiedModel}'; it was {Show(value)}.");
            }

            var outside = value is long integral
                ? (field.Min is { } lowest && integral < lowest) || (field.Max is { } highest && integral > highest)
                : double.IsNaN(number) || double.IsInfinity(number) || number < (field.Min ?? double.MinValue) || number > (field.Max ?? double.MaxValue);
            if (outside)
            {
                var range = (field.Min, field.Max) switch
                {
                    ({ } lo, { } hi) => $"between {Show(lo)} and {Show(hi)}",
                    ({ } lo, null) => $"at least {Show(lo)}",
                    (null, { } hi) => $"at most {Show(hi)}",
                    _ => "a finite number",
                };
                throw new ArgumentOutOfRangeException(
                    name,
                    value,
                    $"{name} must be {range} when {ModelCatalog.Doing(operation)} with model '{QualifiedModel}'; it was {Show(value)}.");
            }

            if (field.MultipleOf is { } step && (value is long whole0 ? whole0 % step != 0 : number % step != 0))
            {
                throw new ArgumentOutOfRangeException(
                    name,
                    value,
                    $"{name} must be a multiple of {step} when {ModelCatalog.Doing(operation)} with model '{QualifiedModel}'; it was {Show(value)}.");
            }

            // A long is kept as it is: through a double, a seed above 2^53 would change.
            return value switch
            {
                long whole => (object)whole,
                int whole => (object)(long)whole,
                _ when field.Type == FieldType.Integer => (object)(long)number,
                _ => (object)number,
            };
        }

        /// <summary>The pixels a <c>"WxH"</c> size describes, or <see langword="null"/> for another form ("2K").</summary>
        private static long? SizePixels(string size)
        {
            var x = size.IndexOf('x', StringComparison.Ordinal);
            return x > 0
                && long.TryParse(size.AsSpan(0, x), NumberStyles.None, CultureInfo.InvariantCulture, out var width)
                && long.TryParse(size.AsSpan(x + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var height)
                ? width > int.MaxValue || height > int.MaxValue ? long.MaxValue : width * height
                : null;
        }

        private IReadOnlyList<T> CheckCount<T>(FieldSpec field, string name, IReadOnlyList<T> list)
        {
            if ((field.SpreadNames?.Count ?? field.MaxLength) is { } most && list.Count > most)
            {
                throw new ArgumentOutOfRangeException(name, list.Count, $"{name} takes at most {most} entries for model '{QualifiedModel}'; it has {list.Count}.");
            }

            if (field.MinLength is { } fewest && list.Count < fewest)
            {
                throw new ArgumentOutOfRangeException(name, list.Count, $"{name} needs at least {fewest} entries for model '{QualifiedModel}'; it has {list.Count}. Leave it null to send none.");
            }

            return list;
        }

        /// <summary>
        /// An input image in wire form: its URL, exactly as given when it is a valid RFC 3986 URI (re-encoding could
        /// break a pre-signed URL) and escaped otherwise (<see cref="WireUrl"/>). Any
        /// other kind of input is, for a provider that uploads local images, kept for the client to upload once its
        /// size and type are checked; for any other provider an error that says what to do.
        /// </summary>
        private object ImageOf(ImageInput image, FieldSpec field, string name)
        {
            var inline = (field.ImageForms & (ImageForms.Base64 | ImageForms.DataUri)) != 0;
            if (image.Kind == ImageInputKind.Url)
            {
                if (field.Pattern is { } urlPattern && field.ImageForms.HasFlag(ImageForms.Url) && !Regex.IsMatch(image.Url!.OriginalString, urlPattern, RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1)))
                {
                    throw new ArgumentException($"{name}: model '{QualifiedModel}' takes '{field.WireName}' only as a URL matching {urlPattern} (or inline); '{image.Url}' is not one.", name);
                }

                return field.ImageForms.HasFlag(ImageForms.Url)
                    ? WireUrl.Of(image.Url!, name)
                    : throw new ArgumentException(
                        $"{Catalog.DisplayName} takes the image for '{field.WireName}' only inline (as its bytes), not as a URL; pass ImageInput.FromBytes, FromFile or FromStream (download the image first).",
                        field.Unified == UnifiedField.Image ? nameof(ImageEditRequest.Image) : name);
            }

            if (Catalog.LocalImages is { } policy && (inline || policy.Uploads))
            {
                CheckLocal(image, policy, field.MediaTypes ?? policy.MediaTypes, name);
                return image;
            }

            var kind = image.Kind switch
            {
                ImageInputKind.Bytes => "bytes",
                ImageInputKind.Stream => "a stream",
                _ => "a local file",
            };
            throw new ArgumentException(
                $"{Catalog.DisplayName} takes the image for '{field.WireName}' only as a public URL, but this input is {kind}. "
                + $"Upload the image somewhere {Catalog.DisplayName} can fetch it and pass ImageInput.FromUri(url).",
                field.Unified == UnifiedField.Image ? nameof(ImageEditRequest.Image) : name);
        }

        /// <summary>The size and type of a local image, where they can be known without reading a stream.</summary>
        private void CheckLocal(ImageInput image, LocalImagePolicy policy, IReadOnlyList<string> mediaTypes, string name)
        {
            long? size = null;
            string? mediaType = null;
            switch (image.Kind)
            {
                case ImageInputKind.Bytes:
                    size = image.Bytes.Length;
                    mediaType = ImageInfo.SniffMediaType(image.Bytes.Span);
                    break;
                case ImageInputKind.File:
                    var file = new FileInfo(image.FilePath!);
                    if (!file.Exists)
                    {
                        throw new ArgumentException($"{name}: the file '{image.FilePath}' does not exist.", name);
                    }

                    size = file.Length;
                    Span<byte> head = stackalloc byte[64];
                    using (var stream = file.OpenRead())
                    {
                        mediaType = ImageInfo.SniffMediaType(head[..stream.ReadAtLeast(head, head.Length, throwOnEndOfStream: false)]);
                    }

                    break;
                case ImageInputKind.Stream when image.Stream is { CanSeek: true } seekable:
                    size = seekable.Length - seekable.Position;
                    break;
            }

            if (size > policy.MaxBytes)
            {
                throw new ArgumentOutOfRangeException(name, size, $"{name} is {size} bytes; {Catalog.DisplayName} takes images of at most {policy.MaxBytes} bytes ({policy.MaxBytes / (1024 * 1024)} MB).");
            }

            if (size == 0)
            {
                throw new ArgumentException($"{name} is empty.", name);
            }

            if (mediaType is not null && !mediaTypes.Contains(mediaType))
            {
                throw new ArgumentException($"{name} is not an image {Catalog.DisplayName} takes (it looks like {mediaType}); use {string.Join(", ", mediaTypes)}.", name);
            }
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

        private static bool SameValue(object sent, object other) =>
            Equals(sent, other) || (sent is IEnumerable<object> left && other is IEnumerable<object> right && left.SequenceEqual(right));

        private static string Show(object value) => value switch
        {
            string s => $"'{s}'",
            IEnumerable<object> list => $"[{string.Join(", ", list.Select(Show))}]",
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
