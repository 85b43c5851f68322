namespace ImagingClient.Providers.Apiframe;

/// <summary>
/// What Apiframe said about a finished job beyond its images. See <see cref="ImageResult.ProviderDetails"/>.
/// </summary>
/// <param name="JobId">Apiframe's job id.</param>
/// <param name="Model">The model as Apiframe reported it.</param>
/// <param name="CreditCost">The credits the job cost, when Apiframe said.</param>
/// <param name="Grid">
/// For Midjourney, the 2×2 grid of the four images (<c>gridUrl</c>); the four images themselves are
/// <see cref="ImageResult.Images"/>. <see langword="null"/> for other models.
/// </param>
/// <param name="Expired">
/// Whether Apiframe has purged the job's files (after its retention, 24 hours by default): the URLs may then answer 404.
/// </param>
/// <param name="CreatedAt">When Apiframe created the job.</param>
/// <param name="CompletedAt">When it completed.</param>
/// <param name="WebhookStatus">Whether the job's webhook was delivered (<c>pending</c>, <c>delivered</c>, <c>failed</c>), when it has one.</param>
public sealed record ApiframeJobDetails(
    string JobId,
    string? Model,
    long? CreditCost,
    RemoteGeneratedImage? Grid,
    bool Expired,
    DateTimeOffset? CreatedAt,
    DateTimeOffset? CompletedAt,
    string? WebhookStatus) : ImageProviderDetails
{
    /// <inheritdoc />
    public override string Provider => ApiframeModels.ProviderName;
}

/// <summary>A file uploaded to Apiframe's short-lived storage (<c>POST /v2/uploads</c>), to use as an input by URL.</summary>
/// <param name="Id">The upload's id.</param>
/// <param name="Url">Where it is; pass <see cref="ToImageInput"/> as any image input.</param>
/// <param name="Kind"><c>image</c>, <c>video</c> or <c>audio</c>.</param>
/// <param name="ContentType">The type Apiframe sniffed from the bytes.</param>
/// <param name="ByteSize">Its size.</param>
/// <param name="ExpiresAt">When Apiframe deletes it (1–2 hours after the upload); a job submitted later cannot fetch it.</param>
public sealed record ApiframeUpload(string Id, Uri Url, string Kind, string ContentType, long ByteSize, DateTimeOffset ExpiresAt)
{
    /// <summary>The upload as an image input (its URL).</summary>
    /// <returns><c>ImageInput.FromUri(Url)</c>.</returns>
    public ImageInput ToImageInput() => ImageInput.FromUri(Url);
}

/// <summary>The caller <c>GET /v2/me</c> describes: the user, the team and its credits, and the API key in use.</summary>
/// <param name="UserId">The user's id.</param>
/// <param name="Email">The user's e-mail address.</param>
/// <param name="Role">The user's role in the team (<c>OWNER</c>, <c>ADMIN</c>, <c>MEMBER</c>, …).</param>
/// <param name="TeamId">The team's id, when the user has a team.</param>
/// <param name="TeamName">The team's name.</param>
/// <param name="Credits">The team's credit balance, in Apiframe's smallest unit.</param>
/// <param name="Plan">The team's plan.</param>
/// <param name="ApiKeyName">The name of the API key making the request, when a key is used.</param>
/// <param name="ApiKeyPrefix">The key's public prefix (never the key itself).</param>
public sealed record ApiframeAccount(
    string? UserId,
    string? Email,
    string? Role,
    string? TeamId,
    string? TeamName,
    long? Credits,
    string? Plan,
    string? ApiKeyName,
    string? ApiKeyPrefix);

/// <summary>One entry of Apiframe's public model catalog (<c>GET /v2/models</c>).</summary>
/// <param name="Id">The model id, as in <c>apiframe:&lt;id&gt;</c>.</param>
/// <param name="Label">Its display name.</param>
/// <param name="Modality"><c>image</c>, <c>video</c> or <c>music</c>.</param>
/// <param name="Description">What it does.</param>
/// <param name="CostMin">The lowest price, in credits.</param>
/// <param name="CostMax">The highest price, in credits.</param>
/// <param name="PricingMode"><c>flat</c>, <c>per-second</c> or <c>per-output</c>.</param>
/// <param name="Json">The whole entry as JSON (Apiframe adds fields freely).</param>
public sealed record ApiframeModelInfo(
    string Id,
    string? Label,
    string? Modality,
    string? Description,
    double? CostMin,
    double? CostMax,
    string? PricingMode,
    string Json);

/// <summary>One job in a listing (<c>GET /v2/jobs</c>).</summary>
/// <param name="Id">The job id.</param>
/// <param name="Status">Its status, normalised.</param>
/// <param name="ProviderStatus">Its status as Apiframe wrote it (<c>QUEUED</c>, <c>PROCESSING</c>, <c>COMPLETED</c>, <c>FAILED</c>, <c>CANCELLED</c>).</param>
/// <param name="Model">The model.</param>
/// <param name="Progress">Progress from 0 to 1, when reported.</param>
/// <param name="Error">Why it failed, when it failed.</param>
/// <param name="CreditCost">The credits it cost.</param>
/// <param name="ImageUrls">The result's image URLs, once completed.</param>
/// <param name="GridUrl">A Midjourney job's grid image.</param>
/// <param name="Expired">Whether its files have been purged.</param>
/// <param name="CreatedAt">When it was created.</param>
/// <param name="CompletedAt">When it completed.</param>
public sealed record ApiframeJobInfo(
    string Id,
    ImageJobStatus Status,
    string ProviderStatus,
    string? Model,
    double? Progress,
    string? Error,
    long? CreditCost,
    IReadOnlyList<Uri> ImageUrls,
    Uri? GridUrl,
    bool Expired,
    DateTimeOffset? CreatedAt,
    DateTimeOffset? CompletedAt)
{
    /// <summary>A token to follow this job with <see cref="IImageClient.ResumeJobAsync"/>.</summary>
    /// <returns>The token.</returns>
    public ImageJobToken ToResumeToken() =>
        new(ApiframeModels.ProviderName, Id, Model ?? "unknown", ImageOperationKind.Generate, CreatedAt ?? DateTimeOffset.UnixEpoch);
}

/// <summary>Filters of a job listing (<c>GET /v2/jobs</c>); every one is optional.</summary>
public sealed record ApiframeJobQuery
{
    /// <summary>Only jobs in this status.</summary>
    public ImageJobStatus? Status { get; init; }

    /// <summary>Only jobs of this model (Apiframe's id, such as <c>midjourney</c>, or <c>apiframe:midjourney</c>).</summary>
    public string? Model { get; init; }

    /// <summary>Jobs per page, 1 to 100 (Apiframe's default 20). The listing pages through all of them either way.</summary>
    public int? PageSize { get; init; }

    /// <summary>Every job of the team rather than the caller's own (admins only; others get 403).</summary>
    public bool TeamScope { get; init; }

    /// <summary>Only the job with this id.</summary>
    public Guid? Search { get; init; }
}
