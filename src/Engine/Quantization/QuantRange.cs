namespace QuantGrid.Engine.Quantization;

/// <summary>The integer grid of a quantizer: [<see cref="Min"/>, <see cref="Max"/>] at <see cref="Bits"/> bits.</summary>
public readonly record struct QuantRange(int Bits, int Min, int Max)
{
    /// <summary>Supported bit widths.</summary>
    public const int MinBits = 2;

    public const int MaxBits = 8;

    /// <summary>Symmetric, narrow range (zero is exact, ±(2^(b-1)−1)): weights. At 2 bits this is ternary {−1, 0, 1}.</summary>
    public static QuantRange Symmetric(int bits)
    {
        Validate(bits);
        var max = (1 << (bits - 1)) - 1;
        return new QuantRange(bits, -max, max);
    }

    /// <summary>Unsigned [0, 2^b − 1] with a zero point: activations.</summary>
    public static QuantRange Asymmetric(int bits)
    {
        Validate(bits);
        return new QuantRange(bits, 0, (1 << bits) - 1);
    }

    /// <summary>Number of levels.</summary>
    public int Levels => Max - Min + 1;

    /// <exception cref="ArgumentOutOfRangeException">Outside 2..8.</exception>
    public static void Validate(int bits)
    {
        if (bits is < MinBits or > MaxBits)
        {
            throw new ArgumentOutOfRangeException(nameof(bits), bits, $"bit width must be between {MinBits} and {MaxBits}, got {bits}");
        }
    }
}
