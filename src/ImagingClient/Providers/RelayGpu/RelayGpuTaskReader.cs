using System.Text.Json;
using ImagingClient.Http;
using ImagingClient.Jobs;
using ImagingClient.Providers.RelayGpu.Wire;
using ImagingClient.Serialization;

namespace ImagingClient.Providers.RelayGpu;

/// <summary>
/// Turns what RelayGPU answers — a synchronous body, a polled task, a webhook — into results, job states and failures,
/// the same way for all three.
/// </summary>
internal static class RelayGpuTaskReader
{
    /// <summary>How long RelayGPU keeps a task's record and links after it ends, without <c>store_output</c>.</summary>
    public static readonly TimeSpan Retention = TimeSpan.FromHours(1);

    /// <summary>The token state that records a request's <c>store_output</c>, which decides how long its links last.</summary>
    public const string StoreOutputState = "store";

    /// <summary>The longest run a task's <c>elapsed_seconds</c> is taken for (about 300 years); more is not a run time, and is ignored.</summary>
    private const double MaxElapsedSeconds = 1e10;

    /// <summary>How long result links last for a <c>store_output</c> choice.</summary>
    public static TimeSpan Lifetime(string? storeOutput) => storeOutput switch
    {
        "relay1d" => TimeSpan.FromDays(1),
        "relay7d" => TimeSpan.FromDays(7),
        "relay30d" => TimeSpan.FromDays(30),
        _ => Retention,
    };

    public static ImageJobStatus MapStatus(string? status) => status?.Trim().ToLowerInvariant() switch
    {
        "queued" or "pending" => ImageJobStatus.Queued,
        "completed" or "succeeded" => ImageJobStatus.Succeeded,
        "failed" => ImageJobStatus.Failed,
        "cancelled" or "canceled" => ImageJobStatus.Cancelled,
        _ => ImageJobStatus.Running,
    };

    /// <summary>
    /// The images of a body: bare base64 (media type sniffed, the requested format as a hint) or URLs valid for
    /// <paramref name="lifetime"/> from <paramref name="since"/>. An entry that holds no image is skipped with a
    /// warning; a body with none at all is <see langword="null"/>.
    /// </summary>
    public static ImageResult? ToResult(
        RelayGpuImageBody body,
        string model,
        string? requestId,
        string? jobId,
        DateTimeOffset since,
        TimeSpan lifetime,
        string? outputFormat,
        IReadOnlyList<string> warnings,
        bool replayed,
        double? elapsedSeconds,
        ImageDownloader downloader)
    {
        var notes = new List<string>(warnings);
        var images = new List<GeneratedImage>();
        foreach (var entry in (body.Images ?? []).Concat(body.Urls ?? []))
        {
            if (entry.Data is { } data)
            {
                var sniffed = ImageInfo.SniffMediaType(data);
                images.Add(new InlineGeneratedImage(data, sniffed == ImageInfo.UnknownMediaType && outputFormat is { } hint ? "image/" + hint : sniffed));
            }
            else if (entry.Url is { } url)
            {
                images.Add(new RemoteGeneratedImage(url, Expiry.At(since, lifetime), downloader, RelayGpuModels.ProviderName));
            }
            else
            {
                notes.Add($"RelayGPU's image entry was skipped: {entry.Problem ?? "it holds no image"}.");
            }
        }

        if (images.Count == 0)
        {
            return null;
        }

        if (body.Success == false)
        {
            notes.Add("RelayGPU's result said success=false but carried images; they are returned as they came.");
        }

        var details = new RelayGpuDetails(body.TaskId ?? jobId, body.Mode, body.Model, body.FinishReason, body.Size, body.Width, body.Height, body.AspectRatio, body.ImageSize, body.TaskAddress, elapsedSeconds, replayed);
        return new ImageResult(images, RelayGpuModels.ProviderName, body.Model ?? model, requestId, jobId ?? body.TaskId, notes, rateLimit: null, details);
    }

    /// <summary>A task's state, from a poll or a webhook.</summary>
    public static JobSnapshot ToSnapshot(ImageJob job, RelayGpuTaskStatus task, DateTimeOffset now, ImageDownloader downloader, string? requestId)
    {
        var providerStatus = task.Status ?? "unknown";
        var status = MapStatus(task.Status);
        switch (status)
        {
            case ImageJobStatus.Succeeded:
                var since = task.CreatedAt is { } created && task.ElapsedSeconds is { } elapsed and >= 0 and <= MaxElapsedSeconds
                    ? Expiry.At(created, TimeSpan.FromSeconds(elapsed))
                    : now;
                var lifetime = Lifetime(job.ResumeToken?.State.GetValueOrDefault(StoreOutputState));
                var result = task.Result is { } body
                    ? ToResult(body, job.Model, requestId, job.Id, since, lifetime, outputFormat: null, job.SubmissionWarnings, replayed: false, task.ElapsedSeconds, downloader)
                    : null;
                return result is not null
                    ? new JobSnapshot(status, providerStatus, 1.0, result)
                    : throw ProviderErrors.ForJob(job, apiKey: null, new ProviderErrors.Failure
                    {
                        // Not a verdict: the poller looks again a few times, and the job stays resumable.
                        Code = ImagingErrorCode.InvalidResponse,
                        Message = $"RelayGPU reported task {job.Id} as completed without any image in its result. Look again (resume it with its token) within the hour RelayGPU keeps it.",
                        RequestId = requestId,
                    });
            case ImageJobStatus.Failed or ImageJobStatus.Cancelled:
                return new JobSnapshot(status, providerStatus, null, Failure: Failure(job, task, requestId));
            default:
                return new JobSnapshot(status, providerStatus, null);
        }
    }

    /// <summary>A failed task as the exception polling throws: its code mapped, its reason and the blocking details in the message.</summary>
    public static ImagingApiException Failure(ImageJob job, RelayGpuTaskStatus task, string? requestId)
    {
        var reason = string.IsNullOrWhiteSpace(task.Error) ? "RelayGPU gave no reason" : task.Error.Trim().TrimEnd('.');
        var detail = Describe(task.ErrorDetail);
        return ProviderErrors.ForJob(job, apiKey: null, new ProviderErrors.Failure
        {
            Code = task.ErrorCode is { } code ? RelayGpuErrors.Map(code, 0) is var mapped && mapped != ImagingErrorCode.Unknown ? mapped : ImagingErrorCode.GenerationFailed : ImagingErrorCode.GenerationFailed,
            Message = $"RelayGPU task {job.Id} failed ({task.ErrorCode ?? "no code"}): {reason}{(detail is null ? string.Empty : $" ({detail})")}.",
            ProviderCode = task.ErrorCode,
            RequestId = requestId,
            Details = task.ErrorDetail.ValueKind == JsonValueKind.Object ? JsonFields.RawText(task.ErrorDetail) : null,
        });
    }

    /// <summary><c>error_detail</c>'s finish and block reasons, as words.</summary>
    private static string? Describe(JsonElement detail)
    {
        if (detail.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        var parts = new List<string>();
        foreach (var name in (ReadOnlySpan<string>)["finish_reason", "block_reason", "text"])
        {
            if (JsonFields.String(detail, name) is { Length: > 0 } text)
            {
                parts.Add($"{name} {text}");
            }
        }

        return parts.Count == 0 ? null : string.Join(", ", parts);
    }
}
