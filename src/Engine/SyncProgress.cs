namespace QuantGrid.Engine;

/// <summary>An <see cref="IProgress{T}"/> that calls its handler at once on the reporting thread (no synchronisation context, no reordering).</summary>
public sealed class SyncProgress<T>(Action<T> handler) : IProgress<T>
{
    public void Report(T value) => handler(value);
}
