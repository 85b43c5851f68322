namespace ImagingClient.Providers.RelayGpu;

/// <summary>What RelayGPU said about a result beyond its images. See <see cref="ImageResult.ProviderDetails"/>.</summary>
/// <param name="TaskId">RelayGPU's task id (<c>direct:…</c> or <c>opengpu:…</c>), also for a synchronous call.</param>
/// <param name="Mode">The routing mode that ran it (<c>direct</c>, <c>opengpu</c>).</param>
/// <param name="Model">The model as RelayGPU reported it.</param>
/// <param name="FinishReason">Gemini's finish reason (<c>STOP</c>, …), where the route reports one.</param>
/// <param name="Size">The size as RelayGPU reported it (<c>"1024x1024"</c>, <c>"2K"</c>).</param>
/// <param name="Width">The width reported by the route, where it reports one.</param>
/// <param name="Height">The height reported by the route, where it reports one.</param>
/// <param name="AspectRatio">The aspect ratio reported by the route.</param>
/// <param name="ImageSize">Gemini's image size (<c>1K</c>, <c>2K</c>, …).</param>
/// <param name="TaskAddress">The task's on-chain address in <c>opengpu</c> mode.</param>
/// <param name="ElapsedSeconds">How long an asynchronous task ran.</param>
/// <param name="Replayed">Whether an asynchronous submission was answered as a replay of an earlier one with the same idempotency key.</param>
public sealed record RelayGpuDetails(
    string? TaskId,
    string? Mode,
    string? Model,
    string? FinishReason,
    string? Size,
    int? Width,
    int? Height,
    string? AspectRatio,
    string? ImageSize,
    string? TaskAddress,
    double? ElapsedSeconds,
    bool Replayed) : ImageProviderDetails
{
    /// <inheritdoc />
    public override string Provider => RelayGpuModels.ProviderName;
}

/// <summary>One entry of RelayGPU's live model catalog (<c>GET /v2/models</c>, <c>/v2/models/{name}</c>).</summary>
/// <param name="Name">The model's name, exactly (case-sensitive, with slashes), as in <c>relaygpu:&lt;name&gt;</c>.</param>
/// <param name="Status"><c>available</c> or <c>retired</c>.</param>
/// <param name="Method">The HTTP method of its route.</param>
/// <param name="Path">Its route, such as <c>/v2/image/qwen/generate</c>.</param>
/// <param name="ModelInBody">Whether its route takes the model's name in the body.</param>
/// <param name="AsyncDefault">Whether its route runs asynchronously unless told otherwise.</param>
/// <param name="StoreOutputSupported">Whether its route takes <c>store_output</c>.</param>
/// <param name="RequestSchemaJson">Its request's JSON Schema, as JSON, or <see langword="null"/>.</param>
/// <param name="Json">The whole entry as JSON (RelayGPU adds fields freely, pricing among them).</param>
public sealed record RelayGpuModelInfo(
    string Name,
    string? Status,
    string? Method,
    string? Path,
    bool ModelInBody,
    bool AsyncDefault,
    bool StoreOutputSupported,
    string? RequestSchemaJson,
    string Json);
