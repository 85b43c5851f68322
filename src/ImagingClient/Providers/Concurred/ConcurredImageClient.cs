using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using ImagingClient.Http;
using ImagingClient.Models;
using ImagingClient.Providers.Concurred.Wire;
using ImagingClient.Serialization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ImagingClient.Providers.Concurred;

/// <summary>
/// Concurred's image API: synchronous <c>POST /api/v1/image/generate</c> and <c>POST /api/v1/image/edit</c>.
/// </summary>
internal sealed partial class ConcurredImageClient : IImageClient
{
    private const string GeneratePath = "api/v1/image/generate";
    private const string EditPath = "api/v1/image/edit";

    private static readonly MediaTypeHeaderValue JsonMediaType = new("application/json");
    private static readonly MediaTypeWithQualityHeaderValue AcceptJson = new("application/json");

    private readonly IHttpClientFactory _httpClientFactory;
    private readonly IOptionsMonitor<ConcurredClientOptions> _options;
    private readonly TimeProvider _timeProvider;
    private readonly ImageDownloader _downloader;
    private readonly ILogger _logger;

    public ConcurredImageClient(
        IHttpClientFactory httpClientFactory,
        IOptionsMonitor<ConcurredClientOptions> options,
        TimeProvider timeProvider,
        ImageDownloader downloader,
        ILogger<ConcurredImageClient> logger)
    {
        _httpClientFactory = httpClientFactory;
        _options = options;
        _timeProvider = timeProvider;
        _downloader = downloader;
        _logger = logger;

        // Reading the value validates it, so bad settings fail when the client is created, not on the first call.
        _ = options.CurrentValue;
    }

    public Task<ImageResult> GenerateAsync(ImageGenerationRequest request, CancellationToken cancellationToken = default)
    {
        var options = _options.CurrentValue;
        var (body, gate, model) = ConcurredRequestMapper.MapGenerate(request, options.UnsupportedFields);
        return SendAsync(GeneratePath, body, ConcurredJsonContext.Default.ConcurredGenerateBody, gate, model, options, cancellationToken);
    }

    public Task<ImageResult> EditAsync(ImageEditRequest request, CancellationToken cancellationToken = default)
    {
        var options = _options.CurrentValue;
        var (body, gate, model) = ConcurredRequestMapper.MapEdit(request, options.UnsupportedFields);
        return SendAsync(EditPath, body, ConcurredJsonContext.Default.ConcurredEditBody, gate, model, options, cancellationToken);
    }

    // Bad input throws here, synchronously, exactly as from GenerateAsync and EditAsync.
    public Task<ImageJob> StartGenerateAsync(ImageGenerationRequest request, CancellationToken cancellationToken = default) =>
        CompletedJobAsync(GenerateAsync(request, cancellationToken));

    public Task<ImageJob> StartEditAsync(ImageEditRequest request, CancellationToken cancellationToken = default) =>
        CompletedJobAsync(EditAsync(request, cancellationToken));

    /// <summary>Concurred's jobs finish in the response that creates them, so none ever needs resuming.</summary>
    public Task<ImageJob> ResumeJobAsync(ImageJobToken token, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(token);
        throw new ArgumentException(
            $"Concurred answers synchronously: its jobs are complete when StartGenerateAsync/StartEditAsync return and have no resume token. This token is for '{token.Provider}' job {token.JobId}.",
            nameof(token));
    }

    /// <summary>Does nothing: the HTTP resources belong to the <see cref="IHttpClientFactory"/> and its container.</summary>
    public void Dispose()
    {
    }

    private static async Task<ImageJob> CompletedJobAsync(Task<ImageResult> call)
    {
        var result = await call.ConfigureAwait(false);
        return new ImageJob(result.RequestId ?? $"local_{Guid.NewGuid():N}", result, providerStatus: "success");
    }

    private async Task<ImageResult> SendAsync<TBody>(
        string path,
        TBody body,
        JsonTypeInfo<TBody> bodyType,
        RequestFieldGate gate,
        ConcurredModel? model,
        ConcurredClientOptions options,
        CancellationToken cancellationToken)
    {
        var endpoint = ProviderHttp.Endpoint(options.BaseAddress, path);
        using var request = new HttpRequestMessage(HttpMethod.Post, endpoint)
        {
            Content = new ByteArrayContent(JsonSerializer.SerializeToUtf8Bytes(body, bodyType)),
        };
        request.Content.Headers.ContentType = JsonMediaType;
        request.Headers.Accept.Add(AcceptJson);

        foreach (var warning in gate.Warnings)
        {
            LogWarning(_logger, gate.Model, warning);
        }

        var started = _timeProvider.GetTimestamp();
        var call = new ProviderCall(ConcurredModels.ProviderName, "Concurred", options.Timeout, _timeProvider, options.ApiKey, createsPaidWork: true);
        return await ProviderHttp.SendAsync(
            _httpClientFactory.CreateClient(ConcurredClientOptions.HttpClientName),
            request,
            call,
            async (response, token) =>
            {
                var receivedAt = _timeProvider.GetUtcNow();
                var elapsedMs = _timeProvider.GetElapsedTime(started).TotalMilliseconds;
                LogResponse(_logger, path, gate.Model, (int)response.StatusCode, elapsedMs);

                var rateLimit = ResponseHeaders.ReadRateLimit(response.Headers);
                if (!response.IsSuccessStatusCode)
                {
                    throw await ConcurredErrors.FromResponseAsync(response, rateLimit, options.ApiKey, receivedAt, token).ConfigureAwait(false);
                }

                var envelope = await ReadEnvelopeAsync(response, options.ApiKey, token).ConfigureAwait(false);
                return ToResult(envelope, response, endpoint, gate, model, receivedAt, rateLimit, options.ApiKey);
            },
            cancellationToken).ConfigureAwait(false);
    }

    private static async Task<ConcurredEnvelope> ReadEnvelopeAsync(HttpResponseMessage response, string? apiKey, CancellationToken cancellationToken)
    {
        var stream = new PrefixCapturingStream(await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false));
        await using (stream.ConfigureAwait(false))
        {
            ConcurredEnvelope? envelope;
            Exception? failure = null;
            try
            {
                envelope = await JsonSerializer.DeserializeAsync(stream, ConcurredJsonContext.Default.ConcurredEnvelope, cancellationToken).ConfigureAwait(false);
            }
            catch (JsonException ex)
            {
                envelope = null;
                failure = ex;
            }

            if (envelope is not null)
            {
                return envelope;
            }

            var excerpt = ResponseBody.Excerpt(stream.Prefix, apiKey);
            throw new ImagingApiException(
                $"Concurred answered HTTP {(int)response.StatusCode} with a body that is not its JSON envelope: {excerpt}",
                failure)
            {
                Provider = ConcurredModels.ProviderName,
                ErrorCode = ImagingErrorCode.InvalidResponse,
                StatusCode = response.StatusCode,
                RequestId = ResponseHeaders.ReadRequestId(response.Headers),
                RateLimit = ResponseHeaders.ReadRateLimit(response.Headers),
                ResponseExcerpt = excerpt,
            };
        }
    }

    private ImageResult ToResult(
        ConcurredEnvelope envelope,
        HttpResponseMessage response,
        Uri endpoint,
        RequestFieldGate gate,
        ConcurredModel? model,
        DateTimeOffset receivedAt,
        RateLimitInfo? rateLimit,
        string? apiKey)
    {
        var requestId = envelope.Meta?.RequestId ?? ResponseHeaders.ReadRequestId(response.Headers);
        var sent = envelope.Data?.Images ?? [];
        var warnings = new List<string>(gate.Warnings);
        var isFlux = string.Equals(envelope.Data?.Provider, "flux", StringComparison.OrdinalIgnoreCase) || model?.Family == ConcurredFamily.Bfl;
        DateTimeOffset? expiresAt = isFlux ? receivedAt + ConcurredCatalog.FluxUrlLifetime : null;

        var images = new List<GeneratedImage>(sent.Count);
        for (var i = 0; i < sent.Count; i++)
        {
            var image = sent[i];
            if (image.Data is not null)
            {
                images.Add(new InlineGeneratedImage(image.Data, image.MediaType));
            }
            else if ((image.Url ?? Resolve(endpoint, image.RelativeUrl)) is { } url)
            {
                images.Add(new RemoteGeneratedImage(url, expiresAt, _downloader, ConcurredModels.ProviderName));
            }
            else
            {
                warnings.Add($"Concurred's image entry {i + 1} of {sent.Count} was skipped: {image.Problem ?? "it holds no image"}.");
            }
        }

        if (envelope.Error is not null)
        {
            if (images.Count == 0)
            {
                throw ConcurredErrors.Create(response, envelope, default, rateLimit, apiKey, receivedAt);
            }

            // Images that were produced are paid for: return them, and keep the error as a warning.
            warnings.Add($"Concurred's response carried images and also an error: {SecretRedactor.Redact($"{envelope.Error.Code}: {envelope.Error.Message}", apiKey)}.");
        }

        if (images.Count == 0)
        {
            var skipped = warnings.Count > gate.Warnings.Count ? " " + string.Join(" ", warnings.Skip(gate.Warnings.Count)) : string.Empty;
            throw new ImagingApiException(
                SecretRedactor.Redact($"Concurred answered HTTP {(int)response.StatusCode} without any usable image{(requestId is null ? string.Empty : $" (request id {requestId})")}.{skipped}", apiKey)!)
            {
                Provider = ConcurredModels.ProviderName,
                ErrorCode = ImagingErrorCode.InvalidResponse,
                StatusCode = response.StatusCode,
                RequestId = requestId,
                RateLimit = rateLimit,
            };
        }

        if (envelope.Success == false)
        {
            warnings.Add("Concurred's response said success=false but carried images; they are returned as they came.");
        }

        return new ImageResult(
            images,
            ConcurredModels.ProviderName,
            envelope.Data?.Model ?? gate.Model,
            requestId,
            jobId: null,
            warnings,
            rateLimit);
    }

    /// <summary>Resolves a result URL given relative to Concurred's endpoint; only http and https results are kept.</summary>
    private static Uri? Resolve(Uri endpoint, string? relative) =>
        relative is not null && Uri.TryCreate(endpoint, relative, out var url) && (url.Scheme == Uri.UriSchemeHttps || url.Scheme == Uri.UriSchemeHttp)
            ? url
            : null;

    [LoggerMessage(EventId = 1, Level = LogLevel.Debug, Message = "Concurred {Path} for model {Model} answered {Status} in {ElapsedMs:0} ms")]
    private static partial void LogResponse(ILogger logger, string path, string model, int status, double elapsedMs);

    [LoggerMessage(EventId = 2, Level = LogLevel.Warning, Message = "Concurred request for model {Model}: {Warning}")]
    private static partial void LogWarning(ILogger logger, string model, string warning);
}
