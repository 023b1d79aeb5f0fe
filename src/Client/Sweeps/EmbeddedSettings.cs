namespace QuantGrid.Client.Sweeps;

/// <summary>Settings of the embedded silo.</summary>
/// <param name="MetricsPort">Serve Prometheus metrics on http://127.0.0.1:port/metrics; null serves none.</param>
internal sealed record EmbeddedSettings(int Slots, int TorchThreads, string Device, string? DataDirectory, string Artifacts, int? MetricsPort = null);
