using System.Text.Json.Serialization;

namespace ImagingClient.Providers.RelayGpu.Wire;

/// <summary>The source-generated JSON context of RelayGPU's wire types (trimming- and AOT-safe).</summary>
[JsonSourceGenerationOptions(
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    NumberHandling = JsonNumberHandling.AllowReadingFromString,
    AllowTrailingCommas = true,
    ReadCommentHandling = System.Text.Json.JsonCommentHandling.Skip)]
[JsonSerializable(typeof(RelayGpuImageBody))]
[JsonSerializable(typeof(RelayGpuTaskAccepted))]
[JsonSerializable(typeof(RelayGpuTaskStatus))]
[JsonSerializable(typeof(RelayGpuModelList))]
internal sealed partial class RelayGpuJsonContext : JsonSerializerContext;
