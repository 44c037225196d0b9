namespace ActorInterp.Examples.Pipeline.Input;

/// <summary>
/// The built-in workload: a deterministic text of exactly <c>size</c> bytes made from a seed. Words come from
/// a generated vocabulary with Zipf-distributed frequencies, line lengths (in words) are Zipf-distributed too,
/// some words are capitalized or upper-cased, and words are separated by spaces and punctuation. The text is
/// produced on the fly and never stored; the same seed and size give the same bytes however they are cut into
/// chunks.
/// </summary>
/// <remarks>
/// Drawing every word afresh costs about as much per byte as counting it, which would make the reader, not
/// the workers, the bottleneck of the pipeline on a small machine. So the generator first writes a pool of a
/// few MiB of lines from the seed, word by word, then produces the text by drawing whole lines from that pool
/// at random: per byte that is a copy, like reading a file from the page cache.
/// </remarks>
public sealed class CorpusGenerator
{
    private const int VocabularySize = 50_000;
    private const int MaxLineWords = 120;
    private const int PoolBytes = 4 << 20;

    private readonly long _size;
    private readonly byte[] _vocabulary; // word k is _vocabulary[k * Slot..][.._lengths[k]]
    private readonly byte[] _lengths;
    private readonly ZipfSampler _words;
    private readonly ZipfSampler _lineWords;
    private SplitMix64 _random;
    private int _wordsLeftInLine;

    // The pool: lines back to back in _text; line i is _text[_lineStarts[i].._lineStarts[i + 1]], and its
    // tokens (a word and the separator after it) end at _tokenEnds[_lineTokens[i].._lineTokens[i + 1]].
    private readonly byte[] _text;
    private readonly int[] _lineStarts;
    private readonly int[] _lineTokens;
    private readonly int[] _tokenEnds;
    private readonly int _lines;

    // Where the text is: inside line _line of the pool, at byte _cursor, before token _token.
    private int _line;
    private int _cursor;
    private int _lineEnd;
    private int _token;
    private long _produced;

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
        (_text, _lineStarts, _lineTokens, _tokenEnds, _lines) = MakePool();
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
            if (_cursor == _lineEnd) NextLine();
            var room = into.Length - written;
            var left = _size - _produced;
            var lineLeft = _lineEnd - _cursor;
            if (lineLeft <= room && lineLeft <= left)
            {
                // The usual case: the rest of the line fits; one copy.
                _text.AsSpan(_cursor, lineLeft).CopyTo(into[written..]);
                written += lineLeft;
                _produced += lineLeft;
                _cursor = _lineEnd;
                _token = _lineTokens[_line + 1];
                continue;
            }
            // Near the end of the buffer or of the text: token by token.
            var length = _tokenEnds[_token] - _cursor;
            if (length > left) length = (int)left; // the text ends inside this token
            if (length > room) break;
            _text.AsSpan(_cursor, length).CopyTo(into[written..]);
            written += length;
            _produced += length;
            _cursor += length;
            if (_cursor == _tokenEnds[_token]) _token++;
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

    private void NextLine()
    {
        _line = (int)(((_random.Next() >> 32) * (ulong)_lines) >> 32);
        _cursor = _lineStarts[_line];
        _lineEnd = _lineStarts[_line + 1];
        _token = _lineTokens[_line];
    }

    private (byte[] Text, int[] LineStarts, int[] LineTokens, int[] TokenEnds, int Lines) MakePool()
    {
        var text = new byte[PoolBytes + MaxLineWords * MaxToken];
        var lineStarts = new List<int> { 0 };
        var lineTokens = new List<int> { 0 };
        var tokenEnds = new List<int>();
        var at = 0;
        while (at < PoolBytes)
        {
            do
            {
                at += WriteToken(text.AsSpan(at, MaxToken));
                tokenEnds.Add(at);
            } while (_wordsLeftInLine > 0);
            lineStarts.Add(at);
            lineTokens.Add(tokenEnds.Count);
        }
        return (text, [.. lineStarts], [.. lineTokens], [.. tokenEnds], lineStarts.Count - 1);
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
