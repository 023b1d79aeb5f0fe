using System.CommandLine;

namespace QuantGrid.Client.Commands;

/// <summary>Bit-width options, validated to 2..8.</summary>
internal static class QuantOptions
{
    public static Option<int> Bits(string name, string description, int defaultValue)
    {
        var option = new Option<int>(name) { Description = description, DefaultValueFactory = _ => defaultValue };
        option.Validators.Add(result =>
        {
            if (result.Tokens.Count > 0 && int.TryParse(result.Tokens[0].Value, out var value) && value is < 2 or > 8)
            {
                result.AddError($"{name} must be between 2 and 8, got {value}");
            }
        });
        return option;
    }

    public static Option<int?> OptionalBits(string name, string description)
    {
        var option = new Option<int?>(name) { Description = description };
        option.Validators.Add(result =>
        {
            if (result.Tokens.Count > 0 && int.TryParse(result.Tokens[0].Value, out var value) && value is < 2 or > 8)
            {
                result.AddError($"{name} must be between 2 and 8, got {value}");
            }
        });
        return option;
    }
}
