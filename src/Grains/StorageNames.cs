namespace QuantGrid.Grains;

/// <summary>Names of the grain storage and reminder providers.</summary>
public static class StorageNames
{
    /// <summary>The grain storage every QuantGrid grain uses.</summary>
    public const string Default = "quantgrid";
}
