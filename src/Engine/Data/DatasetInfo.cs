namespace QuantGrid.Engine.Data;

/// <summary>A supported data set: its command-line name, normalisation constants and class names.</summary>
public sealed record DatasetInfo(string Name, double Mean, double Std, IReadOnlyList<string> ClassNames)
{
    /// <summary>Fashion-MNIST (Zalando): 60k train / 10k test grey 28×28 images of 10 clothing classes.</summary>
    public static DatasetInfo FashionMnist { get; } = new(
        "fashion-mnist",
        0.2860,
        0.3530,
        ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"]);

    /// <summary>MNIST handwritten digits.</summary>
    public static DatasetInfo Mnist { get; } = new("mnist", 0.1307, 0.3081, ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9"]);

    /// <summary>All supported data sets.</summary>
    public static IReadOnlyList<DatasetInfo> All { get; } = [FashionMnist, Mnist];

    /// <summary>The side of every image the models take (28×28 grey).</summary>
    public const int ImageSide = 28;

    /// <summary>Number of classes.</summary>
    public int ClassCount => ClassNames.Count;

    /// <summary>Finds a data set by name (case-insensitive).</summary>
    /// <exception cref="ArgumentException">The name is unknown.</exception>
    public static DatasetInfo Parse(string name) =>
        All.FirstOrDefault(d => string.Equals(d.Name, name, StringComparison.OrdinalIgnoreCase))
        ?? throw new ArgumentException($"unknown dataset '{name}' (known: {string.Join(", ", All.Select(d => d.Name))})", nameof(name));
}
