using System.CommandLine;
using QuantGrid.Client.Sweeps;

namespace QuantGrid.Client;

/// <summary>The command line as result files record it: no Redis password, and no absolute path (only its last segment, as <c>…/name</c>).</summary>
internal static class CommandText
{
    public static string Of(ParseResult parse) =>
        RedisConnection.Redact("quantgrid " + string.Join(' ', parse.Tokens.Select(t => Portable(t.Value))));

    public static string Portable(string token) =>
        Path.IsPathRooted(token) && token.Length > 1 ? $"…/{Path.GetFileName(token.TrimEnd('/', '\\'))}" : token;
}
