using QuantGrid.Client.Sweeps;
using QuantGrid.Contracts;

namespace QuantGrid.Client.Tests;

public sealed class LogSweepViewTests
{
    [Fact]
    public void Learning_the_rounding_shows_its_layer_and_step_in_the_heartbeat_and_logs_no_epoch_lines()
    {
        var now = new DateTimeOffset(2026, 11, 30, 8, 0, 0, TimeSpan.Zero);
        using var writer = new StringWriter();
        var view = new LogSweepView(writer, TimeSpan.FromMinutes(1), () => now);
        var started = now;
        view.Status(new SweepStatus("sweep-1", 1, 0, 0, 1, 0, 600));

        view.Update(new ExperimentUpdate("vgg16-ptq-w2a2", "silo", ExperimentUpdate.Rounding, 1, 4, 900, 500, 500, started));
        now = now.AddMinutes(5);
        view.Update(new ExperimentUpdate("vgg16-ptq-w2a2", "silo", ExperimentUpdate.Rounding, 2, 4, 900, 250, 500, started));
        view.Tick(now);

        var lines = writer.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.DoesNotContain(lines, l => l.Contains("epoch", StringComparison.Ordinal));
        var heartbeat = Assert.Single(lines, l => l.Contains(" heartbeat: ", StringComparison.Ordinal));
        Assert.Contains("vgg16-ptq-w2a2 [silo] Rounding layer 2/4 step 250/500, 900 img/s, ETA 8:20", heartbeat, StringComparison.Ordinal);
    }

    [Fact]
    public void A_training_phase_logs_each_finished_epoch()
    {
        var now = new DateTimeOffset(2026, 11, 30, 8, 0, 0, TimeSpan.Zero);
        using var writer = new StringWriter();
        var view = new LogSweepView(writer, TimeSpan.FromMinutes(1), () => now);
        view.Status(new SweepStatus("sweep-1", 1, 0, 0, 1, 0, 600));

        view.Update(new ExperimentUpdate("cnn-qat-w2a2", "silo", "FineTuning", 1, 2, 7000, 469, 469, now));
        view.Update(new ExperimentUpdate("cnn-qat-w2a2", "silo", "FineTuning", 2, 2, 7100, 1, 469, now));

        Assert.Contains("cnn-qat-w2a2: QAT epoch 1/2 done, 7,000 img/s", writer.ToString(), StringComparison.Ordinal);
    }
}
