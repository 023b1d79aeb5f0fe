using QuantGrid.Engine.Experiments;
using QuantGrid.Engine.Training;
using Spectre.Console;

namespace QuantGrid.Client;

/// <summary>Shows one experiment's progress: a live bar on a terminal, else a line per phase and epoch on stderr.</summary>
internal static class ExperimentProgressView
{
    public static T Run<T>(CliConsole console, bool show, string title, Func<IProgress<ExperimentProgress>, T> work)
    {
        if (!show)
        {
            return work(new Lines(null));
        }

        if (console.Live is null)
        {
            return work(new Lines(console.Error));
        }

        return console.Live.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .Start(context => work(new Bar(context.AddTask(Markup.Escape(title), maxValue: 1), title)));
    }

    /// <summary>Adapts plain training progress (the <c>train</c> command) to the experiment view.</summary>
    public static IProgress<TrainingProgress> ForTraining(IProgress<ExperimentProgress> progress) =>
        new Engine.SyncProgress<TrainingProgress>(p => progress.Report(new ExperimentProgress(ExperimentPhase.TrainingFloat, p.Epoch, p.Epochs, p.Batch, p.Batches, p.Loss, p.ImagesPerSecond)));

    private static string EpochUnit(ExperimentProgress value) => value.Phase == ExperimentPhase.Rounding ? "layer" : "epoch";

    private sealed class Bar(ProgressTask task, string title) : IProgress<ExperimentProgress>
    {
        public void Report(ExperimentProgress value)
        {
            if (value.Batches > 0)
            {
                task.MaxValue = value.Epochs * value.Batches;
                task.Value = ((value.Epoch - 1) * value.Batches) + value.Batch;
            }

            var detail = value.Batches > 0 ? $" {EpochUnit(value)} {value.Epoch}/{value.Epochs} loss {value.Loss:F3} {value.ImagesPerSecond:N0} img/s" : "";
            task.Description = Markup.Escape($"{title} {value.Phase}{detail}");
        }
    }

    private sealed class Lines(TextWriter? writer) : IProgress<ExperimentProgress>
    {
        private ExperimentPhase? last;

        public void Report(ExperimentProgress value)
        {
            if (writer is null)
            {
                return;
            }

            if (value.Batches > 0 && value.Batch == value.Batches)
            {
                writer.WriteLine($"{value.Phase}: {EpochUnit(value)} {value.Epoch}/{value.Epochs}, loss {value.Loss:F4}, {value.ImagesPerSecond:N0} images/s");
            }
            else if (value.Phase != last && value.Batches == 0)
            {
                writer.WriteLine($"{value.Phase}...");
            }

            last = value.Phase;
        }
    }
}
