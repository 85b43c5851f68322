namespace ImagingClient.Webhooks;

/// <summary>
/// The outcome of one check of a delivery (a signature, a timestamp): passed, or why not. The message names the header
/// and the check, never a key, a secret or the expected signature. A verifier turns a failure into its own
/// <see cref="WebhookVerificationException"/>.
/// </summary>
internal readonly struct WebhookCheck
{
    private WebhookCheck(WebhookFailureReason reason, string message)
    {
        Reason = reason;
        Message = message;
    }

    /// <summary>A check that passed.</summary>
    public static WebhookCheck Passed => default;

    /// <summary>Whether the check passed.</summary>
    public bool Succeeded => Message is null;

    /// <summary>Why it failed; <see cref="WebhookFailureReason.Unspecified"/> when it passed.</summary>
    public WebhookFailureReason Reason { get; }

    /// <summary>What failed, for the exception's message; <see langword="null"/> when it passed.</summary>
    public string? Message { get; }

    public static WebhookCheck Fail(WebhookFailureReason reason, string message) => new(reason, message);
}
