using System.Buffers;

namespace ActorInterp.Examples.Pipeline.Counting;

/// <summary>
/// The word definition: a maximal run of ASCII letters and digits (<c>[A-Za-z0-9]+</c>), compared after
/// ASCII lower-casing. Every other byte, including every byte of a multi-byte UTF-8 sequence, separates words,
/// exactly as <c>LC_ALL=C tr -cs 'A-Za-z0-9' '\n'</c> does.
/// </summary>
public static class AsciiWords
{
    /// <summary>The bytes that make up words.</summary>
    public static readonly SearchValues<byte> WordBytes =
        SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"u8);

    /// <summary>For each byte: 0 when it separates words, else the byte lower-cased.</summary>
    public static ReadOnlySpan<byte> Lower =>
    [
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        (byte)'0', (byte)'1', (byte)'2', (byte)'3', (byte)'4', (byte)'5', (byte)'6', (byte)'7', (byte)'8', (byte)'9',
        0, 0, 0, 0, 0, 0, 0,
        (byte)'a', (byte)'b', (byte)'c', (byte)'d', (byte)'e', (byte)'f', (byte)'g', (byte)'h', (byte)'i', (byte)'j',
        (byte)'k', (byte)'l', (byte)'m', (byte)'n', (byte)'o', (byte)'p', (byte)'q', (byte)'r', (byte)'s', (byte)'t',
        (byte)'u', (byte)'v', (byte)'w', (byte)'x', (byte)'y', (byte)'z',
        0, 0, 0, 0, 0, 0,
        (byte)'a', (byte)'b', (byte)'c', (byte)'d', (byte)'e', (byte)'f', (byte)'g', (byte)'h', (byte)'i', (byte)'j',
        (byte)'k', (byte)'l', (byte)'m', (byte)'n', (byte)'o', (byte)'p', (byte)'q', (byte)'r', (byte)'s', (byte)'t',
        (byte)'u', (byte)'v', (byte)'w', (byte)'x', (byte)'y', (byte)'z',
        0, 0, 0, 0, 0,
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    ];

    /// <summary>True when <paramref name="raw"/> lower-cases to <paramref name="lowered"/>.</summary>
    public static bool EqualsLowered(ReadOnlySpan<byte> raw, ReadOnlySpan<byte> lowered)
    {
        if (raw.Length != lowered.Length) return false;
        var map = Lower;
        for (var k = 0; k < raw.Length; k++)
            if (map[raw[k]] != lowered[k]) return false;
        return true;
    }
}
