using System.Text.Json.Serialization;

namespace ImagingClient.Providers.Concurred.Wire;

/// <summary>The source-generated JSON context of Concurred's wire types (trimming- and AOT-safe).</summary>
[JsonSourceGenerationOptions(
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    NumberHandling = JsonNumberHandling.AllowReadingFromString,
    AllowTrailingCommas = true,
    ReadCommentHandling = System.Text.Json.JsonCommentHandling.Skip)]
[JsonSerializable(typeof(ConcurredEnvelope))]
internal sealed partial class ConcurredJsonContext : JsonSerializerContext;
