namespace ActorInterp.Examples.Pipeline.Input;

/// <summary>
/// The built-in workload: a deterministic English-looking text of exactly <c>size</c> bytes made from a seed.
/// Words are drawn from <see cref="EnglishWords"/> by Zipf's law (the word of rank r with weight 1/r), with now
/// and then a number; they form sentences of 4 to 26 words that start with a capital and end with a full stop
/// (now and then a question or exclamation mark), with commas between some words; sentences form paragraphs,
/// wrapped into lines of at most 60 to 80 characters (the width is drawn per paragraph) and separated by a blank
/// line. The text is produced on the fly and never stored; the same seed and size give the same bytes however
/// they are cut into chunks.
/// </summary>
/// <remarks>
/// Drawing every word afresh costs about as much per byte as counting it, which would make the reader, not
/// the workers, the bottleneck of the pipeline on a small machine. So the generator first writes a pool of a
/// few MiB of paragraphs from the seed, word by word, then produces the text by drawing whole paragraphs from
/// that pool at random: per byte that is a copy, like reading a file from the page cache.
/// </remarks>
public sealed class CorpusGenerator
{
    private const int PoolBytes = 4 << 20;
    private const int MinWidth = 60;
    private const int MaxWidth = 80;

    private readonly long _size;
    private readonly byte[] _vocabulary; // word k is _vocabulary[k * Slot..][.._lengths[k]]
    private readonly byte[] _lengths;
    private readonly ZipfSampler _words;
    private SplitMix64 _random;
    private int _lastWord = -1;

    // The pool: paragraphs back to back in _text; paragraph i is _text[_paragraphStarts[i].._paragraphStarts[i + 1]], and
    // its tokens (a word and the punctuation and space or line end after it) end at
    // _tokenEnds[_paragraphTokens[i].._paragraphTokens[i + 1]].
    private readonly byte[] _text;
    private readonly int[] _paragraphStarts;
    private readonly int[] _paragraphTokens;
    private readonly int[] _tokenEnds;
    private readonly int _paragraphs;

    // Where the text is: inside paragraph _paragraph of the pool, at byte _cursor, before token _token.
    private int _paragraph;
    private int _cursor;
    private int _paragraphEnd;
    private int _token;
    private long _produced;

    /// <summary>A generator of <paramref name="size"/> bytes from <paramref name="seed"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="size"/> is negative.</exception>
    public CorpusGenerator(long seed, long size)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(size);
        _size = size;
        _random = new SplitMix64((ulong)seed);
        (_vocabulary, _lengths) = MakeVocabulary(EnglishWords.ByRank);
        _words = new ZipfSampler(_lengths.Length, 1.0);
        (_text, _paragraphStarts, _paragraphTokens, _tokenEnds, _paragraphs) = MakePool();
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
            if (_cursor == _paragraphEnd) NextParagraph();
            var room = into.Length - written;
            var left = _size - _produced;
            var paragraphLeft = _paragraphEnd - _cursor;
            if (paragraphLeft <= room && paragraphLeft <= left)
            {
                // The usual case: the rest of the paragraph fits; one copy.
                _text.AsSpan(_cursor, paragraphLeft).CopyTo(into[written..]);
                written += paragraphLeft;
                _produced += paragraphLeft;
                _cursor = _paragraphEnd;
                _token = _paragraphTokens[_paragraph + 1];
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

    private void NextParagraph()
    {
        _paragraph = (int)(((_random.Next() >> 32) * (ulong)_paragraphs) >> 32);
        _cursor = _paragraphStarts[_paragraph];
        _paragraphEnd = _paragraphStarts[_paragraph + 1];
        _token = _paragraphTokens[_paragraph];
    }

    private (byte[] Text, int[] ParagraphStarts, int[] ParagraphTokens, int[] TokenEnds, int Paragraphs) MakePool()
    {
        var text = new byte[PoolBytes + MaxParagraph];
        var paragraphStarts = new List<int> { 0 };
        var paragraphTokens = new List<int> { 0 };
        var tokenEnds = new List<int>();
        var at = 0;
        while (at < PoolBytes)
        {
            at = WriteParagraph(text, at, tokenEnds);
            paragraphStarts.Add(at);
            paragraphTokens.Add(tokenEnds.Count);
        }
        return (text, [.. paragraphStarts], [.. paragraphTokens], [.. tokenEnds], paragraphStarts.Count - 1);
    }

    private const int Slot = EnglishWords.MaxLength;
    private const int MaxSentences = 7;
    private const int MaxSentenceWords = 26;
    // A token is a word (or a number of at most 4 digits), one punctuation mark and a space or two line ends.
    private const int MaxToken = Slot + 3;
    private const int MaxParagraph = MaxSentences * MaxSentenceWords * MaxToken;

    // Writes one paragraph at text[at..], recording where each token ends; returns where the paragraph ends.
    private int WriteParagraph(byte[] text, int at, List<int> tokenEnds)
    {
        var width = MinWidth + _random.NextInt(MaxWidth - MinWidth + 1);
        var column = 0; // bytes on the current line, the space after the last word included
        var sentences = 2 + _random.NextInt(MaxSentences - 1);
        for (var s = 0; s < sentences; s++)
        {
            var words = 4 + _random.NextInt(12) + _random.NextInt(12);
            for (var w = 0; w < words; w++)
            {
                var style = _random.Next();
                var length = (style & 127) == 0 ? WriteNumber(text.AsSpan(at), style >> 8) : WriteWord(text.AsSpan(at), w == 0);
                if (w == words - 1) text[at + length++] = (style >> 32 & 31) switch { 0 => (byte)'!', 1 or 2 => (byte)'?', _ => (byte)'.' };
                else if ((style >> 32 & 15) == 0 && w < words - 2) text[at + length++] = (byte)',';
                // The word does not fit on this line: the space before it becomes a line end.
                if (column > 0 && column + length > width)
                {
                    text[at - 1] = (byte)'\n';
                    column = 0;
                }
                at += length;
                text[at++] = (byte)' ';
                column += length + 1;
                tokenEnds.Add(at);
            }
        }
        // The paragraph ends its last line and leaves a blank one.
        text[at - 1] = (byte)'\n';
        text[at++] = (byte)'\n';
        tokenEnds[^1] = at;
        return at;
    }

    // Writes a word drawn by rank into 'into' (at least Slot bytes) and returns its length.
    private int WriteWord(Span<byte> into, bool capital)
    {
        // Drawn again when it repeats the word before: "the the" is the commonest slip of independent draws.
        var k = _words.Next(ref _random);
        if (k == _lastWord) k = _words.Next(ref _random);
        _lastWord = k;
        // Every word sits in a slot of its own size: one fixed-size copy, then only its length counts.
        _vocabulary.AsSpan(k * Slot, Slot).CopyTo(into);
        if (capital && into[0] is >= (byte)'a' and <= (byte)'z') into[0] -= 32;
        return _lengths[k];
    }

    // A number as text has it: mostly small, sometimes a year.
    private static int WriteNumber(Span<byte> into, ulong bits)
    {
        var value = (bits & 3) == 0 ? 1800 + (int)((bits >> 2) % 230) : 1 + (int)((bits >> 2) % 100);
        value.TryFormat(into, out var written, provider: System.Globalization.CultureInfo.InvariantCulture);
        return written;
    }

    private static (byte[] Slots, byte[] Lengths) MakeVocabulary(IReadOnlyList<string> words)
    {
        var slots = new byte[words.Count * Slot];
        var lengths = new byte[words.Count];
        for (var k = 0; k < words.Count; k++)
        {
            for (var i = 0; i < words[k].Length; i++) slots[k * Slot + i] = (byte)words[k][i];
            lengths[k] = (byte)words[k].Length;
        }
        return (slots, lengths);
    }
}
