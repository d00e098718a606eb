namespace VodSnapshot.Tests.TestSupport;

/// <summary>The checkout the tests run from, for the samples they exercise.</summary>
public static class Repository
{
    /// <summary>The folder holding VodSnapshot.sln, found above the test output folder.</summary>
    public static string Root { get; } = Find();

    private static string Find()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "VodSnapshot.sln")))
            {
                return folder.FullName;
            }
        }

        throw new InvalidOperationException("The repository root (VodSnapshot.sln) is not above the test output folder.");
    }
}
