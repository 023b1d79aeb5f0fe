using QuantGrid.Contracts;
using QuantGrid.Engine.Benchmarks;
using QuantGrid.Engine.Data;

namespace QuantGrid.Client.Sweeps;

/// <summary>Each model's training images/s on this machine, timed over a few steps, for a sweep's dry-run estimate.</summary>
internal sealed record MeasuredSpeeds(int Threads, IReadOnlyDictionary<string, double> ImagesPerSecond)
{
    /// <exception cref="ArgumentException">A cluster is named: its workers, not this machine, would run the sweep.</exception>
    public static MeasuredSpeeds Of(SweepSpec spec, DatasetInfo dataset, string? cluster, int threads, string device)
    {
        if (cluster is not null)
        {
            throw new ArgumentException("--measure times this machine; with --cluster the sweep runs on the cluster's workers");
        }

        var speeds = spec.Models.ToDictionary(m => m, m => SpeedProbe.TrainingImagesPerSecond(m, dataset, threads, device));
        return new MeasuredSpeeds(threads > 0 ? threads : TorchSharp.torch.get_num_threads(), speeds);
    }

    /// <summary><c>cnn 3,500, vgg16 180</c>.</summary>
    public string Describe() => string.Join(", ", ImagesPerSecond.Select(s => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{s.Key} {s.Value:N0}")));
}
