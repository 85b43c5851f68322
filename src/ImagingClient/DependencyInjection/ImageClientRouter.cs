using ImagingClient.Diagnostics;
using ImagingClient.Models;
using Microsoft.Extensions.Options;

namespace ImagingClient.DependencyInjection;

/// <summary>The <see cref="IImageClient"/> that sends each request to the provider its model names.</summary>
internal sealed class ImageClientRouter : IImageClient, IImageClientRouting
{
    private readonly Dictionary<string, IImageClient> _providers;
    private readonly Dictionary<string, ImageProviderRegistration> _registrations = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<IImageClient> _ordered = [];
    private readonly string? _defaultProvider;
    private readonly IServiceProvider _services;
    private readonly ImagingTelemetry _telemetry;

    public ImageClientRouter(
        IEnumerable<ImageProviderRegistration> registrations,
        IServiceProvider services,
        IOptions<ImagingClientOptions> options,
        ImagingTelemetry telemetry)
    {
        _services = services;
        _telemetry = telemetry;
        _providers = new Dictionary<string, IImageClient>(StringComparer.OrdinalIgnoreCase);
        foreach (var registration in registrations)
        {
            var client = registration.Resolve(services);
            if (_providers.TryAdd(registration.Name, client))
            {
                _ordered.Add(client);
                _registrations[registration.Name] = registration;
            }
        }

        _services = services;

        _defaultProvider = options.Value.DefaultProvider;
        if (_defaultProvider is not null && !_providers.ContainsKey(_defaultProvider))
        {
            throw new OptionsValidationException(
                nameof(ImagingClientOptions),
                typeof(ImagingClientOptions),
                [$"DefaultProvider '{_defaultProvider}' is not registered; registered providers: {Registered()}."]);
        }
    }

    public Task<ImageResult> GenerateAsync(ImageGenerationRequest request, CancellationToken cancellationToken = default)
    {
        var (client, provider) = Route(request);
        return TracedAsync(ImagingTelemetry.Operations.Generate, provider, request, static (c, r, ct) => c.GenerateAsync((ImageGenerationRequest)r, ct), client, cancellationToken);
    }

    public Task<ImageResult> EditAsync(ImageEditRequest request, CancellationToken cancellationToken = default)
    {
        var (client, provider) = Route(request);
        return TracedAsync(ImagingTelemetry.Operations.Edit, provider, request, static (c, r, ct) => c.EditAsync((ImageEditRequest)r, ct), client, cancellationToken);
    }

    public Task<ImageJob> StartGenerateAsync(ImageGenerationRequest request, CancellationToken cancellationToken = default) =>
        Route(request).Client.StartGenerateAsync(request, cancellationToken);

    public Task<ImageJob> StartEditAsync(ImageEditRequest request, CancellationToken cancellationToken = default) =>
        Route(request).Client.StartEditAsync(request, cancellationToken);

    public Task<ImageJob> ResumeJobAsync(ImageJobToken token, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(token);
        return _providers.TryGetValue(token.Provider, out var client)
            ? client.ResumeJobAsync(token, cancellationToken)
            : throw new ArgumentException(
                $"The job token is for provider '{token.Provider}', which is not registered; registered providers: {Registered()}.",
                nameof(token));
    }

    /// <summary>
    /// The router itself, or what a provider offers: the one named by <paramref name="serviceKey"/>, otherwise the
    /// first provider (in registration order) that has an object of that type.
    /// </summary>
    public object? GetService(Type serviceType, object? serviceKey = null)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        if (serviceKey is null)
        {
            if (serviceType.IsInstanceOfType(this))
            {
                return this;
            }

            foreach (var client in _ordered)
            {
                if (client.GetService(serviceType) is { } service)
                {
                    return service;
                }
            }

            return null;
        }

        return serviceKey is string name && _providers.TryGetValue(name, out var named) ? named.GetService(serviceType) : null;
    }

    /// <inheritdoc />
    public string? ProviderFor(string? model)
    {
        var named = model is null ? null : ModelReference.Parse(model).Provider;
        return named ?? _defaultProvider ?? (_providers.Count == 1 ? _providers.Keys.First() : null);
    }

    /// <inheritdoc />
    public Uri? BaseAddressOf(string provider)
    {
        if (!_registrations.TryGetValue(provider, out var registration))
        {
            return null;
        }

        try
        {
            return registration.BaseAddress(_services);
        }
        catch (OptionsValidationException)
        {
            // Settings that cannot be read have no endpoint to report.
            return null;
        }
    }

    /// <summary>Does nothing: the container owns the providers.</summary>
    public void Dispose()
    {
    }

    /// <summary>
    /// One generation or edit as a <c>generate_content</c> operation of <see cref="ImagingTelemetry"/>: the span, the
    /// duration, the images made. Bad input the provider refuses synchronously is thrown synchronously, as before.
    /// </summary>
    private Task<ImageResult> TracedAsync(
        string operation,
        string provider,
        ImageRequest request,
        Func<IImageClient, ImageRequest, CancellationToken, Task<ImageResult>> call,
        IImageClient client,
        CancellationToken cancellationToken)
    {
        var model = request.Model is { } requested ? ModelReference.Parse(requested).Model : null;
        var scope = _telemetry.Start(operation, provider, model, _telemetry.Observes(operation) ? Endpoint(provider) : null);
        if (scope.Owner is null)
        {
            return call(client, request, cancellationToken);
        }

        _telemetry.AddPrompt(scope, request.Prompt);
        Task<ImageResult> task;
        try
        {
            task = call(client, request, cancellationToken);
        }
        catch (Exception ex)
        {
            _telemetry.Failed(scope, ex);
            throw;
        }

        return CompleteAsync(task, scope);
    }

    private async Task<ImageResult> CompleteAsync(Task<ImageResult> task, TelemetryScope scope)
    {
        ImageResult result;
        try
        {
            result = await task.ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            _telemetry.Failed(scope, ex);
            throw;
        }

        _telemetry.Succeeded(scope, result);
        return result;
    }

    /// <summary>The provider's endpoint (for <c>server.address</c> and <c>server.port</c>), or <see langword="null"/> when its settings cannot be read.</summary>
    private Uri? Endpoint(string provider)
    {
        try
        {
            return _registrations.TryGetValue(provider, out var registration) ? registration.BaseAddress(_services) : null;
        }
        catch (OptionsValidationException)
        {
            return null;
        }
    }

    private (IImageClient Client, string Provider) Route(ImageRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (_providers.Count == 0)
        {
            throw new InvalidOperationException(
                $"No image provider is registered. Add one with services.AddImagingClient() and one of {ProviderRegistry.AddMethods()} (or AddProvider(name, ...)).");
        }

        var provider = request.Model is { } model ? ModelReference.Parse(model).Provider : null;
        provider ??= _defaultProvider ?? (_providers.Count == 1 ? _providers.Keys.First() : null);
        if (provider is null)
        {
            throw new ArgumentException(
                $"Model '{request.Model}' names no provider and several are registered ({Registered()}). "
                + "Write the model as \"provider:model\", or set ImagingClientOptions.DefaultProvider.",
                nameof(ImageRequest.Model));
        }

        return _providers.TryGetValue(provider, out var client)
            ? (client, provider)
            : throw new ArgumentException(
                $"Model '{request.Model}' names provider '{provider}', which is not registered; registered providers: {Registered()}.",
                nameof(ImageRequest.Model));
    }

    private string Registered() => string.Join(", ", _providers.Keys.Order(StringComparer.Ordinal));
}

/// <summary>What a router knows about where a request goes, for the Microsoft.Extensions.AI adapter's metadata and mapping.</summary>
internal interface IImageClientRouting
{
    /// <summary>The provider a model id routes to (its prefix, else the default provider), or <see langword="null"/> when none can be told.</summary>
    /// <param name="model">The model id, or <see langword="null"/> for the default.</param>
    /// <exception cref="ArgumentException">The model id is malformed.</exception>
    string? ProviderFor(string? model);

    /// <summary>The registered provider's endpoint, or <see langword="null"/> when it is not registered or its settings cannot be read.</summary>
    /// <param name="provider">The provider's name.</param>
    Uri? BaseAddressOf(string provider);
}
