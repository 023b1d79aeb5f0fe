using QuantGrid.Engine.Runtime;
using static TorchSharp.torch;

namespace QuantGrid.Engine.Tests.Runtime;

public sealed class TorchRuntimeTests
{
    [Fact]
    public void Convolution_runs_after_initialisation()
    {
        TorchRuntime.EnsureInitialized();
        using var scope = NewDisposeScope();
        var input = ones(1, 1, 5, 5);
        var kernel = ones(1, 1, 3, 3);

        var output = nn.functional.conv2d(input, kernel, padding: [1, 1]);

        Assert.Equal(new long[] { 1, 1, 5, 5 }, output.shape);
        Assert.Equal(9f, output[0, 0, 2, 2].item<float>());
        Assert.Equal(4f, output[0, 0, 0, 0].item<float>());
    }

    [Fact]
    public void Initialisation_is_idempotent_and_reports_what_it_did()
    {
        TorchRuntime.EnsureInitialized();
        TorchRuntime.EnsureInitialized();

        Assert.NotEqual("not initialized", TorchRuntime.Status);
    }
}
