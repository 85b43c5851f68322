namespace ImagingClient.Jobs;

/// <summary>Times counted on from a time a provider sent, which may be as late as a <see cref="DateTimeOffset"/> goes.</summary>
internal static class Expiry
{
    /// <summary>
    /// <paramref name="from"/> plus <paramref name="lifetime"/>, or <see cref="DateTimeOffset.MaxValue"/> when that is
    /// past the last instant a <see cref="DateTimeOffset"/> holds, in UTC or on its own clock (a completion time of
    /// 9999-12-31 sent by a provider).
    /// </summary>
    public static DateTimeOffset At(DateTimeOffset from, TimeSpan lifetime) =>
        lifetime < DateTimeOffset.MaxValue - from && lifetime < DateTime.MaxValue - from.DateTime ? from + lifetime : DateTimeOffset.MaxValue;
}
