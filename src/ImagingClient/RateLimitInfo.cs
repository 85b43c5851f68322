namespace ImagingClient;

/// <summary>
/// The rate-limit state a provider reported with a response (such as the <c>X-RateLimit-Limit</c>,
/// <c>X-RateLimit-Remaining</c> and <c>X-RateLimit-Reset</c> headers).
/// </summary>
/// <param name="Limit">Requests allowed in the current window, when reported.</param>
/// <param name="Remaining">Requests left in the current window, when reported.</param>
/// <param name="ResetsAt">When the window resets, when reported.</param>
public sealed record RateLimitInfo(int? Limit, int? Remaining, DateTimeOffset? ResetsAt);
