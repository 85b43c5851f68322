using System.Text.Json.Nodes;

namespace ApiframeGenerator;

/// <summary>
/// Reads Apiframe's OpenAPI document and writes, under the repository root, the library's Apiframe catalog and the
/// emulator's Apiframe request schemas, both as committed C#.
/// </summary>
internal static class Program
{
    /// <summary>Where the library's catalog goes, relative to the repository root.</summary>
    public const string CatalogPath = "src/ImagingClient/Providers/Apiframe/ApiframeCatalog.g.cs";

    /// <summary>Where the emulator's request schemas go, relative to the repository root.</summary>
    public const string EmulatorSchemasPath = "src/ImagingClient.Emulator/Apiframe/ApiframeSchemas.g.cs";

    public static int Main(string[] args)
    {
        // "--only catalog" or "--only emulator" (anywhere) writes just that file.
        string? only = null;
        var onlyAt = Array.IndexOf(args, "--only");
        if (onlyAt >= 0)
        {
            only = onlyAt + 1 < args.Length ? args[onlyAt + 1] : null;
            args = [.. args[..onlyAt], .. args[Math.Min(args.Length, onlyAt + 2)..]];
        }

        if (args.Length is < 1 or > 2 || only is not (null or "catalog" or "emulator"))
        {
            Console.Error.WriteLine("usage: dotnet run --project eng/ApiframeGenerator -- <openapi.json> [repository root] [--only catalog|emulator]");
            return 2;
        }

        var document = OpenApi.Load(File.ReadAllText(args[0]));
        var root = args.Length == 2 ? args[1] : FindRepositoryRoot();
        if (only is null or "catalog")
        {
            Write(Path.Combine(root, CatalogPath), CatalogWriter.Write(document));
        }

        if (only is null or "emulator")
        {
            Write(Path.Combine(root, EmulatorSchemasPath), EmulatorSchemaWriter.Write(document));
        }

        return 0;
    }

    private static void Write(string path, string text)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text.ReplaceLineEndings("\n"));
        Console.WriteLine($"wrote {path}");
    }

    private static string FindRepositoryRoot()
    {
        for (var directory = new DirectoryInfo(Environment.CurrentDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "ImagingClient.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("Run from inside the repository, or pass its root as the second argument.");
    }
}

/// <summary>The OpenAPI document, with every local <c>$ref</c> resolved in place.</summary>
internal static class OpenApi
{
    public static JsonObject Load(string json)
    {
        var document = JsonNode.Parse(json)?.AsObject() ?? throw new InvalidDataException("The OpenAPI document is not a JSON object.");
        return (JsonObject)Resolve(document, document, depth: 0)!;
    }

    /// <summary>The request schema of a path's POST, such as <c>/v2/images/generate</c>.</summary>
    public static JsonObject RequestSchema(JsonObject document, string path) =>
        document["paths"]?[path]?["post"]?["requestBody"]?["content"]?["application/json"]?["schema"]?.AsObject()
        ?? throw new InvalidDataException($"The OpenAPI document has no JSON request body for POST {path}.");

    /// <summary>A component schema by name.</summary>
    public static JsonObject Schema(JsonObject document, string name) =>
        document["components"]?["schemas"]?[name]?.AsObject() ?? throw new InvalidDataException($"The OpenAPI document has no schema '{name}'.");

    private static JsonNode? Resolve(JsonNode? node, JsonObject document, int depth)
    {
        if (depth > 64)
        {
            throw new InvalidDataException("The OpenAPI document's $refs nest too deeply (a cycle?).");
        }

        switch (node)
        {
            case JsonObject obj when obj["$ref"] is JsonValue reference:
                var target = document;
                JsonNode? current = target;
                foreach (var part in reference.GetValue<string>().TrimStart('#', '/').Split('/'))
                {
                    current = current?[part.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal)];
                }

                return Resolve(current?.DeepClone() ?? throw new InvalidDataException($"Unresolved $ref {reference}."), document, depth + 1);
            case JsonObject obj:
                var copy = new JsonObject();
                foreach (var (name, value) in obj)
                {
                    copy[name] = Resolve(value, document, depth + 1);
                }

                return copy;
            case JsonArray array:
                var items = new JsonArray();
                foreach (var item in array)
                {
                    items.Add(Resolve(item, document, depth + 1));
                }

                return items;
            default:
                return node?.DeepClone();
        }
    }
}
