namespace QuantGrid.Engine.Data;

/// <summary>Images of an IDX file: <see cref="Count"/> × <see cref="Rows"/> × <see cref="Columns"/> unsigned bytes, row-major.</summary>
public sealed record IdxImages(int Count, int Rows, int Columns, ReadOnlyMemory<byte> Pixels);
