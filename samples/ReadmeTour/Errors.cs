// Errors.cs
using ImagingClient;

static class Errors
{
    public static async Task<string> TryGenerateAsync(IImageClient client, ImageGenerationRequest request)
    {
        try
        {
            await client.GenerateAsync(request);
            return "ok";
        }
        catch (ImagingApiException ex) when (ex.ErrorCode == ImagingErrorCode.RateLimited)
        {
            return $"Slow down: retry after {ex.RetryAfter} (request {ex.RequestId})";
        }
        catch (ImagingApiException ex) when (ex.ErrorCode == ImagingErrorCode.ContentPolicy)
        {
            return $"Refused by {ex.Provider} ({ex.ProviderErrorCode}): {ex.Message}";
        }
        catch (ArgumentException ex)
        {
            // Nothing was sent: for example Width on imagen-4, which takes an aspect ratio instead.
            return $"Invalid {ex.ParamName}: {ex.Message}";
        }
    }
}
