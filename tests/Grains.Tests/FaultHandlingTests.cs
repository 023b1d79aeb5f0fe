using Microsoft.Extensions.DependencyInjection;
using QuantGrid.Contracts;
using QuantGrid.Grains.Workers;

namespace QuantGrid.Grains.Tests;

public sealed class FaultHandlingTests(FaultClusterFixture fixture) : IClassFixture<FaultClusterFixture>
{
    [Fact]
    public async Task Transient_faults_are_retried_within_the_cap_and_then_succeed()
    {
        var result = await RunAsync(100);

        Assert.Equal(ExperimentStatus.Succeeded, result.Status);
        Assert.Equal(3, result.Attempts);
        Assert.Equal(3, fixture.Executor.Runs[result.ExperimentId]);
    }

    [Fact]
    public async Task Permanent_faults_fail_at_once_with_their_reason()
    {
        var result = await RunAsync(200);

        Assert.Equal(ExperimentStatus.Failed, result.Status);
        Assert.Equal(1, result.Attempts);
        Assert.Contains("scripted permanent fault", result.Error, StringComparison.Ordinal);
        Assert.Null(result.Accuracy);
    }

    [Fact]
    public async Task A_hung_experiment_times_out_and_is_retried()
    {
        var result = await RunAsync(300);

        Assert.Equal(ExperimentStatus.Succeeded, result.Status);
        Assert.Equal(2, result.Attempts);
    }

    [Fact]
    public async Task An_experiment_that_always_hangs_fails_after_the_attempt_cap_and_the_sweep_goes_on()
    {
        var spec = new SweepSpec(["cnn"], [ExperimentMethod.Ptq], [4, 8], [400], new ExperimentSettings(TestLimit: 400));
        var sweep = fixture.Cluster.Client.GetGrain<ISweepGrain>(spec.Id);

        await sweep.StartAsync(spec);
        var results = await WaitAsync(sweep, spec);

        Assert.Equal(2, results.Count);
        Assert.All(results, r => Assert.Equal(ExperimentStatus.Failed, r.Status));
        Assert.All(results, r => Assert.Contains("timed out", r.Error, StringComparison.Ordinal));
        Assert.All(results, r => Assert.Equal(3, r.Attempts));
    }

    [Fact]
    public async Task Time_spent_waiting_for_a_slot_does_not_count_towards_the_timeout()
    {
        var spec = new SweepSpec(["cnn"], [ExperimentMethod.Ptq, ExperimentMethod.Qat], [2, 4, 6, 8], [500], new ExperimentSettings(TestLimit: 500));
        var sweep = fixture.Cluster.Client.GetGrain<ISweepGrain>(spec.Id);

        await sweep.StartAsync(spec);
        var results = await WaitAsync(sweep, spec);

        Assert.Equal(8, results.Count);
        Assert.All(results, r => Assert.Equal((ExperimentStatus.Succeeded, 1), (r.Status, r.Attempts)));
    }

    [Fact]
    public async Task A_failed_experiment_does_not_stop_the_others()
    {
        var spec = new SweepSpec(["cnn"], [ExperimentMethod.Ptq, ExperimentMethod.Qat], [8], [200, 1], new ExperimentSettings(TestLimit: 500));
        var sweep = fixture.Cluster.Client.GetGrain<ISweepGrain>(spec.Id);

        await sweep.StartAsync(spec);
        var results = await WaitAsync(sweep, spec);

        Assert.Equal(2, results.Count(r => r.Status == ExperimentStatus.Failed));
        Assert.Equal(2, results.Count(r => r.Status == ExperimentStatus.Succeeded));
    }

    [Fact]
    public async Task A_float_model_that_cannot_be_set_up_fails_its_experiments_with_the_reason()
    {
        var spec = new SweepSpec(["cnn"], [ExperimentMethod.Ptq, ExperimentMethod.Qat], [4], [0], new ExperimentSettings(TestLimit: 900, Recipe: "no-such-recipe"));
        var sweep = fixture.Cluster.Client.GetGrain<ISweepGrain>(spec.Id);

        await sweep.StartAsync(spec);
        var results = await WaitAsync(sweep, spec);

        Assert.Equal(2, results.Count);
        Assert.All(results, r => Assert.Equal((ExperimentStatus.Failed, 1), (r.Status, r.Attempts)));
        Assert.All(results, r => Assert.Contains("unknown training recipe 'no-such-recipe'", r.Error, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Short_work_is_leased_ahead_into_the_pool_and_work_of_a_second_or_more_is_not()
    {
        var pool = fixture.Cluster.Silos[0].ServiceProvider.GetRequiredService<WorkerPool>();
        var shortWork = new SweepSpec(["cnn"], [ExperimentMethod.Ptq, ExperimentMethod.Qat], [2, 3, 4, 5, 6, 7, 8], [11, 12, 13, 14, 15, 16], new ExperimentSettings(TestLimit: 700));
        var longWork = new SweepSpec(["cnn"], [ExperimentMethod.Ptq, ExperimentMethod.Qat], [2, 4, 6, 8], [500], new ExperimentSettings(TestLimit: 701));

        var aheadOfShortWork = await MostQueuedAsync(shortWork, afterResults: 0);
        var aheadOfLongWork = await MostQueuedAsync(longWork, afterResults: pool.Total);

        Assert.InRange(aheadOfShortWork, 1, 2 * pool.Total);
        Assert.Equal(0, aheadOfLongWork);

        // The most experiments waiting in the pool (leased ahead) while the sweep runs, once it has this many results.
        async Task<int> MostQueuedAsync(SweepSpec spec, int afterResults)
        {
            var sweep = fixture.Cluster.Client.GetGrain<ISweepGrain>(spec.Id);
            await sweep.StartAsync(spec);
            var finished = WaitAsync(sweep, spec);
            while (!finished.IsCompleted && (await sweep.GetStatusAsync()).Succeeded < afterResults)
            {
                await Task.Delay(1, TestContext.Current.CancellationToken);
            }

            await Task.Delay(afterResults > 0 ? 100 : 0, TestContext.Current.CancellationToken);
            var most = 0;
            while (!finished.IsCompleted)
            {
                most = Math.Max(most, pool.Queued);
                await Task.Delay(1, TestContext.Current.CancellationToken);
            }

            Assert.All(await finished, r => Assert.Equal((ExperimentStatus.Succeeded, 1), (r.Status, r.Attempts)));
            return most;
        }
    }

    private async Task<ExperimentResult> RunAsync(int seed)
    {
        var spec = new SweepSpec(["cnn"], [ExperimentMethod.Ptq], [8], [seed], new ExperimentSettings(TestLimit: seed));
        var sweep = fixture.Cluster.Client.GetGrain<ISweepGrain>(spec.Id);
        await sweep.StartAsync(spec);
        return (await WaitAsync(sweep, spec)).Single();
    }

    internal static async Task<IReadOnlyList<ExperimentResult>> WaitAsync(ISweepGrain sweep, SweepSpec spec)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            var results = await sweep.GetResultsAsync();
            if (results.Length == spec.Expand().Count)
            {
                return results;
            }

            await Task.Delay(100, TestContext.Current.CancellationToken);
        }

        throw new TimeoutException($"sweep {spec.Id} did not finish: {await sweep.GetStatusAsync()}");
    }
}
