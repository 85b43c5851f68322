using ImagingClient.Http;
using ImagingClient.Jobs;
using ImagingClient.Providers.Apiframe.Wire;
using ImagingClient.Serialization;

namespace ImagingClient.Providers.Apiframe;

/// <summary>
/// Turns what Apiframe says about a job — a polled record, a listing entry or a webhook — into the job's state, so all
/// give the same result or the same failure.
/// </summary>
internal static class ApiframeJobReader
{
    /// <summary>How long Apiframe keeps a job's files by default (then <c>expired</c> turns true and the URLs may 404).</summary>
    public static readonly TimeSpan ResultLifetime = TimeSpan.FromHours(24);

    public static ImageJobStatus MapStatus(string? status) => status?.Trim().ToUpperInvariant() switch
    {
        "QUEUED" or "PENDING" => ImageJobStatus.Queued,
        "COMPLETED" or "SUCCEEDED" => ImageJobStatus.Succeeded,
        "FAILED" => ImageJobStatus.Failed,
        "CANCELLED" or "CANCELED" => ImageJobStatus.Cancelled,
        // PROCESSING, and any state this library does not know yet: keep polling.
        _ => ImageJobStatus.Running,
    };

    /// <summary>Progress from 0 to 1, from Apiframe's 0–100.</summary>
    public static double? Progress(double? percent) => percent is { } p && !double.IsNaN(p) ? Math.Clamp(p / 100, 0, 1) : null;

    public static JobSnapshot ToSnapshot(ImageJob job, ApiframeJobRecord record, DateTimeOffset now, ImageDownloader downloader, string? requestId, string? apiKey)
    {
        var providerStatus = record.Status ?? "unknown";
        var status = MapStatus(record.Status);
        switch (status)
        {
            case ImageJobStatus.Succeeded:
                return new JobSnapshot(status, providerStatus, 1.0, Succeeded(job, record, now, downloader, requestId));
            case ImageJobStatus.Failed or ImageJobStatus.Cancelled:
                var why = string.IsNullOrWhiteSpace(record.Error) ? (status == ImageJobStatus.Cancelled ? "it was cancelled" : "Apiframe gave no reason") : record.Error.Trim().TrimEnd('.');
                return new JobSnapshot(status, providerStatus, Progress(record.Progress), Failure: ProviderErrors.ForJob(job, apiKey, new ProviderErrors.Failure
                {
                    Code = LooksLikeModeration(why) ? ImagingErrorCode.ContentPolicy : ImagingErrorCode.GenerationFailed,
                    Message = $"Apiframe job {job.Id} ended as {providerStatus}: {why}. Apiframe refunds the credits of a failed job.",
                    ProviderCode = providerStatus,
                    RequestId = requestId,
                }));
            default:
                return new JobSnapshot(status, providerStatus, Progress(record.Progress));
        }
    }

    /// <summary>The result's image URLs and grid, as a listing shows them.</summary>
    public static (IReadOnlyList<Uri> Images, Uri? Grid) Urls(WireImageSet? result) =>
        ([.. (result?.Images ?? []).Select(i => i.Url).OfType<Uri>()], result?.Grid?.Url);

    private static ImageResult Succeeded(ImageJob job, ApiframeJobRecord record, DateTimeOffset now, ImageDownloader downloader, string? requestId)
    {
        var (urls, grid) = Urls(record.Result);
        if (urls.Count == 0)
        {
            // Not a verdict: the record may not be complete yet. The poller looks again a few times before giving up,
            // and the job stays resumable.
            throw ProviderErrors.ForJob(job, apiKey: null, new ProviderErrors.Failure
            {
                Code = ImagingErrorCode.InvalidResponse,
                Message = $"Apiframe reported job {job.Id} as COMPLETED but gave no image URL in its result. Look again later (resume it with its token), or ask Apiframe's support.",
                RequestId = requestId,
            });
        }

        // Counted from the completion, or else from the creation (earlier, so never later than the truth); once
        // Apiframe says the files are purged, they are gone now.
        var expired = record.Expired == true;
        var expiresAt = Expiry.At(record.CompletedAt ?? record.CreatedAt ?? now, ResultLifetime);
        if (expired && expiresAt > now)
        {
            expiresAt = now;
        }

        var warnings = new List<string>(job.SubmissionWarnings);
        if (expired)
        {
            warnings.Add($"Apiframe has purged job {job.Id}'s files (its retention has passed): the image URLs may answer 404.");
        }

        var images = urls.Select(url => (GeneratedImage)new RemoteGeneratedImage(url, expiresAt, downloader, ApiframeModels.ProviderName)).ToList();
        var gridImage = grid is null ? null : new RemoteGeneratedImage(grid, expiresAt, downloader, ApiframeModels.ProviderName);
        var details = new ApiframeJobDetails(
            job.Id,
            record.Model,
            record.CreditCost is { } cost ? (long)cost : null,
            gridImage,
            expired,
            record.CreatedAt,
            record.CompletedAt,
            record.WebhookStatus);
        return new ImageResult(images, ApiframeModels.ProviderName, record.Model ?? job.Model, requestId, job.Id, warnings, rateLimit: null, details);
    }

    private static bool LooksLikeModeration(string why) =>
        why.Contains("moderation", StringComparison.OrdinalIgnoreCase)
        || why.Contains("safety", StringComparison.OrdinalIgnoreCase)
        || why.Contains("nsfw", StringComparison.OrdinalIgnoreCase)
        || why.Contains("content policy", StringComparison.OrdinalIgnoreCase);
}
