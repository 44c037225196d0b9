using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace ActorInterp.Examples.Pipeline.Counting;

/// <summary>
/// Word counts keyed by the word's lower-cased bytes: an open-addressing hash table (linear probing) whose
/// slots hold words of up to 16 bytes inline, so counting a word already seen touches one slot, allocates
/// nothing and makes no string; longer words live in a byte arena (words longer than
/// <see cref="LongWord.ExactLimit"/> by their <see cref="LongWord"/> key, so the arena never holds a huge word).
/// Not thread-safe: each domain keeps its own table and only its thread touches it.
/// </summary>
public sealed class WordTable
{
    /// <summary>Words up to this many bytes are stored inside their slot.</summary>
    public const int InlineLength = 16;

    private Slot[] _slots;
    private int _shift;
    private int _count;
    private byte[] _arena = new byte[256];
    private int _arenaUsed;

    private struct Slot
    {
        public ulong K0;     // bytes 0-7 of a short word (little-endian, zero-padded); arena offset of a long one
        public ulong K1;     // bytes 8-15 of a short word
        public uint Hash;
        public int Length;   // 0: empty
        public long Count;
    }

    /// <summary>An empty table sized for about <paramref name="capacity"/> distinct words before it grows.</summary>
    public WordTable(int capacity = 4096)
    {
        var size = 16;
        while (size < capacity * 2) size <<= 1;
        _slots = new Slot[size];
        _shift = 32 - BitOperations.Log2((uint)size);
    }

    /// <summary>Distinct words.</summary>
    public int Count => _count;

    /// <summary>The sum of all counts.</summary>
    public long Total
    {
        get
        {
            long total = 0;
            foreach (ref readonly var s in _slots.AsSpan()) total += s.Count;
            return total;
        }
    }

    /// <summary>
    /// Adds <paramref name="count"/> to the word whose bytes are <paramref name="word"/>, in any case; only word
    /// bytes (<see cref="AsciiWords"/>) are allowed. A word longer than <see cref="LongWord.ExactLimit"/> is
    /// counted under its <see cref="LongWord"/> key.
    /// </summary>
    public void Add(ReadOnlySpan<byte> word, long count)
    {
        if (word.Length > LongWord.ExactLimit)
        {
            var key = LongWord.KeyOf(word);
            AddLowered(key, WordHash.Of(key), count);
            return;
        }
        Span<byte> lowered = word.Length <= 256 ? stackalloc byte[word.Length] : new byte[word.Length];
        var map = AsciiWords.Lower;
        for (var i = 0; i < word.Length; i++) lowered[i] = map[word[i]];
        AddLowered(lowered, WordHash.Of(lowered), count);
    }

    /// <summary>
    /// Adds <paramref name="count"/> to the word <paramref name="lowered"/> (already lower-cased) whose
    /// <see cref="WordHash.Of"/> is <paramref name="hash"/>.
    /// </summary>
    public void AddLowered(ReadOnlySpan<byte> lowered, uint hash, long count)
    {
        if (lowered.Length > InlineLength)
        {
            AddLong(lowered, hash, count);
            return;
        }
        Span<byte> padded = stackalloc byte[InlineLength];
        padded.Clear();
        lowered.CopyTo(padded);
        AddShort(BinaryPrimitives.ReadUInt64LittleEndian(padded), BinaryPrimitives.ReadUInt64LittleEndian(padded[8..]), lowered.Length, hash, count);
    }

    /// <summary>
    /// The hot path: adds to a word of 1 to 16 bytes given as two little-endian, zero-padded words
    /// <paramref name="k0"/> and <paramref name="k1"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal void AddShort(ulong k0, ulong k1, int length, uint hash, long count)
    {
        var slots = _slots;
        var mask = slots.Length - 1;
        var i = (int)((hash * 0x9E3779B1u) >> _shift);
        ref var first = ref MemoryMarshal.GetArrayDataReference(slots);
        while (true)
        {
            ref var s = ref Unsafe.Add(ref first, i);
            if (s.K0 == k0 && s.K1 == k1 && s.Length == length)
            {
                s.Count += count;
                return;
            }
            if (s.Length == 0)
            {
                s = new Slot { K0 = k0, K1 = k1, Hash = hash, Length = length, Count = count };
                if (++_count * 2 > slots.Length) Grow();
                return;
            }
            i = (i + 1) & mask;
        }
    }

    /// <summary>Adds a word longer than <see cref="InlineLength"/> bytes, already lower-cased.</summary>
    internal void AddLong(ReadOnlySpan<byte> lowered, uint hash, long count)
    {
        var mask = _slots.Length - 1;
        var i = (int)((hash * 0x9E3779B1u) >> _shift);
        while (true)
        {
            ref var s = ref _slots[i];
            if (s.Length == 0)
            {
                if (_arenaUsed + lowered.Length > _arena.Length)
                    Array.Resize(ref _arena, Math.Max(_arena.Length * 2, _arenaUsed + lowered.Length));
                lowered.CopyTo(_arena.AsSpan(_arenaUsed));
                s = new Slot { K0 = (ulong)_arenaUsed, Hash = hash, Length = lowered.Length, Count = count };
                _arenaUsed += lowered.Length;
                if (++_count * 2 > _slots.Length) Grow();
                return;
            }
            if (s.Hash == hash && s.Length == lowered.Length && _arena.AsSpan((int)s.K0, s.Length).SequenceEqual(lowered))
            {
                s.Count += count;
                return;
            }
            i = (i + 1) & mask;
        }
    }

    /// <summary>Adds every count of <paramref name="other"/>.</summary>
    public void AddAll(WordTable other)
    {
        Span<byte> key = stackalloc byte[InlineLength];
        foreach (ref readonly var s in other._slots.AsSpan())
            if (s.Length != 0) AddLowered(other.KeyOf(in s, key), s.Hash, s.Count);
    }

    /// <summary>Bytes <see cref="Encode"/> writes.</summary>
    public int EncodedLength
    {
        get
        {
            long length = 4;
            foreach (ref readonly var s in _slots.AsSpan())
                if (s.Length != 0) length += 12 + s.Length;
            return checked((int)length);
        }
    }

    /// <summary>
    /// Writes the table as [entries:int32] then per word [length:int32][count:int64][bytes], little-endian,
    /// into <paramref name="into"/> (at least <see cref="EncodedLength"/> bytes). Returns the bytes written.
    /// </summary>
    public int Encode(Span<byte> into)
    {
        BinaryPrimitives.WriteInt32LittleEndian(into, _count);
        var at = 4;
        Span<byte> key = stackalloc byte[InlineLength];
        foreach (ref readonly var s in _slots.AsSpan())
        {
            if (s.Length == 0) continue;
            BinaryPrimitives.WriteInt32LittleEndian(into[at..], s.Length);
            BinaryPrimitives.WriteInt64LittleEndian(into[(at + 4)..], s.Count);
            KeyOf(in s, key).CopyTo(into[(at + 12)..]);
            at += 12 + s.Length;
        }
        return at;
    }

    /// <summary>Adds every count of a table written by <see cref="Encode"/>.</summary>
    /// <exception cref="InvalidDataException">The bytes are not an encoded table.</exception>
    public void AddEncoded(ReadOnlySpan<byte> encoded)
    {
        if (encoded.Length < 4) throw new InvalidDataException("An encoded word table is at least 4 bytes long.");
        var entries = BinaryPrimitives.ReadInt32LittleEndian(encoded);
        var at = 4;
        for (var i = 0; i < entries; i++)
        {
            if (encoded.Length - at < 12) throw new InvalidDataException($"The encoded word table ends inside entry {i} of {entries}.");
            var length = BinaryPrimitives.ReadInt32LittleEndian(encoded[at..]);
            var count = BinaryPrimitives.ReadInt64LittleEndian(encoded[(at + 4)..]);
            if (length <= 0 || encoded.Length - at - 12 < length) throw new InvalidDataException($"Entry {i} of the encoded word table has a bad length {length}.");
            var word = encoded.Slice(at + 12, length);
            AddLowered(word, WordHash.Of(word), count);
            at += 12 + length;
        }
    }

    /// <summary>Every word (as a string, see <see cref="LongWord.Show"/>) with its count; for results and tests, not the hot path.</summary>
    public Dictionary<string, long> ToDictionary()
    {
        var result = new Dictionary<string, long>(_count, StringComparer.Ordinal);
        foreach (var w in Words()) result.Add(w.Word, w.Count);
        return result;
    }

    /// <summary>The <paramref name="n"/> most frequent words, ties broken by the word (ordinal).</summary>
    public IReadOnlyList<WordCount> Top(int n)
    {
        if (n <= 0 || _count == 0) return [];
        var all = Words();
        all.Sort((x, y) => x.Count != y.Count ? y.Count.CompareTo(x.Count) : string.CompareOrdinal(x.Word, y.Word));
        return all.GetRange(0, Math.Min(n, all.Count));
    }

    private List<WordCount> Words()
    {
        var words = new List<WordCount>(_count);
        Span<byte> key = stackalloc byte[InlineLength];
        foreach (ref readonly var s in _slots.AsSpan())
            if (s.Length != 0) words.Add(new WordCount(LongWord.Show(KeyOf(in s, key)), s.Count));
        return words;
    }

    private ReadOnlySpan<byte> KeyOf(in Slot s, Span<byte> scratch)
    {
        if (s.Length > InlineLength) return _arena.AsSpan((int)s.K0, s.Length);
        BinaryPrimitives.WriteUInt64LittleEndian(scratch, s.K0);
        BinaryPrimitives.WriteUInt64LittleEndian(scratch[8..], s.K1);
        return scratch[..s.Length];
    }

    private void Grow()
    {
        var old = _slots;
        var slots = new Slot[old.Length * 2];
        var shift = _shift - 1;
        var mask = slots.Length - 1;
        foreach (ref readonly var s in old.AsSpan())
        {
            if (s.Length == 0) continue;
            var i = (int)((s.Hash * 0x9E3779B1u) >> shift);
            while (slots[i].Length != 0) i = (i + 1) & mask;
            slots[i] = s;
        }
        _slots = slots;
        _shift = shift;
    }
}
