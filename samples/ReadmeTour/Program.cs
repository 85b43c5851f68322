// Program.cs
using ImagingClient;
using Microsoft.Extensions.DependencyInjection;

var apiKey = Environment.GetEnvironmentVariable("CONCURRED_API_KEY")
    ?? throw new InvalidOperationException("Set CONCURRED_API_KEY to your Concurred API key.");

using var client = ImageClient.Create(imaging => imaging.AddConcurred(o => o.ApiKey = apiKey));
var result = await client.GenerateAsync(new ImageGenerationRequest { Prompt = "A lighthouse at dawn, watercolor" });
await result.Images[0].SaveAsync("lighthouse.png");
