namespace ImagingClient.Models;

/// <summary>How a route answers.</summary>
internal enum RouteMode
{
    /// <summary>The images come in the response to the request.</summary>
    Sync,

    /// <summary>The response is a ticket (a job or task id); the images come from polling it.</summary>
    Async,
}

/// <summary>How a route's answer carries its images.</summary>
internal enum ImageShape
{
    /// <summary>Objects with <c>url</c>, or <c>base64</c> and <c>mimeType</c>.</summary>
    UrlOrBase64Objects,

    /// <summary>An array of bare base64 strings.</summary>
    Base64Strings,

    /// <summary>An array of URL strings.</summary>
    UrlStrings,

    /// <summary>One URL.</summary>
    SingleUrl,

    /// <summary>A URL string, or an object <c>{images: [...], gridUrl}</c>.</summary>
    UrlOrImageSet,
}

/// <summary>One endpoint a model is called on.</summary>
/// <param name="Method">The HTTP method.</param>
/// <param name="Path">The path under the provider's endpoint, without a leading slash.</param>
/// <param name="ModelInBody">Whether the model id goes in the body as <c>model</c>.</param>
/// <param name="Mode">Whether the images come in the answer or from a job.</param>
/// <param name="Output">How the images are carried.</param>
internal sealed record RouteSpec(HttpMethod Method, string Path, bool ModelInBody, RouteMode Mode, ImageShape Output)
{
    /// <summary>The body property that names the model, where <see cref="ModelInBody"/> (<c>model</c>; <c>action</c> for a follow-up route).</summary>
    public string ModelProperty { get; init; } = "model";
}

/// <summary>
/// One model as data: its id and aliases, its family (which decides the provider option record it takes), what it
/// does, where it is called, how its images come back, and every field it takes.
/// </summary>
internal sealed record ModelSpec
{
    /// <summary>The provider's own id, spelled as the provider expects it.</summary>
    public required string Id { get; init; }

    /// <summary>Other ids that mean this model (compared ignoring case, as the id is).</summary>
    public IReadOnlyList<string> Aliases { get; init; } = [];

    /// <summary>The model family, such as <c>flux</c>; an option record for another family is refused.</summary>
    public required string Family { get; init; }

    public required ImageOperationKind Operation { get; init; }

    public required RouteSpec Route { get; init; }

    /// <summary>How long a result URL works, where the provider documents a lifetime.</summary>
    public TimeSpan? UrlLifetime { get; init; }

    /// <summary>The fields it takes, in the order they are written.</summary>
    public required IReadOnlyList<FieldSpec> Fields { get; init; }

    /// <summary>False for a model id the catalog does not know, passed through with its fields unchecked.</summary>
    public bool IsCatalogued { get; init; } = true;

    /// <summary>The field with this wire name, or <see langword="null"/>.</summary>
    public FieldSpec? Field(string wireName)
    {
        foreach (var field in Fields)
        {
            if (field.WireName == wireName)
            {
                return field;
            }
        }

        return null;
    }

    /// <summary>The field a unified field maps to, or <see langword="null"/>.</summary>
    public FieldSpec? Field(UnifiedField unified)
    {
        foreach (var field in Fields)
        {
            if (field.Unified == unified)
            {
                return field;
            }
        }

        return null;
    }
}
