namespace ImagingClient.DependencyInjection;

/// <summary>One registered provider: its name in model ids, how to get its client, and where its endpoint is.</summary>
/// <param name="Name">The provider's name in model ids.</param>
/// <param name="Resolve">Gets its client.</param>
/// <param name="BaseAddress">Reads its configured endpoint (which may throw when its settings are not valid).</param>
internal sealed record ImageProviderRegistration(string Name, Func<IServiceProvider, IImageClient> Resolve, Func<IServiceProvider, Uri?> BaseAddress);
