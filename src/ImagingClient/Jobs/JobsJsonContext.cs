using System.Text.Json.Serialization;

namespace ImagingClient.Jobs;

/// <summary>The source-generated JSON context of the job token's inner document (trimming- and AOT-safe).</summary>
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ImageJobTokenWire))]
internal sealed partial class JobsJsonContext : JsonSerializerContext;
