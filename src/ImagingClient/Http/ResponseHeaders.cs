using System.Globalization;
using System.Net.Http.Headers;

namespace ImagingClient.Http;

/// <summary>Reads the headers providers use for rate limits, retry delays and request ids, leniently.</summary>
internal static class ResponseHeaders
{
    /// <summary>The whole seconds a <see cref="TimeSpan"/> can hold.</summary>
    private static readonly double MaxSeconds = Math.Floor(TimeSpan.MaxValue.TotalSeconds);

    private static readonly string[] RequestIdHeaders = ["X-Request-Id", "X-Request-ID", "Request-Id", "X-Correlation-Id"];

    /// <summary>Reads <c>X-RateLimit-Limit</c>, <c>X-RateLimit-Remaining</c> and <c>X-RateLimit-Reset</c> (unix seconds).</summary>
    public static RateLimitInfo? ReadRateLimit(HttpResponseHeaders headers)
    {
        var limit = ReadInt(headers, "X-RateLimit-Limit");
        var remaining = ReadInt(headers, "X-RateLimit-Remaining");
        var reset = ReadLong(headers, "X-RateLimit-Reset");
        DateTimeOffset? resetsAt = reset is { } seconds && seconds > 0 && seconds < 253402300799
            ? DateTimeOffset.FromUnixTimeSeconds(seconds)
            : null;
        return limit is null && remaining is null && resetsAt is null ? null : new RateLimitInfo(limit, remaining, resetsAt);
    }

    /// <summary>
    /// Reads <c>Retry-After</c> as seconds or as an HTTP date (relative to <paramref name="now"/>). Seconds too many
    /// for the header parser are still read, and a wait too long for a <see cref="TimeSpan"/> is
    /// <see cref="TimeSpan.MaxValue"/>: longer than any cap, never taken for "no Retry-After".
    /// </summary>
    public static TimeSpan? ReadRetryAfter(HttpResponseHeaders headers, DateTimeOffset now)
    {
        var retryAfter = headers.RetryAfter;
        if (retryAfter?.Delta is { } delta)
        {
            return delta < TimeSpan.Zero ? TimeSpan.Zero : delta;
        }

        if (retryAfter?.Date is { } date)
        {
            var wait = date - now;
            return wait < TimeSpan.Zero ? TimeSpan.Zero : wait;
        }

        // The parser takes at most int.MaxValue seconds; a longer delta is left unparsed, and is still a delta.
        if (headers.NonValidated.TryGetValues("Retry-After", out var raw)
            && raw.FirstOrDefault()?.Trim() is { Length: > 0 } text
            && text.All(char.IsAsciiDigit)
            && double.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
        {
            return RetryAfterFromSeconds(seconds);
        }

        return null;
    }

    /// <summary>
    /// A wait in seconds as the providers send it; <see langword="null"/> for a negative or NaN value, and
    /// <see cref="TimeSpan.MaxValue"/> for one too long for a <see cref="TimeSpan"/> (such as <c>1e308</c>).
    /// </summary>
    public static TimeSpan? RetryAfterFromSeconds(double seconds) =>
        double.IsNaN(seconds) || seconds < 0 ? null
        : seconds >= MaxSeconds ? TimeSpan.MaxValue
        : TimeSpan.FromSeconds(seconds);

    /// <summary>The default <see cref="RetryAfterReader"/>: the <c>Retry-After</c> header, as seconds or an HTTP date.</summary>
    public static ValueTask<TimeSpan?> ReadRetryAfterAsync(HttpResponseMessage response, DateTimeOffset now, CancellationToken cancellationToken) =>
        ValueTask.FromResult(ReadRetryAfter(response.Headers, now));

    public static string? ReadRequestId(HttpResponseHeaders headers)
    {
        foreach (var name in RequestIdHeaders)
        {
            if (headers.TryGetValues(name, out var values))
            {
                var value = values.FirstOrDefault();
                if (!string.IsNullOrWhiteSpace(value))
                {
                    return value;
                }
            }
        }

        return null;
    }

    private static int? ReadInt(HttpResponseHeaders headers, string name) =>
        ReadLong(headers, name) is { } value && value is >= 0 and <= int.MaxValue ? (int)value : null;

    private static long? ReadLong(HttpResponseHeaders headers, string name) =>
        headers.TryGetValues(name, out var values)
        && long.TryParse(values.FirstOrDefault(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value)
            ? value
            : null;
}
