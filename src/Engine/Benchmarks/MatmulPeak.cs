using System.Diagnostics;
using QuantGrid.Engine.Runtime;
using static TorchSharp.torch;

namespace QuantGrid.Engine.Benchmarks;

/// <summary>libtorch's fp32 matrix-multiply throughput on this machine: the peak that training is compared to.</summary>
public static class MatmulPeak
{
    /// <summary>GFLOP/s of repeated n×n by n×n products, timed for about <paramref name="seconds"/> after a warm-up.</summary>
    public static double MeasureGflops(int size = 1024, double seconds = 2.0)
    {
        TorchRuntime.EnsureInitialized();
        using var scope = NewDisposeScope();
        var a = randn(size, size);
        var b = randn(size, size);
        for (var i = 0; i < 3; i++)
        {
            Multiply(a, b);
        }

        var clock = Stopwatch.StartNew();
        long iterations = 0;
        while (clock.Elapsed.TotalSeconds < seconds)
        {
            Multiply(a, b);
            iterations++;
        }

        return 2.0 * size * size * size * iterations / clock.Elapsed.TotalSeconds / 1e9;
    }

    private static void Multiply(Tensor a, Tensor b)
    {
        using var product = matmul(a, b);
    }
}
