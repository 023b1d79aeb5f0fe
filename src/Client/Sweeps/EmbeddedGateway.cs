using System.Diagnostics;
using System.Text.Json;
using QuantGrid.Engine.Storage;

namespace QuantGrid.Client.Sweeps;

/// <summary>
/// Where the embedded silo of a running <c>quantgrid sweep</c> accepts clients (loopback gateway port, cluster and
/// service ids), published as <c>state/embedded.json</c> while it runs so that <c>status --watch</c> can follow it.
/// </summary>
internal sealed record EmbeddedGateway(int ProcessId, int Port, string Cluster, string Service)
{
    public const string ServiceId = "quantgrid-embedded";
    private const string FileName = "embedded.json";

    public void Write(string stateDirectory) =>
        AtomicFile.Write(Path.Combine(stateDirectory, FileName), stream => JsonSerializer.Serialize(stream, this));

    /// <summary>The gateway of a live process; null when none was published or its process is gone.</summary>
    public static EmbeddedGateway? Read(string stateDirectory)
    {
        var path = Path.Combine(stateDirectory, FileName);
        try
        {
            var gateway = File.Exists(path) ? JsonSerializer.Deserialize<EmbeddedGateway>(File.ReadAllBytes(path)) : null;
            return gateway is not null && IsAlive(gateway.ProcessId) ? gateway : null;
        }
        catch (Exception ex) when (ex is IOException or JsonException)
        {
            return null;
        }
    }

    public static void Remove(string stateDirectory) => File.Delete(Path.Combine(stateDirectory, FileName));

    private static bool IsAlive(int processId)
    {
        try
        {
            using var process = Process.GetProcessById(processId);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}
