using Microsoft.Extensions.Options;
using Orleans.Concurrency;
using QuantGrid.Contracts;
using QuantGrid.Grains.Placement;
using QuantGrid.Grains.State;
using QuantGrid.Grains.Workers;

namespace QuantGrid.Grains;

/// <summary>
/// A float baseline: trained once on this silo's worker pool, stored in the artifact store (content-hashed,
/// atomically written checkpoint), and handed to every experiment of that model and seed. Reentrant so
/// that concurrent callers wait on the same training.
/// </summary>
[GrainType("quantgrid.baseline")]
[CapabilityPlacement]
[Reentrant]
public sealed class BaselineGrain(
    [PersistentState("baseline", StorageNames.Default)] IPersistentState<BaselineState> state,
    WorkerPool pool,
    IExperimentExecutor executor,
    IOptions<WorkerOptions> options,
    QuantGridTelemetry telemetry) : Grain, IBaselineGrain
{
    private Task<BaselineInfo>? training;

    public async Task<BaselineInfo> EnsureTrainedAsync(BaselineSpec spec)
    {
        if (spec.Key != this.GetPrimaryKeyString())
        {
            throw new ArgumentException($"baseline {spec.Key} sent to grain {this.GetPrimaryKeyString()}");
        }

        if (training is null || training.IsFaulted || training.IsCanceled)
        {
            training = EnsureAsync(spec);
        }

        return await training;
    }

    private async Task<BaselineInfo> EnsureAsync(BaselineSpec spec)
    {
        var path = Path.GetFullPath(EngineExecutor.CheckpointPath(options.Value.ArtifactDirectory, spec));
        if (state.State.CheckpointPath == path && await Task.Run(() => executor.IsBaselineValid(spec, path)))
        {
            telemetry.Baseline(trained: false);
            return Info(spec);
        }

        DelayDeactivation(options.Value.ExperimentTimeout);
        var progress = new Engine.SyncProgress<ExperimentUpdate>(update => telemetry.Throughput(spec.Model, update.Phase, update.ImagesPerSecond ?? 0));
        await pool.RunAsync(
            token =>
            {
                executor.TrainBaseline(spec, path, progress, token);
                return true;
            },
            CancellationToken.None);
        state.State.CheckpointPath = path;
        state.State.Trainings++;
        state.State.Silo = RuntimeIdentity;
        await state.WriteStateAsync();
        telemetry.Baseline(trained: true);
        return Info(spec);
    }

    private BaselineInfo Info(BaselineSpec spec) => new(spec.Key, state.State.CheckpointPath!, state.State.Trainings, state.State.Silo ?? RuntimeIdentity);
}
