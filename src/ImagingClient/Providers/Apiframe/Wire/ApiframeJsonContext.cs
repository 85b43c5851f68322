using System.Text.Json.Serialization;

namespace ImagingClient.Providers.Apiframe.Wire;

/// <summary>The source-generated JSON context of Apiframe's wire types (trimming- and AOT-safe).</summary>
[JsonSourceGenerationOptions(
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    NumberHandling = JsonNumberHandling.AllowReadingFromString,
    AllowTrailingCommas = true,
    ReadCommentHandling = System.Text.Json.JsonCommentHandling.Skip)]
[JsonSerializable(typeof(ApiframeJobAccepted))]
[JsonSerializable(typeof(ApiframeJobRecord))]
[JsonSerializable(typeof(ApiframeJobList))]
[JsonSerializable(typeof(ApiframeUploadRecord))]
[JsonSerializable(typeof(ApiframeMeRecord))]
[JsonSerializable(typeof(ApiframeModelList))]
internal sealed partial class ApiframeJsonContext : JsonSerializerContext;
