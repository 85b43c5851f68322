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
    /// <summary>The name of the <see cref="IHttpClientFactory"/> client for Concurred.</summary>
    public const string HttpClientName = ImagingHttpClientNames.Concurred;

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
        return SendAsync(GeneratePath, body, ImagingJsonContext.Default.ConcurredGenerateBody, gate, model, options, cancellationToken);
    }

    public Task<ImageResult> EditAsync(ImageEditRequest request, CancellationToken cancellationToken = default)
    {
        var options = _options.CurrentValue;
        var (body, gate, model) = ConcurredRequestMapper.MapEdit(request, options.UnsupportedFields);
        return SendAsync(EditPath, body, ImagingJsonContext.Default.ConcurredEditBody, gate, model, options, cancellationToken);
    }

    public async Task<ImageJob> StartGenerateAsync(ImageGenerationRequest request, CancellationToken cancellationToken = default) =>
        CompletedJob(await GenerateAsync(request, cancellationToken).ConfigureAwait(false));

    public async Task<ImageJob> StartEditAsync(ImageEditRequest request, CancellationToken cancellationToken = default) =>
        CompletedJob(await EditAsync(request, cancellationToken).ConfigureAwait(false));

    /// <summary>Does nothing: the HTTP resources belong to the <see cref="IHttpClientFactory"/> and its container.</summary>
    public void Dispose()
    {
    }

    private static ImageJob CompletedJob(ImageResult result) =>
        new(result.RequestId ?? $"local_{Guid.NewGuid():N}", result, providerStatus: "success");

    private async Task<ImageResult> SendAsync<TBody>(
        string path,
        TBody body,
        JsonTypeInfo<TBody> bodyType,
        RequestFieldGate gate,
        ConcurredModel? model,
        ConcurredClientOptions options,
        CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, Endpoint(options.BaseAddress, path))
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
        using var response = await SendRawAsync(request, cancellationToken).ConfigureAwait(false);
        var receivedAt = _timeProvider.GetUtcNow();
        var elapsedMs = _timeProvider.GetElapsedTime(started).TotalMilliseconds;
        LogResponse(_logger, path, gate.Model, (int)response.StatusCode, elapsedMs);

        var rateLimit = ResponseHeaders.ReadRateLimit(response.Headers);
        if (!response.IsSuccessStatusCode)
        {
            throw await ConcurredErrors.FromResponseAsync(response, rateLimit, options.ApiKey, receivedAt, cancellationToken).ConfigureAwait(false);
        }

        var envelope = await ReadEnvelopeAsync(response, options.ApiKey, cancellationToken).ConfigureAwait(false);
        if (envelope.Error is not null)
        {
            throw ConcurredErrors.Create(response, envelope, default, rateLimit, options.ApiKey, receivedAt);
        }

        return ToResult(envelope, response, gate, model, receivedAt, rateLimit);
    }

    private async Task<HttpResponseMessage> SendRawAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        try
        {
            var client = _httpClientFactory.CreateClient(HttpClientName);
            return await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException ex)
        {
            throw new ImagingApiException($"Concurred could not be reached at {request.RequestUri?.GetLeftPart(UriPartial.Authority)}: {ex.Message}", ex)
            {
                Provider = ConcurredModels.ProviderName,
                ErrorCode = ImagingErrorCode.NetworkError,
            };
        }
        catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw new ImagingApiException(
                $"Concurred did not answer within the configured Timeout ({_options.CurrentValue.Timeout}). Concurred may still have produced (and charged for) the image.",
                ex)
            {
                Provider = ConcurredModels.ProviderName,
                ErrorCode = ImagingErrorCode.Timeout,
            };
        }
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
                envelope = await JsonSerializer.DeserializeAsync(stream, ImagingJsonContext.Default.ConcurredEnvelope, cancellationToken).ConfigureAwait(false);
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
        RequestFieldGate gate,
        ConcurredModel? model,
        DateTimeOffset receivedAt,
        RateLimitInfo? rateLimit)
    {
        var requestId = envelope.Meta?.RequestId ?? ResponseHeaders.ReadRequestId(response.Headers);
        var sent = envelope.Data?.Images ?? [];
        var images = sent.Where(static image => image is not null).ToList();
        if (images.Count == 0)
        {
            throw new ImagingApiException(
                $"Concurred answered HTTP {(int)response.StatusCode} without any image{(requestId is null ? string.Empty : $" (request id {requestId})")}.")
            {
                Provider = ConcurredModels.ProviderName,
                ErrorCode = ImagingErrorCode.InvalidResponse,
                StatusCode = response.StatusCode,
                RequestId = requestId,
                RateLimit = rateLimit,
            };
        }

        var warnings = new List<string>(gate.Warnings);
        if (images.Count < sent.Count)
        {
            warnings.Add($"Concurred's response had {sent.Count - images.Count} empty image entries; they were skipped.");
        }

        if (envelope.Success == false)
        {
            warnings.Add("Concurred's response said success=false but carried images; they are returned as they came.");
        }

        var isFlux = string.Equals(envelope.Data!.Provider, "flux", StringComparison.OrdinalIgnoreCase) || model?.Family == ConcurredFamily.Bfl;
        DateTimeOffset? expiresAt = isFlux ? receivedAt + ConcurredCatalog.FluxUrlLifetime : null;
        var results = new GeneratedImage[images.Count];
        for (var i = 0; i < images.Count; i++)
        {
            var image = images[i];
            results[i] = image.Data is not null
                ? new InlineGeneratedImage(image.Data, image.MediaType)
                : new RemoteGeneratedImage(image.Url!, expiresAt, _downloader, ConcurredModels.ProviderName);
        }

        return new ImageResult(
            results,
            ConcurredModels.ProviderName,
            envelope.Data.Model ?? gate.Model,
            requestId,
            jobId: null,
            warnings,
            rateLimit);
    }

    private static Uri Endpoint(Uri baseAddress, string path)
    {
        var root = baseAddress.AbsoluteUri.EndsWith('/') ? baseAddress : new Uri(baseAddress.AbsoluteUri + "/");
        return new Uri(root, path);
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Debug, Message = "Concurred {Path} for model {Model} answered {Status} in {ElapsedMs:0} ms")]
    private static partial void LogResponse(ILogger logger, string path, string model, int status, double elapsedMs);

    [LoggerMessage(EventId = 2, Level = LogLevel.Warning, Message = "Concurred request for model {Model}: {Warning}")]
    private static partial void LogWarning(ILogger logger, string model, string warning);
}
