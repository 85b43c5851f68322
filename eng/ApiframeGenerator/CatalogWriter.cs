using System.Text.Json.Nodes;

namespace ApiframeGenerator;

/// <summary>Writes the library's Apiframe catalog (<c>ApiframeCatalog.g.cs</c>).</summary>
internal static class CatalogWriter
{
    public static string Write(JsonObject document) => throw new InvalidOperationException("not written yet");
}
