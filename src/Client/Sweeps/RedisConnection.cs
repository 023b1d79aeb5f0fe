using System.Text.RegularExpressions;
using StackExchange.Redis;

namespace QuantGrid.Client.Sweeps;

/// <summary>
/// The <c>--cluster</c> Redis connection: its password comes from the connection string or, better (never on a
/// command line), from <c>QUANTGRID_REDIS_PASSWORD</c> or the file named by <c>QUANTGRID_REDIS_PASSWORD_FILE</c>;
/// it never appears in output.
/// </summary>
internal static partial class RedisConnection
{
    public const string PasswordVariable = "QUANTGRID_REDIS_PASSWORD";
    public const string PasswordFileVariable = "QUANTGRID_REDIS_PASSWORD_FILE";

    public static ConfigurationOptions Parse(string connection)
    {
        var text = connection.StartsWith("redis://", StringComparison.OrdinalIgnoreCase) ? connection["redis://".Length..] : connection;
        ConfigurationOptions options;
        try
        {
            options = ConfigurationOptions.Parse(text);
        }
        catch (ArgumentException ex)
        {
            throw new ArgumentException($"--cluster: '{Redact(connection)}' is not a Redis connection string ({Redact(ex.Message)})", ex);
        }

        options.AbortOnConnectFail = false;
        options.ConnectTimeout = 5000;
        if (string.IsNullOrEmpty(options.Password) && Password() is { } password)
        {
            options.Password = password;
        }

        return options;
    }

    /// <summary>The text with every <c>password=…</c> value replaced by <c>***</c>.</summary>
    public static string Redact(string text) => PasswordPattern().Replace(text, "${key}=***");

    private static string? Password()
    {
        if (Environment.GetEnvironmentVariable(PasswordVariable) is { Length: > 0 } password)
        {
            return password;
        }

        return Environment.GetEnvironmentVariable(PasswordFileVariable) is { Length: > 0 } file
            ? File.Exists(file) ? File.ReadAllText(file).Trim() : throw new ArgumentException($"{PasswordFileVariable}: no such file {file}")
            : null;
    }

    [GeneratedRegex("(?<key>password)=[^,\\s]*", RegexOptions.IgnoreCase)]
    private static partial Regex PasswordPattern();
}
