using System.Security.Cryptography;
using System.Text;

namespace QuantGrid.Contracts;

/// <summary>Short content hashes used in grain keys and file names.</summary>
public static class StableId
{
    /// <summary>The first 12 hex digits of the SHA-256 of <paramref name="text"/>.</summary>
    public static string Hash(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..12];
}
