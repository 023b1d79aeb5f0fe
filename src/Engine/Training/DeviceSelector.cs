using QuantGrid.Engine.Runtime;
using static TorchSharp.torch;

namespace QuantGrid.Engine.Training;

/// <summary>Turns a device name into a torch device.</summary>
public static class DeviceSelector
{
    /// <summary><c>auto</c> picks CUDA when libtorch has it, else the CPU; <c>cuda</c> without CUDA is an error.</summary>
    public static Device Resolve(string name)
    {
        TorchRuntime.EnsureInitialized();
        var normalized = name.Trim().ToLowerInvariant();
        if (normalized == "auto")
        {
            return cuda.is_available() ? CUDA : CPU;
        }

        if (normalized == "cpu")
        {
            return CPU;
        }

        if (normalized.StartsWith("cuda", StringComparison.Ordinal))
        {
            return cuda.is_available()
                ? new Device(normalized)
                : throw new ArgumentException($"device '{name}' requested but this libtorch build has no CUDA (use --device cpu or auto)");
        }

        throw new ArgumentException($"unknown device '{name}' (use cpu, cuda, cuda:N or auto)");
    }
}
