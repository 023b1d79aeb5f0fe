using System.Text.Json;
using System.Text.Json.Serialization;

namespace QuantGrid.Client;

/// <summary>The JSON settings of every <c>--json</c> output: camelCase, enums as strings.</summary>
internal static class JsonOutput
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    public static string Serialize<T>(T value) => JsonSerializer.Serialize(value, Options);
}
