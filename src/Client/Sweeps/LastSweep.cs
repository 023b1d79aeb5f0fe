using System.Text;
using QuantGrid.Engine.Storage;

namespace QuantGrid.Client.Sweeps;

/// <summary>Remembers the id of the last sweep started from this artifact directory, for <c>status</c> and <c>results</c> without an id.</summary>
internal static class LastSweep
{
    public static void Write(string artifacts, string sweepId) =>
        AtomicFile.Write(Path.Combine(artifacts, "last-sweep"), stream => stream.Write(Encoding.UTF8.GetBytes(sweepId)));

    public static string? Read(string artifacts)
    {
        var path = Path.Combine(artifacts, "last-sweep");
        return File.Exists(path) ? File.ReadAllText(path).Trim() : null;
    }
}
