using QuantGrid.Engine.Training;
using Spectre.Console;

namespace QuantGrid.Client;

/// <summary>Shows training progress: a live bar on an interactive terminal, else a line per epoch on stderr.</summary>
internal static class TrainingProgressView
{
    public static T Run<T>(CliConsole console, bool showLive, string title, Func<IProgress<TrainingProgress>, T> work)
    {
        if (!showLive)
        {
            return work(new EpochLines(null));
        }

        if (console.Live is null)
        {
            return work(new EpochLines(console.Error));
        }

        return console.Live.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn())
            .Start(context =>
            {
                var task = context.AddTask(title, maxValue: 1);
                return work(new BarProgress(task, title));
            });
    }

    private sealed class BarProgress(ProgressTask task, string title) : IProgress<TrainingProgress>
    {
        public void Report(TrainingProgress value)
        {
            task.MaxValue = value.Epochs * value.Batches;
            task.Value = ((value.Epoch - 1) * value.Batches) + value.Batch;
            task.Description = Markup.Escape($"{title} epoch {value.Epoch}/{value.Epochs} batch {value.Batch}/{value.Batches} loss {value.Loss:F3} {value.ImagesPerSecond:N0} img/s");
        }
    }

    private sealed class EpochLines(TextWriter? writer) : IProgress<TrainingProgress>
    {
        public void Report(TrainingProgress value)
        {
            if (writer is not null && value.Batch == value.Batches)
            {
                writer.WriteLine($"epoch {value.Epoch}/{value.Epochs}: loss {value.Loss:F4}, {value.ImagesPerSecond:N0} images/s");
            }
        }
    }
}
