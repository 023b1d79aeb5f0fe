using System.Diagnostics;
using Orleans.Core.Internal;
using QuantGrid.Contracts;
using QuantGrid.Grains.Workers;

namespace QuantGrid.Grains.Tests;

public sealed class WorkQueueHandOverTests(HandOverClusterFixture fixture) : IClassFixture<HandOverClusterFixture>
{
    private IGrainFactory Grains => fixture.Cluster.Client;

    [Fact]
    public async Task A_queue_activation_that_is_deactivated_hands_its_leases_over_and_the_next_one_serves_work_at_once()
    {
        var pollWait = new WorkerOptions().PollWait;
        var running = new SweepSpec(["cnn"], [ExperimentMethod.Ptq], [8], [600], new ExperimentSettings(TestLimit: 600));
        var runningSweep = Grains.GetGrain<ISweepGrain>(running.Id);
        await runningSweep.StartAsync(running);
        var runningId = running.Expand().Single().Id;
        while (!fixture.Executor.Runs.ContainsKey(runningId))
        {
            await Task.Delay(10, TestContext.Current.CancellationToken);
        }

        await Grains.GetGrain<IWorkQueueGrain>(IWorkQueueGrain.Default).AsReference<IGrainManagementExtension>().DeactivateOnIdle();
        var clock = Stopwatch.StartNew();
        var quick = new SweepSpec(["cnn"], [ExperimentMethod.Ptq, ExperimentMethod.Qat], [4, 8], [1], new ExperimentSettings(TestLimit: 601));
        var quickSweep = Grains.GetGrain<ISweepGrain>(quick.Id);
        await quickSweep.StartAsync(quick);
        var quickResults = await FaultHandlingTests.WaitAsync(quickSweep, quick);
        var quickTook = clock.Elapsed;
        var runningResult = (await FaultHandlingTests.WaitAsync(runningSweep, running)).Single();

        Assert.All(quickResults, r => Assert.Equal((ExperimentStatus.Succeeded, 1), (r.Status, r.Attempts)));
        Assert.True(quickTook < pollWait / 2, $"work queued after the hand-over waited {quickTook} (a recovering queue makes a lease request wait up to {pollWait})");
        Assert.Equal((ExperimentStatus.Succeeded, 1), (runningResult.Status, runningResult.Attempts));
        Assert.Equal(1, fixture.Executor.Runs[runningId]);
    }
}
