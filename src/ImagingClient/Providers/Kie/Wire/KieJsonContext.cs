using System.Text.Json.Serialization;

namespace ImagingClient.Providers.Kie.Wire;

/// <summary>The source-generated JSON context of Kie's wire types (trimming- and AOT-safe).</summary>
[JsonSourceGenerationOptions(
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    NumberHandling = JsonNumberHandling.AllowReadingFromString,
    AllowTrailingCommas = true,
    ReadCommentHandling = System.Text.Json.JsonCommentHandling.Skip)]
[JsonSerializable(typeof(KieDownloadUrlBody))]
[JsonSerializable(typeof(KieEnvelope))]
[JsonSerializable(typeof(KieTaskRecord))]
[JsonSerializable(typeof(KieCallbackBody))]
internal sealed partial class KieJsonContext : JsonSerializerContext;
