using Microsoft.AspNetCore.Http;

namespace ImagingClient.Emulator.Kie;

/// <summary>
/// A Kie error, written as <c>{"code":&lt;code&gt;,"msg":"...","data":null}</c>. Kie reports business errors
/// (validation, credits, unknown task) inside an HTTP 200; only authentication failures and injected
/// faults use a real HTTP error status.
/// </summary>
/// <param name="Code">The <c>code</c> in the body.</param>
/// <param name="Message">The <c>msg</c> in the body.</param>
/// <param name="HttpStatus">The HTTP status of the response; 200 for business errors.</param>
internal sealed record KieError(int Code, string Message, int HttpStatus = StatusCodes.Status200OK)
{
    public const int Unauthorized = 401;
    public const int InsufficientCredits = 402;
    public const int NotFound = 404;
    public const int ValidationError = 422;
    public const int ServerError = 500;

    /// <summary>The text Kie answers a missing or wrong API key with (docs.kie.ai getting-started).</summary>
    public const string NoAccessMessage = "You do not have access permissions";

    /// <summary>The text of the out-of-range <c>safetyTolerance</c> error (code 500), from the OpenAPI code list.</summary>
    public const string SafetyToleranceMessage = "The security tolerance level is out of range and should be 0-2 or 0-6";

    /// <summary>HTTP 401 with code 401: a missing or wrong API key.</summary>
    public static KieError NoAccess { get; } = new(Unauthorized, NoAccessMessage, StatusCodes.Status401Unauthorized);

    /// <summary>HTTP 200 with code 422.</summary>
    public static KieError Validation(string message) => new(ValidationError, message);

    /// <summary>The <c>msg</c> an injected fault with this code carries, after Kie's code list.</summary>
    public static string FaultMessage(int code) => code switch
    {
        400 => "Bad request",
        Unauthorized => NoAccessMessage,
        402 => "Insufficient credits",
        403 => "Forbidden",
        NotFound => "Not found",
        408 => "Upstream issues: no result for more than 10 minutes",
        ValidationError => "Validation error",
        429 => "Rate limited: the request limit has been exceeded",
        455 => "Service unavailable: the system is undergoing maintenance",
        ServerError => "Server error",
        501 => "Generation failed",
        505 => "Feature disabled",
        _ => "Error",
    } + " (fault injected by the emulator)";
}
