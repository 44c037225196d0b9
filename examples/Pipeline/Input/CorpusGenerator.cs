namespace ActorInterp.Examples.Pipeline.Input;

/// <summary>
/// The built-in workload: a deterministic text of exactly <c>size</c> bytes made from a seed. Words come from
/// a generated vocabulary with Zipf-distributed frequencies, line lengths (in words) are Zipf-distributed too,
/// some words are capitalized or upper-cased, and words are separated by spaces and punctuation. The text is
/// produced on the fly, token by token, and never stored; the same seed and size give the same bytes however
/// they are cut into chunks.
/// </summary>
public sealed class CorpusGenerator
{
    private const int VocabularySize = 50_000;
    private const int MaxLineWords = 120;

    private readonly long _size;
    private readonly byte[] _vocabulary; // word k is _vocabulary[k * Slot..][.._lengths[k]]
    private readonly byte[] _lengths;
    private readonly ZipfSampler _words;
    private readonly ZipfSampler _lineWords;
    private SplitMix64 _random;
    private long _produced;
    private int _wordsLeftInLine;
    private readonly byte[] _token = new byte[MaxToken];
    private int _tokenLength;
    private int _tokenDone;

    /// <summary>A generator of <paramref name="size"/> bytes from <paramref name="seed"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="size"/> is negative.</exception>
    public CorpusGenerator(long seed, long size)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(size);
        _size = size;
        _random = new SplitMix64((ulong)seed);
        (_vocabulary, _lengths) = MakeVocabulary(ref _random);
        _words = new ZipfSampler(VocabularySize, 1.05);
        _lineWords = new ZipfSampler(MaxLineWords, 0.6);
    }

    /// <summary>Bytes produced so far.</summary>
    public long Produced => _produced;

    /// <summary>True once all <c>size</c> bytes were produced.</summary>
    public bool Done => _produced >= _size;

    /// <summary>
    /// Writes whole tokens (a word and the separator after it) into <paramref name="into"/> while they fit;
    /// never cuts a word unless the text's size ends inside it. Returns the bytes written (0 when the next token
    /// does not fit at all, or when done).
    /// </summary>
    public int Fill(Span<byte> into)
    {
        var written = 0;
        while (!Done)
        {
            if (_tokenDone == _tokenLength)
            {
                // Fast path: room for any token, in the buffer and in the text: write it in place.
                if (into.Length - written >= MaxToken && _size - _produced >= MaxToken)
                {
                    var n = WriteToken(into.Slice(written, MaxToken));
                    written += n;
                    _produced += n;
                    continue;
                }
                _tokenLength = WriteToken(_token);
                _tokenDone = 0;
            }
            var pending = _tokenLength - _tokenDone;
            var left = _size - _produced;
            if (left < pending) pending = (int)left;
            if (pending > into.Length - written) break;
            _token.AsSpan(_tokenDone, pending).CopyTo(into[written..]);
            _tokenDone += pending;
            written += pending;
            _produced += pending;
        }
        return written;
    }

    /// <summary>Writes the whole text of <paramref name="seed"/> and <paramref name="size"/> to <paramref name="stream"/>.</summary>
    public static void WriteTo(Stream stream, long seed, long size)
    {
        var generator = new CorpusGenerator(seed, size);
        var buffer = new byte[1 << 20];
        while (!generator.Done) stream.Write(buffer, 0, generator.Fill(buffer));
    }

    private const int Slot = 16;
    private const int MaxToken = 32;

    // Writes the next token into 'into' (at least MaxToken bytes) and returns its length.
    private int WriteToken(Span<byte> into)
    {
        var lineStart = _wordsLeftInLine == 0;
        if (lineStart) _wordsLeftInLine = _lineWords.Next(ref _random) + 1;
        var k = _words.Next(ref _random);
        // Every word sits in a 16-byte slot: one fixed-size copy, then only its length counts.
        _vocabulary.AsSpan(k * Slot, Slot).CopyTo(into);
        int length = _lengths[k];
        var style = _random.Next();
        if (lineStart || (style & 15) == 0) into[0] = Upper(into[0]);
        else if ((style & 0x3F0) == 0) for (var i = 0; i < length; i++) into[i] = Upper(into[i]);
        _wordsLeftInLine--;
        var separator = (style >> 16) & 63;
        if (_wordsLeftInLine == 0)
        {
            if (separator < 40) into[length++] = (byte)'.';
            else if (separator < 44) { into[length++] = (byte)'.'; into[length++] = (byte)'\r'; }
            into[length++] = (byte)'\n';
        }
        else if (separator < 4) { into[length++] = (byte)','; into[length++] = (byte)' '; }
        else if (separator == 5) { into[length++] = (byte)' '; into[length++] = (byte)'-'; into[length++] = (byte)' '; }
        else if (separator == 6) { into[length++] = (byte)'\''; into[length++] = (byte)'s'; into[length++] = (byte)' '; }
        else into[length++] = (byte)' ';
        return length;
    }

    private static byte Upper(byte b) => b is >= (byte)'a' and <= (byte)'z' ? (byte)(b - 32) : b;

    private static (byte[] Slots, byte[] Lengths) MakeVocabulary(ref SplitMix64 random)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var slots = new byte[VocabularySize * Slot];
        var lengths = new byte[VocabularySize];
        var word = new char[Slot];
        for (var k = 0; k < VocabularySize;)
        {
            // Short words are the frequent ones, as in natural text: rank decides the typical length (at most 13).
            var length = 1 + random.NextInt(3) + (int)Math.Min(10, Math.Log2(k + 2) * random.NextInt(100) / 100);
            for (var i = 0; i < length; i++)
                word[i] = random.NextInt(40) == 0 ? (char)('0' + random.NextInt(10)) : (char)('a' + random.NextInt(26));
            var text = new string(word, 0, length);
            if (!seen.Add(text)) continue;
            for (var i = 0; i < length; i++) slots[k * Slot + i] = (byte)text[i];
            lengths[k] = (byte)length;
            k++;
        }
        return (slots, lengths);
    }
}
