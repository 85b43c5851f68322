namespace ImagingClient.Http;

/// <summary>The provider-neutral code an HTTP status implies when the body says nothing more specific.</summary>
internal static class HttpErrorCodes
{
    public static ImagingErrorCode FromStatus(int status) => status switch
    {
        400 or 409 or 413 or 415 or 422 => ImagingErrorCode.InvalidRequest,
        401 => ImagingErrorCode.Unauthorized,
        402 => ImagingErrorCode.InsufficientCredits,
        403 => ImagingErrorCode.Forbidden,
        404 or 410 => ImagingErrorCode.NotFound,
        408 or 504 => ImagingErrorCode.Timeout,
        429 => ImagingErrorCode.RateLimited,
        502 or 503 => ImagingErrorCode.Unavailable,
        >= 500 => ImagingErrorCode.ServerError,

        // The APIs never redirect (and a redirect is never followed with the key): an answer the SDK cannot use.
        >= 300 and < 400 => ImagingErrorCode.InvalidResponse,
        _ => ImagingErrorCode.Unknown,
    };
}
