using QuantGrid.Engine.Runtime;
using QuantGrid.Engine.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace QuantGrid.Engine.Tests.Training;

public sealed class AugmentationTests
{
    private const int Count = 64;
    private const int Side = 8;

    public AugmentationTests() => TorchRuntime.EnsureInitialized();

    [Fact]
    public void Every_image_is_its_padded_original_shifted_by_at_most_the_padding_and_perhaps_mirrored()
    {
        using var images = arange(Count * 2 * Side * Side, dtype: float32).reshape(Count, 2, Side, Side);
        using var padded = nn.functional.pad(images, [Augmentation.Padding, Augmentation.Padding, Augmentation.Padding, Augmentation.Padding], PaddingModes.Replicate);

        using var augmented = new Augmentation(seed: 3, epoch: 1).Apply(images);

        Assert.Equal(images.shape, augmented.shape);
        var (shifted, mirrored) = (0, 0);
        for (var i = 0; i < Count; i++)
        {
            var match = Candidates(padded[i]).FirstOrDefault(c => Same(c.Image, augmented[i]));
            Assert.True(match.Image is not null, $"image {i} is no shift of at most {Augmentation.Padding} pixels of its original, mirrored or not");
            shifted += match.Shifted ? 1 : 0;
            mirrored += match.Mirrored ? 1 : 0;
        }

        Assert.InRange(mirrored, 1, Count - 1);
        Assert.InRange(shifted, 1, Count);
    }

    [Fact]
    public void The_same_seed_and_epoch_give_the_same_batch_and_another_epoch_another()
    {
        using var images = rand(Count, 1, Side, Side, generator: new Generator(7));

        using var first = new Augmentation(seed: 1, epoch: 2).Apply(images);
        using var again = new Augmentation(seed: 1, epoch: 2).Apply(images);
        using var otherEpoch = new Augmentation(seed: 1, epoch: 3).Apply(images);

        Assert.True(Same(first, again));
        Assert.False(Same(first, otherEpoch));
    }

    [Fact]
    public void Smoothed_loss_is_cross_entropy_against_the_smoothed_label_distribution()
    {
        using var logits = randn(16, 10, generator: new Generator(11));
        using var labels = randint(0, 10, [16], generator: new Generator(12));
        const double epsilon = 0.1;

        using var plain = Trainer.Loss(logits, labels, 0);
        using var smoothed = Trainer.Loss(logits, labels, epsilon);
        using var target = (nn.functional.one_hot(labels, 10).to(float32) * (1 - epsilon)) + (epsilon / 10);
        using var expected = -(target * nn.functional.log_softmax(logits, 1)).sum(1).mean();

        Assert.Equal(nn.functional.cross_entropy(logits, labels).item<float>(), plain.item<float>(), 5);
        Assert.Equal(expected.item<float>(), smoothed.item<float>(), 4);
        Assert.NotEqual(plain.item<float>(), smoothed.item<float>(), 3);
    }

    [Fact]
    public void Distilling_from_certain_teacher_probabilities_is_cross_entropy_against_those_labels()
    {
        using var logits = randn(16, 10, generator: new Generator(21));
        using var labels = randint(0, 10, [16], generator: new Generator(22));
        using var certain = nn.functional.one_hot(labels, 10).to(float32);
        using var uncertain = full(16, 10, 0.1f);

        using var distilled = Trainer.Distillation(logits, certain);
        using var uniform = Trainer.Distillation(logits, uncertain);

        Assert.Equal(nn.functional.cross_entropy(logits, labels).item<float>(), distilled.item<float>(), 4);
        Assert.Equal((-nn.functional.log_softmax(logits, 1).mean()).item<float>(), uniform.item<float>(), 4);
    }

    private static bool Same(Tensor a, Tensor b) => a.eq(b).all().item<bool>();

    private static IEnumerable<(Tensor Image, bool Shifted, bool Mirrored)> Candidates(Tensor padded)
    {
        for (var dy = 0; dy <= 2 * Augmentation.Padding; dy++)
        {
            for (var dx = 0; dx <= 2 * Augmentation.Padding; dx++)
            {
                var crop = padded.narrow(1, dy, Side).narrow(2, dx, Side);
                var shifted = dy != Augmentation.Padding || dx != Augmentation.Padding;
                yield return (crop, shifted, false);
                yield return (crop.flip(2), shifted, true);
            }
        }
    }
}
