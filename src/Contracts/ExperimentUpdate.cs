namespace QuantGrid.Contracts;

/// <summary>A progress update of running work (an experiment, or a baseline training: id <c>baseline-…</c>), pushed to sweep observers.</summary>
/// <param name="Batch">Batch within the epoch (0 when not training).</param>
[GenerateSerializer, Immutable, Alias("QuantGrid.ExperimentUpdate")]
public sealed record ExperimentUpdate(
    [property: Id(0)] string ExperimentId,
    [property: Id(1)] string Silo,
    [property: Id(2)] string Phase,
    [property: Id(3)] int Epoch,
    [property: Id(4)] int Epochs,
    [property: Id(5)] double? ImagesPerSecond,
    [property: Id(6)] int Batch = 0,
    [property: Id(7)] int Batches = 0,
    [property: Id(9)] DateTimeOffset? StartedUtc = null)
{
    /// <summary>The last update of a baseline training: the float model is trained (or was already).</summary>
    public const string Trained = "Trained";

    /// <summary>The phase of QAT's fine-tuning epochs.</summary>
    public const string FineTuning = "FineTuning";

    /// <summary>The phase of PTQ that learns its weights' rounding (AdaRound): <see cref="Epoch"/> is the layer, <see cref="Batch"/> the step.</summary>
    public const string Rounding = "Rounding";

    /// <summary>What the phase counts in place of epochs and batches: layers and steps while learning the rounding.</summary>
    public (string Epoch, string Batch) Units => Phase == Rounding ? ("layer", "step") : ("epoch", "batch");

    /// <summary>Fraction of the current phase done (epochs and batches), 0..1.</summary>
    public double Fraction => Epochs > 0 ? Math.Clamp((Math.Max(0, Epoch - 1) + (Batches > 0 ? (double)Batch / Batches : 0)) / Epochs, 0, 1) : 0;
}
