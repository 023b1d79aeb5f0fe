using QuantGrid.Engine.Training;

namespace QuantGrid.Engine.Tests.Training;

public sealed class LearningRatesTests
{
    [Theory]
    [InlineData(LearningRateSchedule.OneCycle)]
    [InlineData(LearningRateSchedule.Cosine)]
    [InlineData(LearningRateSchedule.Constant)]
    public void Every_step_of_every_run_length_has_a_finite_rate_within_the_peak(LearningRateSchedule schedule)
    {
        for (var total = 1; total <= 40; total++)
        {
            for (var step = 0; step < total; step++)
            {
                Assert.InRange(LearningRates.At(schedule, step, total, 0.01), 0, 0.01);
            }
        }
    }

    [Fact]
    public void One_cycle_warms_up_to_the_peak_then_anneals()
    {
        var rates = Enumerable.Range(0, 100).Select(step => LearningRates.At(LearningRateSchedule.OneCycle, step, 100, 1.0)).ToList();

        Assert.Equal(0.04, rates[0], 6);
        Assert.Equal(1.0, rates.Max(), 6);
        Assert.Equal(25, rates.IndexOf(rates.Max()));
        Assert.True(rates[^1] < 0.001);
        Assert.True(rates.Skip(25).Zip(rates.Skip(26)).All(pair => pair.First >= pair.Second));
    }

    [Fact]
    public void Cosine_starts_at_the_peak_and_reaches_zero()
    {
        Assert.Equal(1.0, LearningRates.At(LearningRateSchedule.Cosine, 0, 10, 1.0), 9);
        Assert.Equal(0.5, LearningRates.At(LearningRateSchedule.Cosine, 5, 10, 1.0), 9);
        Assert.Equal(0.0, LearningRates.At(LearningRateSchedule.Cosine, 10, 10, 1.0), 9);
    }
}
