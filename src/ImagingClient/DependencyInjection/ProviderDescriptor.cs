using ImagingClient.Http;
using Microsoft.Extensions.DependencyInjection;

namespace ImagingClient.DependencyInjection;

/// <summary>
/// What the platform needs to know to register one provider: its names, how it takes its key, how it asks a caller to
/// wait, and what it adds beside its <see cref="IImageClient"/>. Each provider describes itself with one of these in
/// its own folder; the platform never names a provider.
/// </summary>
internal sealed record ProviderDescriptor
{
    /// <summary>The provider's name in model ids (<c>"name:model"</c>), and the key of its keyed <see cref="IImageClient"/>.</summary>
    public required string Name { get; init; }

    /// <summary>The provider's name as people write it, for messages.</summary>
    public required string DisplayName { get; init; }

    /// <summary>How the API key is sent.</summary>
    public required ApiKeyPlacement KeyPlacement { get; init; }

    /// <summary>Reads how long the provider asked the caller to wait; by default the <c>Retry-After</c> header.</summary>
    public RetryAfterReader ReadRetryAfter { get; init; } = ResponseHeaders.ReadRetryAfterAsync;

    /// <summary>
    /// Statuses besides 429 with which the provider says it did not act and asks to be asked again after a while (such
    /// as a 409 "request with this idempotency key still in progress"): a request that creates paid work may be repeated
    /// after them, after the wait the provider asks for.
    /// </summary>
    public IReadOnlySet<int> RetryAfterWaitingStatuses { get; init; } = new HashSet<int>();

    /// <summary>Registers what the provider offers beside its client (its own API, a webhook verifier), once.</summary>
    public Action<IServiceCollection>? AddServices { get; init; }

    /// <summary>The name of the provider's <see cref="IHttpClientFactory"/> client (its options class publishes it).</summary>
    public required string HttpClientName { get; init; }

    /// <summary>The provider's models as data, for <see cref="ImageModelCatalog"/>.</summary>
    public required Models.ModelCatalog Catalog { get; init; }
}
