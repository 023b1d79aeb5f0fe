namespace QuantGrid.Engine.Export;

/// <summary>Packs unsigned integers of 1..8 bits into bytes, least significant bits first, with no padding between values.</summary>
public static class BitPacker
{
    public static int PackedLength(long count, int bits) => checked((int)(((count * bits) + 7) / 8));

    public static byte[] Pack(ReadOnlySpan<int> values, int bits)
    {
        ValidateBits(bits);
        var packed = new byte[PackedLength(values.Length, bits)];
        var limit = 1 << bits;
        long bit = 0;
        foreach (var value in values)
        {
            if ((uint)value >= limit)
            {
                throw new ArgumentOutOfRangeException(nameof(values), value, $"value does not fit in {bits} bits");
            }

            for (var b = 0; b < bits; b++, bit++)
            {
                if (((value >> b) & 1) != 0)
                {
                    packed[bit >> 3] |= (byte)(1 << (int)(bit & 7));
                }
            }
        }

        return packed;
    }

    public static int[] Unpack(ReadOnlySpan<byte> packed, int count, int bits)
    {
        ValidateBits(bits);
        if (packed.Length < PackedLength(count, bits))
        {
            throw new InvalidDataException($"{packed.Length} bytes cannot hold {count} values of {bits} bits");
        }

        var values = new int[count];
        long bit = 0;
        for (var i = 0; i < count; i++)
        {
            var value = 0;
            for (var b = 0; b < bits; b++, bit++)
            {
                value |= ((packed[(int)(bit >> 3)] >> (int)(bit & 7)) & 1) << b;
            }

            values[i] = value;
        }

        return values;
    }

    private static void ValidateBits(int bits) => ArgumentOutOfRangeException.ThrowIfGreaterThan((uint)bits - 1, 7u, nameof(bits));
}
