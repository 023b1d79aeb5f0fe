namespace QuantGrid.Client.Sweeps;

/// <summary>Settings of the embedded silo.</summary>
internal sealed record EmbeddedSettings(int Slots, int TorchThreads, string Device, string? DataDirectory, string Artifacts);
