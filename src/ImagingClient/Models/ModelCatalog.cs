namespace ImagingClient.Models;

/// <summary>
/// One provider's models as data, looked up by id or alias (ignoring case; the catalog's spelling is what is sent),
/// per operation. A model id the catalog does not know is passed through, with the fields the provider's unknown-model
/// spec allows and a warning, so a model the provider adds later works without a new release.
/// </summary>
internal sealed class ModelCatalog
{
    private readonly Dictionary<(string Id, ImageOperationKind Operation), ModelSpec> _byId = new(IdComparer.Instance);
    private readonly Func<string, ImageOperationKind, ModelSpec> _unknown;
    private readonly Dictionary<ImageOperationKind, string> _defaults;

    /// <param name="provider">The provider's name in model ids.</param>
    /// <param name="displayName">The provider's name for messages.</param>
    /// <param name="models">Every model; one id may appear once per operation.</param>
    /// <param name="defaults">The model used for each operation when a request names none.</param>
    /// <param name="unknown">The spec for an id the catalog does not know.</param>
    public ModelCatalog(
        string provider,
        string displayName,
        IEnumerable<ModelSpec> models,
        IReadOnlyDictionary<ImageOperationKind, string> defaults,
        Func<string, ImageOperationKind, ModelSpec> unknown)
    {
        Provider = provider;
        DisplayName = displayName;
        Models = [.. models];
        foreach (var model in Models)
        {
            foreach (var id in model.Aliases.Prepend(model.Id))
            {
                if (!_byId.TryAdd((id, model.Operation), model))
                {
                    throw new InvalidOperationException($"The {displayName} catalog lists '{id}' twice for {model.Operation}.");
                }
            }
        }

        _defaults = new Dictionary<ImageOperationKind, string>(defaults);
        foreach (var (operation, id) in _defaults)
        {
            if (!_byId.ContainsKey((id, operation)))
            {
                throw new InvalidOperationException($"The {displayName} catalog's default {operation} model '{id}' is not in it.");
            }
        }

        _unknown = unknown;
    }

    public string Provider { get; }

    public string DisplayName { get; }

    /// <summary>Every catalogued model.</summary>
    public IReadOnlyList<ModelSpec> Models { get; }

    /// <summary>The model used for an operation when a request names none, or <see langword="null"/> when there is none.</summary>
    public string? DefaultModel(ImageOperationKind operation) => _defaults.GetValueOrDefault(operation);

    /// <summary>The catalogued model for an id (or alias) and operation, or <see langword="null"/>.</summary>
    public ModelSpec? Find(string id, ImageOperationKind operation) => _byId.GetValueOrDefault((id, operation));

    /// <summary>
    /// The model a request runs: the one it names (its <c>provider:</c> prefix checked) or the operation's default.
    /// A model catalogued only for the other operation is an error that says which method to call; an unknown one is
    /// passed through.
    /// </summary>
    /// <exception cref="ArgumentException">The model belongs to another provider, or does the other operation.</exception>
    public ModelSpec Resolve(string? requestedModel, ImageOperationKind operation)
    {
        if (!_defaults.TryGetValue(operation, out var defaultModel))
        {
            defaultModel = null;
        }

        if (requestedModel is null && defaultModel is null)
        {
            throw new ArgumentException($"{DisplayName} has no default model for {Verb(operation)}; set Model.", nameof(ImageRequest.Model));
        }

        var id = ModelReference.ResolveFor(Provider, requestedModel, defaultModel ?? string.Empty);
        if (Find(id, operation) is { } model)
        {
            return model;
        }

        var other = operation == ImageOperationKind.Generate ? ImageOperationKind.Edit : ImageOperationKind.Generate;
        if (Find(id, other) is { } wrong)
        {
            var choices = Models.Where(m => m.Operation == operation).Select(m => $"'{Provider}:{m.Id}'").ToList();
            var suggestion = defaultModel is not null ? $"such as '{Provider}:{defaultModel}'" : string.Join(", ", choices);
            throw new ArgumentException(
                operation == ImageOperationKind.Generate
                    ? $"Model '{Provider}:{wrong.Id}' is an edit model: call EditAsync with it, or choose a generation model {suggestion}."
                    : $"Model '{Provider}:{wrong.Id}' is a generation model: call GenerateAsync with it, or choose an edit model ({string.Join(", ", choices)}).",
                nameof(ImageRequest.Model));
        }

        return _unknown(id, operation);
    }

    /// <summary>The ids of the catalogued models that take a field, for messages ("models that take it: …").</summary>
    public string WhoTakes(Func<ModelSpec, bool> takes, ImageOperationKind operation)
    {
        var takers = Models.Where(m => m.Operation == operation && takes(m)).Select(m => m.Id).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        return takers.Count == 0
            ? $"no {DisplayName} model takes it when {Doing(operation)}"
            : $"{DisplayName} models that take it when {Doing(operation)}: {string.Join(", ", takers)}";
    }

    /// <summary>The operation as words after "when", for messages ("generating", "editing").</summary>
    public static string Doing(ImageOperationKind operation) => operation switch
    {
        ImageOperationKind.Edit => "editing",
        ImageOperationKind.Upscale => "upscaling",
        ImageOperationKind.RemoveBackground => "removing a background",
        ImageOperationKind.FollowUp => "following up a job",
        _ => "generating",
    };

    /// <summary>
    /// How input images given as bytes, a stream or a file are handled: <see langword="null"/> (the default) refuses
    /// them; a policy accepts them within its limits, inline where the field takes base64 or a data URI, and uploaded
    /// first where it takes only a URL and the policy <see cref="LocalImagePolicy.Uploads"/>.
    /// </summary>
    public LocalImagePolicy? LocalImages { get; init; }

    private static string Verb(ImageOperationKind operation) => operation == ImageOperationKind.Edit ? "edits" : "generation";

    private sealed class IdComparer : IEqualityComparer<(string Id, ImageOperationKind Operation)>
    {
        public static readonly IdComparer Instance = new();

        public bool Equals((string Id, ImageOperationKind Operation) x, (string Id, ImageOperationKind Operation) y) =>
            x.Operation == y.Operation && string.Equals(x.Id, y.Id, StringComparison.OrdinalIgnoreCase);

        public int GetHashCode((string Id, ImageOperationKind Operation) obj) =>
            HashCode.Combine(StringComparer.OrdinalIgnoreCase.GetHashCode(obj.Id), obj.Operation);
    }
}

/// <summary>
/// What a provider accepts of local input images (bytes, streams, files): the largest size and the media types, checked
/// before anything is sent; and whether the client uploads them for a field that takes only URLs.
/// </summary>
/// <param name="MaxBytes">The largest image accepted.</param>
/// <param name="MediaTypes">The media types accepted, as sniffed from the bytes (<c>image/png</c>, …).</param>
internal sealed record LocalImagePolicy(long MaxBytes, IReadOnlyList<string> MediaTypes)
{
    /// <summary>Whether the client uploads a local image for a field that takes only URLs (otherwise it is refused there).</summary>
    public bool Uploads { get; init; }
}
