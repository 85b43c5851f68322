using System.Globalization;

namespace ImagingClient.Webhooks;

/// <summary>
/// Reads a delivery's unix-seconds timestamp header and checks it against the injected clock: a delivery further from
/// now than the tolerance, either way, is refused as a possible replay.
/// </summary>
internal static class WebhookTimestamp
{
    /// <summary>The tolerance the schemes recommend: 5 minutes either way.</summary>
    public static readonly TimeSpan DefaultTolerance = TimeSpan.FromMinutes(5);

    /// <summary>The last second <see cref="DateTimeOffset"/> can hold (9999-12-31T23:59:59Z).</summary>
    private const long MaxUnixSeconds = 253402300799;

    /// <summary>Reads unix seconds (a positive integer); anything else is not a timestamp.</summary>
    public static bool TryParseUnixSeconds(string? text, out DateTimeOffset time)
    {
        if (long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var seconds) && seconds > 0 && seconds <= MaxUnixSeconds)
        {
            time = DateTimeOffset.FromUnixTimeSeconds(seconds);
            return true;
        }

        time = default;
        return false;
    }

    /// <summary>Reads the header's timestamp and checks it is within <paramref name="tolerance"/> of now.</summary>
    /// <param name="text">The header's value, as received.</param>
    /// <param name="header">The header's name, for the message.</param>
    /// <param name="timeProvider">The clock.</param>
    /// <param name="tolerance">How far from now, either way, a timestamp may be.</param>
    /// <param name="sentAt">The timestamp, when it could be read.</param>
    public static WebhookCheck Check(string? text, string header, TimeProvider timeProvider, TimeSpan tolerance, out DateTimeOffset sentAt)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            sentAt = default;
            return WebhookCheck.Fail(WebhookFailureReason.MissingHeader, $"The delivery has no {header}.");
        }

        if (!TryParseUnixSeconds(text, out sentAt))
        {
            return WebhookCheck.Fail(WebhookFailureReason.MalformedHeader, $"The delivery's {header} is not a unix time in seconds.");
        }

        return CheckTolerance(sentAt, header, timeProvider, tolerance);
    }

    /// <summary>Checks that <paramref name="sentAt"/> is within <paramref name="tolerance"/> of now, either way.</summary>
    public static WebhookCheck CheckTolerance(DateTimeOffset sentAt, string header, TimeProvider timeProvider, TimeSpan tolerance)
    {
        ArgumentNullException.ThrowIfNull(timeProvider);
        var age = timeProvider.GetUtcNow() - sentAt;
        if (age > tolerance)
        {
            return WebhookCheck.Fail(
                WebhookFailureReason.StaleTimestamp,
                string.Create(CultureInfo.InvariantCulture, $"The delivery's {header} is {age} old, more than the {tolerance} allowed: it may be a replay."));
        }

        if (-age > tolerance)
        {
            return WebhookCheck.Fail(
                WebhookFailureReason.FutureTimestamp,
                string.Create(CultureInfo.InvariantCulture, $"The delivery's {header} is {-age} ahead of this clock, more than the {tolerance} allowed: the clocks disagree, or it may be a replay prepared in advance."));
        }

        return WebhookCheck.Passed;
    }
}
