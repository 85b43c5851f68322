// Offline.cs
using ImagingClient;
using ImagingClient.Emulator;
using Microsoft.Extensions.DependencyInjection;

static class Offline
{
    public static async Task KiteAsync()
    {
        await using var emulator = await ImagingEmulator.StartAsync();
        using var client = ImageClient.Create(imaging => imaging.AddConcurred(o =>
        {
            o.ApiKey = ConcurredEmulatorOptions.DefaultApiKey;
            o.BaseAddress = emulator.BaseAddress;
        }));
        emulator.Faults.FailNext(1, 429, retryAfter: TimeSpan.FromSeconds(1));   // the client waits 1 s and retries
        var result = await client.GenerateAsync(new ImageGenerationRequest { Prompt = "A red kite over hills" });
        await result.Images[0].SaveAsync("kite.png");
    }
}
