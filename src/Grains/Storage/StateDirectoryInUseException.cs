namespace QuantGrid.Grains.Storage;

/// <summary>A grain-state directory is locked by another process.</summary>
public sealed class StateDirectoryInUseException(string message, Exception inner) : IOException(message, inner);
