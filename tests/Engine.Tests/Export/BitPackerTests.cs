using QuantGrid.Engine.Export;

namespace QuantGrid.Engine.Tests.Export;

public sealed class BitPackerTests
{
    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    [InlineData(8)]
    public void Round_trip_restores_every_value_in_the_minimum_bytes(int bits)
    {
        var random = new Random(bits);
        var values = Enumerable.Range(0, 1001).Select(_ => random.Next(1 << bits)).ToArray();

        var packed = BitPacker.Pack(values, bits);

        Assert.Equal(((1001 * bits) + 7) / 8, packed.Length);
        Assert.Equal(values, BitPacker.Unpack(packed, values.Length, bits));
    }

    [Fact]
    public void Two_bit_values_fill_a_byte_least_significant_first()
    {
        Assert.Equal(new byte[] { 0b11_10_01_00 }, BitPacker.Pack([0, 1, 2, 3], 2));
    }

    [Fact]
    public void Values_that_do_not_fit_and_short_buffers_are_rejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => BitPacker.Pack([4], 2));
        Assert.Throws<InvalidDataException>(() => BitPacker.Unpack([0], 5, 2));
    }
}
