namespace ImagingClient;

/// <summary>
/// Settings every provider shares: the API key, the endpoint, the time allowed for a call, what to do with fields a
/// model does not take, and retries.
/// </summary>
public abstract class ImagingProviderOptions
{
    private protected ImagingProviderOptions(Uri defaultBaseAddress)
    {
        BaseAddress = defaultBaseAddress;
    }

    /// <summary>The API key. Never logged, never put in an exception or <see cref="ToString"/>, never sent to another host.</summary>
    public string? ApiKey { get; set; }

    /// <summary>
    /// The provider's endpoint. Must be an absolute https URL, or an http URL on a loopback address (the emulator).
    /// </summary>
    public Uri BaseAddress { get; set; }

    /// <summary>The longest one call may take, retries included. Default 5 minutes.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>What to do with a unified field the chosen model does not take. Default <see cref="UnsupportedFieldHandling.Throw"/>.</summary>
    public UnsupportedFieldHandling UnsupportedFields { get; set; } = UnsupportedFieldHandling.Throw;

    /// <summary>
    /// The largest answer this library reads from the provider (base64 images make answers large). A larger one is
    /// refused with an <see cref="ImagingApiException"/> before it is read whole. Default 256 MiB.
    /// </summary>
    public long MaxResponseBytes { get; set; } = 256L * 1024 * 1024;

    /// <summary>When and how often a failed call is tried again.</summary>
    public ImagingRetryOptions Retry { get; set; } = new();

    /// <summary>Describes the settings without the API key.</summary>
    /// <returns>The endpoint and whether a key is set.</returns>
    public override string ToString() =>
        $"{GetType().Name} {{ BaseAddress = {BaseAddress}, ApiKey = {(string.IsNullOrEmpty(ApiKey) ? "<not set>" : "<set>")}, Timeout = {Timeout} }}";

    /// <summary>Checks the settings and returns what is wrong with them, in words a person can act on.</summary>
    /// <param name="provider">The provider's display name, for the messages.</param>
    /// <returns>The problems; empty when the settings are usable.</returns>
    internal List<string> Validate(string provider)
    {
        var problems = new List<string>();
        if (ApiKey is null && !RequiresApiKey)
        {
            // A provider that serves guests: no key is a choice, not a mistake.
        }
        else if (string.IsNullOrWhiteSpace(ApiKey))
        {
            problems.Add($"{provider}: ApiKey is not set. Set it in code, or in configuration under the section you bound, and keep it out of source control.");
        }
        else if (ApiKey.Trim().Length != ApiKey.Length || ApiKey.Any(char.IsControl))
        {
            problems.Add($"{provider}: ApiKey has leading or trailing white space or control characters; copy the key again.");
        }

        if (BaseAddress is null || !BaseAddress.IsAbsoluteUri)
        {
            problems.Add($"{provider}: BaseAddress must be an absolute URL, such as https://example.com/.");
        }
        else if (BaseAddress.Scheme != Uri.UriSchemeHttps && !(BaseAddress.Scheme == Uri.UriSchemeHttp && BaseAddress.IsLoopback))
        {
            problems.Add($"{provider}: BaseAddress '{BaseAddress}' must use https (plain http is allowed only on a loopback address, for the emulator), so the API key is never sent in clear text.");
        }
        else if (!string.IsNullOrEmpty(BaseAddress.UserInfo))
        {
            problems.Add($"{provider}: BaseAddress must not carry user information (user:password@); put the key in ApiKey.");
        }
        else if (!string.IsNullOrEmpty(BaseAddress.Query) || !string.IsNullOrEmpty(BaseAddress.Fragment))
        {
            problems.Add($"{provider}: BaseAddress '{BaseAddress}' must not have a query or fragment.");
        }

        if (Timeout <= TimeSpan.Zero && Timeout != System.Threading.Timeout.InfiniteTimeSpan)
        {
            problems.Add($"{provider}: Timeout must be positive (or Timeout.InfiniteTimeSpan); it is {Timeout}.");
        }

        if (MaxResponseBytes <= 0 || MaxResponseBytes > Array.MaxLength - 1)
        {
            problems.Add($"{provider}: MaxResponseBytes must be between 1 and {Array.MaxLength - 1}; it is {MaxResponseBytes}.");
        }

        if (!Enum.IsDefined(UnsupportedFields))
        {
            problems.Add($"{provider}: UnsupportedFields has the undefined value {(int)UnsupportedFields}.");
        }

        problems.AddRange((Retry ?? new ImagingRetryOptions()).Validate(provider));
        problems.AddRange(ValidateProvider(provider));
        return problems;
    }

    /// <summary>Whether a call needs <see cref="ApiKey"/>; a provider that serves guests says no when so configured.</summary>
    internal virtual bool RequiresApiKey => true;

    /// <summary>The provider's own checks, beyond the shared ones.</summary>
    /// <param name="provider">The provider's display name, for the messages.</param>
    /// <returns>The problems; empty when the settings are usable.</returns>
    internal virtual IEnumerable<string> ValidateProvider(string provider) => [];
}

/// <summary>
/// When a call is tried again. A request that creates paid work is retried only when that is safe: the provider said it
/// did not act (429), the connection was never made, or an idempotency key makes a repeat harmless. Reads (downloads,
/// polls) are also retried on 408, 500, 502, 503, 504 and dropped connections.
/// </summary>
/// <remarks>
/// Retries run in a <c>Microsoft.Extensions.Http.Resilience</c> handler on each HTTP client, on the container's
/// <see cref="TimeProvider"/>, in a pipeline named after the client (<c>HttpClientName + "-retry"</c>, such as
/// <c>"ImagingClient.Downloads-retry"</c>), so Polly's telemetry (the <c>Polly</c> meter and log category) says which
/// client retried. It has no attempt timeout: the provider's <c>Timeout</c> covers the whole call, retries included.
/// Handlers you add with an <c>Add…</c> method's <c>configureHttpClient</c> run inside it, once per attempt; do not add
/// another retry there (the standard resilience handler would repeat requests that create paid work).
/// </remarks>
public sealed class ImagingRetryOptions
{
    /// <summary>How many times a call may be tried again after the first attempt; 0 turns retries off. Default 2.</summary>
    public int MaxRetries { get; set; } = 2;

    /// <summary>The first back-off delay; later ones grow exponentially, with jitter. Default 1 second.</summary>
    public TimeSpan BaseDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The longest back-off delay. Default 30 seconds.</summary>
    public TimeSpan MaxDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// The longest Retry-After this library waits for by itself. When a provider asks for a longer wait, the call fails
    /// at once with <see cref="ImagingApiException.RetryAfter"/> set, so the caller can decide. Default 60 seconds.
    /// </summary>
    public TimeSpan MaxRetryAfter { get; set; } = TimeSpan.FromSeconds(60);

    internal IEnumerable<string> Validate(string provider)
    {
        if (MaxRetries is < 0 or > 10)
        {
            yield return $"{provider}: Retry.MaxRetries must be between 0 and 10; it is {MaxRetries}.";
        }

        if (BaseDelay < TimeSpan.Zero || MaxDelay < BaseDelay)
        {
            yield return $"{provider}: Retry.BaseDelay must not be negative and Retry.MaxDelay must not be below it (they are {BaseDelay} and {MaxDelay}).";
        }

        if (MaxRetryAfter < TimeSpan.Zero)
        {
            yield return $"{provider}: Retry.MaxRetryAfter must not be negative; it is {MaxRetryAfter}.";
        }
    }
}
