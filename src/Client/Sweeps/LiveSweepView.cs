using QuantGrid.Contracts;
using Spectre.Console;

namespace QuantGrid.Client.Sweeps;

/// <summary>The sweep as live progress bars on a terminal: the whole sweep with its ETA, and one bar per running piece of work.</summary>
internal sealed class LiveSweepView(ProgressContext context, TextWriter error) : ISweepView
{
    private readonly ProgressTask overall = context.AddTask("sweep", maxValue: 1);
    private readonly Dictionary<string, (ProgressTask Task, ExperimentUpdate Update)> running = [];
    private readonly HashSet<string> finished = [];

    public void Status(SweepStatus status)
    {
        overall.MaxValue = Math.Max(1, status.Total);
        overall.Value = status.Done;
        overall.Description = Markup.Escape($"sweep: {status.Done}/{status.Total} done, {status.Failed} failed, {status.Running} running, {status.Pending} waiting, ETA {Eta.Format(status.EtaSeconds)}");
    }

    public void Result(ExperimentResult result, bool replay)
    {
        if (!finished.Add(result.ExperimentId))
        {
            return;
        }

        if (running.Remove(result.ExperimentId, out var entry))
        {
            entry.Task.Value = entry.Task.MaxValue;
            entry.Task.StopTask();
        }

        if (!replay && result.Status == ExperimentStatus.Failed)
        {
            error.WriteLine($"FAILED {result.ExperimentId}: {result.Error}");
        }
    }

    public void Update(ExperimentUpdate update)
    {
        if (finished.Contains(update.ExperimentId))
        {
            return;
        }

        if (update.Phase == ExperimentUpdate.Trained)
        {
            if (running.Remove(update.ExperimentId, out var trained))
            {
                trained.Task.Value = trained.Task.MaxValue;
                trained.Task.StopTask();
            }

            return;
        }

        var task = running.TryGetValue(update.ExperimentId, out var entry) ? entry.Task : context.AddTask(Markup.Escape(update.ExperimentId), maxValue: 1);
        running[update.ExperimentId] = (task, update);
        Show(task, update, DateTimeOffset.UtcNow);
    }

    public void Tick(DateTimeOffset now)
    {
        foreach (var (task, update) in running.Values)
        {
            Show(task, update, now);
        }
    }

    private static void Show(ProgressTask task, ExperimentUpdate update, DateTimeOffset now)
    {
        task.Description = Markup.Escape($"  {update.ExperimentId} [{update.Silo}] {Eta.Describe(update, now)}");
        task.IsIndeterminate = update.Epochs == 0;
        task.MaxValue = 1;
        task.Value = update.Fraction;
    }
}
