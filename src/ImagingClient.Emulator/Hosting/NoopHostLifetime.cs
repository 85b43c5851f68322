using Microsoft.Extensions.Hosting;

namespace ImagingClient.Emulator.Hosting;

/// <summary>
/// Replaces the console lifetime so an in-process emulator neither hooks Ctrl+C nor prints
/// "Application started" messages; the owner stops it through <see cref="ImagingEmulator.DisposeAsync"/>.
/// </summary>
internal sealed class NoopHostLifetime : IHostLifetime
{
    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
