using QuantGrid.Engine.Runtime;
using static QuantGrid.Engine.Runtime.ElfVersionNeedPatcher;

namespace QuantGrid.Engine.Tests.Runtime;

public sealed class ElfVersionNeedPatcherTests
{
    private static string PackagedLibrary()
    {
        var cache = Environment.GetEnvironmentVariable("NUGET_PACKAGES")
            ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        var library = Path.Combine(cache, "torchsharp", "0.107.0", "runtimes", "linux-x64", "native", "libLibTorchSharp.so");
        Assert.True(File.Exists(library), $"restore should have put {library} in the NuGet cache");
        return library;
    }

    [Fact]
    public void Marks_only_the_named_need_weak_and_changes_one_byte()
    {
        var original = File.ReadAllBytes(PackagedLibrary());
        var copy = (byte[])original.Clone();
        Assert.Equal(NeedState.Strong, Inspect(copy, "GLIBCXX_3.4.32"));

        Assert.True(MarkWeak(copy, "GLIBCXX_3.4.32"));

        Assert.Equal(NeedState.Weak, Inspect(copy, "GLIBCXX_3.4.32"));
        Assert.Equal(NeedState.Strong, Inspect(copy, "GLIBCXX_3.4.30"));
        Assert.Equal(1, original.Zip(copy).Count(pair => pair.First != pair.Second));
        Assert.False(MarkWeak(copy, "GLIBCXX_3.4.32"));
    }

    [Fact]
    public void Reports_absent_versions_and_rejects_non_elf_input()
    {
        var image = File.ReadAllBytes(PackagedLibrary());

        Assert.Equal(NeedState.Absent, Inspect(image, "GLIBCXX_9.9.99"));
        Assert.False(MarkWeak(image, "GLIBCXX_9.9.99"));
        Assert.Throws<InvalidDataException>(() => Inspect("not an elf file at all, just text padding it out to 64+ bytes........"u8.ToArray(), "X"));
    }

    [Fact]
    public void The_library_the_process_loaded_is_usable_and_the_cache_copy_untouched()
    {
        TorchRuntime.EnsureInitialized();

        Assert.Equal(NeedState.Strong, Inspect(File.ReadAllBytes(PackagedLibrary()), "GLIBCXX_3.4.32"));
    }
}
