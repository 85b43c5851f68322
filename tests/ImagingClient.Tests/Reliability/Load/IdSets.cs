namespace ImagingClient.Tests.Reliability.Load;

/// <summary>Assertions on sets of a thousand ids.</summary>
internal static class IdSets
{
    /// <summary>
    /// Asserts that <paramref name="actual"/> holds exactly the ids of <paramref name="expected"/>, each as often. Both
    /// are sorted and compared in order, which stays linear: an unordered equivalence check compares every pair, and
    /// at a thousand ids that takes seconds.
    /// </summary>
    public static void ShouldBeTheSameIdsAs(this IEnumerable<string> actual, IEnumerable<string> expected, string because = "")
    {
        ArgumentNullException.ThrowIfNull(actual);
        ArgumentNullException.ThrowIfNull(expected);
        actual.Order(StringComparer.Ordinal).Should().Equal(expected.Order(StringComparer.Ordinal), because);
    }
}
