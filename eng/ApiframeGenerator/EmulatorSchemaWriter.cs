using System.Text.Json.Nodes;

namespace ApiframeGenerator;

/// <summary>Writes the emulator's Apiframe request schemas (<c>ApiframeSchemas.g.cs</c>).</summary>
internal static class EmulatorSchemaWriter
{
    public static string Write(JsonObject document) => throw new InvalidOperationException("not written yet");
}
