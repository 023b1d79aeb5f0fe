using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text.Json;

namespace QuantGrid.Engine.Storage;

/// <summary>
/// The framing of checkpoint and resume files: a magic, a length-prefixed JSON header, then a payload whose length
/// and SHA-256 the header records. Written atomically; a read checks the magic, the length and the hash.
/// </summary>
internal static class HashedFile
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>The lower-case hex SHA-256 of <paramref name="payload"/>.</summary>
    public static string Hash(byte[] payload) => Convert.ToHexStringLower(SHA256.HashData(payload));

    public static void Write<THeader>(string path, ReadOnlySpan<byte> magic, THeader header, byte[] payload)
    {
        var json = JsonSerializer.SerializeToUtf8Bytes(header, Json);
        var prefix = magic.ToArray();
        AtomicFile.Write(path, stream =>
        {
            stream.Write(prefix);
            Span<byte> length = stackalloc byte[4];
            BinaryPrimitives.WriteInt32LittleEndian(length, json.Length);
            stream.Write(length);
            stream.Write(json);
            stream.Write(payload);
        });
    }

    /// <summary>
    /// Splits <paramref name="bytes"/> into header and payload, or says in <paramref name="error"/> why it cannot
    /// (<paramref name="verify"/> returns null when the payload matches the header, else the reason).
    /// </summary>
    public static bool TryParse<THeader>(byte[] bytes, int magicLength, Func<THeader, byte[], string?> verify, out THeader header, out byte[] payload, out string error)
        where THeader : class
    {
        header = null!;
        payload = [];
        var headerLength = bytes.Length >= magicLength + 4 ? BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(magicLength)) : -1;
        var payloadStart = magicLength + 4 + (long)headerLength;
        if (headerLength <= 0 || payloadStart > bytes.Length)
        {
            error = "truncated header";
            return false;
        }

        try
        {
            header = JsonSerializer.Deserialize<THeader>(bytes.AsSpan(magicLength + 4, headerLength), Json)!;
        }
        catch (JsonException ex)
        {
            error = $"corrupt header ({ex.Message})";
            return false;
        }

        payload = bytes[(int)payloadStart..];
        error = header is null ? "empty header" : verify(header, payload) ?? "";
        return error.Length == 0;
    }
}
