namespace ImagingClient.Providers.Kie;

/// <summary>
/// Kie.ai's Flux Kontext models, as ids ready for <see cref="ImageRequest.Model"/>. Other ids are passed through
/// unvalidated, with a warning.
/// </summary>
public static class KieModels
{
    /// <summary>The provider's name in model ids: <c>"kie"</c>.</summary>
    public const string ProviderName = "kie";

    /// <summary>Flux Kontext Pro, the default: balanced quality and speed.</summary>
    public const string FluxKontextPro = "kie:flux-kontext-pro";

    /// <summary>Flux Kontext Max: more detail for demanding scenes.</summary>
    public const string FluxKontextMax = "kie:flux-kontext-max";
}
