using QuantGrid.Engine.Training;

namespace QuantGrid.Engine.Tests.Training;

public sealed class OutputSqnrTests
{
    [Fact]
    public void Noise_a_tenth_of_the_signal_in_amplitude_is_twenty_decibels()
    {
        float[] reference = [1, -2, 3, -4];
        float[] output = [1.1f, -2.2f, 3.3f, -4.4f];

        Assert.Equal(20.0, OutputSqnr.Decibels(reference, output), 3);
    }

    [Fact]
    public void Identical_outputs_and_a_zero_reference_give_the_finite_limits()
    {
        float[] reference = [0.5f, -1.5f];

        Assert.Equal(OutputSqnr.LimitDecibels, OutputSqnr.Decibels(reference, reference));
        Assert.Equal(-OutputSqnr.LimitDecibels, OutputSqnr.Decibels([0, 0], reference));
    }

    [Fact]
    public void Outputs_of_another_shape_are_rejected()
    {
        Assert.Throws<ArgumentException>(() => OutputSqnr.Decibels([1, 2, 3], [1, 2]));
    }
}
