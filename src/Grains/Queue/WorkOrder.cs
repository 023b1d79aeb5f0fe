namespace QuantGrid.Grains.Queue;

/// <summary>
/// The one ordering policy of the work queue within a sweep: experiments whose baseline is trained come before
/// baseline trainings, and within each, cheap work before expensive work (the cost model's estimate); ties in
/// arrival order. Sorted ascending.
/// </summary>
internal readonly record struct WorkOrder(int Tier, double Cost, long Sequence, string Id) : IComparable<WorkOrder>
{
    public const int Ready = 0;
    public const int Training = 1;

    public int CompareTo(WorkOrder other)
    {
        var byTier = Tier.CompareTo(other.Tier);
        if (byTier != 0)
        {
            return byTier;
        }

        var byCost = Cost.CompareTo(other.Cost);
        return byCost != 0 ? byCost : Sequence != other.Sequence ? Sequence.CompareTo(other.Sequence) : string.CompareOrdinal(Id, other.Id);
    }
}
