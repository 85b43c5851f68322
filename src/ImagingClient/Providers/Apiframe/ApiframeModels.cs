namespace ImagingClient.Providers.Apiframe;

/// <summary>
/// Apiframe's image models, as ids ready for <see cref="ImageRequest.Model"/>: the 51 generation models of
/// <c>POST /v2/images/generate</c> (<see cref="All"/>) and the edit model <see cref="FluxFillPro"/>. Each model's
/// parameters are set with the option record of its family (<see cref="ApiframeFluxOptions"/>, …), or
/// <see cref="ApiframeOptions"/> for what every model takes. Ids not listed here are passed through unvalidated (with a
/// warning), so a model Apiframe adds later works without a new SDK release.
/// </summary>
/// <remarks>The constants and <see cref="All"/> are generated from Apiframe's OpenAPI document (<c>ApiframeModels.g.cs</c>).</remarks>
public static partial class ApiframeModels
{
    /// <summary>The provider's name in model ids: <c>"apiframe"</c>.</summary>
    public const string ProviderName = "apiframe";
}
