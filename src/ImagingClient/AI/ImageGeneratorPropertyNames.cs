namespace ImagingClient.AI;

/// <summary>
/// The <c>AdditionalProperties</c> keys the ImagingClient <c>IImageGenerator</c> understands: on
/// <c>ImageGenerationOptions.AdditionalProperties</c>, the request fields that Microsoft.Extensions.AI has no property
/// for; on each result content's <c>AdditionalProperties</c>, what the provider said about that image. Keys are compared
/// ignoring case. Any other key in the options is an <see cref="ArgumentException"/> before anything is sent.
/// </summary>
public static class ImageGeneratorPropertyNames
{
    /// <summary><see cref="ImageRequest.Seed"/>: a whole number (<see cref="long"/>, <see cref="int"/>, or its text).</summary>
    public const string Seed = "seed";

    /// <summary><see cref="ImageRequest.NegativePrompt"/>: text.</summary>
    public const string NegativePrompt = "negativePrompt";

    /// <summary>
    /// <see cref="ImageRequest.AspectRatio"/>: an <see cref="ImageAspectRatio"/> or its <c>"width:height"</c> text. Not
    /// together with <c>ImageGenerationOptions.ImageSize</c>, which sets the size (or the aspect ratio) itself.
    /// </summary>
    public const string AspectRatio = "aspectRatio";

    /// <summary><see cref="ImageRequest.IdempotencyKey"/>: text.</summary>
    public const string IdempotencyKey = "idempotencyKey";

    /// <summary><see cref="ImageRequest.WebhookUrl"/>: a <see cref="Uri"/> or its absolute text.</summary>
    public const string WebhookUrl = "webhookUrl";

    /// <summary><see cref="ImageRequest.WaitTimeout"/>: a <see cref="TimeSpan"/> or its text (<c>"00:05:00"</c>).</summary>
    public const string WaitTimeout = "waitTimeout";

    /// <summary>
    /// <see cref="ImageRequest.ProviderOptions"/>: one provider's option record (an <see cref="ImageProviderOptions"/>).
    /// The same record can come from <c>RawRepresentationFactory</c> instead; giving both is an error.
    /// </summary>
    public const string ProviderOptions = "providerOptions";

    /// <summary>
    /// On a result's <c>UriContent</c>: when the provider's URL stops working (a <see cref="DateTimeOffset"/>), where
    /// the provider documents a lifetime.
    /// </summary>
    public const string ExpiresAt = "expiresAt";

    /// <summary>The option keys, in the order messages list them.</summary>
    internal static IReadOnlyList<string> OptionKeys { get; } =
        [Seed, NegativePrompt, AspectRatio, IdempotencyKey, WebhookUrl, WaitTimeout, ProviderOptions];
}
