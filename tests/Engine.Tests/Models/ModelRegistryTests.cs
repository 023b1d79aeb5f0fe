using QuantGrid.Engine.Models;
using static TorchSharp.torch;

namespace QuantGrid.Engine.Tests.Models;

public sealed class ModelRegistryTests
{
    [Theory]
    [InlineData("cnn", 20_490, 20_490)]
    [InlineData("mobilenet", 3_100_000, 3_300_000)]
    [InlineData("vgg16", 14_781_642, 14_781_642)]
    public void Parameter_counts_match_the_reference_architectures(string name, long min, long max)
    {
        using var model = ModelRegistry.Create(name, seed: 0);

        Assert.InRange(ModelRegistry.CountParameters(model), min, max);
    }

    [Theory]
    [InlineData("cnn")]
    [InlineData("mobilenet")]
    [InlineData("vgg16")]
    public void Every_model_maps_a_batch_of_fashion_images_to_ten_logits(string name)
    {
        using var model = ModelRegistry.Create(name, seed: 0);
        model.eval();
        using var scope = NewDisposeScope();

        var logits = model.forward(randn(3, 1, 28, 28));

        Assert.Equal(new long[] { 3, 10 }, logits.shape);
        Assert.True(logits.isfinite().all().item<bool>());
    }

    [Fact]
    public void Same_seed_builds_identical_weights_and_another_seed_does_not()
    {
        using var a = ModelRegistry.Create("cnn", seed: 7);
        using var b = ModelRegistry.Create("cnn", seed: 7);
        using var c = ModelRegistry.Create("cnn", seed: 8);

        Assert.True(a.parameters().Zip(b.parameters()).All(p => TensorAssert.Same(p.First, p.Second)));
        Assert.False(a.parameters().Zip(c.parameters()).All(p => TensorAssert.Same(p.First, p.Second)));
    }

    [Fact]
    public async Task Weights_do_not_depend_on_other_users_of_the_global_generator()
    {
        using var reference = ModelRegistry.Create("mobilenet", seed: 11);
        using var stop = new CancellationTokenSource();
        var noise = Task.Run(() =>
        {
            while (!stop.IsCancellationRequested)
            {
                using var scope = NewDisposeScope();
                random.manual_seed(99);
                _ = randn(64, 64);
            }
        });

        var rebuilt = Enumerable.Range(0, 3).Select(_ => ModelRegistry.Create("mobilenet", seed: 11)).ToList();
        stop.Cancel();
        await noise;

        foreach (var model in rebuilt)
        {
            Assert.True(reference.parameters().Zip(model.parameters()).All(p => TensorAssert.Same(p.First, p.Second)));
            model.Dispose();
        }
    }

    [Theory]
    [InlineData("all", new[] { "cnn", "mobilenet", "vgg16" })]
    [InlineData("vgg16, CNN", new[] { "vgg16", "cnn" })]
    public void Lists_parse_by_name(string text, string[] expected)
    {
        Assert.Equal(expected, ModelRegistry.ParseList(text).Select(m => m.Name));
    }

    [Theory]
    [InlineData("resnet", "unknown model 'resnet'")]
    [InlineData("cnn,cnn", "listed twice")]
    [InlineData("cnn,", "empty model name")]
    public void Bad_lists_are_rejected_with_a_reason(string text, string reason)
    {
        Assert.Contains(reason, Assert.Throws<ArgumentException>(() => ModelRegistry.ParseList(text)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Input_adapter_pads_to_32_and_repeats_the_channel()
    {
        using var adapter = new InputAdapter();
        using var scope = NewDisposeScope();
        var image = arange(28 * 28, dtype: float32).reshape(1, 1, 28, 28);

        var adapted = adapter.forward(image);

        Assert.Equal(new long[] { 1, 3, 32, 32 }, adapted.shape);
        TensorAssert.Equal(image[0, 0], adapted[0, 0, 2..30, 2..30]);
        TensorAssert.Equal(adapted[0, 0], adapted[0, 2]);
        Assert.Equal(image[0, 0, 0, 0].item<float>(), adapted[0, 1, 0, 0].item<float>());
    }
}
