using System.Globalization;

namespace ImagingClient.Webhooks;

/// <summary>
/// The limits every provider's webhook verifier shares: how large a delivery may be, and whether a delivery accepted
/// once is refused when it comes again. Each provider's webhook (or callback) settings derive from this type.
/// </summary>
public abstract class ImageWebhookOptions
{
    /// <summary>
    /// The default of <see cref="MaxBodyBytes"/>: 2 MiB. The largest delivery a provider documents is 1 MiB (a
    /// provider that would send more leaves the result out and says so); most carry a few URLs in a few KiB. Twice
    /// the largest leaves room for how a provider counts, and keeps the work one forged delivery can cause small.
    /// </summary>
    public const int DefaultMaxBodyBytes = 2 * 1024 * 1024;

    /// <summary>Only the library's option types derive from this one.</summary>
    private protected ImageWebhookOptions()
    {
    }

    /// <summary>
    /// The largest body accepted, in bytes. A larger delivery is refused with
    /// <see cref="WebhookFailureReason.TooLarge"/> before it is parsed or any signature is computed over it. Default
    /// <see cref="DefaultMaxBodyBytes"/> (2 MiB). The body is already in memory by then: also cap what your server
    /// reads (Kestrel's <c>MaxRequestBodySize</c>, 30 MB by default, or <c>[RequestSizeLimit]</c> on the endpoint).
    /// </summary>
    public int MaxBodyBytes { get; set; } = DefaultMaxBodyBytes;

    /// <summary>
    /// Where accepted deliveries are remembered, so that the same delivery arriving again (a replay of a captured
    /// request, or the provider's retry of one already accepted) is refused with
    /// <see cref="WebhookFailureReason.Replayed"/>. Off (<see langword="null"/>) by default. One cache can serve
    /// several providers' verifiers; see <see cref="WebhookReplayCache"/> for what it keys on and how long it keeps
    /// an entry.
    /// </summary>
    public WebhookReplayCache? ReplayCache { get; set; }

    /// <summary>The shared settings, for the options' <c>ToString</c>.</summary>
    private protected string DescribeLimits() =>
        string.Create(CultureInfo.InvariantCulture, $"MaxBodyBytes = {MaxBodyBytes}, ReplayCache = {(ReplayCache is null ? "off" : "on")}");

    /// <summary>Checks the shared settings.</summary>
    /// <param name="provider">The provider's display name, for the messages.</param>
    /// <param name="section">The settings' property on the provider's options (<c>Webhooks</c>), for the messages.</param>
    private protected IEnumerable<string> ValidateLimits(string provider, string section)
    {
        if (MaxBodyBytes <= 0)
        {
            yield return string.Create(CultureInfo.InvariantCulture, $"{provider}: {section}.MaxBodyBytes must be positive; it is {MaxBodyBytes}.");
        }
    }
}
