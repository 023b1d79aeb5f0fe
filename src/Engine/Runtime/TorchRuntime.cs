using System.Runtime.InteropServices;
using System.Text;
using TorchSharp;

namespace QuantGrid.Engine.Runtime;

/// <summary>
/// Prepares the native TorchSharp libraries once per process, before the first torch call.
/// On Linux with a libstdc++ older than GCC 13 (Debian 12, Ubuntu 22.04) the build-output copy of
/// <c>libLibTorchSharp.so</c> is patched so its unused <c>GLIBCXX_3.4.32</c> need becomes weak.
/// The NuGet cache is never modified.
/// </summary>
public static class TorchRuntime
{
    internal const string MarkerVersion = "GLIBCXX_3.4.32";
    private const string LibraryFile = "libLibTorchSharp.so";
    private static readonly Lock Gate = new();
    private static bool initialized;

    /// <summary>What <see cref="EnsureInitialized"/> found and did, for diagnostics.</summary>
    public static string Status { get; private set; } = "not initialized";

    /// <summary>Makes TorchSharp loadable and loads it. Idempotent and thread-safe.</summary>
    /// <exception cref="TorchRuntimeException">The native library cannot be prepared or loaded.</exception>
    public static void EnsureInitialized()
    {
        lock (Gate)
        {
            if (initialized)
            {
                return;
            }

            Status = OperatingSystem.IsLinux() ? PrepareLinuxLibrary() : "no preparation needed on this OS";
            try
            {
                torch.InitializeDeviceType(DeviceType.CPU);
            }
            catch (Exception ex) when (ex is DllNotFoundException or NotSupportedException or TypeInitializationException)
            {
                throw new TorchRuntimeException($"cannot load TorchSharp's native libraries ({Status}): {ex.GetBaseException().Message}", ex);
            }

            initialized = true;
        }
    }

    private static string PrepareLinuxLibrary()
    {
        if (SystemLibStdCxxProvides(MarkerVersion))
        {
            return $"system libstdc++ provides {MarkerVersion}";
        }

        var library = FindLibrary() ?? throw new TorchRuntimeException($"{LibraryFile} was not found next to the application ({AppContext.BaseDirectory})");
        var image = File.ReadAllBytes(library);
        switch (ElfVersionNeedPatcher.Inspect(image, MarkerVersion))
        {
            case ElfVersionNeedPatcher.NeedState.Absent:
                return $"{LibraryFile} does not need {MarkerVersion}";
            case ElfVersionNeedPatcher.NeedState.Weak:
                return $"{library}: {MarkerVersion} need already weak";
            default:
                break;
        }

        if (IsInsideNuGetCache(library))
        {
            throw new TorchRuntimeException($"{library} is in the NuGet cache and needs {MarkerVersion}; run from a build output (dotnet build) so a private copy can be patched");
        }

        ElfVersionNeedPatcher.MarkWeak(image, MarkerVersion);
        var temporary = $"{library}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp";
        try
        {
            File.WriteAllBytes(temporary, image);
            File.Move(temporary, library, overwrite: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            File.Delete(temporary);
            throw new TorchRuntimeException($"cannot patch {library} ({ex.Message}); run the application once from a writable build output", ex);
        }

        return $"{library}: marked {MarkerVersion} need weak";
    }

    private static string? FindLibrary()
    {
        var directories = (AppContext.GetData("NATIVE_DLL_SEARCH_DIRECTORIES") as string ?? string.Empty)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Append(AppContext.BaseDirectory)
            .Append(Path.Combine(AppContext.BaseDirectory, "runtimes", RuntimeInformation.RuntimeIdentifier, "native"))
            .Append(Path.Combine(AppContext.BaseDirectory, "runtimes", "linux-x64", "native"));
        return directories.Select(d => Path.Combine(d, LibraryFile)).FirstOrDefault(File.Exists);
    }

    private static bool IsInsideNuGetCache(string path)
    {
        var cache = Environment.GetEnvironmentVariable("NUGET_PACKAGES");
        return path.Contains("/.nuget/packages/", StringComparison.Ordinal)
            || (!string.IsNullOrEmpty(cache) && Path.GetFullPath(path).StartsWith(Path.GetFullPath(cache), StringComparison.Ordinal));
    }

    private static bool SystemLibStdCxxProvides(string version)
    {
        var loaded = File.ReadLines("/proc/self/maps")
            .Select(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries).LastOrDefault())
            .FirstOrDefault(path => path is not null && path.Contains("libstdc++.so", StringComparison.Ordinal));
        if (loaded is null || !File.Exists(loaded))
        {
            return false;
        }

        var needle = Encoding.ASCII.GetBytes(version + "\0");
        return File.ReadAllBytes(loaded).AsSpan().IndexOf(needle) >= 0;
    }
}
