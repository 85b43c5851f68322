using System.Text.Json.Serialization;
using ImagingClient.Providers.Concurred.Wire;
using ImagingClient.Providers.Kie.Wire;

namespace ImagingClient.Serialization;

/// <summary>The one source-generated JSON context for every wire type (trimming- and AOT-safe).</summary>
[JsonSourceGenerationOptions(
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    NumberHandling = JsonNumberHandling.AllowReadingFromString,
    AllowTrailingCommas = true,
    ReadCommentHandling = System.Text.Json.JsonCommentHandling.Skip)]
[JsonSerializable(typeof(ConcurredGenerateBody))]
[JsonSerializable(typeof(ConcurredEditBody))]
[JsonSerializable(typeof(ConcurredEnvelope))]
[JsonSerializable(typeof(KieGenerateBody))]
[JsonSerializable(typeof(KieDownloadUrlBody))]
[JsonSerializable(typeof(KieEnvelope))]
[JsonSerializable(typeof(KieTaskRecord))]
[JsonSerializable(typeof(KieCallbackBody))]
[JsonSerializable(typeof(ImageJobTokenWire))]
internal sealed partial class ImagingJsonContext : JsonSerializerContext;
