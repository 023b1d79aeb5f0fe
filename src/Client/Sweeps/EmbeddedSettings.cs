namespace QuantGrid.Client.Sweeps;

/// <summary>Settings of the embedded silo.</summary>
/// <param name="MetricsPort">Serve Prometheus metrics on http://127.0.0.1:port/metrics; null serves none.</param>
/// <param name="Configuration">Further configuration keys for the silo (the benchmark's test-only workload).</param>
internal sealed record EmbeddedSettings(
    int Slots,
    int TorchThreads,
    string Device,
    string? DataDirectory,
    string Artifacts,
    int? MetricsPort = null,
    IReadOnlyDictionary<string, string?>? Configuration = null);
