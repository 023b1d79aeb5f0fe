using TorchSharp.Modules;
using static TorchSharp.torch;

namespace QuantGrid.Engine.Benchmarks;

/// <summary>Counts the multiply-accumulate work of a forward pass (convolutions and linear layers) by observing output shapes.</summary>
public static class FlopCounter
{
    /// <summary>Forward FLOPs (2 per multiply-accumulate) for one image of <paramref name="imageShape"/>.</summary>
    public static double ForwardFlopsPerImage(nn.Module<Tensor, Tensor> model, long[] imageShape)
    {
        double flops = 0;
        var removers = new List<Action>();
        foreach (var (_, module) in model.named_modules())
        {
            switch (module)
            {
                case Conv2d conv:
                    var convHook = conv.register_forward_hook((m, input, output) =>
                    {
                        var c = (Conv2d)m;
                        var weight = c.weight!;
                        flops += 2.0 * output.shape[1] * output.shape[2] * output.shape[3] * weight.shape[1] * weight.shape[2] * weight.shape[3];
                        return output;
                    });
                    removers.Add(convHook.remove);
                    break;
                case Linear linear:
                    var linearHook = linear.register_forward_hook((m, input, output) =>
                    {
                        var weight = ((Linear)m).weight!;
                        flops += 2.0 * weight.shape[0] * weight.shape[1];
                        return output;
                    });
                    removers.Add(linearHook.remove);
                    break;
                default:
                    break;
            }
        }

        try
        {
            using var scope = NewDisposeScope();
            using var noGrad = no_grad();
            var wasTraining = model.training;
            model.eval();
            _ = model.forward(zeros([1, .. imageShape]));
            model.train(wasTraining);
        }
        finally
        {
            removers.ForEach(remove => remove());
        }

        return flops;
    }
}
