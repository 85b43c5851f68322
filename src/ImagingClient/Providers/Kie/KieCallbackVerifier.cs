using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using ImagingClient.Http;
using ImagingClient.Jobs;
using ImagingClient.Providers.Kie.Wire;
using ImagingClient.Serialization;

namespace ImagingClient.Providers.Kie;

/// <summary>
/// Verifies and reads the callbacks Kie POSTs to a task's <c>callBackUrl</c>. A signed callback carries
/// <c>X-Webhook-Timestamp</c> (unix seconds) and <c>X-Webhook-Signature</c> =
/// Base64(HMAC-SHA256(webhook HMAC key, taskId + "." + timestamp)); the signature is compared in constant time and the
/// timestamp must be within <see cref="KieCallbackOptions.TimestampTolerance"/> of now. Unsigned callbacks are refused
/// unless no key is configured and <see cref="KieCallbackOptions.AllowUnsigned"/> is on.
/// </summary>
/// <remarks>
/// Kie signs the task id and the timestamp, not the body: a signature proves Kie sent a callback about that task at
/// that time, but a captured one could be replayed with another body within the tolerance. Where that matters (before
/// acting on a failure, or fetching a URL from a server inside a private network), confirm with
/// <see cref="IImageClient.ResumeJobAsync"/>, which asks Kie directly.
/// </remarks>
/// <example>
/// <code>
/// app.MapPost("/kie/callback", async (HttpRequest http, KieCallbackVerifier verifier) =>
/// {
///     var body = await BinaryData.FromStreamAsync(http.Body);
///     var callback = verifier.Verify(name => http.Headers[name], body.ToMemory().Span);
///     ImageResult result = callback.GetResult();   // or throws as polling would
///     return Results.Ok();
/// });
/// </code>
/// </example>
public sealed class KieCallbackVerifier
{
    /// <summary>The header with the callback's unix timestamp.</summary>
    public const string TimestampHeader = "X-Webhook-Timestamp";

    /// <summary>The header with the callback's signature.</summary>
    public const string SignatureHeader = "X-Webhook-Signature";

    private readonly byte[]? _key;
    private readonly KieCallbackOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly ImageDownloader _downloader;

    /// <summary>Creates a verifier.</summary>
    /// <param name="options">The HMAC key and whether unsigned callbacks are accepted.</param>
    /// <param name="timeProvider">The clock for the timestamp check; the system clock when <see langword="null"/>.</param>
    /// <param name="downloadClient">The client result images are downloaded with; a shared plain client when <see langword="null"/>.</param>
    /// <exception cref="ArgumentException">Neither a key is set nor unsigned callbacks are allowed, so no callback could ever be accepted.</exception>
    public KieCallbackVerifier(KieCallbackOptions options, TimeProvider? timeProvider = null, HttpClient? downloadClient = null)
        : this(options, timeProvider ?? TimeProvider.System, downloadClient is null ? SharedDownloads.Create(timeProvider ?? TimeProvider.System) : new ImageDownloader(() => downloadClient, timeProvider ?? TimeProvider.System, new ImagingClientOptions()))
    {
    }

    internal KieCallbackVerifier(KieCallbackOptions options, TimeProvider timeProvider, ImageDownloader downloader)
    {
        ArgumentNullException.ThrowIfNull(options);
        var problems = options.Validate("Kie callbacks").ToList();
        if (string.IsNullOrEmpty(options.WebhookHmacKey) && !options.AllowUnsigned)
        {
            problems.Add("Kie callbacks: set WebhookHmacKey (from Kie's settings page), or set AllowUnsigned = true to accept unsigned callbacks.");
        }

        if (problems.Count > 0)
        {
            throw new ArgumentException(string.Join(" ", problems), nameof(options));
        }

        _options = options;
        _key = string.IsNullOrEmpty(options.WebhookHmacKey) ? null : Encoding.UTF8.GetBytes(options.WebhookHmacKey);
        _timeProvider = timeProvider;
        _downloader = downloader;
    }

    /// <summary>Computes the signature Kie sends for a task id and timestamp.</summary>
    /// <param name="webhookHmacKey">The webhook HMAC key.</param>
    /// <param name="taskId">The task id.</param>
    /// <param name="timestamp">The <c>X-Webhook-Timestamp</c> value, as sent.</param>
    /// <returns>The Base64 signature.</returns>
    public static string ComputeSignature(string webhookHmacKey, string taskId, string timestamp)
    {
        ArgumentException.ThrowIfNullOrEmpty(webhookHmacKey);
        ArgumentNullException.ThrowIfNull(taskId);
        ArgumentNullException.ThrowIfNull(timestamp);
        return Convert.ToBase64String(Sign(Encoding.UTF8.GetBytes(webhookHmacKey), taskId, timestamp));
    }

    /// <summary>Verifies a callback and reads it.</summary>
    /// <param name="getHeader">Reads a request header by name (for ASP.NET Core: <c>name =&gt; request.Headers[name]</c>).</param>
    /// <param name="body">The request body, exactly as received.</param>
    /// <returns>The callback.</returns>
    /// <exception cref="KieCallbackException">The callback is not authentic, is stale, or cannot be read: answer 400 or 401 and do not use it.</exception>
    public KieCallback Verify(Func<string, string?> getHeader, ReadOnlySpan<byte> body)
    {
        ArgumentNullException.ThrowIfNull(getHeader);
        KieCallbackBody? parsed;
        try
        {
            parsed = JsonSerializer.Deserialize(body, KieJsonContext.Default.KieCallbackBody);
        }
        catch (JsonException ex)
        {
            throw new KieCallbackException("The callback body is not Kie's callback JSON.", ex);
        }

        var taskId = parsed?.Data?.TaskId ?? parsed?.Data?.TaskIdSnakeCase;
        if (parsed is null || string.IsNullOrWhiteSpace(taskId))
        {
            throw new KieCallbackException("The callback body has no data.taskId (nor data.task_id).");
        }

        var timestamp = getHeader(TimestampHeader);
        var signature = getHeader(SignatureHeader);
        var signed = !string.IsNullOrEmpty(timestamp) || !string.IsNullOrEmpty(signature);
        DateTimeOffset? sentAt = null;
        if (!signed)
        {
            if (_key is not null)
            {
                // With a key configured, a callback without a signature is a forgery, whatever AllowUnsigned says.
                throw new KieCallbackException($"The callback carries no {SignatureHeader}, but a WebhookHmacKey is configured, so every callback must be signed.");
            }

            if (!_options.AllowUnsigned)
            {
                throw new KieCallbackException($"The callback carries no {SignatureHeader}; unsigned callbacks are refused unless AllowUnsigned is on.");
            }
        }
        else
        {
            if (_key is null)
            {
                throw new KieCallbackException("The callback is signed but no WebhookHmacKey is configured to check it.");
            }

            sentAt = CheckTimestamp(timestamp);
            CheckSignature(taskId, timestamp!, signature);
        }

        return new KieCallback(taskId, parsed.Code, parsed.Message, parsed.Data?.Info, signed, sentAt, this);
    }

    /// <summary>Verifies a callback and reads it, without throwing.</summary>
    /// <param name="getHeader">Reads a request header by name.</param>
    /// <param name="body">The request body, exactly as received.</param>
    /// <param name="callback">The callback, when it is authentic and readable.</param>
    /// <param name="error">Why it was refused, otherwise.</param>
    /// <returns><see langword="true"/> when the callback was accepted.</returns>
    public bool TryVerify(Func<string, string?> getHeader, ReadOnlySpan<byte> body, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out KieCallback? callback, [System.Diagnostics.CodeAnalysis.NotNullWhen(false)] out string? error)
    {
        try
        {
            callback = Verify(getHeader, body);
            error = null;
            return true;
        }
        catch (KieCallbackException ex)
        {
            callback = null;
            error = ex.Message;
            return false;
        }
    }

    /// <summary>Builds what polling would have produced from a callback.</summary>
    internal JobSnapshot ToSnapshot(KieCallback callback, ImageJobToken? token, DateTimeOffset receivedAt)
    {
        // The callback does not name the model; the job's token does, when the caller has it.
        var model = token?.Model ?? "flux-kontext";
        var job = new ImageJob(callback.TaskId, KieModels.ProviderName, model, token, new JobSnapshot(ImageJobStatus.Running, null, null), source: null, _timeProvider, new ImagingPollingOptions());
        return KieTaskReader.ToSnapshot(
            job,
            successFlag: callback.Code == 200 ? 1 : 3,
            errorCode: callback.Code is 200 ? null : callback.Code,
            callback.Message,
            callback.Info,
            createdAt: null,
            completedAt: callback.SentAt,
            paramJson: null,
            receivedAt,
            _downloader,
            apiKey: null);
    }

    internal DateTimeOffset Now => _timeProvider.GetUtcNow();

    private static byte[] Sign(byte[] key, string taskId, string timestamp) =>
        HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(taskId + "." + timestamp));

    private DateTimeOffset CheckTimestamp(string? timestamp)
    {
        if (!long.TryParse(timestamp, NumberStyles.Integer, CultureInfo.InvariantCulture, out var seconds) || seconds <= 0 || seconds > 253402300799)
        {
            throw new KieCallbackException($"The callback's {TimestampHeader} is missing or not unix seconds.");
        }

        var sentAt = DateTimeOffset.FromUnixTimeSeconds(seconds);
        var skew = (_timeProvider.GetUtcNow() - sentAt).Duration();
        if (skew > _options.TimestampTolerance)
        {
            throw new KieCallbackException($"The callback's timestamp is {skew} away from now, more than the {_options.TimestampTolerance} allowed: it may be a replay.");
        }

        return sentAt;
    }

    private void CheckSignature(string taskId, string timestamp, string? signature)
    {
        Span<byte> received = stackalloc byte[64];
        if (string.IsNullOrEmpty(signature) || !Convert.TryFromBase64String(signature.Trim(), received, out var length))
        {
            throw new KieCallbackException($"The callback's {SignatureHeader} is missing or not Base64.");
        }

        var expected = Sign(_key!, taskId, timestamp);
        if (!CryptographicOperations.FixedTimeEquals(expected, received[..length]))
        {
            throw new KieCallbackException("The callback's signature does not match its task id and timestamp: it was not sent by Kie, or was altered.");
        }
    }

    private static class SharedDownloads
    {
        private static readonly Lazy<HttpClient> Client = new(() => new HttpClient());

        public static ImageDownloader Create(TimeProvider timeProvider) => new(() => Client.Value, timeProvider, new ImagingClientOptions());
    }
}

/// <summary>A verified Kie callback.</summary>
public sealed class KieCallback
{
    private readonly KieTaskImages? _info;
    private readonly KieCallbackVerifier _verifier;

    internal KieCallback(string taskId, int? code, string? message, KieTaskImages? info, bool isSigned, DateTimeOffset? sentAt, KieCallbackVerifier verifier)
    {
        TaskId = taskId;
        Code = code;
        Message = message;
        _info = info;
        IsSigned = isSigned;
        SentAt = sentAt;
        _verifier = verifier;
        ResultImageUrl = Url(info?.ResultImageUrl);
        OriginImageUrl = Url(info?.OriginImageUrl);
    }

    /// <summary>The task the callback is about.</summary>
    public string TaskId { get; }

    /// <summary>Kie's code: 200 success, 400 content policy, 500 internal error, 501 generation failed.</summary>
    public int? Code { get; }

    /// <summary>Kie's message.</summary>
    public string? Message { get; }

    /// <summary>Whether the task succeeded.</summary>
    public bool Succeeded => Code == 200;

    /// <summary>The result image (kept 14 days), when the task succeeded.</summary>
    public Uri? ResultImageUrl { get; }

    /// <summary>The origin image (10 minutes), when the task succeeded.</summary>
    public Uri? OriginImageUrl { get; }

    /// <summary>Whether the callback was signed (and the signature checked).</summary>
    public bool IsSigned { get; }

    /// <summary>When Kie signed the callback, for a signed one.</summary>
    public DateTimeOffset? SentAt { get; }

    internal KieTaskImages? Info => _info;

    /// <summary>
    /// The images, as polling the task would return them: the same image, error codes and details. A callback does not
    /// name the model or carry the completion time, so pass the job's <paramref name="token"/> (saved when it was
    /// started) to get its model and resume token; without it the model reads <c>flux-kontext</c>, and the 14-day
    /// lifetime is counted from the callback's timestamp.
    /// </summary>
    /// <param name="token">The job's resume token, when the caller has it.</param>
    /// <returns>The result.</returns>
    /// <exception cref="ImagingApiException">The task failed: the same failure polling would report, with the task id.</exception>
    /// <exception cref="ArgumentException"><paramref name="token"/> is for another task.</exception>
    public ImageResult GetResult(ImageJobToken? token = null)
    {
        if (token is not null && (token.Provider != KieModels.ProviderName || token.JobId != TaskId))
        {
            throw new ArgumentException($"The token is for {token.Provider} job {token.JobId}, not Kie task {TaskId}.", nameof(token));
        }

        var snapshot = _verifier.ToSnapshot(this, token, _verifier.Now);
        return snapshot.Result ?? throw snapshot.Failure!;
    }

    private static Uri? Url(string? text) =>
        !string.IsNullOrWhiteSpace(text) && Uri.TryCreate(text, UriKind.Absolute, out var url) && (url.Scheme == Uri.UriSchemeHttps || url.Scheme == Uri.UriSchemeHttp)
            ? url
            : null;
}

/// <summary>A Kie callback was refused: not authentic, stale, or unreadable.</summary>
public sealed class KieCallbackException : Exception
{
    /// <summary>Creates the exception.</summary>
    public KieCallbackException()
        : this("The Kie callback was refused.")
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">Why.</param>
    public KieCallbackException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">Why.</param>
    /// <param name="innerException">The cause.</param>
    public KieCallbackException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
