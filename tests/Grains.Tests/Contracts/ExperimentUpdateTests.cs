using QuantGrid.Contracts;
using QuantGrid.Engine.Experiments;

namespace QuantGrid.Grains.Tests.Contracts;

public sealed class ExperimentUpdateTests
{
    [Fact]
    public void The_phase_names_the_sweep_reads_are_the_names_the_engine_reports()
    {
        // Workers send the engine's phase by name; the sweep's ETA and the views compare against these constants.
        Assert.Equal(ExperimentUpdate.FineTuning, ExperimentPhase.FineTuning.ToString());
        Assert.Equal(ExperimentUpdate.Rounding, ExperimentPhase.Rounding.ToString());
    }

    [Fact]
    public void Learning_the_rounding_counts_layers_and_steps_and_training_counts_epochs_and_batches()
    {
        Assert.Equal(("layer", "step"), new ExperimentUpdate("e", "s", ExperimentUpdate.Rounding, 1, 2, null).Units);
        Assert.Equal(("epoch", "batch"), new ExperimentUpdate("e", "s", ExperimentUpdate.FineTuning, 1, 2, null).Units);
    }
}
