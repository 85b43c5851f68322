namespace ImagingClient.Tests.TestSupport;

internal static class RepositoryRoot
{
    /// <summary>The folder holding ImagingClient.sln, found by walking up from the test binaries.</summary>
    public static string Path { get; } = Find();

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "ImagingClient.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("ImagingClient.sln was not found above " + AppContext.BaseDirectory);
    }
}
