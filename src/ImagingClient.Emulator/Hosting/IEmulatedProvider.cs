using Microsoft.AspNetCore.Routing;

namespace ImagingClient.Emulator.Hosting;

/// <summary>
/// One emulated provider, a "room" of the emulator: its routes, its settings, its state and its timers, on top of
/// the shared core (<see cref="EmulatorContext"/>: clock, faults, request log, image store, <c>/files</c> routes,
/// webhook sender and callback log). Rooms live in their own folder of this project, never reference one another,
/// and are found by <see cref="EmulatedProviders"/> through reflection, so adding a provider adds a folder and
/// touches nothing else.
/// </summary>
/// <remarks>
/// An implementation needs a parameterless constructor (it may be non-public) and must do nothing until
/// <see cref="Map"/>: the standalone program creates rooms only to read their <see cref="Switches"/>. Its public
/// face (its settings' shorthand on <see cref="ImagingEmulatorOptions"/>, its runtime members on
/// <see cref="ImagingEmulator"/>, its own fault forms on <see cref="EmulatorFaults"/>) is made of extension
/// members declared in its folder.
/// </remarks>
internal interface IEmulatedProvider
{
    /// <summary>
    /// Gets the provider's display name, used by the standalone program; in lower case, it is the provider's name in
    /// model ids (<c>"name:model"</c>), by which <see cref="ImagingEmulator.ApiKeyFor"/> finds it.
    /// </summary>
    string Name { get; }

    /// <summary>
    /// Gets the type of the provider's settings, reached through <see cref="ImagingEmulatorOptions.For{T}"/>.
    /// It has a public parameterless constructor whose values are the defaults.
    /// </summary>
    Type OptionsType { get; }

    /// <summary>Gets the API key the provider's routes accept with <paramref name="options"/>.</summary>
    /// <param name="options">The emulator's settings.</param>
    /// <returns>The key.</returns>
    string ApiKey(ImagingEmulatorOptions options);

    /// <summary>Gets the standalone program's command-line switches for the provider's settings.</summary>
    IReadOnlyList<EmulatorSwitch> Switches { get; }

    /// <summary>
    /// Validates the provider's settings in <paramref name="options"/>, copies what it needs and maps its routes.
    /// Called once per emulator, before the server starts.
    /// </summary>
    /// <param name="routes">Where to map the provider's API routes.</param>
    /// <param name="context">The state every provider of this emulator shares.</param>
    /// <param name="options">The emulator's settings; <c>options.For&lt;TOptions&gt;()</c> holds the provider's own.</param>
    /// <exception cref="ArgumentException">One of the provider's settings is invalid.</exception>
    void Map(IEndpointRouteBuilder routes, EmulatorContext context, ImagingEmulatorOptions options);

    /// <summary>Gets the lines the standalone program prints about the provider once the server runs (keys and the like).</summary>
    /// <param name="options">The settings the emulator was started with.</param>
    /// <returns>Human-readable lines, without line breaks.</returns>
    IEnumerable<string> Describe(ImagingEmulatorOptions options);

    /// <summary>
    /// Stops the provider's timers once the server has stopped (or failed to start). Called once, also when
    /// <see cref="Map"/> was not called or threw.
    /// </summary>
    /// <returns>A task that completes when the provider has stopped.</returns>
    ValueTask StopAsync();
}

/// <summary>
/// A command-line switch of the standalone program that sets one provider setting, for example
/// <c>--name &lt;value&gt;</c>.
/// </summary>
/// <param name="Name">The switch, with its leading dashes.</param>
/// <param name="Value">What the value is, for the usage text, for example <c>key</c>.</param>
/// <param name="Description">One line of help.</param>
/// <param name="Apply">Stores the value in the settings.</param>
internal sealed record EmulatorSwitch(string Name, string Value, string Description, Action<ImagingEmulatorOptions, string> Apply);
