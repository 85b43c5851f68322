namespace ImagingClient.Models;

/// <summary>A model id split into its provider prefix (if any) and the provider's own model id.</summary>
internal readonly record struct ModelReference(string? Provider, string Model)
{
    /// <summary>Splits <c>"provider:model"</c>; a bare id has no provider.</summary>
    public static ModelReference Parse(string modelId)
    {
        if (string.IsNullOrWhiteSpace(modelId))
        {
            throw new ArgumentException(
                "Model must not be blank: give \"provider:model\", a bare model id, or leave it null for the default model.",
                nameof(ImageRequest.Model));
        }

        var colon = modelId.IndexOf(':', StringComparison.Ordinal);
        if (colon < 0)
        {
            return new ModelReference(null, modelId.Trim());
        }

        var provider = modelId[..colon].Trim().ToLowerInvariant();
        var model = modelId[(colon + 1)..].Trim();
        if (provider.Length == 0 || model.Length == 0)
        {
            throw new ArgumentException(
                $"Model id '{modelId}' is malformed: write it as \"provider:model\" (for example \"provider:model-id\") or as a bare model id for the default provider.",
                nameof(ImageRequest.Model));
        }

        return new ModelReference(provider, model);
    }

    /// <summary>Resolves the model a provider should run: the request's model (its prefix checked) or the default.</summary>
    public static string ResolveFor(string provider, string? requestedModel, string defaultModel)
    {
        if (requestedModel is null)
        {
            return defaultModel;
        }

        var reference = Parse(requestedModel);
        if (reference.Provider is not null && reference.Provider != provider)
        {
            throw new ArgumentException(
                $"Model '{requestedModel}' belongs to provider '{reference.Provider}', but this client is for '{provider}'. "
                + $"Use the client for '{reference.Provider}', or the router from AddImagingClient/ImageClient.Create.",
                nameof(ImageRequest.Model));
        }

        return reference.Model;
    }
}
