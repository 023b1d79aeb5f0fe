using System.Globalization;
using QuantGrid.Contracts;

namespace QuantGrid.Client.Sweeps;

/// <summary>
/// The sweep as plain timestamped lines, flushed one by one (for a log file, a CI job, <c>nohup</c> or a Kubernetes
/// Job): each piece of work's start and result, each training epoch, and a heartbeat with every running piece's
/// phase, progress, speed and ETA, and the sweep's ETA, at least every <paramref name="heartbeat"/>.
/// </summary>
internal sealed class LogSweepView(TextWriter writer, TimeSpan heartbeat, Func<DateTimeOffset> clock) : ISweepView
{
    private readonly HashSet<string> finished = [];
    private readonly Dictionary<string, ExperimentUpdate> running = [];
    private SweepStatus? status;
    private DateTimeOffset lastHeartbeat = clock();
    private bool announced;

    public void Status(SweepStatus value)
    {
        status = value;
        if (!announced)
        {
            announced = true;
            Line($"sweep {value.SweepId}: {value.Total} experiments, {value.Done} done, {value.Pending} waiting, {value.Running} running; ETA {Eta.Format(value.EtaSeconds)}");
        }
    }

    public void Result(ExperimentResult result, bool replay)
    {
        running.Remove(result.ExperimentId);
        if (!finished.Add(result.ExperimentId) || replay)
        {
            return;
        }

        var outcome = result.Status != ExperimentStatus.Succeeded ? $"FAILED: {result.Error}"
            : result.Accuracy is null ? string.Create(CultureInfo.InvariantCulture, $"validation {result.ValidationAccuracy * 100:F2} % (float {result.FloatValidationAccuracy * 100:F2} %)")
            : string.Create(CultureInfo.InvariantCulture, $"{result.Accuracy * 100:F2} % (float {result.FloatAccuracy * 100:F2} %), {result.ModelBytes:N0} bytes");
        Line(string.Create(CultureInfo.InvariantCulture, $"done [{finished.Count}/{status?.Total ?? 0}] {result.ExperimentId}: {outcome} on {result.Silo} in {result.DurationSeconds:F1} s"));
    }

    public void Update(ExperimentUpdate update)
    {
        if (finished.Contains(update.ExperimentId))
        {
            return;
        }

        if (update.Phase == ExperimentUpdate.Trained)
        {
            if (running.Remove(update.ExperimentId, out var training) && training.StartedUtc is { } started)
            {
                Line(string.Create(CultureInfo.InvariantCulture, $"{Name(update.ExperimentId)}: done in {Eta.Format((clock() - started).TotalSeconds)}"));
            }

            return;
        }

        if (!running.TryGetValue(update.ExperimentId, out var previous))
        {
            Line($"start {Name(update.ExperimentId)} on {update.Silo}");
        }
        else if (update.Epochs > 0 && update.Epoch > previous.Epoch && previous.Epoch > 0 && previous.Phase == update.Phase && update.Phase != ExperimentUpdate.Rounding)
        {
            var speed = previous.ImagesPerSecond is { } s ? string.Create(CultureInfo.InvariantCulture, $", {s:N0} img/s") : "";
            Line($"{Name(update.ExperimentId)}: {Phase(previous.Phase)} epoch {previous.Epoch}/{previous.Epochs} done{speed}");
        }

        running[update.ExperimentId] = update;
    }

    public void Tick(DateTimeOffset now)
    {
        if (now - lastHeartbeat < heartbeat || status is null || status.IsComplete)
        {
            return;
        }

        lastHeartbeat = now;
        var pieces = running.Values.Select(u => $"; {Name(u.ExperimentId)} [{u.Silo}] {Eta.Describe(u, now)}");
        Line($"heartbeat: {status.Done}/{status.Total} done ({status.Failed} failed), {status.Running} running, {status.Pending} waiting, sweep ETA {Eta.Format(status.EtaSeconds)}{string.Concat(pieces)}");
    }

    private static string Name(string id) => id.StartsWith("baseline-", StringComparison.Ordinal) ? $"float training {id["baseline-".Length..]}" : id;

    private static string Phase(string phase) => phase == "TrainingFloat" ? "float training" : phase == ExperimentUpdate.FineTuning ? "QAT" : phase;

    private void Line(string text)
    {
        writer.WriteLine($"{clock().UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)} {text}");
        writer.Flush();
    }
}
