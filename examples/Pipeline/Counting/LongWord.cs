using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace ActorInterp.Examples.Pipeline.Counting;

/// <summary>
/// How words longer than <see cref="ExactLimit"/> bytes are counted. Keeping such a word's bytes would make a
/// word table (and the reader, for a word longer than a chunk) as large as the word, so it is keyed instead by
/// its length and the SHA-256 of its lower-cased bytes, with its first <see cref="PrefixLength"/> bytes kept for
/// display. Two long words count as the same word exactly when their keys are equal, which (barring a SHA-256
/// collision) is exactly when their lower-cased bytes are: the counts stay those of <c>tr | sort | uniq -c</c>.
/// Only how such a word is shown differs: see <see cref="TextOf(string)"/>.
/// </summary>
public static class LongWord
{
    /// <summary>Words of up to this many bytes are kept and shown as they are.</summary>
    public const int ExactLimit = 64 * 1024;

    /// <summary>Bytes of a long word kept to show it.</summary>
    public const int PrefixLength = 32;

    // A key: [0xFF][length: int64 LE][SHA-256: 32 bytes][prefix: 32 bytes]. 0xFF is never a word byte, so a
    // key is never equal to an ordinary word's lower-cased bytes.
    private const byte Marker = 0xFF;
    private const int DigestLength = 32;
    private const int Block = 4096;

    /// <summary>Bytes of a long word's key.</summary>
    public const int KeyLength = 1 + 8 + DigestLength + PrefixLength;

    /// <summary>True when <paramref name="key"/> is a long word's key rather than a word's own bytes.</summary>
    public static bool IsKey(ReadOnlySpan<byte> key) => key.Length == KeyLength && key[0] == Marker;

    /// <summary>
    /// The key of the complete word <paramref name="raw"/> (word bytes in any case), longer than
    /// <see cref="ExactLimit"/> bytes.
    /// </summary>
    public static byte[] KeyOf(ReadOnlySpan<byte> raw)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(raw.Length, ExactLimit, nameof(raw));
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        AppendLowered(sha, raw);
        Span<byte> prefix = stackalloc byte[PrefixLength];
        Lower(raw[..PrefixLength], prefix);
        return MakeKey(raw.Length, sha, prefix);
    }

    /// <summary>How the word with key or bytes <paramref name="key"/> is shown in results.</summary>
    public static string Show(ReadOnlySpan<byte> key)
    {
        if (!IsKey(key)) return Encoding.ASCII.GetString(key);
        var length = BinaryPrimitives.ReadInt64LittleEndian(key[1..]);
        var digest = Convert.ToHexStringLower(key.Slice(9, DigestLength / 2));
        var prefix = Encoding.ASCII.GetString(key.Slice(9 + DigestLength, PrefixLength));
        return $"{prefix}... ({length} bytes, sha256 {digest})";
    }

    /// <summary>
    /// How the pipeline shows <paramref name="word"/> (lower-case ASCII letters and digits, as <c>tr</c> prints
    /// it): the word itself up to <see cref="ExactLimit"/> bytes; beyond, its first bytes, its length and the
    /// start of its SHA-256.
    /// </summary>
    public static string TextOf(string word)
    {
        ArgumentNullException.ThrowIfNull(word);
        return word.Length <= ExactLimit ? word : Show(KeyOf(Encoding.ASCII.GetBytes(word)));
    }

    internal static byte[] MakeKey(long length, IncrementalHash sha, ReadOnlySpan<byte> loweredPrefix)
    {
        var key = new byte[KeyLength];
        key[0] = Marker;
        BinaryPrimitives.WriteInt64LittleEndian(key.AsSpan(1), length);
        if (!sha.TryGetHashAndReset(key.AsSpan(9, DigestLength), out var written) || written != DigestLength)
            throw new InvalidOperationException("SHA-256 did not give 32 bytes.");
        loweredPrefix[..PrefixLength].CopyTo(key.AsSpan(9 + DigestLength));
        return key;
    }

    /// <summary>Hashes the lower-cased <paramref name="raw"/>, a block at a time (no copy of the whole word).</summary>
    internal static void AppendLowered(IncrementalHash sha, ReadOnlySpan<byte> raw)
    {
        Span<byte> lowered = stackalloc byte[Block];
        while (!raw.IsEmpty)
        {
            var n = Math.Min(raw.Length, Block);
            Lower(raw[..n], lowered);
            sha.AppendData(lowered[..n]);
            raw = raw[n..];
        }
    }

    internal static void Lower(ReadOnlySpan<byte> raw, Span<byte> into)
    {
        var map = AsciiWords.Lower;
        for (var i = 0; i < raw.Length; i++) into[i] = map[raw[i]];
    }
}
