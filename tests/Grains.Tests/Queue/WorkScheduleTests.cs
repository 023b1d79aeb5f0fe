using QuantGrid.Contracts;
using QuantGrid.Grains.Queue;

namespace QuantGrid.Grains.Tests.Queue;

public sealed class WorkScheduleTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 29, 0, 0, 0, TimeSpan.Zero);
    private static readonly WorkerInfo Cpu = new("cpu-silo", false, 1);
    private static readonly WorkerInfo Gpu = new("gpu-silo", true, 1);
    private static readonly ExperimentSettings Settings = new();

    [Fact]
    public void Ready_experiments_go_before_baseline_trainings_and_cheap_work_before_expensive_work()
    {
        var schedule = Schedule();
        schedule.Enqueue("s", 0, Grid("s", ["vgg16", "cnn", "mobilenet"]), Start);

        var first = Lease(schedule, Cpu);
        Assert.Equal(("baseline", "cnn"), Describe(first));
        schedule.Complete(first.LeaseId, null, Start);

        var order = new List<(string Kind, string Model)>();
        while (schedule.TryLease(Cpu, gpuMember: false, Start) is { } lease)
        {
            order.Add(Describe(lease));
            schedule.Complete(lease.LeaseId, null, Start);
        }

        // The CNN's experiments (PTQ before QAT) come before any other baseline; then MobileNet's baseline and
        // experiments, and VGG16's (the most expensive baseline) last.
        Assert.Equal(
            [("ptq", "cnn"), ("qat", "cnn"), ("baseline", "mobilenet"), ("ptq", "mobilenet"), ("qat", "mobilenet"), ("baseline", "vgg16"), ("ptq", "vgg16"), ("qat", "vgg16")],
            order);
        Assert.Equal(0, schedule.Waiting);
    }

    [Fact]
    public void Gpu_workers_take_gpu_preferring_work_first_and_cpu_workers_take_it_only_without_a_gpu_member_or_after_the_wait()
    {
        var schedule = Schedule(gpuWait: TimeSpan.FromMinutes(5));
        schedule.Enqueue("s", 0, Grid("s", ["vgg16", "cnn"]), Start);

        var cpuLeases = Drain(schedule, Cpu, gpuMember: true, Start);
        Assert.Equal([("baseline", "cnn")], cpuLeases.Select(Describe));
        Assert.Equal(("baseline", "vgg16"), Describe(Lease(schedule, Gpu, gpuMember: true)));

        schedule.Complete(cpuLeases[0].LeaseId, null, Start);
        Assert.Equal(("ptq", "cnn"), Describe(Lease(schedule, Gpu, gpuMember: true)));

        var noGpu = Schedule();
        noGpu.Enqueue("s", 0, Grid("s", ["vgg16"]), Start);
        Assert.Equal(("baseline", "vgg16"), Describe(Lease(noGpu, Cpu, gpuMember: false)));

        var waited = Schedule(gpuWait: TimeSpan.FromMinutes(5));
        waited.Enqueue("s", 0, Grid("s", ["vgg16"]), Start);
        Assert.Null(waited.TryLease(Cpu, gpuMember: true, Start + TimeSpan.FromMinutes(4)));
        Assert.Equal(("baseline", "vgg16"), Describe(Lease(waited, Cpu, gpuMember: true, Start + TimeSpan.FromMinutes(6))));
    }

    [Fact]
    public void Sweeps_of_equal_priority_share_the_slots_round_robin_and_a_higher_priority_goes_first()
    {
        var schedule = Schedule();
        schedule.Enqueue("a", 0, Grid("a", ["cnn"], bits: [2, 3, 4, 5]), Start);
        schedule.Enqueue("b", 0, Grid("b", ["cnn"], bits: [2, 3, 4, 5], seed: 1), Start);

        var sweeps = Drain(schedule, Cpu, gpuMember: false, Start, complete: true).Select(l => l.Item.SweepId).ToList();
        Assert.Equal(["a", "b", "a", "b", "a", "b"], sweeps.Take(6));

        var priorities = Schedule();
        priorities.Enqueue("low", 0, Grid("low", ["cnn"], seed: 2), Start);
        priorities.Enqueue("high", 5, Grid("high", ["cnn"], seed: 3), Start);
        var order = Drain(priorities, Cpu, gpuMember: false, Start, complete: true).Select(l => l.Item.SweepId).ToList();
        Assert.Equal(order.Count(s => s == "high"), order.TakeWhile(s => s == "high").Count());
    }

    [Fact]
    public void An_expired_lease_puts_its_item_back_and_a_renewed_one_keeps_it()
    {
        var schedule = Schedule(lease: TimeSpan.FromSeconds(30));
        schedule.Enqueue("s", 0, Grid("s", ["cnn"]), Start);
        var kept = Lease(schedule, Cpu);
        var other = Schedule(lease: TimeSpan.FromSeconds(30));
        other.Enqueue("s", 0, Grid("s", ["cnn"]), Start);
        var lost = Lease(other, Cpu);

        Assert.True(schedule.Renew(kept, Cpu.Silo, adopt: false, Start + TimeSpan.FromSeconds(20)));
        Assert.Empty(schedule.Expire(Start + TimeSpan.FromSeconds(40)));
        Assert.Equal([lost.Item.Id], other.Expire(Start + TimeSpan.FromSeconds(40)).Select(i => i.Id));
        Assert.False(other.Renew(lost, Cpu.Silo, adopt: false, Start + TimeSpan.FromSeconds(41)));
        Assert.Equal(lost.Item.Id, Lease(other, Cpu, at: Start + TimeSpan.FromSeconds(41)).Item.Id);
    }

    [Fact]
    public void A_recovering_queue_adopts_the_leases_live_workers_renew_instead_of_handing_their_items_out_again()
    {
        var schedule = Schedule();
        var experiments = Grid("s", ["cnn"]);
        var running = new Lease("held", new WorkItem(experiments[0].Id, WorkKind.Experiment, "s", experiments[0], experiments[0].Baseline, false, 1), Start + TimeSpan.FromSeconds(30));
        schedule.Enqueue("s", 0, experiments, Start);

        Assert.True(schedule.Renew(running, Cpu.Silo, adopt: true, Start));

        Assert.Equal(1, schedule.Leased);
        Assert.DoesNotContain(Drain(schedule, Cpu, gpuMember: false, Start), l => l.Item.Id == running.Item.Id);
    }

    [Fact]
    public void A_released_item_waits_for_its_delay_and_a_failed_baseline_fails_its_experiments()
    {
        var schedule = Schedule();
        schedule.Enqueue("s", 0, Grid("s", ["cnn"]), Start);
        var baseline = Lease(schedule, Cpu);

        schedule.Release(baseline.LeaseId, TimeSpan.FromSeconds(10), Start);
        Assert.Null(schedule.TryLease(Cpu, gpuMember: false, Start + TimeSpan.FromSeconds(5)));
        var again = Lease(schedule, Cpu, at: Start + TimeSpan.FromSeconds(11));
        Assert.Equal(baseline.Item.Id, again.Item.Id);

        schedule.Complete(again.LeaseId, "diverged", Start);
        var experiments = Drain(schedule, Cpu, gpuMember: false, Start);
        Assert.Equal(2, experiments.Count);
        Assert.All(experiments, l => Assert.Equal("diverged", l.BaselineFailure));
    }

    [Fact]
    public void Queueing_a_sweep_again_adds_nothing_it_already_holds()
    {
        var schedule = Schedule();
        var experiments = Grid("s", ["cnn"], bits: [2, 4, 8]);

        Assert.Equal(6, schedule.Enqueue("s", 0, experiments, Start));
        var leased = Lease(schedule, Cpu);
        Assert.Equal(0, schedule.Enqueue("s", 0, experiments, Start));
        Assert.Equal((6, 1), (schedule.Waiting, schedule.Leased));
        Assert.Equal(WorkKind.Baseline, leased.Item.Kind);
    }

    private static WorkSchedule Schedule(TimeSpan? lease = null, TimeSpan? gpuWait = null) =>
        new(model => model == "vgg16", lease ?? TimeSpan.FromSeconds(30), gpuWait ?? TimeSpan.FromMinutes(10));

    private static Lease Lease(WorkSchedule schedule, WorkerInfo worker, bool gpuMember = false, DateTimeOffset? at = null) =>
        schedule.TryLease(worker, gpuMember, at ?? Start) ?? throw new InvalidOperationException("nothing to lease");

    private static List<Lease> Drain(WorkSchedule schedule, WorkerInfo worker, bool gpuMember, DateTimeOffset at, bool complete = false)
    {
        var leases = new List<Lease>();
        while (schedule.TryLease(worker, gpuMember, at) is { } lease)
        {
            leases.Add(lease);
            if (complete)
            {
                schedule.Complete(lease.LeaseId, null, at);
            }
        }

        return leases;
    }

    private static (string Kind, string Model) Describe(Lease lease) =>
        (lease.Item.Kind == WorkKind.Baseline ? "baseline" : lease.Item.Experiment!.Method.ToString().ToLowerInvariant(), lease.Item.Baseline.Model);

    private static List<ExperimentSpec> Grid(string sweep, string[] models, int[]? bits = null, int seed = 0) =>
        [.. new SweepSpec([.. models], [ExperimentMethod.Ptq, ExperimentMethod.Qat], [.. bits ?? [4]], [seed], Settings).Expand()];
}
