using ImagingClient.Emulator.Hosting;
using Microsoft.AspNetCore.Routing;

namespace ImagingClient.Emulator.Concurred;

/// <summary>
/// The Concurred image API in the emulator: <c>POST /api/v1/image/generate</c> and <c>POST /api/v1/image/edit</c>
/// (see <see cref="ConcurredRoutes"/>), configured by <see cref="ConcurredEmulatorOptions"/>. It keeps no timers.
/// </summary>
internal sealed class ConcurredRoom : IEmulatedProvider
{
    public string Name => "Concurred";

    public Type OptionsType => typeof(ConcurredEmulatorOptions);

    public string ApiKey(ImagingEmulatorOptions options) => options.Concurred.ApiKey;

    public IReadOnlyList<EmulatorSwitch> Switches { get; } =
    [
        new("--concurred-key", "ck_...", $"The Concurred API key to accept (default: {ConcurredEmulatorOptions.DefaultApiKey}).", (options, value) => options.Concurred.ApiKey = value),
    ];

    public void Map(IEndpointRouteBuilder routes, EmulatorContext context, ImagingEmulatorOptions options)
    {
        var settings = options.Concurred;
        settings.Validate(nameof(options));
        ConcurredRoutes.Map(routes, context, settings);
    }

    public IEnumerable<string> Describe(ImagingEmulatorOptions options) => [$"Concurred API key: {options.Concurred.ApiKey}"];

    public ValueTask StopAsync() => ValueTask.CompletedTask;
}
