using System.Security.Cryptography;

namespace ActorInterp.Examples.Pipeline.Counting;

/// <summary>
/// Takes one word in pieces, in order, and gives the key it is counted under: its lower-cased bytes while it
/// is at most <see cref="LongWord.ExactLimit"/> bytes long, else its <see cref="LongWord"/> key. It holds at most
/// <see cref="LongWord.ExactLimit"/> bytes whatever the word's length, so a word longer than any chunk can be
/// carried from one chunk to the next. Not thread-safe: one owner.
/// </summary>
public sealed class LongWordBuilder : IDisposable
{
    private readonly byte[] _exact = new byte[LongWord.ExactLimit];
    private IncrementalHash? _sha;
    private bool _hashing;
    private long _length;

    /// <summary>True between the first <see cref="Append"/> of a word and <see cref="Finish"/>.</summary>
    public bool Active => _length > 0;

    /// <summary>Bytes of the word so far.</summary>
    public long Length => _length;

    /// <summary>Adds the next piece of the word: word bytes (<see cref="AsciiWords"/>) in any case.</summary>
    public void Append(ReadOnlySpan<byte> raw)
    {
        if (raw.IsEmpty) return;
        if (!_hashing)
        {
            var head = raw[..Math.Min(raw.Length, LongWord.ExactLimit - (int)_length)];
            LongWord.Lower(head, _exact.AsSpan((int)_length));
            _length += head.Length;
            raw = raw[head.Length..];
            if (raw.IsEmpty) return;
            // The word outgrows the exact limit: from now on it is hashed; the kept bytes are its start.
            _sha ??= IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            _sha.AppendData(_exact);
            _hashing = true;
        }
        LongWord.AppendLowered(_sha!, raw);
        _length += raw.Length;
    }

    /// <summary>The key of the word appended since the last call; the builder is then empty again.</summary>
    /// <exception cref="InvalidOperationException">Nothing was appended.</exception>
    public byte[] Finish()
    {
        if (_length == 0) throw new InvalidOperationException("No word was appended.");
        var key = _hashing
            ? LongWord.MakeKey(_length, _sha!, _exact.AsSpan(0, LongWord.PrefixLength))
            : _exact.AsSpan(0, (int)_length).ToArray();
        _length = 0;
        _hashing = false;
        return key;
    }

    /// <inheritdoc/>
    public void Dispose() => _sha?.Dispose();
}
