using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text.Json;
using ImagingClient.DependencyInjection;
using ImagingClient.Models;
using Microsoft.Extensions.AI;
using AIImageGenerationRequest = Microsoft.Extensions.AI.ImageGenerationRequest;
using ImagingGenerationRequest = ImagingClient.ImageGenerationRequest;

namespace ImagingClient.AI;

/// <summary>
/// Microsoft.Extensions.AI's <see cref="IImageGenerator"/> over an <see cref="IImageClient"/>: any provider, any model.
/// A request with no original image is a generation; with one, an edit (<see cref="IImageClient.EditAsync"/>), unless
/// the model only generates and takes reference images; with several, a generation that takes them as
/// <see cref="ImagingGenerationRequest.ReferenceImages"/>.
/// </summary>
/// <remarks>
/// Marked experimental because Microsoft.Extensions.AI's image generation abstractions are (diagnostic MEAI001); code
/// inside an experimental type may use them without the diagnostic.
/// </remarks>
[Experimental("MEAI001")]
internal sealed class ImagingImageGenerator : IImageGenerator
{
    private const string AnyImage = "image/*";

    private readonly IImageClient _client;
    private readonly string? _model;
    private readonly IImageClientRouting? _routing;
    private ImageGeneratorMetadata? _metadata;

    /// <param name="client">The client that does the work; the generator does not own it.</param>
    /// <param name="model">The model when the options name none (<c>"provider:model"</c>), or <see langword="null"/> for the client's default.</param>
    /// <exception cref="ArgumentException"><paramref name="model"/> is blank or malformed.</exception>
    public ImagingImageGenerator(IImageClient client, string? model)
    {
        ArgumentNullException.ThrowIfNull(client);
        if (model is not null)
        {
            ModelReference.Parse(model);
        }

        _client = client;
        _model = model;
        _routing = client.GetService(typeof(IImageClientRouting)) as IImageClientRouting;
    }

    /// <inheritdoc />
    public async Task<ImageGenerationResponse> GenerateAsync(AIImageGenerationRequest request, ImageGenerationOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var mapped = Map(request, options);
        var result = mapped is ImageEditRequest edit
            ? await _client.EditAsync(edit, cancellationToken).ConfigureAwait(false)
            : await _client.GenerateAsync((ImagingGenerationRequest)mapped, cancellationToken).ConfigureAwait(false);
        var contents = await ToContentsAsync(result, options, cancellationToken).ConfigureAwait(false);
        return new ImageGenerationResponse(contents) { RawRepresentation = result };
    }

    /// <summary>
    /// This generator; its <see cref="ImageGeneratorMetadata"/> (the provider its model routes to, that provider's
    /// endpoint, the model); the <see cref="IImageClient"/> underneath; or whatever that client offers (a provider's
    /// own API), by <paramref name="serviceKey"/> (a provider's name) when given.
    /// </summary>
    public object? GetService(Type serviceType, object? serviceKey = null)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        if (serviceKey is null)
        {
            if (serviceType == typeof(ImageGeneratorMetadata))
            {
                return _metadata ??= CreateMetadata();
            }

            if (serviceType.IsInstanceOfType(this))
            {
                return this;
            }

            if (serviceType.IsInstanceOfType(_client))
            {
                return _client;
            }
        }

        return _client.GetService(serviceType, serviceKey);
    }

    /// <summary>Does nothing: the client belongs to whoever made the generator (or to the container).</summary>
    public void Dispose()
    {
    }

    private ImageRequest Map(AIImageGenerationRequest request, ImageGenerationOptions? options)
    {
        if (options?.ResponseFormat is { } format && format is not (ImageGenerationResponseFormat.Data or ImageGenerationResponseFormat.Uri))
        {
            throw new ArgumentException(
                $"ImageGenerationOptions.ResponseFormat {format} is not supported by the ImagingClient image generator; use Data (the image's bytes, the default) or Uri (the provider's URL where it sends one).",
                nameof(options));
        }

        if (options?.StreamingCount is > 0)
        {
            throw new ArgumentException("ImageGenerationOptions.StreamingCount is not supported: ImagingClient providers send finished images only.", nameof(options));
        }

        var raw = options?.RawRepresentationFactory?.Invoke(this);
        var rawRequest = raw as ImageRequest;
        var rawOptions = raw as ImageProviderOptions;
        if (raw is not null && rawRequest is null && rawOptions is null)
        {
            throw new ArgumentException(
                $"ImageGenerationOptions.RawRepresentationFactory returned a {raw.GetType().FullName}; the ImagingClient image generator takes an ImagingClient.ImageGenerationRequest, an ImagingClient.ImageEditRequest, or one provider's option record (an ImagingClient.ImageProviderOptions).",
                nameof(options));
        }

        var images = ToInputs(request.OriginalImages);
        var prompt = request.Prompt ?? rawRequest?.Prompt;
        if (string.IsNullOrWhiteSpace(prompt))
        {
            throw new ArgumentException("The request's Prompt is required and must not be blank.", nameof(request));
        }

        var model = options?.ModelId ?? rawRequest?.Model ?? _model;
        ImageRequest mapped = rawRequest switch
        {
            ImageEditRequest when images.Count > 1 => throw new ArgumentException(
                $"RawRepresentationFactory returned an ImageEditRequest, which edits one image, but the request has {images.Count} original images.",
                nameof(request)),
            ImageEditRequest edit => edit with { Prompt = prompt, Model = model, Image = images.Count == 1 ? images[0] : edit.Image },
            ImagingGenerationRequest generation => generation with { Prompt = prompt, Model = model, ReferenceImages = images.Count > 0 ? images : generation.ReferenceImages },
            _ when images.Count == 1 && !GeneratesFromReferences(model) => new ImageEditRequest { Prompt = prompt, Model = model, Image = images[0] },
            _ => new ImagingGenerationRequest { Prompt = prompt, Model = model, ReferenceImages = images.Count > 0 ? images : null },
        };

        if (options is null)
        {
            return mapped;
        }

        if (options.Count is { } count)
        {
            mapped = mapped with { Count = count };
        }

        if (options.MediaType is { } mediaType)
        {
            mapped = mapped with { OutputFormat = FormatOf(mediaType) };
        }

        if (options.ImageSize is { } size)
        {
            mapped = WithSize(mapped, size, model);
        }

        mapped = WithAdditionalProperties(mapped, options);
        if (rawOptions is not null)
        {
            mapped = mapped with { ProviderOptions = rawOptions };
        }

        return mapped;
    }

    private static List<ImageInput> ToInputs(IEnumerable<AIContent>? originals)
    {
        var inputs = new List<ImageInput>();
        foreach (var content in originals ?? [])
        {
            var which = $"Original image {inputs.Count + 1}";
            switch (content)
            {
                case DataContent data when !data.HasTopLevelMediaType("image"):
                    throw new ArgumentException($"{which} is a DataContent of media type '{data.MediaType}'; only images (image/…) can be edited.", "request");
                case DataContent data:
                    inputs.Add(ImageInput.FromBytes(data.Data, data.MediaType.Contains('*', StringComparison.Ordinal) ? null : data.MediaType));
                    break;
                case UriContent uri when !uri.HasTopLevelMediaType("image"):
                    throw new ArgumentException($"{which} is a UriContent of media type '{uri.MediaType}'; only images (image/…) can be edited.", "request");
                case UriContent uri:
                    try
                    {
                        inputs.Add(ImageInput.FromUri(uri.Uri));
                    }
                    catch (ArgumentException ex)
                    {
                        throw new ArgumentException($"{which}: {ex.Message}", "request", ex);
                    }

                    break;
                case null:
                    throw new ArgumentException($"{which} is null.", "request");
                default:
                    throw new ArgumentException(
                        $"{which} is a {content.GetType().Name}; the ImagingClient image generator takes DataContent (the image's bytes) and UriContent (an http or https URL the provider can fetch).",
                        "request");
            }
        }

        return inputs;
    }

    private static ImageOutputFormat FormatOf(string mediaType) => mediaType.Trim().ToLowerInvariant() switch
    {
        "image/png" => ImageOutputFormat.Png,
        "image/jpeg" or "image/jpg" => ImageOutputFormat.Jpeg,
        "image/webp" => ImageOutputFormat.Webp,
        _ => throw new ArgumentException(
            $"ImageGenerationOptions.MediaType '{mediaType}' is not one the ImagingClient image generator can ask for; use image/png, image/jpeg or image/webp (where the model lets you choose).",
            "options"),
    };

    /// <summary>
    /// The size as the model takes it: width and height, or (for a model that takes only an aspect ratio) the allowed
    /// ratio closest to the size's, as Microsoft.Extensions.AI documents for providers with fixed sizes.
    /// </summary>
    private ImageRequest WithSize(ImageRequest request, System.Drawing.Size size, string? model)
    {
        if (size.Width <= 0 || size.Height <= 0)
        {
            throw new ArgumentOutOfRangeException("options", size, $"ImageGenerationOptions.ImageSize must have a positive width and height; it is {size.Width} x {size.Height}.");
        }

        var operation = request is ImageEditRequest ? ImageOperationKind.Edit : ImageOperationKind.Generate;
        var spec = FindModel(model, operation);
        if (spec is not null
            && spec.Field(UnifiedField.Width) is null
            && spec.Field(UnifiedField.Size) is null
            && spec.Field(UnifiedField.AspectRatio) is { } aspectField)
        {
            return request with { Width = null, Height = null, AspectRatio = ClosestRatio(size, aspectField.Allowed) };
        }

        if (spec?.Field(UnifiedField.Width) is null && spec?.Field(UnifiedField.Size) is { Allowed: { Count: > 0 } sizes }
            && ClosestSize(size, sizes) is { } closest)
        {
            return request with { Width = closest.Width, Height = closest.Height, AspectRatio = null };
        }

        return request with { Width = size.Width, Height = size.Height, AspectRatio = null };
    }

    /// <summary>Of a model's fixed <c>"WxH"</c> sizes, the one closest in shape to the size asked for, then in area.</summary>
    private static System.Drawing.Size? ClosestSize(System.Drawing.Size size, IReadOnlySet<string> allowed)
    {
        var target = Math.Log((double)size.Width / size.Height);
        return allowed
            .Order(StringComparer.Ordinal)
            .Select(text => text.Split('x') is [var w, var h]
                && int.TryParse(w, NumberStyles.None, CultureInfo.InvariantCulture, out var width)
                && int.TryParse(h, NumberStyles.None, CultureInfo.InvariantCulture, out var height)
                && width > 0 && height > 0
                    ? new System.Drawing.Size(width, height)
                    : (System.Drawing.Size?)null)
            .OfType<System.Drawing.Size>()
            .OrderBy(s => Math.Round(Math.Abs(Math.Log((double)s.Width / s.Height) - target), 6))
            .ThenBy(s => Math.Abs(((double)s.Width * s.Height) - ((double)size.Width * size.Height)))
            .Select(s => (System.Drawing.Size?)s)
            .FirstOrDefault();
    }

    private static ImageAspectRatio ClosestRatio(System.Drawing.Size size, IReadOnlySet<string>? allowed)
    {
        var target = Math.Log((double)size.Width / size.Height);
        var candidates = (allowed ?? (IEnumerable<string>)[])
            .Order(StringComparer.Ordinal)
            .Select(text => ImageAspectRatio.TryParse(text, out var ratio) ? ratio : (ImageAspectRatio?)null)
            .OfType<ImageAspectRatio>()
            .ToList();
        if (candidates.Count == 0)
        {
            var divisor = Gcd(size.Width, size.Height);
            return new ImageAspectRatio(string.Create(CultureInfo.InvariantCulture, $"{size.Width / divisor}:{size.Height / divisor}"));
        }

        return candidates.MinBy(r => Math.Abs(Math.Log((double)r.WidthPart / r.HeightPart) - target));
    }

    private static int Gcd(int a, int b)
    {
        while (b != 0)
        {
            (a, b) = (b, a % b);
        }

        return a;
    }

    private ModelSpec? FindModel(string? model, ImageOperationKind operation)
    {
        var provider = ProviderOf(model);
        if (provider is null || ProviderRegistry.Find(provider)?.Descriptor.Catalog is not { } catalog)
        {
            return null;
        }

        var id = model is null ? catalog.DefaultModel(operation) : ModelReference.Parse(model).Model;
        return id is null ? null : catalog.Find(id, operation);
    }

    /// <summary>
    /// Whether a model only generates, taking images as references (as several FLUX.2 and Gemini models do):
    /// an "edit" with it is a generation from the image, not a call it does not have.
    /// </summary>
    private bool GeneratesFromReferences(string? model) =>
        model is not null
        && FindModel(model, ImageOperationKind.Edit) is null
        && FindModel(model, ImageOperationKind.Generate)?.Field(UnifiedField.ReferenceImages) is not null;

    private string? ProviderOf(string? model) =>
        _routing is not null ? _routing.ProviderFor(model) : model is null ? null : ModelReference.Parse(model).Provider;

    private static ImageRequest WithAdditionalProperties(ImageRequest request, ImageGenerationOptions options)
    {
        if (options.AdditionalProperties is not { Count: > 0 } properties)
        {
            return request;
        }

        foreach (var (key, value) in properties)
        {
            var name = $"AdditionalProperties[\"{key}\"]";
            if (string.Equals(key, ImageGeneratorPropertyNames.Seed, StringComparison.OrdinalIgnoreCase))
            {
                request = request with { Seed = WholeNumber(value, name) };
            }
            else if (string.Equals(key, ImageGeneratorPropertyNames.NegativePrompt, StringComparison.OrdinalIgnoreCase))
            {
                request = request with { NegativePrompt = Text(value, name) };
            }
            else if (string.Equals(key, ImageGeneratorPropertyNames.AspectRatio, StringComparison.OrdinalIgnoreCase))
            {
                if (options.ImageSize is not null)
                {
                    throw new ArgumentException($"{name} and ImageGenerationOptions.ImageSize are both set; set one (ImageSize becomes an aspect ratio by itself for a model that takes only that).", nameof(options));
                }

                request = request with
                {
                    AspectRatio = value is ImageAspectRatio ratio ? ratio
                        : ImageAspectRatio.TryParse(Text(value, name), out var parsed) ? parsed
                        : throw new ArgumentException($"{name} must be an ImageAspectRatio or \"width:height\" text such as \"16:9\"; it is '{value}'.", nameof(options)),
                };
            }
            else if (string.Equals(key, ImageGeneratorPropertyNames.IdempotencyKey, StringComparison.OrdinalIgnoreCase))
            {
                request = request with { IdempotencyKey = Text(value, name) };
            }
            else if (string.Equals(key, ImageGeneratorPropertyNames.WebhookUrl, StringComparison.OrdinalIgnoreCase))
            {
                request = request with
                {
                    WebhookUrl = value is Uri uri ? uri
                        : Uri.TryCreate(Text(value, name), UriKind.Absolute, out var parsed) ? parsed
                        : throw new ArgumentException($"{name} must be an absolute URL; it is '{value}'.", nameof(options)),
                };
            }
            else if (string.Equals(key, ImageGeneratorPropertyNames.WaitTimeout, StringComparison.OrdinalIgnoreCase))
            {
                request = request with
                {
                    WaitTimeout = value is TimeSpan span ? span
                        : TimeSpan.TryParse(Text(value, name), CultureInfo.InvariantCulture, out var parsed) ? parsed
                        : throw new ArgumentException($"{name} must be a TimeSpan or its text such as \"00:05:00\"; it is '{value}'.", nameof(options)),
                };
            }
            else if (string.Equals(key, ImageGeneratorPropertyNames.ProviderOptions, StringComparison.OrdinalIgnoreCase))
            {
                if (value is not ImageProviderOptions providerOptions)
                {
                    throw new ArgumentException($"{name} must be one provider's option record (an ImagingClient.ImageProviderOptions); it is {value?.GetType().Name ?? "null"}.", nameof(options));
                }

                if (request.ProviderOptions is not null || options.RawRepresentationFactory is not null)
                {
                    throw new ArgumentException($"{name} is set, and RawRepresentationFactory gives provider options too; give them in one place.", nameof(options));
                }

                request = request with { ProviderOptions = providerOptions };
            }
            else
            {
                throw new ArgumentException(
                    $"ImageGenerationOptions.AdditionalProperties has the key '{key}', which the ImagingClient image generator does not know; "
                    + $"it takes {string.Join(", ", ImageGeneratorPropertyNames.OptionKeys)} (see ImagingClient.AI.ImageGeneratorPropertyNames).",
                    nameof(options));
            }
        }

        return request;
    }

    private static string Text(object? value, string name) => value switch
    {
        string text => text,
        JsonElement { ValueKind: JsonValueKind.String } json => json.GetString()!,
        _ => throw new ArgumentException($"{name} must be text; it is {value?.GetType().Name ?? "null"}.", "options"),
    };

    private static long WholeNumber(object? value, string name) => value switch
    {
        long number => number,
        int number => number,
        uint number => number,
        short number => number,
        JsonElement { ValueKind: JsonValueKind.Number } json when json.TryGetInt64(out var number) => number,
        string text when long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var number) => number,
        JsonElement { ValueKind: JsonValueKind.String } json when long.TryParse(json.GetString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var number) => number,
        _ => throw new ArgumentException($"{name} must be a whole number; it is '{value}'.", "options"),
    };

    private static async Task<List<AIContent>> ToContentsAsync(ImageResult result, ImageGenerationOptions? options, CancellationToken cancellationToken)
    {
        var contents = new List<AIContent>(result.Images.Count);
        foreach (var image in result.Images)
        {
            if (options?.ResponseFormat == ImageGenerationResponseFormat.Uri && image is RemoteGeneratedImage remote)
            {
                var content = new UriContent(remote.Url, MediaTypeOf(remote.Url) ?? options.MediaType ?? AnyImage) { RawRepresentation = remote };
                if (remote.ExpiresAt is { } expiresAt)
                {
                    content.AdditionalProperties = new AdditionalPropertiesDictionary { [ImageGeneratorPropertyNames.ExpiresAt] = expiresAt };
                }

                contents.Add(content);
                continue;
            }

            // Data (and the default): the bytes, downloaded once for an image the provider left at a URL.
            var bytes = await image.GetBytesAsync(cancellationToken).ConfigureAwait(false);
            contents.Add(new DataContent(bytes, image.MediaType ?? ImageInfo.SniffMediaType(bytes.Span)) { RawRepresentation = image });
        }

        return contents;
    }

    private static string? MediaTypeOf(Uri url) => Path.GetExtension(url.AbsolutePath).ToLowerInvariant() switch
    {
        ".png" => "image/png",
        ".jpg" or ".jpeg" => "image/jpeg",
        ".webp" => "image/webp",
        ".gif" => "image/gif",
        _ => null,
    };

    private ImageGeneratorMetadata CreateMetadata()
    {
        string? provider;
        try
        {
            provider = ProviderOf(_model);
        }
        catch (ArgumentException)
        {
            provider = null;
        }

        var defaultModel = _model;
        if (defaultModel is null && provider is not null && ProviderRegistry.Find(provider)?.Descriptor.Catalog is { } catalog
            && catalog.DefaultModel(ImageOperationKind.Generate) is { } id)
        {
            defaultModel = $"{provider}:{id}";
        }

        return new ImageGeneratorMetadata(provider, provider is null ? null : _routing?.BaseAddressOf(provider), defaultModel);
    }
}
