using System.Net.Http.Headers;
using System.Text.Json;
using ImagingClient.Diagnostics;
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
        var validated = RequestValidator.Validate(ConcurredCatalog.Catalog, request, ImageOperationKind.Generate, options.UnsupportedFields);
        return SendAsync(validated, options, cancellationToken);
    }

    public Task<ImageResult> EditAsync(ImageEditRequest request, CancellationToken cancellationToken = default)
    {
        var options = _options.CurrentValue;
        var validated = RequestValidator.Validate(ConcurredCatalog.Catalog, request, ImageOperationKind.Edit, options.UnsupportedFields);
        return SendAsync(validated, options, cancellationToken);
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

    private async Task<ImageJob> CompletedJobAsync(Task<ImageResult> call)
    {
        var result = await call.ConfigureAwait(false);
        return ImageJob.Completed(result.RequestId ?? $"local_{Guid.NewGuid():N}", result, providerStatus: "success", _timeProvider);
    }

    private async Task<ImageResult> SendAsync(ValidatedRequest validated, ConcurredClientOptions options, CancellationToken cancellationToken)
    {
        var route = validated.Model.Route;
        var endpoint = ProviderHttp.Endpoint(options.BaseAddress, route.Path);
        using var request = new HttpRequestMessage(route.Method, endpoint)
        {
            Content = ProviderHttp.JsonContent(validated.WriteJsonBody()),
        };
        request.Headers.Accept.Add(AcceptJson);

        foreach (var warning in validated.Warnings)
        {
            ImagingLog.RequestWarning(_logger, ConcurredModels.ProviderName, validated.Model.Id, warning);
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
                LogResponse(_logger, route.Path, validated.Model.Id, (int)response.StatusCode, elapsedMs);

                if (!response.IsSuccessStatusCode)
                {
                    throw await ProviderErrors.FromResponseAsync(call, response, ConcurredErrors.Format, receivedAt, token).ConfigureAwait(false);
                }

                using var body = await ResponseBody.ReadAllAsync(response.Content, options.MaxResponseBytes, token).ConfigureAwait(false)
                    ?? throw ProviderErrors.Create(call, response, new ProviderErrors.Failure
                    {
                        Code = ImagingErrorCode.InvalidResponse,
                        Message = $"Concurred's answer (HTTP {(int)response.StatusCode}) is larger than MaxResponseBytes ({options.MaxResponseBytes} bytes), so it was not read. "
                            + "Concurred may have produced (and charged for) the images: raise MaxResponseBytes, or ask for fewer or smaller images.",
                        MayHaveCreatedWork = true,
                    });
                var envelope = ReadEnvelope(body.Span, response, call);
                return ToResult(envelope, response, endpoint, validated, call, receivedAt);
            },
            cancellationToken).ConfigureAwait(false);
    }

    private static ConcurredEnvelope ReadEnvelope(ReadOnlySpan<byte> body, HttpResponseMessage response, ProviderCall call)
    {
        ConcurredEnvelope? envelope;
        Exception? failure = null;
        try
        {
            envelope = body.IsEmpty ? null : JsonSerializer.Deserialize(body, ConcurredJsonContext.Default.ConcurredEnvelope);
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

        var excerpt = ResponseBody.Excerpt(body[..Math.Min(body.Length, 512)], call.ApiKey);
        throw ProviderErrors.Create(call, response, new ProviderErrors.Failure
        {
            Code = ImagingErrorCode.InvalidResponse,
            Message = $"Concurred answered HTTP {(int)response.StatusCode} with a body that is not its JSON envelope: {excerpt}",
            Excerpt = excerpt,
            Inner = failure,
        });
    }

    private ImageResult ToResult(
        ConcurredEnvelope envelope,
        HttpResponseMessage response,
        Uri endpoint,
        ValidatedRequest validated,
        ProviderCall call,
        DateTimeOffset receivedAt)
    {
        var requestId = call.Redact(envelope.Meta?.RequestId ?? ResponseHeaders.ReadRequestId(response.Headers));
        var rateLimit = ResponseHeaders.ReadRateLimit(response.Headers);
        var sent = envelope.Data?.Images ?? [];
        var warnings = new List<string>(validated.Warnings);
        var lifetime = string.Equals(envelope.Data?.Provider, "flux", StringComparison.OrdinalIgnoreCase)
            ? ConcurredCatalog.FluxUrlLifetime
            : validated.Model.UrlLifetime;
        DateTimeOffset? expiresAt = lifetime is { } life ? receivedAt + life : null;

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
                throw ProviderErrors.FromBody(call, response, ConcurredErrors.ToErrorBody(envelope), default, ConcurredErrors.Format, receivedAt);
            }

            // Images that were produced are paid for: return them, and keep the error as a warning.
            warnings.Add($"Concurred's response carried images and also an error: {call.Redact($"{envelope.Error.Code}: {envelope.Error.Message}")}.");
        }

        if (images.Count == 0)
        {
            var skipped = warnings.Count > validated.Warnings.Count ? " " + string.Join(" ", warnings.Skip(validated.Warnings.Count)) : string.Empty;
            throw ProviderErrors.Create(call, response, new ProviderErrors.Failure
            {
                Code = ImagingErrorCode.InvalidResponse,
                Message = $"Concurred answered HTTP {(int)response.StatusCode} without any usable image{(requestId is null ? string.Empty : $" (request id {requestId})")}.{skipped}",
                RequestId = requestId,
            });
        }

        if (envelope.Success == false)
        {
            warnings.Add("Concurred's response said success=false but carried images; they are returned as they came.");
        }

        return new ImageResult(
            images,
            ConcurredModels.ProviderName,
            call.Redact(envelope.Data?.Model) ?? validated.Model.Id,
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
}
