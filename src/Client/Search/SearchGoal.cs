using System.Globalization;

namespace QuantGrid.Client.Search;

/// <summary>What a search asks for: the smallest model within <see cref="TargetDrop"/> points of float, or the most accurate one under a size budget.</summary>
internal sealed record SearchGoal(double? TargetDrop, long? BudgetBytes, double? BudgetRatio)
{
    public bool IsBudget => BudgetBytes is not null || BudgetRatio is not null;

    /// <summary>The size budget in bytes given the float model's size (null for a drop target).</summary>
    public long? Budget(long floatBytes) => BudgetBytes ?? (BudgetRatio is { } r ? (long)Math.Floor(r * floatBytes) : null);

    public string Canonical => IsBudget
        ? BudgetBytes is { } b ? $"budget-bytes={b.ToString(CultureInfo.InvariantCulture)}" : $"budget-ratio={BudgetRatio!.Value.ToString("R", CultureInfo.InvariantCulture)}"
        : $"target-drop={TargetDrop!.Value.ToString("R", CultureInfo.InvariantCulture)}";

    public override string ToString() => IsBudget
        ? BudgetBytes is { } b ? $"the most accurate model of at most {b:N0} bytes" : $"the most accurate model of at most {BudgetRatio!.Value * 100:0.##} % of the float size"
        : $"the smallest model within {TargetDrop!.Value:0.##} point{(TargetDrop == 1 ? "" : "s")} of float";
}
