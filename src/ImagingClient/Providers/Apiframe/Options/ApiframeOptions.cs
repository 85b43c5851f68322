namespace ImagingClient.Providers.Apiframe;

/// <summary>
/// The Apiframe options every model takes (<see cref="ApiframeImageOptions.WebhookEvents"/>), for any Apiframe model.
/// Set as <see cref="ImageRequest.ProviderOptions"/>. A model's own parameters are set with the record of its family
/// instead (<see cref="ApiframeFluxOptions"/>, …), which takes these too.
/// </summary>
/// <example>
/// <code>
/// new ImageGenerationRequest
/// {
///     Prompt = "A lighthouse at dawn, watercolor",
///     Model = ApiframeModels.Midjourney,
///     WebhookUrl = new Uri("https://example.com/webhooks/apiframe"),
///     ProviderOptions = new ApiframeOptions { WebhookEvents = [ImageWebhookEventKind.Completed, ImageWebhookEventKind.Failed] },
/// };
/// </code>
/// </example>
public sealed record ApiframeOptions : ApiframeImageOptions;
