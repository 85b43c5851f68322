namespace ImagingClient.DependencyInjection;

/// <summary>One registered provider: its name in model ids and how to get its client.</summary>
internal sealed record ImageProviderRegistration(string Name, Func<IServiceProvider, IImageClient> Resolve);
