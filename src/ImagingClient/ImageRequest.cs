namespace ImagingClient;

/// <summary>
/// What every image request shares: the prompt, the model, the unified fields and the provider-specific options.
/// </summary>
/// <remarks>
/// Unified fields left <see langword="null"/> are not sent, so the provider's defaults apply. A field the chosen model
/// does not take is an <see cref="ArgumentException"/> before anything is sent, unless the provider is configured to
/// drop it with a warning (see <see cref="ImagingProviderOptions.UnsupportedFields"/>).
/// </remarks>
public abstract record ImageRequest
{
    private protected ImageRequest()
    {
    }

    /// <summary>The text prompt (for an edit: the instruction). Required.</summary>
    public required string Prompt { get; init; }

    /// <summary>
    /// The model as <c>"provider:model"</c> (for example <c>"myprovider:my-model"</c>), or a bare model id for the
    /// default provider, or <see langword="null"/> for the default provider's default model.
    /// </summary>
    public string? Model { get; init; }

    /// <summary>Output width in pixels.</summary>
    public int? Width { get; init; }

    /// <summary>Output height in pixels.</summary>
    public int? Height { get; init; }

    /// <summary>Output aspect ratio, such as <see cref="ImageAspectRatio.Landscape16x9"/>.</summary>
    public ImageAspectRatio? AspectRatio { get; init; }

    /// <summary>How many images to produce. One is accepted by every model; more only where the model allows it.</summary>
    public int? Count { get; init; }

    /// <summary>Seed for reproducible output, where the model takes one.</summary>
    public long? Seed { get; init; }

    /// <summary>What the image should not contain, where the model takes a negative prompt.</summary>
    public string? NegativePrompt { get; init; }

    /// <summary>The encoding of the produced image, where the model lets the caller choose.</summary>
    public ImageOutputFormat? OutputFormat { get; init; }

    /// <summary>
    /// A key that makes a retried submission safe where the provider supports idempotency: the provider answers a
    /// repeat with the first submission's job instead of starting (and charging for) a new one.
    /// </summary>
    public string? IdempotencyKey { get; init; }

    /// <summary>Where the provider should deliver a completion callback, where it supports one.</summary>
    public Uri? WebhookUrl { get; init; }

    /// <summary>
    /// For a provider that runs work as jobs, the longest <see cref="IImageClient.GenerateAsync"/> or
    /// <see cref="IImageClient.EditAsync"/> waits for the job; <see langword="null"/> for the provider's
    /// <see cref="ImagingPollingOptions.Timeout"/> (10 minutes by default). A job still running then is not cancelled:
    /// the exception carries its id and resume token. Synchronous providers are bounded by their
    /// <see cref="ImagingProviderOptions.Timeout"/> instead.
    /// </summary>
    public TimeSpan? WaitTimeout { get; init; }

    /// <summary>
    /// Options that only one provider (or one model family of a provider) understands: each provider's option records.
    /// Options for a provider other than the one the model routes to are an <see cref="ArgumentException"/>.
    /// </summary>
    public ImageProviderOptions? ProviderOptions { get; init; }
}

/// <summary>A request to generate images from a text prompt.</summary>
/// <example>
/// <code>
/// var result = await client.GenerateAsync(new ImageGenerationRequest
/// {
///     Prompt = "A lighthouse at dawn, watercolor",
///     Model = "myprovider:my-model",
///     Width = 1024,
///     Height = 768,
/// });
/// </code>
/// </example>
public sealed record ImageGenerationRequest : ImageRequest
{
    /// <summary>
    /// Images the model generates from or with (references, inputs to combine or restyle), where the model takes them;
    /// a model that takes one image takes a list of one. A provider that fetches images itself takes URLs
    /// (<see cref="ImageInput.FromUri(Uri)"/>); one that uploads local images first also takes bytes, streams and files.
    /// </summary>
    public IReadOnlyList<ImageInput>? ReferenceImages { get; init; }
}

/// <summary>A request to edit an existing image by instruction.</summary>
public sealed record ImageEditRequest : ImageRequest
{
    /// <summary>The image to edit. Required. Each provider says clearly which kinds of input it can take.</summary>
    public required ImageInput Image { get; init; }
}

/// <summary>
/// Base of the option records that carry one provider's fields that do not unify across providers.
/// </summary>
public abstract record ImageProviderOptions
{
    private protected ImageProviderOptions()
    {
    }

    /// <summary>The provider these options belong to, as used in model ids (for example <c>"myprovider"</c>).</summary>
    public abstract string Provider { get; }

    /// <summary>
    /// The model family these options are for, or <see langword="null"/> when they fit every model of the provider. A
    /// record for one family given with a model of another is an <see cref="ArgumentException"/> before anything is sent.
    /// </summary>
    internal virtual string? Family => null;

    /// <summary>Adds the fields the caller set, by wire name, for the request validator.</summary>
    internal abstract void AddFields(Models.OptionFields fields);
}

/// <summary>What a provider does with a unified field the chosen model does not take.</summary>
public enum UnsupportedFieldHandling
{
    /// <summary>Throw an <see cref="ArgumentException"/> naming the model and the field, before anything is sent. The default.</summary>
    Throw = 0,

    /// <summary>Leave the field out of the request and add a warning to <see cref="ImageResult.Warnings"/>.</summary>
    WarnAndDrop = 1,
}
