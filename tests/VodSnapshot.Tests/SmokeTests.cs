namespace VodSnapshot.Tests;

public class SmokeTests
{
    [Fact]
    public void Media_assembly_loads() => Assert.NotNull(typeof(VodSnapshot.Media.MediaAssembly).Assembly);
}
