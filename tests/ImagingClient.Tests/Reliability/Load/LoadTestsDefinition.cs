namespace ImagingClient.Tests.Reliability.Load;

/// <summary>
/// The load tests run one at a time and after every other test (xunit runs a collection that disables parallelisation
/// on its own): each one saturates the machine's cores on purpose, and its thread-pool samples should count its own
/// threads, not another test's.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class LoadTestsDefinition
{
    public const string Name = "Load";
}
