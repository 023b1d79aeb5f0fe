namespace QuantGrid.Engine.Search;

/// <summary>One weighted layer as a bit allocation sees it: its place, what it is, and how many weights and output channels it has.</summary>
/// <param name="Index">Position among the model's weighted layers (the bit map's order).</param>
/// <param name="Name">A short description, for example <c>conv 3x3 16→32</c> or <c>dense 1568→128</c>.</param>
public sealed record LayerProfile(int Index, string Name, long Weights, long OutChannels);
