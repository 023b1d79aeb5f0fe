namespace QuantGrid.Grains.Workers;

/// <summary>What a silo offers for experiments: its role (cpu or gpu), worker slots and GPUs; the work queue matches work to it.</summary>
public sealed record SiloCapabilities(string Role, int Slots, int Gpus)
{
    public const string Cpu = "cpu";
    public const string Gpu = "gpu";

    public bool IsGpu => Role == Gpu;
}
