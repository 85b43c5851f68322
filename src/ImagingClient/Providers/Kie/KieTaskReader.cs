using System.Globalization;
using System.Text.Json;
using ImagingClient.Http;
using ImagingClient.Jobs;
using ImagingClient.Providers.Kie.Wire;
using ImagingClient.Serialization;

namespace ImagingClient.Providers.Kie;

/// <summary>
/// Turns what Kie says about a task — a polled record, or a callback — into the job's state, so both give the same
/// result or the same failure.
/// </summary>
internal static class KieTaskReader
{
    /// <summary>How long Kie keeps a result image.</summary>
    public static readonly TimeSpan ResultLifetime = TimeSpan.FromDays(14);

    /// <summary>How long Kie's origin image URL works.</summary>
    public static readonly TimeSpan OriginLifetime = TimeSpan.FromMinutes(10);

    /// <summary>The last millisecond a <see cref="DateTimeOffset"/> holds (9999-12-31T23:59:59.999Z).</summary>
    private const long MaxUnixMilliseconds = 253402300799999;

    public static JobSnapshot ToSnapshot(ImageJob job, KieTaskRecord record, DateTimeOffset now, ImageDownloader downloader, string? apiKey) =>
        ToSnapshot(
            job,
            ReadInt(record.SuccessFlag),
            ReadInt(record.ErrorCode),
            record.ErrorMessage,
            ReadImages(record.Response),
            ReadTime(record.CreateTime),
            ReadTime(record.CompleteTime),
            record.ParamJson.ValueKind switch
            {
                JsonValueKind.String => JsonFields.Text(record.ParamJson),
                JsonValueKind.Object or JsonValueKind.Array => JsonFields.RawText(record.ParamJson),
                _ => null,
            },
            now,
            downloader,
            apiKey);

    private static KieTaskImages? ReadImages(JsonElement response) =>
        response.ValueKind == JsonValueKind.Object
            ? new KieTaskImages { OriginImageUrl = JsonFields.String(response, "originImageUrl"), ResultImageUrl = JsonFields.String(response, "resultImageUrl") }
            : null;

    public static JobSnapshot ToSnapshot(
        ImageJob job,
        int? successFlag,
        int? errorCode,
        string? errorMessage,
        KieTaskImages? images,
        DateTimeOffset? createdAt,
        DateTimeOffset? completedAt,
        string? paramJson,
        DateTimeOffset now,
        ImageDownloader downloader,
        string? apiKey)
    {
        var status = successFlag switch
        {
            0 => "GENERATING",
            1 => "SUCCESS",
            2 => "CREATE_TASK_FAILED",
            3 => "GENERATE_FAILED",
            null => "GENERATING (no successFlag)",
            _ => $"successFlag {successFlag}",
        };
        switch (successFlag)
        {
            case 1:
                return Succeeded(job, status, images, createdAt, completedAt, SecretRedactor.Redact(paramJson, apiKey), now, downloader);
            case 2 or 3:
                var message = string.IsNullOrWhiteSpace(errorMessage) ? status : errorMessage.TrimEnd('.', ' ');
                var code = errorCode?.ToString(CultureInfo.InvariantCulture);
                return new JobSnapshot(ImageJobStatus.Failed, status, null, Failure: ProviderErrors.ForJob(job, apiKey, new ProviderErrors.Failure
                {
                    Code = KieErrors.MapTaskError(errorCode),
                    Message = $"Kie task {job.Id} failed ({status}, errorCode {code ?? "none"}): {message}.",
                    ProviderCode = code ?? status,
                }));
            default:
                // Still generating, or a state this library does not know yet: keep polling.
                return new JobSnapshot(ImageJobStatus.Running, status, null);
        }
    }

    /// <summary>Kie's times are ISO 8601 strings or, in some answers, unix milliseconds.</summary>
    public static DateTimeOffset? ReadTime(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String when DateTimeOffset.TryParse(JsonFields.Text(value), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time) => time,
        JsonValueKind.Number when value.TryGetInt64(out var millis) && millis is > 0 and <= MaxUnixMilliseconds => DateTimeOffset.FromUnixTimeMilliseconds(millis),
        _ => null,
    };

    public static int? ReadInt(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Number when value.TryGetInt32(out var number) => number,
        JsonValueKind.String when int.TryParse(JsonFields.Text(value), NumberStyles.Integer, CultureInfo.InvariantCulture, out var number) => number,
        _ => null,
    };

    private static JobSnapshot Succeeded(
        ImageJob job,
        string status,
        KieTaskImages? images,
        DateTimeOffset? createdAt,
        DateTimeOffset? completedAt,
        string? paramJson,
        DateTimeOffset now,
        ImageDownloader downloader)
    {
        var result = ImageDecoders.ReadSingleUrl(images?.ResultImageUrl);
        var origin = ImageDecoders.ReadSingleUrl(images?.OriginImageUrl);
        var originExpiresAt = origin is null ? (DateTimeOffset?)null : Expiry.At(completedAt ?? now, OriginLifetime);
        var warnings = new List<string>(job.SubmissionWarnings);
        Uri url;
        DateTimeOffset expiresAt;
        if (result is not null)
        {
            url = result;
            expiresAt = Expiry.At(completedAt ?? now, ResultLifetime);
        }
        else if (origin is not null)
        {
            url = origin;
            expiresAt = originExpiresAt!.Value;
            warnings.Add("Kie reported success without a resultImageUrl; the origin image URL, which works for only 10 minutes, is returned instead.");
        }
        else
        {
            // Not a verdict: the record may not be complete yet. The poller looks again a few times before giving up,
            // and the job stays resumable.
            throw ProviderErrors.ForJob(job, apiKey: null, new ProviderErrors.Failure
            {
                Code = ImagingErrorCode.InvalidResponse,
                Message = $"Kie reported task {job.Id} as successful but gave no image URL yet. Look again later (resume it with its token), or ask Kie's support.",
            });
        }

        var details = new KieFluxKontextDetails(job.Id, origin, originExpiresAt, createdAt, completedAt, paramJson);
        var generated = new GeneratedImage[] { new RemoteGeneratedImage(url, expiresAt, downloader, KieModels.ProviderName) };
        var imageResult = new ImageResult(generated, KieModels.ProviderName, job.Model, requestId: null, job.Id, warnings, rateLimit: null, details);
        return new JobSnapshot(ImageJobStatus.Succeeded, status, 1.0, imageResult);
    }
}
