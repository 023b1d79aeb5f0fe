namespace QuantGrid.Engine.Training;

/// <summary>The learning rate at each optimiser step, for every schedule; well defined for any number of steps ≥ 1.</summary>
public static class LearningRates
{
    /// <summary>Learning rate before step <paramref name="step"/> (0-based) of <paramref name="total"/>.</summary>
    public static double At(LearningRateSchedule schedule, int step, int total, double peak)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(total);
        var progress = Math.Clamp((double)step / total, 0, 1);
        switch (schedule)
        {
            case LearningRateSchedule.OneCycle:
                var warmup = Math.Max(1, (int)Math.Round(total * 0.25));
                if (step < warmup)
                {
                    return peak * (0.04 + (0.96 * step / warmup));
                }

                var annealing = Math.Max(1, total - warmup);
                return Cosine(peak, peak * 1e-4, (double)(step - warmup) / annealing);
            case LearningRateSchedule.Cosine:
                return Cosine(peak, 0, progress);
            default:
                return peak;
        }
    }

    private static double Cosine(double from, double to, double progress) => to + ((from - to) * 0.5 * (1 + Math.Cos(Math.PI * Math.Clamp(progress, 0, 1))));
}
