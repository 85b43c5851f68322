using ImagingClient.Webhooks;

namespace ImagingClient.Providers.Apiframe;

/// <summary>
/// Base of Apiframe's option records: what every Apiframe model takes beyond the unified fields. Use
/// <see cref="ApiframeOptions"/> for these alone, or the record of the model's family (<see cref="ApiframeFluxOptions"/>,
/// <see cref="ApiframeNanoBananaOptions"/>, …) for its parameters too.
/// </summary>
public abstract record ApiframeImageOptions : ImageProviderOptions
{
    private protected ApiframeImageOptions()
    {
    }

    /// <inheritdoc />
    public sealed override string Provider => ApiframeModels.ProviderName;

    /// <summary>
    /// Which deliveries Apiframe sends to <see cref="ImageRequest.WebhookUrl"/> (<c>webhookEvents</c>): any of
    /// <see cref="ImageWebhookEventKind.Progress"/>, <see cref="ImageWebhookEventKind.Completed"/> and
    /// <see cref="ImageWebhookEventKind.Failed"/>, sent as <c>progress</c>, <c>completed</c>, <c>failed</c>; at least
    /// one. <see langword="null"/> sends none, so Apiframe's default applies.
    /// </summary>
    public IReadOnlyList<ImageWebhookEventKind>? WebhookEvents { get; init; }

    internal override void AddFields(Models.OptionFields fields) =>
        fields.Add(nameof(WebhookEvents), "webhookEvents", WebhookEvents?.Select(WireName).ToList());

    /// <summary>Apiframe's name of an event; an undefined value is sent as its number, which the validator refuses.</summary>
    private static string WireName(ImageWebhookEventKind kind) => kind switch
    {
        ImageWebhookEventKind.Progress => "progress",
        ImageWebhookEventKind.Completed => "completed",
        ImageWebhookEventKind.Failed => "failed",
        _ => ((int)kind).ToString(System.Globalization.CultureInfo.InvariantCulture),
    };
}
